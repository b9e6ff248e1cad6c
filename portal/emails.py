"""The portal's e-mails (Django's mail framework: EMAIL_URL; the console in the demo).

Each is written in the language the person signed up in, whatever language the sender (a
registrar deciding in English, say) is using, and carries absolute links built from the request.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

_VERIFY_SALT = "craftsreg.portal.verify-email"


def verification_token(account) -> str:
    # The address is signed with the account: a link stays tied to the address it was sent to.
    return signing.dumps({"a": account.pk, "e": account.user.email}, salt=_VERIFY_SALT)


def read_verification_token(token: str) -> dict | None:
    """The signed payload if the token is genuine and younger than the setting; else None."""
    try:
        payload = signing.loads(
            token,
            salt=_VERIFY_SALT,
            max_age=settings.CRAFTSREG_PORTAL_EMAIL_LINK_HOURS * 3600,
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return payload if isinstance(payload, dict) else None


def _absolute(request, path: str, base_url: str = "") -> str:
    """The link for a mail: from the request, or — for the scheduled mails, which have none —
    from ``base_url`` (the command's --base-url) or CRAFTSREG_PUBLIC_URL."""
    base = base_url or getattr(settings, "CRAFTSREG_PUBLIC_URL", "")
    if base:
        return base.rstrip("/") + path
    if request is None:
        return path
    return request.build_absolute_uri(path)


def _send(*, to: str, language: str, template: str, context: dict) -> None:
    with translation.override(language):
        subject = " ".join(
            render_to_string(f"portal/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"portal/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def send_verification(request, account) -> None:
    with translation.override(account.language):
        path = reverse("portal:verify_email", args=[verification_token(account)])
    _send(
        to=account.user.email,
        language=account.language,
        template="verify",
        context={
            "name": account.name,
            "url": _absolute(request, path),
            "hours": settings.CRAFTSREG_PORTAL_EMAIL_LINK_HOURS,
        },
    )


def send_sign_up_attempt(request, email: str, language: str) -> None:
    """To an address that already has an account: someone (maybe its owner) tried again."""
    with translation.override(language):
        sign_in = reverse("portal:sign_in")
        reset = reverse("portal:password_reset")
    _send(
        to=email,
        language=language,
        template="sign_up_attempt",
        context={
            "sign_in_url": _absolute(request, sign_in),
            "reset_url": _absolute(request, reset),
        },
    )


def send_application_decision(request, application, *, base_url: str = "") -> None:
    """Tell the applicant what the registrar decided (or that the application lapsed: no
    request then), with the link to the application's page."""
    _send_about_application(
        request, application, template=f"application_{application.status}", base_url=base_url
    )


def send_application_reminder(application, *, base_url: str = "") -> None:
    """Remind the applicant that the changes asked for are due soon (the daily job)."""
    _send_about_application(None, application, template="application_reminder", base_url=base_url)


def send_application_extended(request, application, *, reason: str) -> None:
    """Tell the applicant the registrar moved the due date of the changes, and why."""
    _send_about_application(
        request,
        application,
        template="application_extended",
        base_url="",
        extra={"reason": reason},
    )


def _send_about_application(
    request, application, *, template: str, base_url: str, extra: dict | None = None
) -> None:
    account = application.account
    with translation.override(account.language):
        path = reverse("apply:detail", args=[application.pk])
    _send(
        to=account.user.email,
        language=account.language,
        template=template,
        context={
            "name": account.name,
            "application": application,
            "url": _absolute(request, path, base_url),
            **(extra or {}),
        },
    )
