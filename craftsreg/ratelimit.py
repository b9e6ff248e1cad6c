"""Counting attempts per address (or per account) on Django's cache, and the 429 page.

One fixed-window counter for every limit the product sets: public document verification, the
portal's sign-up, sign-in and code entry. A count lives in the shared cache (Redis), so every app
server counts the same attempts. When the cache cannot count (Redis down) nothing is refused: a
lost counter must never become an error page, and the limits that guard secrets have a second
line (django-axes on passwords, expiry and single use on codes).
"""

import hashlib
import logging

from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

from craftsreg.security_log import client_ip, log_event

logger = logging.getLogger(__name__)


def _key(scope: str, subject: str, window: int) -> str:
    # Hashed: the subject may be an e-mail address or anything typed (spaces, any length).
    digest = hashlib.sha256(subject.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    slot = int(timezone.now().timestamp() // window)
    return f"rate:{scope}:{digest}:{window}:{slot}"


def hit(scope: str, subject: str, *, limit: int, window: int) -> bool:
    """Count one attempt by ``subject`` in ``scope``; True when it is over ``limit`` attempts in
    the current window of ``window`` seconds. A limit of 0 turns the check off."""
    if not limit or not subject:
        return False
    key = _key(scope, subject, window)
    try:
        if cache.add(key, 1, timeout=window + 30):
            return False
        return cache.incr(key) > limit
    except Exception:  # any cache failure: count nothing, refuse nobody
        logger.warning("Rate limit %s not counted: cache unavailable", scope, exc_info=True)
        return False


def hit_address(request, scope: str, *, limit: int, window: int) -> bool:
    """``hit`` for the request's client address."""
    return hit(scope, client_ip(request) or "unknown", limit=limit, window=window)


def too_many_response(request, *, window: int):
    """The 429 page in the visitor's language, saying when to try again."""
    log_event("rate_limited", request)
    minutes = max(1, round(window / 60))
    response = render(request, "rate_limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(window)
    return response
