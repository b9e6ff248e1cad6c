"""The portal in the admin: the registration applications queue, portal accounts (superusers),
and the one-time link codes on an artisan's record.

Applications are scoped like artisans: ``ApplicationAdmin.get_queryset`` keeps a limited
registrar to their governorate (artisans.permissions.governorate_scope), and the site's one
object lookup (craftsreg.admin) applies it to every URL of this admin — the change page, the
files and the decision — so another governorate's registrar gets a 404 for all of them.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from artisans.permissions import governorate_scope
from artisans.scoping import GovernorateScopedAdmin
from craftsreg.access_log import AccessAction, record_access
from craftsreg.admin import ReadOnlyAdmin, admin_link, admin_page, ltr_number
from craftsreg.files import serve_private_file
from craftsreg.phones import format_phone
from craftsreg.security_log import log_event
from craftsreg.views import call_service
from portal import emails, services
from portal.forms.decisions import DecisionForm, ExtendDueDateForm
from portal.models import Application, ApplicationEvent, ArtisanAccount
from portal.models.accounts import LinkCode, format_link_code

DECIDE_PERMISSION = "portal.decide_application"


class ChangesDueFilter(admin.SimpleListFilter):
    """Applications returned for changes, by how their due date stands today."""

    title = _("changes due")
    parameter_name = "changes_due"
    OVERDUE = "overdue"
    SOON = "soon"

    def lookups(self, request, model_admin):
        return [
            (self.OVERDUE, _("Changes requested, overdue")),
            (
                self.SOON,
                ngettext(
                    "Due within %(days)s day",
                    "Due within %(days)s days",
                    settings.CRAFTSREG_APPLICATION_REMINDER_DAYS,
                )
                % {"days": settings.CRAFTSREG_APPLICATION_REMINDER_DAYS},
            ),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == self.OVERDUE:
            return queryset.changes_overdue(today)
        if self.value() == self.SOON:
            return queryset.changes_due_within(today, settings.CRAFTSREG_APPLICATION_REMINDER_DAYS)
        return queryset


@admin.register(Application)
class ApplicationAdmin(GovernorateScopedAdmin, admin.ModelAdmin):
    list_display = [
        "reference_column",
        "name_ar",
        "governorate",
        "wilayat",
        "primary_craft",
        "status",
        "changes_due_on",
        "submitted_at",
    ]
    list_filter = ["status", ChangesDueFilter, "governorate", "primary_craft"]
    list_select_related = ["governorate", "wilayat", "primary_craft"]
    search_fields = ["=civil_number", "name_ar", "name_en"]
    search_help_text = _("Reference (A-000042), civil number or name.")
    ordering = ["-submitted_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    change_form_template = "admin/portal/application/change_form.html"
    fieldsets = [
        (
            _("Applicant"),
            {
                "fields": [
                    "reference_column",
                    "status",
                    "civil_number",
                    "name_ar",
                    "name_en",
                    "gender",
                    "date_of_birth",
                    "phone_number",
                    "account_email",
                ]
            },
        ),
        (
            _("Place and crafts"),
            {
                "fields": [
                    "governorate",
                    "wilayat",
                    "workshop_address",
                    "primary_craft",
                    "other_crafts",
                ]
            },
        ),
        (
            _("Decision"),
            {
                "fields": [
                    "submitted_at",
                    "decided_at",
                    "decided_by",
                    "decision_message",
                    "changes_due_on",
                    "reminded_at",
                    "registered_as",
                    "privacy_consent_at",
                    "privacy_notice_version",
                ]
            },
        ),
    ]

    @admin.display(description=_("reference"), ordering="pk")
    def reference_column(self, application):
        return ltr_number(application.reference)

    @admin.display(description=_("mobile number"))
    def phone_number(self, application):
        return format_html('<bdi dir="ltr">{}</bdi>', format_phone(application.phone))

    @admin.display(description=_("e-mail address"))
    def account_email(self, application):
        return application.account.user.email

    @admin.display(description=_("registered as"))
    def registered_as(self, application):
        if application.artisan_id is None:
            return "—"
        return admin_link(
            reverse("admin:artisans_artisan_change", args=[application.artisan_id]),
            ltr_number(application.artisan.registration_number),
        )

    def get_readonly_fields(self, request, obj=None):
        # Nobody edits what the applicant sent: registrars decide, the applicant corrects.
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "governorate",
                "wilayat",
                "primary_craft",
                "account__user",
                "artisan",
                "decided_by",
            )
        )

    def get_list_display(self, request):
        columns = list(self.list_display)
        if governorate_scope(request.user) is not None:
            columns.remove("governorate")
        return columns

    def get_list_filter(self, request):
        if governorate_scope(request.user) is not None:
            return [f for f in self.list_filter if f != "governorate"]
        return self.list_filter

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip().upper()
        if term.startswith("A-") and term[2:].isdigit() and len(term) < 15:
            return queryset.filter(pk=int(term[2:])), False
        return super().get_search_results(request, queryset, search_term)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    # Applications arrive from the portal and are decided through their own buttons.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def may_decide(self, request, obj=None) -> bool:
        return request.user.has_perm(DECIDE_PERMISSION) and (obj is None or obj.can_be_decided)

    def get_urls(self):
        return [
            admin_page(self, "<path:object_id>/decide/", self.decide_view, "decide"),
            admin_page(self, "<path:object_id>/extend/", self.extend_view, "extend"),
            admin_page(self, "<path:object_id>/photo/", self.photo_view, "photo"),
            admin_page(self, "<path:object_id>/id-copy/", self.id_copy_view, "id_copy"),
            *super().get_urls(),
        ]

    def _application(self, request, object_id) -> Application:
        application = self.get_object(request, object_id)
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        return application

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self._application(request, object_id)
        events = list(
            ApplicationEvent.objects.filter(application=application)
            .select_related("by")
            .order_by("at", "pk")
        )
        context = {
            "events": events,
            "duplicates": application.possible_duplicates(governorate_scope(request.user)),
            "may_decide": self.may_decide(request, application),
            "decision_form": DecisionForm(),
            "may_extend": self.may_extend(request, application),
            "extend_form": ExtendDueDateForm(),
            **(extra_context or {}),
        }
        response = super().change_view(request, object_id, form_url, extra_context=context)
        # The page shows the applicant's civil number, birth date and contacts: opening it is a
        # read of personal data, as the artisan's record is (craftsreg.access_log).
        if request.method == "GET" and response.status_code == 200:
            record_access(request, AccessAction.VIEWED_RECORD, application)
        return response

    def photo_view(self, request, object_id):
        return self._serve_file(request, object_id, "photo", AccessAction.OPENED_PHOTO)

    def id_copy_view(self, request, object_id):
        return self._serve_file(request, object_id, "id_copy", AccessAction.OPENED_ID_COPY)

    def _serve_file(self, request, object_id, field: str, action):
        # Recorded once the file is found and about to leave (craftsreg.access_log).
        application = self._application(request, object_id)
        response = serve_private_file(getattr(application, field))
        record_access(request, action, application)
        return response

    def decide_view(self, request, object_id):
        return _decide(self, request, object_id)

    def may_extend(self, request, application) -> bool:
        return request.user.has_perm(DECIDE_PERMISSION) and application.can_be_edited

    def extend_view(self, request, object_id):
        """POST: a new due date and the reason (a step in the application's history)."""
        application, form, back = _posted(self, request, object_id, ExtendDueDateForm)
        if form is None:
            return back
        extended, _result = call_service(
            request,
            services.application_extend_changes,
            application=application,
            by=request.user,
            until=form.cleaned_data["until"],
            reason=form.cleaned_data["reason"],
        )
        if extended:
            application.refresh_from_db()
            emails.send_application_extended(
                request, application, reason=form.cleaned_data["reason"]
            )
            log_event(
                "portal_application_extended",
                request,
                application=application.pk,
                until=form.cleaned_data["until"].isoformat(),
            )
            messages.success(
                request,
                gettext("Application %(reference)s: the changes are now due by %(date)s.")
                % {
                    "reference": application.reference,
                    "date": form.cleaned_data["until"].isoformat(),
                },
            )
        return back


def _posted(model_admin, request, object_id, form_class):
    """(application, its valid posted form, the redirect back to its page) for a POST of the
    application page's decision or extension form; the form is None when the request ends at
    the redirect (a GET, or a form whose errors became messages). 404 outside the user's scope,
    403 without the decide permission."""
    if request.method != "POST":
        return None, None, redirect("admin:portal_application_change", object_id)
    application = model_admin._application(request, object_id)
    if not request.user.has_perm(DECIDE_PERMISSION):
        raise PermissionDenied
    back = redirect("admin:portal_application_change", application.pk)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return application, None, back
    return application, form, back


def _decide(model_admin, request, object_id):
    application, form, back = _posted(model_admin, request, object_id, DecisionForm)
    if form is None:
        return back
    decision, message = form.cleaned_data["decision"], form.cleaned_data["message"]

    def act() -> str:
        if decision == DecisionForm.APPROVE:
            artisan = services.application_approve(application=application, by=request.user)
            return gettext(
                "Application %(reference)s approved: artisan %(number)s is registered."
            ) % {
                "reference": application.reference,
                # Isolated: in Arabic "2017-003074" would read "003074-2017".
                "number": f"\u2066{artisan.registration_number}\u2069",
            }
        if decision == DecisionForm.CHANGES:
            services.application_request_changes(
                application=application, by=request.user, message=message
            )
            return gettext("Application %(reference)s sent back to the applicant for changes.") % {
                "reference": application.reference
            }
        services.application_reject(application=application, by=request.user, reason=message)
        return gettext("Application %(reference)s rejected.") % {"reference": application.reference}

    decided, done = call_service(request, act)
    if not decided:
        return back
    application.refresh_from_db()
    log_event(
        "portal_application_decided",
        request,
        application=application.pk,
        decision=application.status,
    )
    emails.send_application_decision(request, application)
    messages.success(request, done)
    return back


@admin.register(ArtisanAccount)
class ArtisanAccountAdmin(ReadOnlyAdmin):
    """Portal accounts, for superusers: who signed up, verified, consented and is linked."""

    list_display = ["name", "email", "artisan", "email_verified_at", "created_at"]
    list_select_related = ["user", "artisan"]
    search_fields = ["=civil_number", "name", "user__email"]
    readonly_fields = [
        "user",
        "artisan",
        "linked_at",
        "civil_number",
        "name",
        "mobile",
        "email_verified_at",
        "privacy_consent_at",
        "privacy_notice_version",
        "language",
        "created_at",
    ]
    fields = readonly_fields

    @admin.display(description=_("e-mail address"), ordering="user__email")
    def email(self, account):
        return account.user.email


class ArtisanPortalMixin:
    """On ArtisanAdmin: the artisan's portal access (a line on the record) and the page that
    issues one-time link codes, under the artisan's own admin URL so the site's scoped lookup
    guards it (another governorate's registrar gets a 404)."""

    def get_urls(self):
        return [
            admin_page(self, "<path:object_id>/portal-code/", self.portal_code_view, "portal_code"),
            *super().get_urls(),
        ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "portal_access"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        # On the last fieldset (Registration), after the craft card.
        *rest, (title, options) = fieldsets
        return [*rest, (title, {**options, "fields": [*options["fields"], "portal_access"]})]

    @admin.display(description=_("portal account"))
    def portal_access(self, artisan):
        if artisan is None or artisan.pk is None:
            return "—"
        link = reverse("admin:artisans_artisan_portal_code", args=[artisan.pk])
        account = ArtisanAccount.objects.filter(artisan=artisan).select_related("user").first()
        if account is not None:
            return format_html(
                '{} · <a href="{}">{}</a>',
                gettext("Linked since %(date)s") % {"date": account.linked_at.date().isoformat()},
                link,
                gettext("details"),
            )
        return admin_link(link, gettext("Not linked: issue a code"))

    def portal_code_view(self, request, object_id):
        artisan = self.get_object(request, object_id)
        if artisan is None or not self.has_view_permission(request, artisan):
            raise Http404
        can_issue = self.has_change_permission(request, artisan)
        code = None
        if request.method == "POST":
            if not can_issue:
                raise PermissionDenied
            issued, result = call_service(
                request, services.link_code_issue, artisan=artisan, by=request.user
            )
            if not issued:
                return redirect("admin:artisans_artisan_portal_code", artisan.pk)
            link_code, code = result
            log_event(
                "portal_link_code_issued",
                request,
                registration_number=artisan.registration_number,
                code_id=link_code.pk,
            )
        account = ArtisanAccount.objects.filter(artisan=artisan).select_related("user").first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": artisan,
            "artisan": artisan,
            "title": gettext("Portal access of %(name)s") % {"name": artisan.name},
            "account": account,
            "codes": list(
                LinkCode.objects.filter(artisan=artisan).select_related(
                    "created_by", "used_by__user"
                )
            ),
            "can_issue": can_issue and account is None,
            "code": format_link_code(code) if code else "",
            "portal_url": request.build_absolute_uri(reverse("portal:link")),
            "code_days": settings.CRAFTSREG_PORTAL_LINK_CODE_DAYS,
        }
        response = TemplateResponse(request, "admin/portal/portal_code.html", context)
        if code:
            # The code is shown once: no copy in any cache, and reloading does not show it again.
            response["Cache-Control"] = "no-store"
        return response


# Artisans' change and card requests: their own module, registered on import.
from portal import admin_requests  # noqa: E402, F401
