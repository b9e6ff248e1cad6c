"""Structured security log: who did what, from where, when (UTC), one JSON object per line.

ASVS 16.2/16.3: authentication events and authorisation failures are logged with enough context
to investigate, never with secrets (no passwords, no session keys).
"""

import datetime
import json
import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

logger = logging.getLogger("craftsreg.security")


def client_ip(request) -> str:
    if request is None:
        return ""
    # REMOTE_ADDR is the proxy's address behind nginx; docs/deployment.md has nginx pass the
    # client's address through as REMOTE_ADDR (real_ip) rather than trusting X-Forwarded-For here.
    return request.META.get("REMOTE_ADDR", "")


def log_event(event: str, request=None, *, username: str = "", **details) -> None:
    user = getattr(request, "user", None) if request is not None else None
    if not username and user is not None and user.is_authenticated:
        username = user.get_username()
    record = {
        "event": event,
        "time": timezone.now().astimezone(datetime.UTC).isoformat(timespec="seconds"),
        "user": username,
        "ip": client_ip(request),
        "path": request.path if request is not None else "",
        "method": request.method if request is not None else "",
        **details,
    }
    logger.info(json.dumps(record, ensure_ascii=False, sort_keys=True))


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log_event("login", request, username=user.get_username())


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    log_event("logout", request, username=user.get_username() if user else "")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # credentials are already cleansed of the password by Django; keep only the username.
    log_event("login_failed", request, username=str(credentials.get("username", ""))[:150])


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    log_event("lockout", request, username=str(username or "")[:150])
