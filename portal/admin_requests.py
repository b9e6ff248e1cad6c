"""Artisans' change and card requests in the admin: the registrars' queue.

Scoped like the registry: a registrar limited to a governorate sees and decides the requests of
that governorate's artisans only (``get_queryset``), and the site's one object lookup
(craftsreg.admin) applies the same scope to every URL below, so another governorate's request is
a 404. Deciding needs the change permission (registrars); viewers read.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from artisans.permissions import governorate_scope
from craftsreg.admin import HistoryAdmin, admin_page
from craftsreg.files import serve_private_file
from portal import services_requests as services
from portal.models import CardRequest, ChangeRequest, RequestStatus
from portal.services_requests import snapshot


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining (the artisan reads it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApproveForm(forms.Form):
    # The record's version the registrar compared against (the optimistic lock).
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)


class _RequestAdmin(HistoryAdmin):
    list_filter = ["status", "kind"]
    list_select_related = ["artisan__governorate"]
    search_fields = ["artisan__name_ar", "artisan__name_en", "=artisan__registration_number"]
    date_hierarchy = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = governorate_scope(request.user)
        if scope is not None:
            queryset = queryset.in_governorate(scope)
        return queryset

    def has_add_permission(self, request):
        return False  # requests come from the portal only

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("governorate"))
    def governorate(self, obj):
        return obj.artisan.governorate.name

    @admin.display(description=_("artisan's record"))
    def artisan_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:artisans_artisan_change", args=[obj.artisan_id]),
            obj.artisan,
        )

    def _obj(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _back(self, obj):
        info = (self.opts.app_label, self.opts.model_name)
        return redirect("admin:{}_{}_change".format(*info), obj.pk)

    def _done(self, request, message):
        self.message_user(request, message, messages.SUCCESS)

    def _refused(self, request, error):
        self.message_user(request, " ".join(error.messages), messages.ERROR)

    def decline_view(self, request, object_id):
        return require_POST(self._decline_post)(request, object_id)

    def _decline_post(self, request, object_id):
        obj = self._obj(request, object_id)
        form = DeclineForm(request.POST)
        if not form.is_valid():
            self.message_user(
                request,
                gettext("Say why the request is declined: the artisan reads the reason."),
                messages.ERROR,
            )
            return self._back(obj)
        try:
            self.decline(obj, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            self._refused(request, error)
        else:
            self._done(request, gettext("The request is declined; the artisan is told by e-mail."))
        return self._back(obj)


@admin.register(ChangeRequest)
class ChangeRequestAdmin(_RequestAdmin):
    list_display = ["__str__", "artisan", "governorate", "kind", "status", "submitted_at"]
    change_form_template = "admin/portal/changerequest/change_form.html"
    fields = [
        "artisan_link",
        "kind",
        "status",
        "note",
        "submitted_at",
        "requested_by",
        "decided_by",
        "decided_at",
        "decline_reason",
    ]
    readonly_fields = fields

    def get_urls(self):
        return [
            admin_page(self, "<path:object_id>/approve/", self.approve_view, "approve"),
            admin_page(self, "<path:object_id>/decline/", self.decline_view, "decline"),
            admin_page(self, "<path:object_id>/photo/", self.photo_view, "photo"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if change is not None:
            artisan = change.artisan
            live = ChangeRequest(kind=change.kind, current=snapshot(artisan))
            extra_context.update(
                {
                    "comparison": list(
                        zip(
                            change.current_values(),
                            live.current_values(),
                            change.proposed(),
                            strict=True,
                        )
                    ),
                    "changed_since": artisan.version != change.seen_version,
                    "may_decide": change.is_pending and self.has_change_permission(request, change),
                    "approve_form": ApproveForm(initial={"seen_version": artisan.version}),
                    "decline_form": DeclineForm(),
                    "photo_url": reverse("admin:portal_changerequest_photo", args=[change.pk])
                    if change.photo
                    else "",
                }
            )
        # Everything is read-only: decisions have their own buttons, there is nothing to save.
        extra_context.update(show_save=False, show_save_and_continue=False)
        return super().change_view(request, object_id, form_url, extra_context)

    def approve_view(self, request, object_id):
        return require_POST(self._approve_post)(request, object_id)

    def _approve_post(self, request, object_id):
        change = self._obj(request, object_id)
        form = ApproveForm(request.POST)
        seen = form.cleaned_data["seen_version"] if form.is_valid() else None
        try:
            services.change_request_approve(change=change, by=request.user, seen_version=seen)
        except ValidationError as error:
            self._refused(request, error)
        else:
            self._done(
                request,
                gettext("The change is written to the record; the artisan is told by e-mail."),
            )
        return self._back(change)

    def decline(self, obj, user, reason):
        services.change_request_decline(change=obj, by=user, reason=reason)

    def photo_view(self, request, object_id):
        change = self.get_object(request, object_id)
        if change is None or not change.photo:
            raise Http404
        return serve_private_file(change.photo)


@admin.register(CardRequest)
class CardRequestAdmin(_RequestAdmin):
    list_display = ["__str__", "artisan", "governorate", "kind", "status", "submitted_at"]
    change_form_template = "admin/portal/cardrequest/change_form.html"
    fields = [
        "artisan_link",
        "kind",
        "status",
        "note",
        "card",
        "issued_card",
        "submitted_at",
        "requested_by",
        "decided_by",
        "decided_at",
        "decline_reason",
    ]
    readonly_fields = fields

    def get_urls(self):
        return [
            admin_page(self, "<path:object_id>/fulfil/", self.fulfil_view, "fulfil"),
            admin_page(self, "<path:object_id>/decline/", self.decline_view, "decline"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        card_request = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if card_request is not None:
            extra_context.update(
                {
                    "may_decide": card_request.status == RequestStatus.PENDING
                    and self.has_change_permission(request, card_request),
                    "decline_form": DeclineForm(),
                    "card_page": reverse(
                        "admin:artisans_artisan_card", args=[card_request.artisan_id]
                    ),
                }
            )
        # Everything is read-only: decisions have their own buttons, there is nothing to save.
        extra_context.update(show_save=False, show_save_and_continue=False)
        return super().change_view(request, object_id, form_url, extra_context)

    def fulfil_view(self, request, object_id):
        return require_POST(self._fulfil_post)(request, object_id)

    def _fulfil_post(self, request, object_id):
        card_request = self._obj(request, object_id)
        try:
            card = services.card_request_fulfil(card_request=card_request, by=request.user)
        except ValidationError as error:
            self._refused(request, error)
            return self._back(card_request)
        self._done(
            request,
            gettext("Card %(number)s is issued; the artisan is told by e-mail.")
            % {"number": card.number},
        )
        return redirect("admin:artisans_artisan_card", card_request.artisan_id)

    def decline(self, obj, user, reason):
        services.card_request_decline(card_request=obj, by=user, reason=reason)
