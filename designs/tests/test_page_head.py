"""The designs pages and the verification page say what they are once, in the view (issue 12):
the tab's title is the view's ``title``, the page's one <h1> its ``heading`` (or the title)."""

import pytest
from django.utils import translation

from craftsreg.tests.html import page_head, parse
from designs.tests.factories import DesignFactory

pytestmark = pytest.mark.django_db

SITE = "Public Authority for Craft Industries"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_the_catalogue_has_its_title_and_lead_from_the_view(client):
    response = client.get("/en/designs/")

    assert response.context["title"] == "Registered craft designs"
    assert page_head(response) == (
        f"Registered craft designs — {SITE}",
        ["Registered craft designs"],
    )
    (lead,) = parse(response.content.decode()).find_all("p", class_="lead")
    assert lead.text.startswith("Craft designs created by the Authority and by Omani artisans")


def test_the_catalogue_keeps_its_arabic(client):
    with translation.override("ar"):
        response = client.get("/ar/designs/")

    assert page_head(response) == (
        "التصاميم الحرفية المودعة — الهيئة العامة للصناعات الحرفية",
        ["التصاميم الحرفية المودعة"],
    )


def test_a_designs_tab_names_the_catalogue_its_heading_the_design(client):
    design = DesignFactory(title_en="Frankincense burner")

    response = client.get(f"/en/designs/{design.number}/")

    assert response.context["heading"] == "Frankincense burner"
    assert page_head(response) == (
        f"Frankincense burner — Registered craft designs — {SITE}",
        ["Frankincense burner"],
    )


def test_the_certificate_has_the_views_title_and_only_the_certificates_heading(client):
    design = DesignFactory(title_en="Frankincense burner")

    response = client.get(f"/en/designs/{design.number}/certificate/")

    tab, headings = page_head(response)
    assert tab == f"Deposit certificate — Frankincense burner — {SITE}"
    assert headings == ["شهادة إيداع تصميم حرفي"]  # the certificate's own, printed in Arabic


def test_the_verification_page_has_the_views_title(client):
    design = DesignFactory()

    response = client.get(f"/en/verify/{design.certificate_token}/")

    assert response.context["title"] == "Verify a document"
    assert page_head(response) == (f"Verify a document — {SITE}", ["Verify a document"])
