"""With the demo registry, the pages compute the source article's 2017 figures back from the rows.

docs/sources.md §1: 20,642 artisans; Dhofar 6,224; North + South Batinah 4,685; North +
South Sharqiyah 4,972; growth of more than 17 % over 2016; cotton weaving 6,590, wool weaving
5,005, incense and cosmetics 3,051.
"""

from decimal import Decimal

import pytest

from artisans.demo import seed_artisans
from craftsreg.tests.html import parse, stat

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, fresh_statistics_cache):
    seed_artisans()


def test_the_2017_figures_of_the_article_come_out_of_the_demo_registry(client, demo):
    governorates = client.get("/en/statistics/governorates.json?year=2017").json()
    crafts = client.get("/en/statistics/crafts.json?year=2017").json()
    years = client.get("/en/statistics/years.json?year=2017").json()
    html = client.get("/ar/statistics/?year=2017").content.decode()

    assert governorates["total"] == 20_642
    by_code = {g["code"]: g["artisans"] for g in governorates["governorates"]}
    assert governorates["governorates"][0] == {
        "code": "OM-ZU",
        "name": "Dhofar",
        "artisans": 6_224,
        "share": 30.15,
    }
    assert by_code["OM-BS"] + by_code["OM-BJ"] == 4_685
    assert by_code["OM-SS"] + by_code["OM-SJ"] == 4_972
    assert [(by_code[c]) for c in ("OM-DA", "OM-WU", "OM-MA", "OM-ZA", "OM-MU", "OM-BU")] == [
        2_008, 1_329, 465, 424, 348, 187,
    ]  # fmt: skip
    assert [(c["code"], c["artisans"]) for c in crafts["crafts"][:3]] == [
        ("cotton-weaving", 6_590),
        ("wool-weaving", 5_005),
        ("incense-cosmetics", 3_051),
    ]
    growth = Decimal(str(years["years"][-1]["growth"]))
    assert years["years"][-1]["year"] == 2017 and Decimal(17) < growth < Decimal(18)

    assert "محافظة ظفار الأكثر حرفيين مسجلين: 6,224 من أصل 20,642" in html
    assert stat(html, "growth") == "17.50%"
    note = parse(html).find(id="reported-together").text
    assert "شمال الباطنة + جنوب الباطنة: 4,685" in note
    assert "شمال الشرقية + جنوب الشرقية: 4,972" in note


def test_without_a_year_the_pages_show_the_demos_latest_year_2017(client, demo):
    response = client.get("/en/statistics/")

    assert response.context["year"] == 2017
    assert response.context["growth"] == Decimal("17.50")
    assert (response.context["growth_year"], response.context["growth_base_year"]) == (
        "2017",
        "2016",
    )
    assert response.context["year_rows"][-1].year == 2017
