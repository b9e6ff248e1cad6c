"""Signing up, verifying the e-mail address, signing in and out, resetting the password and
linking the account to a registered artisan's record."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from craftsreg import ratelimit
from craftsreg.forms_services import call_service_on_form
from craftsreg.security_log import log_event
from portal import emails, services
from portal.access import is_portal_user, verified_account_required
from portal.forms.accounts import LinkCodeForm, PasswordResetForm, SignInForm, SignUpForm
from portal.models import ArtisanAccount

HOUR = 3600


def _limited(request, scope: str, setting: str, *subjects: str) -> bool:
    """Count one attempt for the address and each of ``subjects`` (an account, an e-mail)."""
    limit = getattr(settings, setting)
    over = ratelimit.hit_address(request, f"portal-{scope}", limit=limit, window=HOUR)
    for subject in subjects:
        over |= ratelimit.hit(f"portal-{scope}-account", subject, limit=limit, window=HOUR)
    return over


@require_http_methods(["GET", "POST"])
def sign_up(request):
    if is_portal_user(request.user):
        return redirect("portal:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if _limited(request, "sign-up", "CRAFTSREG_PORTAL_SIGNUPS_PER_HOUR"):
            return ratelimit.too_many_response(request, window=HOUR)
        if form.is_valid():
            data = form.cleaned_data
            account = services.account_sign_up(
                email=data["email"],
                password=data["password1"],
                civil_number=data["civil_number"],
                name=data["name"],
                mobile=data["mobile"],
                language=get_language(),
            )
            # The same page whether or not the address already had an account: only its owner
            # learns which, from the message in their mailbox.
            if account is None:
                emails.send_sign_up_attempt(request, data["email"], get_language())
                log_event("portal_sign_up_existing_address", request)
            else:
                emails.send_verification(request, account)
                log_event("portal_sign_up", request, username=account.user.username)
            return redirect("portal:verify_email_sent")
    return render(
        request,
        "portal/sign_up.html",
        {
            "form": form,
            "title": _("Create a portal account"),
            "lead": _(
                "One account per person. If a relative or the governorate's office helps you, "
                "use your own e-mail address and mobile number."
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def verify_email_sent(request):
    """After sign-up (anyone), and for a signed-in account whose address is not yet verified:
    check your mailbox; the latter may ask for the link again."""
    account = request.user._portal_account if is_portal_user(request.user) else None
    if account is not None and account.email_verified:
        return redirect("portal:home")
    if request.method == "POST":
        if account is None:
            return redirect("portal:sign_in")
        if _limited(request, "resend", "CRAFTSREG_PORTAL_SIGNUPS_PER_HOUR", str(account.pk)):
            return ratelimit.too_many_response(request, window=HOUR)
        emails.send_verification(request, account)
        messages.success(request, _("We sent the link again. Look in your mailbox."))
        return redirect("portal:verify_email_sent")
    return render(
        request,
        "portal/verify_email_sent.html",
        {
            "account": account,
            "title": _("Check your e-mail"),
            "lead": _(
                "We sent a message to the address you gave. Open the link in it to finish "
                "creating your account. If nothing arrives within a few minutes, look in the junk "
                "mail folder."
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def verify_email(request, token: str):
    """The link in the verification e-mail: a page with one button (a mail scanner that opens
    the link verifies nothing), then the address is verified."""
    payload = emails.read_verification_token(token)
    account = None
    if payload is not None:
        account = (
            ArtisanAccount.objects.select_related("user")
            .filter(pk=payload.get("a"), user__email=payload.get("e"))
            .first()
        )
    title = _("Verify your e-mail address")
    if account is None:
        return render(
            request, "portal/verify_email.html", {"invalid": True, "title": title}, status=400
        )
    if request.method == "POST":
        services.account_verify_email(account=account)
        log_event("portal_email_verified", request, username=account.user.username)
        messages.success(request, _("Your e-mail address is verified. Welcome to the portal."))
        if request.user.is_authenticated and request.user.pk == account.user_id:
            return redirect("portal:home")
        return redirect("portal:sign_in")
    return render(
        request,
        "portal/verify_email.html",
        {"account": account, "done": account.email_verified, "title": title},
    )


class SignInView(auth_views.LoginView):
    template_name = "portal/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = False

    def dispatch(self, request, *args, **kwargs):
        if is_portal_user(request.user):
            # The checked ``next`` (or the home page) as an address: redirect() would take a
            # bare word for a URL name and fail on it.
            return HttpResponseRedirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        email = request.POST.get("username", "")[:150].strip().lower()
        if _limited(request, "sign-in", "CRAFTSREG_PORTAL_SIGNINS_PER_HOUR", email):
            return ratelimit.too_many_response(request, window=HOUR)
        return super().post(request, *args, **kwargs)

    def get_default_redirect_url(self):
        return reverse("portal:home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Staff and judges signed in elsewhere see why the portal does not know them.
        context["other_account"] = self.request.user.is_authenticated
        context["title"] = _("Sign in to the portal")
        return context


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:sign_in")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset (the same page whether or not the address has an account), for portal
    accounts, limited like sign-up per address."""

    form_class = PasswordResetForm
    template_name = "portal/password_reset.html"
    # Django's password views put ``title`` in the context; the portal's own words.
    title = gettext_lazy("Reset your password")
    extra_context = {
        "lead": gettext_lazy(
            "Enter the e-mail address of your portal account. We will send a link to choose a "
            "new password."
        )
    }
    email_template_name = "portal/email/password_reset.txt"
    subject_template_name = "portal/email/password_reset_subject.txt"
    success_url = reverse_lazy("portal:password_reset_done")

    def post(self, request, *args, **kwargs):
        if _limited(request, "reset", "CRAFTSREG_PORTAL_SIGNUPS_PER_HOUR"):
            return ratelimit.too_many_response(request, window=HOUR)
        return super().post(request, *args, **kwargs)


# The pages after asking for the link and after choosing the password only say so and lead to
# signing in.
SIGN_IN_NEXT = {"next_url": reverse_lazy("portal:sign_in"), "next_label": gettext_lazy("Sign in")}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "portal/message.html"
    title = gettext_lazy("Check your e-mail")
    extra_context = {
        "lead": gettext_lazy(
            "If a portal account uses that address, a link to choose a new password is on its "
            "way. It works once, for a limited time."
        ),
        **SIGN_IN_NEXT,
    }


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "portal/password_reset_confirm.html"
    success_url = reverse_lazy("portal:password_reset_complete")
    title = gettext_lazy("Choose a new password")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Django titles a used or expired link "Password reset unsuccessful"; the page keeps its
        # own title and says so in its lead.
        context["title"] = self.title
        return context


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "portal/message.html"
    title = gettext_lazy("Password changed")
    extra_context = {
        "lead": gettext_lazy("Your new password is saved. Sign in with it."),
        **SIGN_IN_NEXT,
    }


@verified_account_required
@require_http_methods(["GET", "POST"])
def link_record(request):
    """Enter the one-time code a registrar issued for one's record."""
    account = request.portal_account
    if account.is_linked:
        return redirect("portal:record")
    form = LinkCodeForm(request.POST or None)
    if request.method == "POST":
        if _limited(request, "code", "CRAFTSREG_PORTAL_CODES_PER_HOUR", str(account.pk)):
            return ratelimit.too_many_response(request, window=HOUR)
        if form.is_valid():
            linked, artisan = call_service_on_form(
                form,
                services.account_link,
                field="code",
                account=account,
                code=form.cleaned_data["code"],
            )
            if not linked:
                log_event("portal_link_code_refused", request)
            else:
                log_event("portal_linked", request, registration_number=artisan.registration_number)
                messages.success(
                    request,
                    _("Your account is now linked to your record %(number)s.")
                    % {"number": f"\u2066{artisan.registration_number}\u2069"},
                )
                return redirect("portal:record")
    return render(
        request,
        "portal/link.html",
        {
            "form": form,
            "title": _("Link your registry record"),
            "lead": _(
                "Already registered as an artisan? Your governorate's office gives you a one-time "
                "code, on paper or by message. Enter it here to see your record in the portal."
            ),
        },
    )
