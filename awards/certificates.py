"""Certificates of winners and finalists: one on the public page, or a whole edition's in one
printable file written by a background job (awards.tasks).

Both go through ``certificate_context`` and the same template part, so a certificate printed
from the batch is the one the public page shows, with the same serial and QR code.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext

from awards.models import (
    CategoryResult,
    CommitteeKind,
    CommitteeMembership,
    Edition,
    Nomination,
    NominationStatus,
)
from awards.people import bilingual_names
from craftsreg import printable, verification

STYLESHEETS = ("css/site.css", "css/awards.css")


def job_params(request, edition: Edition) -> dict:
    """The parameters of the job that prints ``edition``'s certificates (awards.tasks)."""
    return {
        "edition": edition.pk,
        # The address printed under each QR code: a worker has no request to read a host from.
        "base_url": verification.public_base_url(request),
        "summary": gettext("Edition %(number)s") % {"number": edition.number},
    }


def chair_of(edition: Edition):
    """The chair of the edition's main committee (their name signs when none is set)."""
    membership = (
        CommitteeMembership.objects.filter(
            committee__edition=edition, committee__kind=CommitteeKind.MAIN, is_chair=True
        )
        .select_related("user__staff_profile")
        .first()
    )
    return membership.user if membership else None


def certificate_context(nomination, *, edition, approval, chair, base_url: str) -> dict:
    """What the certificate template part needs for one nomination."""
    verify_url = verification.verification_url_at(base_url, nomination.certificate_token)
    # The edition's signatory, else the chair's own names; an edition without a chair (or a
    # chair without a profile) signs with the title alone rather than fail.
    chair_ar, chair_en = bilingual_names(chair)
    return {
        "signatory_ar": edition.signatory_ar or chair_ar,
        "signatory_en": edition.signatory_en or chair_en,
        "edition": edition,
        "winner": nomination,
        "is_winner": nomination.status == NominationStatus.WINNER,
        "approval": approval,
        "chair": chair,
        "verify_url": verify_url,
        "qr": verification.qr_svg(verify_url),
    }


def render_certificate(context: dict) -> str:
    return render_to_string("awards/includes/_certificate.html", context)


def write_batch(path, edition: Edition, *, base_url: str, on_certificate=None) -> int:
    """Every certificate of the edition (``Nomination.objects.certified``) into one printable
    file at ``path``, one A4 page each, winners first within a category; returns how many."""
    approvals = {
        result.category_id: result
        for result in CategoryResult.objects.filter(category__edition=edition)
    }
    chair = chair_of(edition)

    def parts():
        nominations = Nomination.objects.certified(edition).with_registry()
        for nomination in nominations.select_related("category__edition").iterator(200):
            yield render_certificate(
                certificate_context(
                    nomination,
                    edition=edition,
                    approval=approvals.get(nomination.category_id),
                    chair=chair,
                    base_url=base_url,
                )
            )
            if on_certificate:
                on_certificate()

    return printable.write_document(
        path,
        title=gettext("Certificates of edition %(number)s") % {"number": edition.number},
        stylesheets=STYLESHEETS,
        help_text=gettext(
            "Print with your browser's print command: each certificate prints on one A4 page."
        ),
        body_class="certificate-batch",
        parts=parts(),
    )
