"""Pieces every award screen shares: sign-in, the chair's edition and the chair's actions."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views import View

from awards import permissions
from craftsreg.views import call_service

LOGIN_URL = reverse_lazy("awards:login")


def submit_form(request, form, service, /, **arguments) -> bool:
    """Whether ``form`` is valid and ``service`` went through with ``arguments`` and the form's
    fields (a service's parameters are named as the form's fields, or as the form's
    ``service_names`` map them); the service's refusals become the form's errors, for the page
    to show again."""
    if not form.is_valid():
        return False
    names = getattr(form, "service_names", {})
    fields = {names.get(name, name): value for name, value in form.cleaned_data.items()}
    return call_service(request, service, form=form, **arguments, **fields)[0]


class AwardLoginRequired(LoginRequiredMixin):
    login_url = LOGIN_URL


class ChairMixin(AwardLoginRequired):
    """Loads ``self.edition`` for the award chair of that edition; 404 for anyone else."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.edition = permissions.get_edition_for_chair(request.user, kwargs["number"])
        return super().dispatch(request, *args, **kwargs)


class ChairAction(ChairMixin, View):
    """One POST action of the chair's pages: a form reads the input, one service acts, a message
    says what happened, and the chair goes back to the page the action sits on (the service's
    refusals are shown there too, by ``call_service``).

    Subclasses name ``form_class``, ``invalid_message`` (a lazy translation: the form could not
    be read), ``service`` (``staticmethod(services.…)``) and ``redirect_name``, and write
    ``success_message(form, result)``; ``service_arguments(form)`` when the service needs more
    than the edition and the form's fields (it always gets ``by``, the signed-in chair), and
    ``next_url()`` when the page needs more than the edition's number.
    """

    form_class = None
    invalid_message = ""
    service = None
    redirect_name = "awards:dashboard"

    def service_arguments(self, form) -> dict:
        """The edition and the form's fields, for a service whose parameters are named as the
        form's fields are."""
        return {"edition": self.edition, **form.cleaned_data}

    def success_message(self, form, result) -> str:
        raise NotImplementedError

    def next_url(self) -> str:
        return reverse(self.redirect_name, args=[self.edition.number])

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if not form.is_valid():
            messages.error(request, self.invalid_message)
        else:
            ok, result = call_service(
                request, self.service, by=request.user, **self.service_arguments(form)
            )
            if ok:
                messages.success(request, self.success_message(form, result))
        return redirect(self.next_url())
