"""Demo craft cards: a few dozen artisans of Dhofar and Muscat hold one.

Cards are dated relative to today, so the demo always shows valid cards, plus one expired, one
revoked and one renewed (its old card reads "replaced"), and cards at each step of delivery.
Tokens are derived from the registration number so the printed address stays the same from one
demo build to the next; real tokens are random (craftsreg.verification.new_token).
"""

import base64
import datetime
import hashlib

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from artisans.models import Artisan
from cards.models import ArtisanCard
from craftsreg.verification import verification_path

CARDS_PER_GOVERNORATE = {"OM-ZU": 40, "OM-MA": 20}


def _demo_token(registration_number: str, sequence: int) -> str:
    digest = hashlib.sha256(f"craftsreg-demo-card:{registration_number}:{sequence}".encode())
    return base64.urlsafe_b64encode(digest.digest()).decode()[:32]


def _delivery(issued_on, today, by) -> dict:
    """The newest cards wait to be printed, the next few wait for collection, older ones were
    collected a week after they were issued (every third by a relative): the queue has work."""
    age = (today - issued_on).days
    if age < 14:
        return {}
    printed_on = issued_on + datetime.timedelta(days=2)
    if age < 35 or by is None:  # a hand-over names its officer
        return {"printed_on": printed_on}
    return {
        "printed_on": printed_on,
        "handed_over_on": issued_on + datetime.timedelta(days=7),
        "handed_over_by": by,
        "collected_by": "خالد، ابنه" if age % 3 == 0 else "",
    }


def _card(artisan, sequence, issued_on, by, **extra) -> ArtisanCard:
    card = ArtisanCard(
        artisan=artisan,
        sequence=sequence,
        issued_on=issued_on,
        valid_until=ArtisanCard.validity_end(issued_on),
        token=_demo_token(artisan.registration_number, sequence),
        issued_by=by,
        **extra,
    )
    card._change_reason = "Issued (demo)"
    card.save()
    return card


@transaction.atomic
def seed(stdout) -> list[tuple[str, list[str]]]:
    """Demo cards in every status; returns the addresses to try, for seed_demo to print."""
    if ArtisanCard.objects.exists():
        stdout.write("Craft cards: already there.")
        return _examples_note()
    today = timezone.localdate()
    by = get_user_model().objects.filter(username="registrar").first()
    artisans = []
    for code, count in CARDS_PER_GOVERNORATE.items():
        artisans += list(
            Artisan.objects.active()
            .filter(governorate__code=code)
            .order_by("registration_number")[:count]
        )
    for index, artisan in enumerate(artisans):
        issued_on = today - datetime.timedelta(days=7 * index)
        if index == 1:  # issued four years ago and never renewed: expired
            issued_on = today.replace(year=today.year - 4)
        card = _card(artisan, 1, issued_on, by, **_delivery(issued_on, today, by))
        if index == 2:
            card.status = ArtisanCard.Status.REVOKED
            card.status_changed_on = today - datetime.timedelta(days=3)
            card.revocation_reason = "Registration cancelled at the artisan's request (demo)."
            card._change_reason = card.revocation_reason
            card.save()
        elif index == 3:
            card.status = ArtisanCard.Status.REPLACED
            card.replacement = ArtisanCard.Replacement.RENEWAL
            card.status_changed_on = today - datetime.timedelta(days=1)
            card._change_reason = "Renewed (demo)"
            card.save()
            _card(artisan, 2, card.status_changed_on, by, replaces=card)
    stdout.write(f"Craft cards: {len(artisans)} artisans hold one.")
    return _examples_note()


def _examples_note() -> list[tuple[str, list[str]]]:
    lines = [f"  {status:<9} http://127.0.0.1:8000{path}" for status, path in example_paths()]
    return [("Craft cards anyone can verify (no sign-in):", lines)]


def example_paths() -> list[tuple[str, str]]:
    """(status, address) of demo cards to try, printed by seed_demo."""
    today = timezone.localdate()
    examples, seen = [], set()
    for card in ArtisanCard.objects.select_related("artisan").order_by(
        "artisan__registration_number", "sequence"
    ):
        status = card.public_status(today)[0]
        if status not in seen:
            seen.add(status)
            examples.append((status, verification_path(card.token)))
    return examples
