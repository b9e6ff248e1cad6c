"""Public, no-login verification of the documents the Authority issues.

A craft card, an award certificate and a design deposit certificate each carry a QR code that
leads to ``/<lang>/verify/<token>/``. The page says what the document is, whose it is and
whether it still stands (valid, expired, revoked or replaced) — and nothing private: never a
civil number, phone, birth date or address (Personal Data Protection Law, Royal Decree 6/2022).

Tokens are random (``secrets``, 192 bits), one per issued document and stored with it, so they
cannot be guessed or forged, and a replaced or revoked document's old QR code keeps answering with
its own status. An unknown or altered token is a plain 404.

This module imports no app: each app that issues documents names a resolver in its AppConfig
(``verification_resolver``, a dotted path, like ``demo_seeder``) that turns a token into a
:class:`Verified` summary (or None).
"""

import datetime
import functools
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

import segno
from django.apps import apps
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from craftsreg import ratelimit

TOKEN_BYTES = 24
# token_urlsafe(24) is 32 characters of the URL-safe base64 alphabet.
TOKEN_PATTERN = r"[A-Za-z0-9_-]{32}"
_TOKEN = re.compile(rf"^{TOKEN_PATTERN}$")


class Status:
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    REPLACED = "replaced"

    LABELS = {
        VALID: _("Valid"),
        EXPIRED: _("Expired"),
        REVOKED: _("Revoked"),
        REPLACED: _("Replaced by a newer document"),
    }


@dataclass(frozen=True)
class Verified:
    """What the public may know about one issued document."""

    kind: str
    holder: str
    status: str
    registration_number: str = ""
    crafts: tuple[str, ...] = ()
    governorate: str = ""
    document_number: str = ""
    issued_on: datetime.date | None = None
    valid_until: datetime.date | None = None
    # The day the status began, for revoked, replaced and expired documents.
    status_date: datetime.date | None = None
    # Document-specific lines: the edition, place and work of a certificate; a design's number
    # and deposit date. (label, value) pairs, both already in the page's language.
    details: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def status_label(self) -> str:
        return Status.LABELS[self.status]

    @property
    def is_valid(self) -> bool:
        return self.status == Status.VALID


Resolver = Callable[[str], Verified | None]


@functools.cache
def resolvers() -> tuple[Resolver, ...]:
    """Each app's ``AppConfig.verification_resolver``, in ``INSTALLED_APPS`` order:
    ``resolver(token)`` answers for that app's documents."""
    return tuple(
        import_string(config.verification_resolver)
        for config in apps.get_app_configs()
        if getattr(config, "verification_resolver", None)
    )


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def resolve(token: str) -> Verified | None:
    if not _TOKEN.match(token):
        return None
    for resolver in resolvers():
        found = resolver(token)
        if found is not None:
            return found
    return None


def lifetime_status(
    *, revoked_on=None, replaced_on=None, valid_until=None, today=None
) -> tuple[str, datetime.date | None]:
    """The public status of a document from its dates: the rule is the same for every kind."""
    today = today or timezone.localdate()
    if revoked_on:
        return Status.REVOKED, revoked_on
    if replaced_on:
        return Status.REPLACED, replaced_on
    if valid_until and valid_until < today:
        return Status.EXPIRED, valid_until
    return Status.VALID, None


def verification_path(token: str) -> str:
    """The address without a language: the site sends each visitor to their own language.

    A printed QR code serves whoever scans it; an Arabic or English prefix would pick for them.
    """
    path = reverse("verify", args=[token])
    language = path.split("/", 2)[1]
    return path.removeprefix(f"/{language}")


def public_base_url(request) -> str:
    """Scheme and host of the addresses printed on documents, without a trailing slash.

    ``CRAFTSREG_PUBLIC_URL`` (the site's public address) when set, so a card printed from an
    internal host still carries the address the public can reach; the request's host otherwise.
    A background job that prints documents is given this when it is asked for (a worker has no
    request to read a host from).
    """
    base = getattr(settings, "CRAFTSREG_PUBLIC_URL", "")
    if base:
        return base.rstrip("/")
    return request.build_absolute_uri("/").rstrip("/")


def verification_url(request, token: str) -> str:
    """The absolute address printed under a document's QR code."""
    return verification_url_at(public_base_url(request), token)


def verification_url_at(base: str, token: str) -> str:
    """The same address, from a base found earlier by ``public_base_url``."""
    return base.rstrip("/") + verification_path(token)


def qr_svg(url: str, *, scale: int = 2) -> str:
    """The QR code of ``url`` as inline SVG (no image file, nothing for the CSP to refuse)."""
    return segno.make(url, error="m").svg_inline(scale=scale, dark="#000", border=2)


def _rate_limited(request) -> bool:
    """True when this address asked more than the setting allows in the current minute.

    When the cache cannot count (Redis down) the page is served: a reader is never refused
    because of the cache (craftsreg.ratelimit).
    """
    return ratelimit.hit_address(
        request, "verify", limit=settings.CRAFTSREG_VERIFY_RATE_PER_MINUTE, window=60
    )


@require_safe
def verify_view(request, token: str):
    if _rate_limited(request):
        response = render(request, "verify_rate_limited.html", status=429)
        response["Retry-After"] = "60"
        return response
    verified = resolve(token)
    if verified is None:
        raise Http404("No such document.")
    response: HttpResponse = render(
        request, "verify.html", {"title": _("Verify a document"), "doc": verified}
    )
    # Any cache may keep the page but must ask again each time (an ETag makes that a cheap 304):
    # a card revoked a minute ago must never be shown as valid from a cache.
    set_response_etag(response)
    response["Cache-Control"] = "public, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return get_conditional_response(request, etag=response["ETag"], response=response)
