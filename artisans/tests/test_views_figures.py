"""Charts as SVG files and embeddable views; permalinks and the citation line."""

import datetime
from xml.etree import ElementTree

import pytest

from artisans.tests.factories import ArtisanFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def registry(fresh_statistics_cache, salalah):
    ArtisanFactory.create_batch(3, wilayat=salalah, registered_on=datetime.date(2016, 2, 1))
    ArtisanFactory.create_batch(2, wilayat=salalah, registered_on=datetime.date(2017, 2, 1))


def test_chart_downloads_as_a_standalone_svg_file(client):
    response = client.get("/en/statistics/governorates.svg", {"year": "2017"})

    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert 'filename="governorates-2017.svg"' in response["Content-Disposition"]
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{SVG}svg" and root.get("width") == "720"
    assert root.find(f"{SVG}title").text == "Registered artisans by governorate"
    assert len(root.findall(f".//{SVG}rect")) == 11
    labels = [text.text for text in root.iter(f"{SVG}text")]
    assert labels[:2] == ["Dhofar", "5"]
    # The file keeps its colours without the site's stylesheet.
    assert all(rect.get("fill") for rect in root.iter(f"{SVG}rect"))


def test_a_table_without_a_chart_has_no_svg(client):
    assert client.get("/en/statistics/governorates/OM-ZU/wilayats.svg").status_code == 404


def test_only_the_embed_view_may_be_framed_by_other_sites(client):
    for _ in range(2):  # rendered, then served from the page cache
        embed = client.get("/ar/statistics/years.embed")
        assert embed.status_code == 200
        assert "frame-ancestors *" in embed["Content-Security-Policy"]
        assert not embed.has_header("X-Frame-Options")
        html = embed.content.decode()
        assert 'class="site-header"' not in html and 'class="chart"' in html
        assert 'href="http://testserver/ar/statistics/?year=2017" target="_top"' in html

    page = client.get("/ar/statistics/")
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"


def test_pages_carry_a_permalink_that_names_the_period(client):
    response = client.get("/en/statistics/crafts/pottery/", {"gender": "female"})

    assert response.context["permalink"] == (
        "http://testserver/en/statistics/crafts/pottery/?gender=female&year=2017"
    )
    html = response.content.decode()
    assert "Cite these figures:" in html and "as of 31 December 2017" in html
    links = response.context["downloads"]["gender"]
    assert links["svg"] == "/en/statistics/crafts/pottery/gender.svg?gender=female"
    assert links["embed"] == "/en/statistics/crafts/pottery/gender.embed?gender=female"
