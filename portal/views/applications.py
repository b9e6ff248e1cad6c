"""Applying to be registered (/<lang>/apply/): the start page, the form, the applicant's own
application page, and its two files.

Every application is looked up through the signed-in account (``_own_application``): another
person's application number is a 404, like a number that does not exist.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from craftsreg.files import serve_private_file
from craftsreg.forms_services import call_service_on_form
from craftsreg.security_log import log_event
from portal import services
from portal.access import is_portal_user, verified_account_required
from portal.forms.applications import ApplicationForm
from portal.models import Application, ApplicationEvent


@require_safe
def start(request):
    """Who may apply, what to have at hand, and the way in (an account first)."""
    account = request.user._portal_account if is_portal_user(request.user) else None
    return render(
        request,
        "portal/apply_start.html",
        {
            "title": _("Apply to be registered as an artisan"),
            "lead": _(
                "Registration with the Public Authority for Craft Industries is free. Your "
                "governorate's office checks your application and tells you the result by e-mail."
            ),
            "account": account,
            "open_application": (
                Application.objects.of_account(account).open().first() if account else None
            ),
        },
    )


def _own_application(request, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.of_account(request.portal_account).for_list(), pk=pk
    )


def _form_page(request, form, application=None, status=200):
    return render(
        request,
        "portal/application_form.html",
        {
            "form": form,
            "application": application,
            "title": _("Correct application %(reference)s") % {"reference": application.reference}
            if application
            else _("Application to be registered"),
        },
        status=status,
    )


@verified_account_required
@require_http_methods(["GET", "POST"])
def application_create(request):
    account = request.portal_account
    if account.is_linked:
        messages.info(
            request, _("Your account is already linked to your record: you are registered.")
        )
        return redirect("portal:record")
    waiting = Application.objects.of_account(account).open().first()
    if waiting is not None:
        return redirect("apply:detail", waiting.pk)
    needs_consent = not account.has_consented()
    initial = {
        "civil_number": account.civil_number,
        "name_ar": account.name,
        "phone": account.mobile,
    }
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        instance=Application(account=account),
        needs_consent=needs_consent,
    )
    if request.method == "POST" and form.is_valid():
        application = form.save(commit=False)
        if needs_consent:
            account = services.account_consent(account=account)
        application.privacy_consent_at = account.privacy_consent_at
        application.privacy_notice_version = account.privacy_notice_version
        done, _application = call_service_on_form(
            form,
            services.application_submit,
            application=application,
            other_crafts=form.cleaned_data["other_crafts"],
            by=request.user,
        )
        if not done:
            return _form_page(request, form)
        log_event("portal_application_submitted", request, application=application.pk)
        messages.success(
            request,
            _("Your application is sent. Its reference number is %(reference)s.")
            % {"reference": application.reference},
        )
        return redirect("apply:detail", application.pk)
    return _form_page(request, form)


@verified_account_required
@require_http_methods(["GET", "POST"])
def application_edit(request, pk: int):
    application = _own_application(request, pk)
    if not application.can_be_edited:
        messages.info(request, _("This application cannot be changed now."))
        return redirect("apply:detail", application.pk)
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        instance=application,
        needs_consent=not request.portal_account.has_consented(),
    )
    if request.method == "POST" and form.is_valid():
        if "consent" in form.fields:
            account = services.account_consent(account=request.portal_account)
            application.privacy_consent_at = account.privacy_consent_at
            application.privacy_notice_version = account.privacy_notice_version
        done, _application = call_service_on_form(
            form,
            services.application_resubmit,
            application=form.save(commit=False),
            other_crafts=form.cleaned_data["other_crafts"],
            by=request.user,
        )
        if not done:
            return _form_page(request, form, application)
        log_event("portal_application_resubmitted", request, application=application.pk)
        messages.success(request, _("Your corrected application is sent to the registrar."))
        return redirect("apply:detail", application.pk)
    return _form_page(request, form, application)


@require_safe
@verified_account_required
def application_detail(request, pk: int):
    application = get_object_or_404(
        Application.objects.of_account(request.portal_account)
        .for_list()
        .select_related("artisan")
        .prefetch_related(
            "other_crafts",
            Prefetch("events", queryset=ApplicationEvent.objects.order_by("at", "pk")),
        ),
        pk=pk,
    )
    return render(
        request,
        "portal/application_detail.html",
        {
            "application": application,
            "title": _("Application %(reference)s") % {"reference": application.reference},
        },
    )


@require_safe
@verified_account_required
def application_photo(request, pk: int):
    return serve_private_file(_own_application(request, pk).photo)


@require_safe
@verified_account_required
def application_id_copy(request, pk: int):
    return serve_private_file(_own_application(request, pk).id_copy)
