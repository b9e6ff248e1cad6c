"""Possible duplicate artisans in the admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from artisans import services
from artisans.forms import DuplicatePairForm, DuplicatesFilterForm
from artisans.permissions import governorate_scope
from craftsreg.admin import admin_page


class ArtisanDuplicatesMixin:
    """ArtisanAdmin's page of possible duplicates, where a registrar decides each pair."""

    def get_urls(self):
        return [
            admin_page(self, "duplicates/", self.duplicates_view, "duplicates"),
            *super().get_urls(),
        ]

    def duplicates_view(self, request):
        """Possible duplicates among the registered artisans, most alike first, for cleaning.

        GET lists the pairs of one governorate (a limited registrar's own); POST records a
        decision on one pair: "not a duplicate" (remembered), or one record retired into the
        other (artisans.services.artisan_retire_duplicate; docs/roles.md).
        """
        if not self.has_change_permission(request):
            raise PermissionDenied
        artisans = self.get_queryset(request)
        if request.method == "POST":
            form = DuplicatePairForm(request.POST, artisans=artisans)
            if not form.is_valid():
                messages.error(
                    request, gettext("That pair can no longer be decided; the list is updated.")
                )
            else:
                first, second = form.cleaned_data["first"], form.cleaned_data["second"]
                decision = form.cleaned_data["decision"]
                try:
                    if decision == DuplicatePairForm.Decision.NOT_DUPLICATE:
                        services.not_duplicate_record(first=first, second=second, by=request.user)
                        done = gettext("%(first)s and %(second)s are recorded as different people.")
                    else:
                        if decision == DuplicatePairForm.Decision.RETIRE_FIRST:
                            first, second = second, first
                        services.artisan_retire_duplicate(
                            duplicate=second, kept=first, by=request.user
                        )
                        done = gettext("%(second)s was retired into %(first)s.")
                    messages.success(
                        request,
                        done
                        % {
                            "first": first.registration_number,
                            "second": second.registration_number,
                        },
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(request.get_full_path())
        scope = governorate_scope(request.user)
        filters = DuplicatesFilterForm(request.GET or None)
        governorate = scope
        if scope is None and filters.is_valid():
            governorate = filters.cleaned_data["governorate"]
        pairs = []
        if governorate is not None:
            pairs = artisans.in_governorate(governorate).possible_duplicate_pairs()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "has_view_permission": self.has_view_permission(request),
            "title": gettext("Possible duplicates"),
            "filters": filters,
            "governorate": governorate,
            "governorate_scope": scope,
            "pairs": pairs,
            "decisions": DuplicatePairForm.Decision,
        }
        return TemplateResponse(request, "admin/artisans/artisan/duplicates.html", context)
