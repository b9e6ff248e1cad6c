"""Which period a statistics page shows by default, and what its growth headline compares."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from artisans.models import Craft
from artisans.tests.factories import ArtisanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_statistics_cache")]

PAGES = ["/en/statistics/", "/ar/statistics/governorates/OM-ZU/", "/en/statistics/crafts/pottery/"]


@pytest.fixture
def registry_to_2017(salalah):
    pottery = Craft.objects.get(code="pottery")
    for year, n in ((2015, 2), (2016, 4), (2017, 5)):
        ArtisanFactory.create_batch(
            n,
            wilayat=salalah,
            primary_craft=pottery,
            registered_on=datetime.date(year, 6, 1),
        )


@pytest.mark.parametrize("address", PAGES)
def test_default_period_is_the_latest_year_with_data(client, registry_to_2017, address):
    response = client.get(address)

    context = response.context
    assert context["year"] == 2017
    assert not context["is_current_year"]  # 2017 is complete: "as of 31 December 2017"
    # No rows of zeros for the years after the last registration.
    assert [row.year for row in context["year_rows"]] == [2015, 2016, 2017]
    assert context["filterset"].form.fields["year"].choices[0] == ("2017", "2017")
    # Growth: the register at the end of 2017 (11) against the end of 2016 (6).
    assert (context["growth_year"], context["growth_base_year"]) == ("2017", "2016")
    assert context["growth"] == Decimal("83.33")


def test_headline_says_which_years_it_compares(client, registry_to_2017):
    html = client.get("/en/statistics/").content.decode()

    assert "Growth in 2017 compared with 2016" in html
    assert "as of 31 December 2017" in html
    assert "to date" not in html


def test_a_year_after_the_latest_data_is_not_offered(client, registry_to_2017):
    response = client.get("/en/statistics/", {"year": "2018"})

    assert response.status_code == 400
    assert "Choose a year from the list." in response.content.decode()


def test_the_year_in_progress_is_shown_to_date_with_the_growth_of_the_last_complete_year(
    client, salalah
):
    this_year = timezone.localdate().year
    ArtisanFactory.create_batch(
        2, wilayat=salalah, registered_on=datetime.date(this_year - 2, 1, 1)
    )
    ArtisanFactory.create_batch(
        3, wilayat=salalah, registered_on=datetime.date(this_year - 1, 1, 1)
    )
    ArtisanFactory(wilayat=salalah, registered_on=datetime.date(this_year, 1, 1))

    response = client.get("/en/statistics/")

    context = response.context
    assert context["year"] == this_year and context["is_current_year"]
    assert f"{this_year} to date" in response.content.decode()
    # Two complete years: the last one against the one before (5 against 2).
    assert (context["growth_year"], context["growth_base_year"]) == (
        str(this_year - 1),
        str(this_year - 2),
    )
    assert context["growth"] == Decimal("150.00")
