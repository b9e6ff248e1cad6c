"""Public statistics pages: figures, filters, downloads, privacy, caching and query counts."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from artisans.models import Artisan, Craft, Governorate, Wilayat
from artisans.tests.factories import ArtisanFactory
from craftsreg.tests.html import cells, parse, stat

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_statistics_cache")]


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"artisans:{name}", kwargs=kwargs or None)


def text(response) -> str:
    return response.content.decode()


def row_cells(html: str, code: str) -> list[str]:
    """Cell texts of the table row with ``data-code=code``."""
    return cells(parse(html).find("tr", data_code=code))


def read_csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff"), "CSV must start with a UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(body[1:])))


def wilayat(name_en) -> Wilayat:
    return Wilayat.objects.get(name_en=name_en)


def craft(code) -> Craft:
    return Craft.objects.get(code=code)


def registry(size: int):
    """``size`` artisans spread over governorates, wilayats, crafts, genders and years."""
    wilayats = list(Wilayat.objects.order_by("pk"))
    crafts = list(Craft.objects.order_by("pk"))
    for index in range(size):
        artisan = ArtisanFactory(
            wilayat=wilayats[index * 7 % len(wilayats)],
            primary_craft=crafts[index % len(crafts)],
            gender="male" if index % 3 else "female",
            # Newest first, so even the smallest registry has data up to 2017.
            registered_on=datetime.date(2017 - index % 8, 1 + index % 12, 1),
        )
        if index % 4 == 0:
            artisan.other_crafts.add(crafts[(index + 1) % len(crafts)])


# --- Overview ----------------------------------------------------------------------------------


def test_overview_lists_all_governorates_with_counts_shares_and_total(client, salalah, muscat):
    ArtisanFactory.create_batch(3, wilayat=salalah)
    ArtisanFactory(wilayat=muscat.wilayats.get(name_en="Muttrah"))

    response = client.get(url("statistics"))

    html = text(response)
    assert response.status_code == 200
    assert row_cells(html, "OM-ZU") == ["Dhofar", "3", "75.00"]
    assert row_cells(html, "OM-MA") == ["Muscat", "1", "25.00"]
    assert row_cells(html, "OM-BU") == ["Al Buraimi", "0", "0.00"]
    codes = [row.attrs.get("data-code") or "" for row in parse(html).find_all("tr")]
    assert len([code for code in codes if code.startswith("OM-")]) == 11
    assert stat(html, "total") == "4"


def test_overview_headline_and_subtitle_say_what_where_and_when(client, salalah):
    ArtisanFactory.create_batch(2, wilayat=salalah, registered_on=datetime.date(2016, 3, 1))

    html = text(client.get(url("statistics"), {"year": "2016"}))

    page = parse(html)
    assert page.find("h1").text == "Dhofar has the most registered artisans: 2 of 2"
    assert page.find("p", class_="subtitle").text.startswith(
        "Registered artisans by governorate · Sultanate of Oman · as of 31 December 2016"
    )
    assert "Source: Registry of the Public Authority for Craft Industries." in html
    assert "Data last updated:" in html


def test_year_shows_the_register_as_of_31_december(client, salalah):
    ArtisanFactory.create_batch(4, wilayat=salalah, registered_on=datetime.date(2016, 12, 31))
    ArtisanFactory(wilayat=salalah, registered_on=datetime.date(2017, 1, 1))

    html_2016 = text(client.get(url("statistics"), {"year": "2016"}))
    html_2017 = text(client.get(url("statistics"), {"year": "2017"}))

    assert row_cells(html_2016, "OM-ZU")[1] == "4"
    assert row_cells(html_2017, "OM-ZU")[1] == "5"
    # 2017 against 2016: 5 against 4 is 25 % growth.
    assert stat(html_2017, "growth") == "25.00%"
    assert parse(html_2017).find("tr", data_year="2017", class_="is-selected")


def test_filters_by_gender_craft_and_governorate(client, salalah, muscat):
    wool = craft("wool-weaving")
    ArtisanFactory.create_batch(2, wilayat=salalah, gender="female")
    ArtisanFactory(wilayat=salalah, gender="male", primary_craft=wool)
    ArtisanFactory(wilayat=muscat.wilayats.first(), gender="male")

    men = text(client.get(url("statistics"), {"gender": "male"}))
    wool_html = text(client.get(url("statistics"), {"craft": "wool-weaving"}))
    muscat_html = text(client.get(url("statistics"), {"governorate": "OM-MA"}))

    assert row_cells(men, "OM-ZU")[1] == "1" and row_cells(men, "OM-MA")[1] == "1"
    assert "gender: Male" in men
    assert row_cells(wool_html, "OM-ZU")[1] == "1" and row_cells(wool_html, "OM-MA")[1] == "0"
    assert row_cells(muscat_html, "OM-MA")[1] == "1" and row_cells(muscat_html, "OM-ZU")[1] == "0"
    # The governorate table still lists all 11 so the map stays whole.
    assert len(parse(muscat_html).find_all("path", class_="map__region")) == 11


def test_map_links_every_governorate_to_its_page_keeping_the_year(client, salalah):
    ArtisanFactory(wilayat=salalah, registered_on=datetime.date(2015, 1, 1))
    ArtisanFactory(wilayat=salalah, registered_on=datetime.date(2016, 1, 1))

    html = text(client.get(url("statistics"), {"year": "2016"}))

    page = parse(html)
    links = {
        a.attrs["href"]: a.attrs["data-code"] for a in page.find("svg", class_="map").find_all("a")
    }
    assert sorted(links.values()) == sorted(Governorate.objects.values_list("code", flat=True))
    assert links[url("governorate_statistics", code="OM-ZU") + "?year=2016"] == "OM-ZU"
    assert page.find("a", aria_label="Dhofar: 2 artisans")
    legend = [li for li in page.find_all("li") if li.find_all("span", class_="map-swatch")]
    assert len(legend) >= 2  # none + Dhofar's class
    assert "Copyright (c) 2012 Mark DiMarco" in html and "Natural Earth" in html


def test_charts_are_labelled_svg_with_the_tables_numbers(client, salalah):
    ArtisanFactory.create_batch(3, wilayat=salalah)

    html = text(client.get(url("statistics")))

    charts = parse(html).find_all("svg", class_="chart")
    assert len(charts) == 4
    for chart in charts:
        title, desc = chart.find("title"), chart.find("desc")
        assert chart.attrs["role"] == "img" and title.attrs["id"] and desc.attrs["id"]
        assert chart.attrs["aria-labelledby"] == f"{title.attrs['id']} {desc.attrs['id']}"
    governorate_chart = charts[0]
    assert len(governorate_chart.find_all("rect")) == 11
    labels = [label.text for label in governorate_chart.find_all("text")]
    assert "Dhofar" in labels and "3" in labels


def test_arabic_overview_is_rtl_with_arabic_names_and_comma_grouping(client, salalah):
    ArtisanFactory.create_batch(2, wilayat=salalah)
    Artisan.objects.bulk_create(
        [
            Artisan(
                civil_number=str(30_000_000 + i),
                registration_number=f"2017-{900_000 + i}",
                name_ar="حرفي",
                gender="female",
                governorate=salalah.governorate,
                wilayat=salalah,
                primary_craft=craft("cotton-weaving"),
                registered_on=datetime.date(2017, 1, 1),
            )
            for i in range(1_000)
        ]
    )

    response = client.get(url("statistics", lang="ar"))

    html = text(response)
    page = parse(html)
    assert page.find("html").attrs == {"lang": "ar", "dir": "rtl"}
    assert row_cells(html, "OM-ZU")[:2] == ["ظفار", "1,002"]
    assert page.find("svg", class_="chart", direction="rtl")


def test_reported_together_note_gives_the_2017_reports_merged_figures(client):
    ArtisanFactory.create_batch(2, wilayat=wilayat("Sohar"))
    ArtisanFactory.create_batch(3, wilayat=wilayat("Ar Rustaq"))
    ArtisanFactory(wilayat=wilayat("Sur"))

    html = text(client.get(url("statistics")))

    note = parse(html).find("p", id="reported-together")
    assert [strong.text for strong in note.find_all("strong")] == ["5", "1"]
    assert "Al Batinah North + Al Batinah South: 5" in note.text
    assert "Ash Sharqiyah North + Ash Sharqiyah South: 1" in note.text


def test_governorate_index_redirects_to_the_overview_table(client):
    assert client.get("/en/statistics/governorates/").url == "/en/statistics/#governorates"


# --- Governorate and craft pages ---------------------------------------------------------------


def test_governorate_page_shows_wilayats_crafts_gender_and_trend(client, salalah):
    ArtisanFactory.create_batch(10, wilayat=salalah)
    ArtisanFactory.create_batch(6, wilayat=wilayat("Taqah"))
    ArtisanFactory(wilayat=wilayat("Mirbat"), primary_craft=craft("incense-cosmetics"))

    response = client.get(url("governorate_statistics", code="OM-ZU"))

    html = text(response)
    assert response.status_code == 200
    assert parse(html).find("h1").text == "Salalah has the most artisans in Dhofar: 10 of 17"
    wilayats = {row[0]: row[1:] for row in map(cells, parse(html).find_all("tr")) if row}
    assert wilayats["Salalah governorate seat"][0] == "10"
    # Mirbat's 1 is withheld, and Taqah's 6 with it: 17 - 10 leaves 7 for the two.
    withheld = {row.name for row in response.context["wilayat_rows"] if row.suppressed}
    assert withheld == {"Mirbat", "Taqah"}
    assert wilayats["Mirbat"][0] == "[c]"
    assert parse(html).find("abbr", title="Not published (confidential)").text == "[c]"
    assert row_cells(html, "incense-cosmetics")[:2] == ["Incense and cosmetics making", "1"]
    assert parse(html).find("td", class_="num", data_stat="table-total").text == "17"


def test_governorate_headline_names_no_wilayat_when_the_largest_count_is_withheld(client, salalah):
    # Two artisans, both in Salalah: Salalah's 2 is withheld, every other wilayat has 0. The
    # headline used to name the first published row: "Dhalkut has the most artisans in
    # Dhofar: 0 of 2".
    ArtisanFactory.create_batch(2, wilayat=salalah)
    response = client.get(url("governorate_statistics", code="OM-ZU"))
    heading = parse(text(response)).find("h1").text
    assert heading == "Dhofar: 2 registered artisans"
    assert response.context["top_wilayat"] is None


def test_governorate_headline_names_no_wilayat_whose_count_is_withheld_with_another(
    client, salalah
):
    # Mirbat's 1 is withheld, and Salalah's 6 with it (secondary suppression): the table shows
    # neither, so the headline names no wilayat either.
    ArtisanFactory.create_batch(6, wilayat=salalah)
    ArtisanFactory(wilayat=wilayat("Mirbat"))
    response = client.get(url("governorate_statistics", code="OM-ZU"))
    withheld = {row.name for row in response.context["wilayat_rows"] if row.suppressed}
    assert withheld == {"Salalah", "Mirbat"}
    assert parse(text(response)).find("h1").text == "Dhofar: 7 registered artisans"


@pytest.mark.parametrize("code", ["OM-XX", "om-zu", "OM-Z", "Dhofar", "OM-ZU%00", "x" * 5000])
def test_unknown_or_malformed_governorate_codes_are_404(client, code):
    assert client.get(f"/en/statistics/governorates/{code}/").status_code == 404


def test_craft_page_counts_primary_and_other_crafts_separately(client, salalah, muscat):
    pottery = craft("pottery")
    ArtisanFactory.create_batch(2, wilayat=salalah, primary_craft=pottery)
    other = ArtisanFactory(wilayat=muscat.wilayats.first())
    other.other_crafts.add(pottery)

    html = text(client.get(url("craft_statistics", code="pottery")))

    assert parse(html).find("h1").text == "Dhofar has the most artisans of Pottery: 2 of 2"
    assert row_cells(html, "OM-ZU")[1:] == ["2", "100.00", "0"]
    assert row_cells(html, "OM-MA")[1:] == ["0", "0.00", "1"]
    assert stat(html, "other-total") == "1"


@pytest.mark.parametrize("code", ["no-such-craft", "Pottery", "pottery%00", "p" * 3000])
def test_unknown_craft_is_404(client, code):
    assert client.get(f"/en/statistics/crafts/{code}/").status_code == 404


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "abc"}, "Choose a year from the list."),
        ({"year": "1899"}, "Choose a year from the list."),
        ({"year": "2017\x00"}, "Choose a year from the list."),
        ({"year": "9" * 10_000}, "Choose a year from the list."),
        ({"governorate": "OM-XX"}, "Choose a governorate from the list."),
        ({"governorate": "OM-ZU\x00"}, "Choose a governorate from the list."),
        ({"craft": "x" * 10_000}, "Choose a craft from the list."),
        ({"gender": "other"}, "Choose women, men or both."),
    ],
)
def test_bad_filters_give_a_clear_message_and_no_figures(client, salalah, params, message):
    ArtisanFactory(wilayat=salalah)

    response = client.get(url("statistics"), params)

    assert response.status_code == 400
    html = text(response)
    assert message in html
    assert "Some choices are not valid" in html
    # The message is tied to its field for screen readers.
    field = next(iter(params))
    page = parse(html)
    assert page.find(aria_describedby=f"id_{field}_error")
    assert message in page.find("ul", class_="errorlist", id=f"id_{field}_error").text
    main = page.find("main")
    assert not main.find_all(data_stat="total")
    # The message does not echo the value (in text or attributes); only the language links,
    # outside <main>, keep the query string.
    shown = " ".join([main.text, *(str(v) for e in main.iter() for v in e.attrs.values())])
    assert "x" * 100 not in shown and "9" * 100 not in shown


def test_bad_filters_on_downloads_are_400_with_the_message(client):
    json_response = client.get(url("statistics_table", table="governorates", fmt="json"),
                               {"year": "abc\x00"})  # fmt: skip
    csv_response = client.get(url("statistics_table", table="governorates", fmt="csv"),
                              {"gender": "x"})  # fmt: skip

    assert json_response.status_code == 400
    assert json_response.json() == {"errors": {"year": ["Choose a year from the list."]}}
    assert csv_response.status_code == 400
    assert "Choose women, men or both." in text(csv_response)


def test_bad_filters_are_in_arabic_on_arabic_pages(client):
    response = client.get(url("statistics", lang="ar"), {"year": "abc"})
    assert response.status_code == 400
    assert "اختر سنة من القائمة." in text(response)


def test_unknown_table_or_format_is_404(client):
    assert client.get("/en/statistics/wilayats.csv").status_code == 404
    assert client.get("/en/statistics/governorates.xlsx").status_code == 404
    assert client.get("/en/statistics/governorates/OM-ZU/governorates.csv").status_code == 404


def test_empty_choices_redirect_to_the_short_permalink(client):
    response = client.get("/en/statistics/?year=2016&governorate=&craft=&gender=")
    assert response.status_code == 302
    assert response["Location"] == "/en/statistics/?year=2016"
    assert client.get("/en/statistics/?craft=").url == "/en/statistics/"


def test_only_get_is_allowed(client):
    assert client.post(url("statistics")).status_code == 405


# --- Downloads ---------------------------------------------------------------------------------


def test_governorates_json_has_the_documented_shape(client, salalah, muscat):
    ArtisanFactory.create_batch(3, wilayat=salalah, registered_on=datetime.date(2017, 2, 1))
    ArtisanFactory(wilayat=muscat.wilayats.first(), registered_on=datetime.date(2017, 2, 1))
    ArtisanFactory(wilayat=salalah, registered_on=datetime.date(2018, 2, 1))

    data = client.get("/en/statistics/governorates.json?year=2017").json()

    assert list(data) == ["year", "total", "governorates"]
    assert data["year"] == 2017 and data["total"] == 4
    assert data["governorates"][0] == {
        "code": "OM-ZU",
        "name": "Dhofar",
        "artisans": 3,
        "share": 75.0,
    }
    assert len(data["governorates"]) == 11
    assert [g["code"] for g in data["governorates"]][:2] == ["OM-ZU", "OM-MA"]


def test_json_names_follow_the_url_language(client, salalah):
    ArtisanFactory(wilayat=salalah, registered_on=datetime.date(2016, 4, 1))
    data = client.get("/ar/statistics/governorates.json").json()
    assert data["governorates"][0]["name"] == "ظفار"
    assert data["year"] == 2016  # the latest year with data


def test_csv_is_utf8_with_bom_and_matches_the_table(client, salalah):
    ArtisanFactory.create_batch(2, wilayat=salalah, registered_on=datetime.date(2016, 1, 1))

    response = client.get(url("statistics_table", lang="ar", table="governorates", fmt="csv"),
                          {"year": "2016"})  # fmt: skip
    html = text(client.get(url("statistics", lang="ar"), {"year": "2016"}))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="governorates-2016.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["الرمز", "المحافظة", "الحرفيون", "النسبة من الإجمالي (%)"]
    assert rows[1] == ["OM-ZU", "ظفار", "2", "100.00"]
    assert row_cells(html, "OM-ZU") == ["ظفار", "2", "100.00"]
    assert len(rows) == 1 + 11 + 1  # header, governorates, total
    assert rows[-1][1:] == ["المجموع", "2", "100.00"]


@pytest.mark.parametrize(
    ("page", "tables"),
    [
        ("/en/statistics/", ["governorates", "gender", "crafts", "years"]),
        ("/en/statistics/governorates/OM-ZU/", ["wilayats", "crafts", "gender", "years"]),
        ("/en/statistics/crafts/cotton-weaving/", ["governorates", "gender", "years"]),
    ],
)
def test_every_table_links_to_csv_and_json_twins_that_keep_the_filters(
    client, salalah, page, tables
):
    ArtisanFactory(wilayat=salalah, registered_on=datetime.date(2016, 1, 1))

    html = text(client.get(page, {"year": "2016", "gender": "female"}))

    for table in tables:
        for fmt in ("csv", "json"):
            link = f"{page}{table}.{fmt}?year=2016&amp;gender=female"
            assert f'href="{link}"' in html, link
            response = client.get(link.replace("&amp;", "&"))
            assert response.status_code == 200
            if fmt == "json":
                assert response.json()["year"] == 2016


def test_wilayat_downloads_suppress_small_counts_but_keep_the_total(client, salalah):
    ArtisanFactory.create_batch(9, wilayat=salalah)
    ArtisanFactory.create_batch(5, wilayat=wilayat("Mirbat"))
    ArtisanFactory.create_batch(2, wilayat=wilayat("Taqah"))

    data = client.get("/en/statistics/governorates/OM-ZU/wilayats.json").json()
    rows = read_csv(client.get("/en/statistics/governorates/OM-ZU/wilayats.csv"))

    by_name = {w["name"]: w for w in data["wilayats"]}
    assert by_name["Salalah"] == {"name": "Salalah", "artisans": 9, "suppressed": False}
    assert by_name["Taqah"] == {"name": "Taqah", "artisans": None, "suppressed": True}
    # Secondary suppression: with Mirbat published, Taqah would be 16 - 9 - 5 = 2.
    assert by_name["Mirbat"] == {"name": "Mirbat", "artisans": None, "suppressed": True}
    assert data["total"] == 16
    assert ["Taqah", "[c]"] in rows and ["Mirbat", "[c]"] in rows and ["Total", "16"] in rows
    assert "2" not in [row[1] for row in rows] and "5" not in [row[1] for row in rows]


def test_public_outputs_never_contain_personal_data(client, salalah):
    artisan = ArtisanFactory(
        wilayat=salalah,
        name_ar="شيخة بنت سالم الشحري",
        name_en="Shaikha bint Salim Al Shahri",
        civil_number="87654321",
        phone="+96899887766",
        date_of_birth=datetime.date(1971, 7, 23),
    )
    artisan.other_crafts.add(craft("pottery"))
    pages = [
        "/en/statistics/",
        "/ar/statistics/",
        "/en/statistics/governorates/OM-ZU/",
        "/ar/statistics/crafts/cotton-weaving/",
        "/en/statistics/crafts/pottery/",
    ]
    downloads = [
        f"{page}{table}.{fmt}"
        for page, tables in [
            ("/en/statistics/", ["governorates", "gender", "crafts", "years"]),
            ("/ar/statistics/governorates/OM-ZU/", ["wilayats", "crafts", "gender", "years"]),
            ("/en/statistics/crafts/cotton-weaving/", ["governorates", "gender", "years"]),
        ]
        for table in tables
        for fmt in ("csv", "json")
    ]
    for address in pages + downloads:
        body = client.get(address).content.decode()
        for secret in ["شيخة", "Shaikha", "Shahri", "87654321", "99887766", "1971", "23 July"]:
            assert secret not in body, (address, secret)


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, salalah):
    Governorate.objects.filter(code="OM-ZU").update(name_en="=HYPERLINK(1)")
    ArtisanFactory(wilayat=salalah)

    rows = read_csv(client.get("/en/statistics/governorates.csv"))

    assert ["OM-ZU", "'=HYPERLINK(1)", "1", "100.00"] in rows


# --- Caching -----------------------------------------------------------------------------------


def test_figures_are_shared_between_languages_and_formats_until_the_registry_changes(
    client, salalah, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ArtisanFactory(wilayat=salalah)
    client.get("/en/statistics/?year=2017")

    # Another language, format and filter: rendered afresh from the cached figures (reference
    # lists only), with the same numbers.
    with django_assert_num_queries(2):
        data = client.get("/ar/statistics/governorates.json?gender=female").json()
    assert data["total"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        ArtisanFactory(wilayat=salalah, gender="male")
    assert client.get("/ar/statistics/governorates.json").json()["total"] == 2
    assert client.get("/ar/statistics/governorates.json?gender=female").json()["total"] == 1


def test_pages_are_cached_and_a_new_artisan_retires_the_cache(
    client, salalah, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ArtisanFactory(wilayat=salalah)
    assert row_cells(text(client.get(url("statistics"))), "OM-ZU")[1] == "1"

    with django_assert_num_queries(0):
        cached = client.get(url("statistics"))
    assert row_cells(text(cached), "OM-ZU")[1] == "1"

    with django_capture_on_commit_callbacks(execute=True):
        ArtisanFactory(wilayat=salalah)

    assert row_cells(text(client.get(url("statistics"))), "OM-ZU")[1] == "2"


def test_cache_is_per_language_filter_and_format(client, salalah, django_assert_num_queries):
    ArtisanFactory(wilayat=salalah, registered_on=datetime.date(2016, 1, 1))
    addresses = [
        "/en/statistics/",
        "/ar/statistics/",
        "/en/statistics/?year=2016",
        "/en/statistics/?year=2016&gender=male",
        "/en/statistics/governorates.csv?year=2016",
        "/en/statistics/governorates.json?year=2016",
    ]
    first = {address: client.get(address) for address in addresses}

    with django_assert_num_queries(0):
        second = {address: client.get(address) for address in addresses}

    for address in addresses:
        assert second[address].content == first[address].content, address
        assert second[address]["Content-Type"] == first[address]["Content-Type"]
    assert len({response.content for response in first.values()}) == len(addresses)
    assert second["/en/statistics/governorates.csv?year=2016"]["Content-Disposition"]


def test_visitors_with_a_session_are_not_served_or_stored_in_the_shared_cache(
    client, salalah, superuser, django_assert_num_queries
):
    # A staff member's page may carry their messages (which name artisans): never shared.
    ArtisanFactory(wilayat=salalah)
    client.force_login(superuser)
    client.get(url("statistics"))
    assert client.get(url("statistics")).status_code == 200
    client.logout()

    # Had the signed-in pages been stored, this first anonymous visit would need no query; it
    # renders the page (reference lists) from the shared figures instead.
    with django_assert_num_queries(2):
        client.get(url("statistics"))
    with django_assert_num_queries(0):
        client.get(url("statistics"))


def test_invalid_filters_are_not_cached(client, django_assert_num_queries):
    client.get(url("statistics"), {"year": "abc"})
    # The reference lists are read again: the page is built, not read from the page cache.
    with django_assert_num_queries(2):
        response = client.get(url("statistics"), {"year": "abc"})
    assert response.status_code == 400


# --- Query counts ------------------------------------------------------------------------------

PAGES = [
    # The overview and craft pages read one more cube: the one with birth years (viability).
    ("/en/statistics/", 5),
    ("/en/statistics/?year=2015&gender=female&craft=pottery&governorate=OM-ZU", 5),
    ("/en/statistics/governorates.json?year=2016", 5),
    ("/ar/statistics/governorates/OM-ZU/?year=2016&craft=cotton-weaving&gender=male", 5),
    ("/en/statistics/governorates/OM-MA/wilayats.csv", 5),
    ("/en/statistics/crafts/cotton-weaving/?governorate=OM-BS&year=2017", 6),
    ("/ar/statistics/crafts/pottery/years.json", 6),
    ("/en/statistics/crafts/?year=2016", 4),
]


@pytest.mark.parametrize("size", [3, 60])
@pytest.mark.parametrize(("address", "queries"), PAGES)
def test_each_page_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, size, address, queries
):
    registry(size)
    assert Artisan.objects.count() == size
    cache.clear()

    with django_assert_num_queries(queries):
        response = client.get(address)

    assert response.status_code == 200
    assert queries <= 8


@pytest.mark.parametrize(
    "address",
    [
        "/ar/statistics/",
        "/en/statistics/?year=2003&gender=male",
        "/en/statistics/governorates/OM-MU/",
        "/ar/statistics/crafts/coconut-shell/",
        "/en/statistics/years.json",
        "/en/statistics/governorates/OM-MU/wilayats.csv",
    ],
)
def test_an_empty_registry_gives_zeros_not_errors(client, address):
    response = client.get(address)

    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    if address.endswith(".json"):
        assert response.json()["years"] == []
    elif address.endswith(".csv"):
        assert body.splitlines()[-1] == "Total,0"
    else:
        assert stat(body, "total") == "0"


def test_query_strings_with_repeated_or_undecodable_values_do_not_fail(client, salalah):
    ArtisanFactory(wilayat=salalah, registered_on=datetime.date(2016, 1, 1))

    repeated = client.get("/en/statistics/?year=2015&year=2016")
    undecodable = client.get("/en/statistics/?year=%ff%fe&craft=%c3%28")

    assert repeated.status_code == 200  # the last value counts, as everywhere in Django
    assert row_cells(text(repeated), "OM-ZU")[1] == "1"
    assert undecodable.status_code == 400
