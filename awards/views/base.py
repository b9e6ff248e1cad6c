"""Pieces every award screen shares: sign-in and the chair's edition."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy

from awards import permissions

LOGIN_URL = reverse_lazy("awards:login")


class AwardLoginRequired(LoginRequiredMixin):
    login_url = LOGIN_URL


class ChairMixin(AwardLoginRequired):
    """Loads ``self.edition`` for the award chair of that edition; 404 for anyone else."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.edition = permissions.get_edition_for_chair(request.user, kwargs["number"])
        return super().dispatch(request, *args, **kwargs)
