"""The home and statistics pages say what they are once, in the view (issue 12): the tab's title
is the view's ``title``, the page's one <h1> its ``heading`` (or the title), from the same
msgids as before, so the Arabic carries over."""

import pytest
from django.urls import reverse
from django.utils import translation

from artisans.models import Craft
from artisans.tests.factories import ArtisanFactory
from craftsreg.tests.html import page_head, parse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_statistics_cache")]

SITE = "Public Authority for Craft Industries"


@pytest.fixture(autouse=True)
def english():
    # The view's lazy title is read in the test's language, as the English page shows it.
    with translation.override("en"):
        yield


def get(client, name, lang="en", params=None, **kwargs):
    with translation.override(lang):
        return client.get(reverse(name, kwargs=kwargs or None), params)


def test_the_home_page_heading_says_more_than_its_tab(client):
    response = get(client, "home")

    assert response.context["title"] == "Home"
    assert page_head(response) == (f"Home — {SITE}", ["Craft Industries Registry"])
    lead = parse(response.content.decode()).find("section", class_="hero").find("p", class_="lead")
    assert lead.text.startswith("The official registry of the Public Authority")


def test_the_home_page_keeps_its_arabic(client):
    response = get(client, "home", lang="ar")

    assert page_head(response) == (
        "الرئيسية — الهيئة العامة للصناعات الحرفية",
        ["سجل الصناعات الحرفية"],
    )


@pytest.mark.parametrize(
    ("name", "kwargs", "title", "heading"),
    [
        (
            "artisans:statistics",
            {},
            "Statistics",
            "Dhofar has the most registered artisans: 10 of 10",
        ),
        (
            "artisans:governorate_statistics",
            {"code": "OM-ZU"},
            "Dhofar — Statistics",
            "Salalah has the most artisans in Dhofar: 10 of 10",
        ),
        (
            "artisans:craft_statistics",
            {"code": "pottery"},
            "Pottery — Statistics",
            "Dhofar has the most artisans of Pottery: 10 of 10",
        ),
        (
            "artisans:craft_index",
            {},
            "Crafts and their future — Statistics",
            "Crafts and their future: are they passed on to young people?",
        ),
    ],
)
def test_each_statistics_page_has_its_views_title_and_finding(
    client, salalah, name, kwargs, title, heading
):
    ArtisanFactory.create_batch(
        10, wilayat=salalah, primary_craft=Craft.objects.get(code="pottery")
    )

    response = get(client, name, **kwargs)

    assert response.status_code == 200
    assert (response.context["title"], response.context["heading"]) == (title, heading)
    assert page_head(response) == (f"{title} — {SITE}", [heading])


@pytest.mark.parametrize(
    ("name", "kwargs", "title", "heading"),
    [
        ("artisans:statistics", {}, "Statistics", "Registered artisans"),
        ("artisans:governorate_statistics", {"code": "OM-ZU"}, "Dhofar — Statistics", "Dhofar"),
        ("artisans:craft_statistics", {"code": "pottery"}, "Pottery — Statistics", "Pottery"),
        (
            "artisans:craft_index",
            {},
            "Crafts and their future — Statistics",
            "Crafts and their future: are they passed on to young people?",
        ),
    ],
)
def test_with_an_invalid_choice_the_heading_names_the_subject(client, name, kwargs, title, heading):
    # The crafts' page has no gender filter: a year outside the registry is invalid everywhere.
    response = get(client, name, params={"year": "1800"}, **kwargs)

    assert response.status_code == 400
    assert page_head(response) == (f"{title} — {SITE}", [heading])


def test_an_embedded_chart_is_titled_by_its_chart(client, salalah):
    ArtisanFactory(wilayat=salalah)

    response = client.get("/en/statistics/governorates/OM-ZU/years.embed")

    assert response.context["title"] == "New registrations per year — Dhofar"
    (h1,) = parse(response.content.decode()).find_all("h1", class_="embed__title")
    assert page_head(response) == (f"{h1.text} — {SITE}", [h1.text])
    assert h1.text == "New registrations per year — Dhofar"
