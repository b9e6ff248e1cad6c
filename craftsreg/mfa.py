"""Two-factor sign-in (TOTP authenticator apps) for staff, committee members and judges.

After the password, a user who has an authenticator enrolled must enter its code; with
CRAFTSREG_REQUIRE_MFA on (the production default) a user without one must enrol before going
anywhere else. Until then the only pages they can open are these and sign-out. Whether a second
factor is owed is decided on every request, not only at sign-in: a session opened before
enforcement was turned on owes it from its next request (the penetration test's M1).
"""

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from craftsreg.digits import normalize_digits
from craftsreg.security_log import log_event

PENDING = "craftsreg_mfa_pending"
# Predicates registered by apps (their AppConfig.ready()): a user for whom one answers True owes
# no second factor. The portal registers its artisans, who reach only their own record.
_exemptions = []


def exempt(predicate) -> None:
    """``predicate(user)`` True means the user owes no second factor (never for staff)."""
    if predicate not in _exemptions:
        _exemptions.append(predicate)


def is_exempt(user) -> bool:
    if user.is_staff or user.is_superuser:
        return False
    return any(predicate(user) for predicate in _exemptions)


# URL names an unverified user may still open: the two-factor pages themselves and sign-out.
OPEN_URL_NAMES = {"mfa_setup", "mfa_verify", "admin:logout", "awards:logout"}


@receiver(user_logged_in)
def _decide_at_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session") or is_exempt(user):
        return
    if settings.CRAFTSREG_REQUIRE_MFA or user_has_device(user, confirmed=True):
        request.session[PENDING] = True


class RequireSecondFactor:
    """Send a signed-in user who still owes a second factor to enrol or to enter a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        # No session cookie, nothing owed (and the session is not loaded for anonymous visitors).
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and session is not None
            and request.user.is_authenticated
        ):
            if request.user.is_verified() or is_exempt(request.user):
                session.pop(PENDING, None)
            # Enforcement is read now, not remembered from sign-in; PENDING covers a user with
            # an authenticator while enforcement is off.
            elif (settings.CRAFTSREG_REQUIRE_MFA or session.get(PENDING)) and not self._is_open(
                request
            ):
                target = "mfa_verify" if _has_confirmed_device(request.user) else "mfa_setup"
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _is_open(request) -> bool:
        if request.path.startswith(f"/{settings.STATIC_URL.strip('/')}/"):
            return True
        try:
            match = resolve(request.path_info)
        except Exception:  # unknown path: let the ordinary 404 happen
            return True
        return match.view_name in OPEN_URL_NAMES


def _has_confirmed_device(user) -> bool:
    return user_has_device(user, confirmed=True)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = normalize_digits(self.cleaned_data["token"]).replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(_("Enter the 6-digit code shown by your app."))
        return token


def _allowed(form, device) -> bool:
    """django-otp slows down guessing (each wrong code doubles the wait); say so plainly."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        form.add_error(
            "token", _("Too many wrong codes. Wait a few seconds, then enter the current code.")
        )
    return allowed


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    # Staff work in the admin; committee members and jurors (not staff) in the judging screens.
    return reverse("admin:index") if request.user.is_staff else reverse("awards:judging_home")


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def setup(request):
    """Enrol an authenticator: show the secret as a QR code, confirm with a first code."""
    if _has_confirmed_device(request.user):
        return render(request, "account/mfa_enrolled.html", {"next": _next_url(request)})
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name=str(_("Authenticator app")), confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _allowed(form, device):
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session.pop(PENDING, None)
            log_event("mfa_enrolled", request)
            return redirect(_next_url(request))
        form.add_error("token", _("That code is not right. Check the time on your phone."))
        log_event("mfa_failed", request)
    secret = device.config_url.split("secret=")[1].split("&")[0]
    context = {
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1d2327"),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "next": _next_url(request),
    }
    return render(request, "account/mfa_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def verify(request):
    """Second step of sign-in for a user with an enrolled authenticator."""
    if not _has_confirmed_device(request.user):
        return redirect(f"{reverse('mfa_setup')}?next={_next_url(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        devices = TOTPDevice.objects.filter(user=request.user, confirmed=True)
        if all(_allowed(form, device) for device in devices):
            device = match_token(request.user, form.cleaned_data["token"])
            if device is not None:
                otp_login(request, device)
                request.session.pop(PENDING, None)
                log_event("mfa_verified", request)
                return redirect(_next_url(request))
            form.add_error("token", _("That code is not right. Check the time on your phone."))
            log_event("mfa_failed", request)
    return render(request, "account/mfa_verify.html", {"form": form, "next": _next_url(request)})
