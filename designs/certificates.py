"""Deposit certificates of designs: one on the public page, or a deposit batch's in one
printable file written by a background job (designs.tasks).

Both go through ``certificate_context`` and the same template part, so a certificate printed
from the batch is the one the public page shows, with the same QR code.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from craftsreg import printable, verification
from designs.models import Design

STYLESHEETS = ("css/site.css", "css/designs.css")


def certificate_context(design: Design, *, base_url: str) -> dict:
    """What the certificate template part needs for one deposited design."""
    url = verification.verification_url_at(base_url, design.certificate_token)
    context = {"design": design, "verify_url": url, "qr": verification.qr_svg(url)}
    # Both halves of the certificate, whatever the page's language.
    for language in ("ar", "en"):
        with translation.override(language):
            context[f"creator_{language}"] = design.creator_public_name()
            context[f"holder_{language}"] = design.holder_public_name()
    return context


def render_certificate(context: dict) -> str:
    return render_to_string("designs/includes/_certificate.html", context)


def batch_designs(batch):
    """The designs of a batch that have a deposit certificate (deposited), in number order."""
    return (
        Design.objects.public()
        .filter(batch=batch)
        .select_related("batch", "product_kind", "creator_artisan", "holder_artisan")
        .order_by("suffix", "pk")
    )


def write_batch(path, batch, *, base_url: str, on_certificate=None) -> int:
    """Every deposit certificate of ``batch`` into one printable file at ``path``, one A4 page
    each; returns how many."""

    def parts():
        for design in batch_designs(batch).iterator(200):
            yield render_certificate(certificate_context(design, base_url=base_url))
            if on_certificate:
                on_certificate()

    return printable.write_document(
        path,
        title=gettext("Deposit certificates of batch %(batch)s") % {"batch": batch},
        stylesheets=STYLESHEETS,
        help_text=gettext(
            "Print with your browser's print command: each certificate prints on one A4 page."
        ),
        body_class="deposit-certificate-batch",
        parts=parts(),
    )
