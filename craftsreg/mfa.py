"""Two-factor sign-in (TOTP authenticator apps) for staff, committee members and judges.

After the password, a user who has an authenticator enrolled must enter its code; with
CRAFTSREG_REQUIRE_MFA on (the production default) a user without one must enrol before going
anywhere else. Until then the only pages they can open are these and sign-out. Whether a second
factor is owed is decided on every request, not only at sign-in: a session opened before
enforcement was turned on owes it from its next request (the penetration test's M1).

Enrolling an authenticator needs, with ``CRAFTSREG_MFA_ENROLMENT = "code"`` (the production
default), a one-time enrolment code an administrator issued from the user's admin page
(``enrolment_code_issue``, craftsreg/mfa_admin.py): a stolen password alone cannot bind the
thief's phone to an account that has no authenticator yet. The code is asked for before the QR
code is shown. ``"open"`` (the demo's default, DEBUG on) enrols at the first password sign-in.
"""

import secrets
from datetime import timedelta

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from craftsreg.digits import normalize_digits
from craftsreg.models import MfaEnrolmentCode
from craftsreg.security_log import log_event

PENDING = "craftsreg_mfa_pending"
# The enrolment code this session redeemed (its pk): the QR code may be shown.
ENROLMENT_CODE = "craftsreg_mfa_enrolment_code"
# No 0/O or 1/I: codes are read aloud and typed from paper. 12 characters: 60 bits.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
# Wrong codes entered before the user's code stops working.
MAX_WRONG_CODES = 5
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
            if request.user.is_verified():
                session.pop(PENDING, None)
            # Enforcement is read now, not remembered from sign-in; PENDING covers a user with
            # an authenticator while enforcement is off.
            elif (settings.CRAFTSREG_REQUIRE_MFA or session.get(PENDING)) and not self._is_open(
                request
            ):
                # Asked only when a factor would be demanded: the exemptions may query the
                # database, which every other request of a signed-in user is spared.
                if is_exempt(request.user):
                    session.pop(PENDING, None)
                else:
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


# --- enrolment codes -------------------------------------------------------------------------


class EnrolmentCodeRefused(Exception):
    """``str(error)`` says why, in the user's language."""


def normalize_enrolment_code(text: str) -> str:
    return "".join(normalize_digits(text).upper().split()).replace("-", "")


def enrolment_code_issue(*, user, by) -> str:
    """Issue ``user`` a one-time enrolment code (replacing their unused one) and return it.

    The code is returned once, for the administrator to hand over; only its hash is kept.
    Refused for a user who already has an authenticator (delete it first, e.g. a lost phone).
    """
    if _has_confirmed_device(user):
        raise ValidationError(
            gettext(
                "This user already has an authenticator app. To replace a lost phone, delete "
                "their authenticator (TOTP device) first, then issue a code."
            )
        )
    code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    now = timezone.now()
    with transaction.atomic():
        # Two administrators issuing at once take turns (one unused code per user).
        type(user)._default_manager.select_for_update().filter(pk=user.pk).first()
        MfaEnrolmentCode.objects.filter(user=user, used_at__isnull=True).delete()
        record = MfaEnrolmentCode(
            user=user,
            code_hash=make_password(code),
            issued_by=by,
            issued_at=now,
            expires_at=now + timedelta(hours=settings.CRAFTSREG_MFA_ENROLMENT_CODE_HOURS),
        )
        record.full_clean()
        record.save()
    return "-".join(code[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def enrolment_code_redeem(*, user, code: str) -> MfaEnrolmentCode:
    """Use ``user``'s enrolment code ``code``, once; raise EnrolmentCodeRefused saying why not.

    A wrong code counts against the user's unused code, which stops working after
    MAX_WRONG_CODES. Unconfirmed authenticators are deleted, so the QR code shown next carries
    a secret nobody has seen before.
    """
    entered = normalize_enrolment_code(code)
    now = timezone.now()
    with transaction.atomic():
        # The newest few: the unused one (at most one) and those used lately, which a user may
        # type again and should hear are used rather than wrong.
        codes = list(MfaEnrolmentCode.objects.select_for_update().filter(user=user)[:3])
        unused = next((c for c in codes if c.used_at is None), None)
        matched = next((c for c in codes if check_password(entered, c.code_hash)), None)
        ask = gettext("Ask the registry administrator for a new one.")
        if matched is not None and matched.used_at is not None:
            refusal = gettext("This enrolment code has already been used.") + " " + ask
        elif unused is None:
            refusal = gettext(
                "Your account has no valid enrolment code. Ask the registry administrator to "
                "issue one."
            )
        elif unused.failed_attempts >= MAX_WRONG_CODES:
            refusal = gettext("Too many wrong codes: your enrolment code no longer works.") + (
                " " + ask
            )
        elif matched is None:
            unused.failed_attempts += 1
            unused.save(update_fields=["failed_attempts"])
            refusal = gettext("That enrolment code is not right. Check it and type it again.")
        elif matched.expires_at <= now:
            refusal = gettext("This enrolment code has expired.") + " " + ask
        else:
            matched.used_at = now
            matched.save(update_fields=["used_at"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            return matched
    raise EnrolmentCodeRefused(refusal)


class EnrolmentCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Enrolment code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "dir": "ltr"}),
    )

    def clean_code(self):
        code = normalize_enrolment_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
            raise forms.ValidationError(
                _("An enrolment code has 12 letters and digits, like ABCD-EFGH-JK23.")
            )
        return code


def _may_enrol(request) -> bool:
    if settings.CRAFTSREG_MFA_ENROLMENT == "open":
        return True
    redeemed = request.session.get(ENROLMENT_CODE)
    return (
        isinstance(redeemed, int)
        and MfaEnrolmentCode.objects.filter(
            pk=redeemed, user=request.user, used_at__isnull=False
        ).exists()
    )


def _enrolment_code_step(request):
    """Before the QR code: the one-time code an administrator issued to this user."""
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = enrolment_code_redeem(user=request.user, code=form.cleaned_data["code"])
        except EnrolmentCodeRefused as refused:
            form.add_error("code", str(refused))
            log_event("mfa_enrolment_code_refused", request)
        else:
            request.session[ENROLMENT_CODE] = record.pk
            log_event("mfa_enrolment_code_used", request, issued_by=str(record.issued_by or ""))
            return redirect(f"{reverse('mfa_setup')}?next={_next_url(request)}")
    return render(
        request,
        "account/mfa_enrolment_code.html",
        {"form": form, "next": _next_url(request), **SETUP_PAGE},
    )


# --- pages ---------------------------------------------------------------------------------------

# Both steps of setting up (the enrolment code, then the authenticator) open the same way.
SETUP_PAGE = {
    "title": _("Set up two-factor sign-in"),
    "lead": _(
        "Staff, committee members and judges confirm each sign-in with a code from an "
        "authenticator app on their phone (for example Google Authenticator, Microsoft "
        "Authenticator or FreeOTP)."
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def setup(request):
    """Enrol an authenticator: show the secret as a QR code, confirm with a first code (after
    the administrator's enrolment code, unless enrolment is open)."""
    if _has_confirmed_device(request.user):
        return render(
            request,
            "account/mfa_enrolled.html",
            {
                "next": _next_url(request),
                "title": _("Two-factor sign-in"),
                "lead": _(
                    "Two-factor sign-in is on for your account: every sign-in asks for a code "
                    "from your authenticator app."
                ),
            },
        )
    if not _may_enrol(request):
        return _enrolment_code_step(request)
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
            request.session.pop(ENROLMENT_CODE, None)
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
        **SETUP_PAGE,
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
    return render(
        request,
        "account/mfa_verify.html",
        {
            "form": form,
            "next": _next_url(request),
            "title": _("Confirm it is you"),
            "lead": _("Enter the 6-digit code from your authenticator app to finish signing in."),
        },
    )
