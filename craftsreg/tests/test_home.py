import pytest

from artisans.tests.factories import ArtisanFactory
from craftsreg.tests.html import parse

pytestmark = pytest.mark.django_db


def _stat(html: str, name: str) -> str:
    return parse(html).find(data_stat=name).text


def test_home_shows_live_headline_numbers(client):
    ArtisanFactory.create_batch(4)
    response = client.get("/en/")
    assert _stat(response.text, "artisans") == "4"
    assert _stat(response.text, "governorates") == "11"
    assert _stat(response.text, "crafts") == "15"


def test_home_links_to_staff_sign_in_in_the_same_language(client):
    assert 'href="/ar/admin/"' in client.get("/ar/").text


@pytest.mark.parametrize("size", [1, 30])
def test_home_query_count_does_not_grow_with_the_registry(client, django_assert_num_queries, size):
    ArtisanFactory.create_batch(size)
    with django_assert_num_queries(3):
        client.get("/ar/")
    with django_assert_num_queries(0):  # cached until the registry changes
        client.get("/en/")


def test_home_numbers_change_as_soon_as_an_artisan_is_added(
    client, django_capture_on_commit_callbacks
):
    ArtisanFactory()
    assert _stat(client.get("/en/").text, "artisans") == "1"
    with django_capture_on_commit_callbacks(execute=True):
        ArtisanFactory()
    assert _stat(client.get("/en/").text, "artisans") == "2"


@pytest.mark.parametrize(
    ("language", "label"), [("ar", "بوابة الحرفيين"), ("en", "Artisans' portal")]
)
def test_main_menu_leads_artisans_to_their_portal(client, language, label):
    menu = parse(client.get(f"/{language}/").text).find("nav", **{"class": "site-nav"})
    links = {a.text: a.attrs["href"] for a in menu.find_all("a")}
    assert links[label] == f"/{language}/portal/"
