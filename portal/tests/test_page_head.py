"""The page head written once: the view gives ``title`` (and ``heading``, ``lead``), the
section's base shows it as the browser tab's title and as the page's one <h1>, so the two cannot
drift (includes/_page_head.html)."""

import pytest
from django.urls import reverse
from django.utils import translation

from artisans.tests.factories import ArtisanFactory
from craftsreg.tests.html import parse
from portal.tests.test_self_service import linked

SITE = "Public Authority for Craft Industries"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("url_name", "title", "heading", "lead"),
    [
        ("portal:home", "Artisans' portal", None, "Apply to be registered as an artisan"),
        ("portal:sign_in", "Sign in to the portal", None, None),
        ("portal:sign_up", "Create a portal account", None, "One account per person."),
        ("portal:password_reset", "Reset your password", None, "Enter the e-mail address"),
        ("portal:password_reset_done", "Check your e-mail", None, "If a portal account"),
        ("portal:privacy", "Privacy notice", None, None),
        ("awards:login", "Sign in to judging", None, "For members of the award's"),
        (
            "awards:edition_list",
            "Sultan Qaboos Award for Craft Excellence",
            None,
            "The award honours",
        ),
    ],
)
def test_the_tab_and_the_one_heading_say_the_views_title(
    client, db, url_name, title, heading, lead
):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.context["title"] == title
    page = parse(response.content.decode())
    assert page.find("title").text == f"{title} — {SITE}"
    (h1,) = page.find_all("h1")
    assert h1.text == (heading or title)
    leads = page.find_all("p", class_="lead")
    if lead is None:
        assert not leads
    else:
        assert leads[0].text.startswith(lead)


def test_a_heading_may_say_more_than_the_tab(client, db, django_user_model):
    client.force_login(linked(django_user_model, "a1", ArtisanFactory()))
    page = parse(client.get(reverse("portal:record")).content.decode())
    assert page.find("title").text == f"My record — {SITE}"
    assert [h1.text for h1 in page.find_all("h1")] == ["My record in the registry"]
