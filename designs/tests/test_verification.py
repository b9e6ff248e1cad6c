"""A deposited design's printable certificate carries a QR code anyone can check."""

import pytest

from artisans.tests.factories import ArtisanFactory
from craftsreg.verification import verification_path
from designs.models import Design
from designs.tests.factories import DesignFactory

pytestmark = pytest.mark.django_db


def test_the_printable_certificate_is_bilingual_with_its_qr_and_address(client):
    design = DesignFactory()

    page = client.get(f"/en/designs/{design.number}/certificate/").content.decode()

    assert design.title_ar in page and design.title_en in page
    assert design.certificate_number in page
    assert 'class="segno"' in page
    assert f"http://testserver{verification_path(design.certificate_token)}" in page


def test_a_deposited_designs_certificate_verifies(client):
    artisan = ArtisanFactory(name_en="Salim Al Hinai")
    design = DesignFactory(
        creator_kind=Design.Party.ARTISAN,
        creator_artisan=artisan,
        holder_kind=Design.Party.ARTISAN,
        holder_artisan=artisan,
    )

    response = client.get(f"/en/verify/{design.certificate_token}/")

    doc = response.context["doc"]
    assert (doc.status, doc.document_number, doc.holder) == (
        "valid",
        design.certificate_number,
        "Salim Al Hinai",
    )
    assert dict(doc.details)["Design number"] == design.number
    html = response.content.decode()
    assert artisan.civil_number not in html and artisan.phone[-8:] not in html


def test_a_hidden_design_has_no_certificate_anywhere(client):
    design = DesignFactory(hidden=True)

    assert client.get(f"/en/designs/{design.number}/certificate/").status_code == 404
    assert client.get(f"/en/verify/{design.certificate_token}/").status_code == 404


def test_a_certificate_whose_design_left_the_register_reads_revoked(client):
    design = DesignFactory()
    Design.objects.filter(pk=design.pk).update(
        status=Design.Status.WITHDRAWN, status_reason="Withdrawn by the holder"
    )

    doc = client.get(f"/en/verify/{design.certificate_token}/").context["doc"]

    assert doc.status == "revoked"
    assert client.get(f"/en/designs/{design.number}/certificate/").status_code == 404
