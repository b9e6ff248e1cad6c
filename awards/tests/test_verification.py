"""Award certificates carry a QR code that anyone can check without signing in."""

import pytest
from django.urls import reverse
from django.utils import translation

from awards.models import NominationStatus, Stage
from awards.tests.factories import set_stage
from craftsreg.tests.html import parse
from craftsreg.verification import verification_path


@pytest.fixture
def announced(world):
    world.finalise()
    n = world.dhofar_nomination
    n.status, n.rank = NominationStatus.WINNER, 1
    n.save()
    set_stage(world.edition, Stage.ANNOUNCED)
    return world


def _verify(client, nomination):
    return client.get(f"/en/verify/{nomination.certificate_token}/")


def test_the_certificate_prints_its_qr_code_and_address(client, announced):
    winner = announced.dhofar_nomination
    page = client.get(reverse("awards:certificate", args=[5, winner.pk])).content.decode()

    assert 'class="segno"' in page
    assert f"http://testserver{verification_path(winner.certificate_token)}" in page


def test_a_winners_certificate_verifies_with_place_edition_and_work(client, announced):
    winner = announced.dhofar_nomination

    with translation.override("en"):
        doc = _verify(client, winner).context["doc"]

    assert doc.status == "valid"
    assert doc.holder == winner.artisan.name_en
    assert doc.document_number == f"SQA-2017-05-{winner.pk:05d}"
    details = dict(doc.details)
    assert details["Result"] == "First place" and details["Work"] == winner.title_en


def test_a_finalists_certificate_verifies_and_shows_no_private_field(client, announced):
    finalist = announced.muscat_nomination
    response = _verify(client, finalist)

    assert response.context["doc"].status == "valid"
    html = response.content.decode()
    assert finalist.artisan.civil_number not in html
    assert finalist.artisan.phone[-8:] not in html


def test_no_certificate_answers_before_the_announcement(client, world):
    world.finalise()

    assert _verify(client, world.dhofar_nomination).status_code == 404


def test_a_work_taken_out_of_the_finalists_reads_revoked(client, announced):
    finalist = announced.muscat_nomination
    finalist.status = NominationStatus.NOT_RECOMMENDED
    finalist.save()

    assert _verify(client, finalist).context["doc"].status == "revoked"


def test_every_nomination_has_its_own_token(announced):
    tokens = {
        announced.dhofar_nomination.certificate_token,
        announced.muscat_nomination.certificate_token,
    }
    assert len(tokens) == 2 and all(len(token) == 32 for token in tokens)


def test_the_certificates_tab_is_titled_by_the_view(client, announced):
    # Issue 12: the title is written once, in the view; the certificate has no site heading.
    winner = announced.dhofar_nomination
    with translation.override("en"):
        response = client.get(reverse("awards:certificate", args=[5, winner.pk]))

        assert response.context["title"] == f"Certificate — {winner.artisan.name}"
        tab = parse(response.content.decode()).find("title").text
        assert tab == f"Certificate — {winner.artisan.name} — Public Authority for Craft Industries"
