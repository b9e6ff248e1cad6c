"""The user admin's "Issue a two-factor enrolment code" page (craftsreg.mfa).

A mixin for the project's UserAdmin: it adds ``<user id>/two-factor-enrolment-code/`` (the
site's scoped lookup and permission check apply to it like to every object URL), a button on
the user's change page, and the page itself: a confirmation, then — after the POST — the code,
shown once, never cached, never stored in clear. Issuing is logged to the security log and in
the user's admin history.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

from craftsreg.mfa import enrolment_code_issue
from craftsreg.models import MfaEnrolmentCode
from craftsreg.security_log import log_event


class EnrolmentCodeAdminMixin:
    change_form_template = "admin/auth/user/change_form.html"

    def _enrolment_url_name(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_mfa_enrolment_code"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/two-factor-enrolment-code/",
                self.admin_site.admin_view(self.enrolment_code_view),
                name=self._enrolment_url_name(),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        if self.has_change_permission(request):
            extra_context["mfa_enrolment_code_url"] = reverse(
                f"admin:{self._enrolment_url_name()}", args=[object_id]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def enrolment_code_view(self, request, object_id):
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[user.pk]
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "original": user,
            "has_view_permission": True,
            "title": gettext("Two-factor enrolment code for %(user)s") % {"user": user},
            "change_url": change_url,
            "latest": MfaEnrolmentCode.objects.filter(user=user)
            .select_related("issued_by")
            .first(),
        }
        if request.method != "POST":
            return TemplateResponse(request, "admin/auth/user/mfa_enrolment_code.html", context)
        try:
            code = enrolment_code_issue(user=user, by=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
            return HttpResponseRedirect(change_url)
        log_event("mfa_enrolment_code_issued", request, for_user=user.get_username())
        self.log_change(request, user, gettext("Issued a two-factor enrolment code."))
        context["code"] = code
        context["latest"] = MfaEnrolmentCode.objects.filter(user=user).first()
        response = TemplateResponse(request, "admin/auth/user/mfa_enrolment_code.html", context)
        add_never_cache_headers(response)  # the code must not stay in any cache
        return response
