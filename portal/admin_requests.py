"""Artisans' change and card requests in the admin: the registrars' queue.

Scoped like the registry: a registrar limited to a governorate sees and decides the requests of
that governorate's artisans only (``get_queryset``), and the site's one object lookup
(craftsreg.admin) applies the same scope to every URL below, so another governorate's request is
a 404. Deciding needs the change permission (registrars); viewers read.
"""

from django import forms
from django.contrib import admin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from artisans.scoping import GovernorateScopedAdmin
from craftsreg.admin import HistoryAdmin, admin_link, admin_page
from craftsreg.admin_decisions import DecisionAdminMixin
from craftsreg.files import serve_private_file
from portal import services_requests as services
from portal.models import CardRequest, ChangeRequest
from portal.services_requests import snapshot


class ApproveForm(forms.Form):
    # The record's version the registrar compared against (the optimistic lock).
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)


# The request's page, all read-only: what was asked (each kind adds its own fields between) and
# what became of it.
_ASKED = ["artisan_link", "kind", "status", "note"]
_DECISION = ["submitted_at", "requested_by", "decided_by", "decided_at", "decline_reason"]


class _RequestAdmin(GovernorateScopedAdmin, DecisionAdminMixin, HistoryAdmin):
    list_display = ["__str__", "artisan", "governorate", "kind", "status", "submitted_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["artisan__governorate"]
    search_fields = ["artisan__name_ar", "artisan__name_en", "=artisan__registration_number"]
    date_hierarchy = None

    governorate_field = "artisan__governorate"

    def has_add_permission(self, request):
        return False  # requests come from the portal only

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("governorate"))
    def governorate(self, obj):
        return obj.artisan.governorate.name

    @admin.display(description=_("artisan's record"))
    def artisan_link(self, obj):
        return admin_link(
            reverse("admin:artisans_artisan_change", args=[obj.artisan_id]), obj.artisan
        )


@admin.register(ChangeRequest)
class ChangeRequestAdmin(_RequestAdmin):
    change_form_template = "admin/portal/changerequest/change_form.html"
    fields = readonly_fields = [*_ASKED, *_DECISION]

    accept_route = "approve"

    def get_urls(self):
        return [
            admin_page(self, "<path:object_id>/photo/", self.photo_view, "photo"),
            *super().get_urls(),
        ]

    def decision_context(self, request, change) -> dict:
        artisan = change.artisan
        live = ChangeRequest(kind=change.kind, current=snapshot(artisan))
        return {
            **super().decision_context(request, change),
            "comparison": list(
                zip(
                    change.current_values(),
                    live.current_values(),
                    change.proposed(),
                    strict=True,
                )
            ),
            "changed_since": artisan.version != change.seen_version,
            "approve_form": ApproveForm(initial={"seen_version": artisan.version}),
            "photo_url": reverse("admin:portal_changerequest_photo", args=[change.pk])
            if change.photo
            else "",
        }

    def accept(self, request, change):
        form = ApproveForm(request.POST)
        seen = form.cleaned_data["seen_version"] if form.is_valid() else None
        services.change_request_approve(change=change, by=request.user, seen_version=seen)
        return gettext("The change is written to the record; the artisan is told by e-mail."), None

    def decline(self, obj, user, reason):
        services.change_request_decline(change=obj, by=user, reason=reason)

    def photo_view(self, request, object_id):
        change = self.get_object(request, object_id)
        if change is None or not change.photo:
            raise Http404
        return serve_private_file(change.photo)


@admin.register(CardRequest)
class CardRequestAdmin(_RequestAdmin):
    change_form_template = "admin/portal/cardrequest/change_form.html"
    fields = readonly_fields = [*_ASKED, "card", "issued_card", *_DECISION]

    accept_route = "fulfil"

    def decision_context(self, request, card_request) -> dict:
        return {
            **super().decision_context(request, card_request),
            "card_page": reverse("admin:artisans_artisan_card", args=[card_request.artisan_id]),
        }

    def accept(self, request, card_request):
        card = services.card_request_fulfil(card_request=card_request, by=request.user)
        return (
            gettext("Card %(number)s is issued; the artisan is told by e-mail.")
            % {"number": card.number},
            redirect("admin:artisans_artisan_card", card_request.artisan_id),
        )

    def decline(self, obj, user, reason):
        services.card_request_decline(card_request=obj, by=user, reason=reason)
