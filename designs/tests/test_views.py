import csv
import io
import json

import pytest

from artisans.tests.factories import ArtisanFactory
from craftsreg.tests.html import parse
from designs.models import Design, ProductKind
from designs.tests.factories import DepositBatchFactory, DesignFactory, DesignImageFactory

pytestmark = pytest.mark.django_db

HIDDEN_STATUSES = [
    {"status": Design.Status.DRAFT, "certificate_number": "", "certificate_date": None},
    {"status": Design.Status.FILED, "certificate_number": "", "certificate_date": None},
    {
        "status": Design.Status.RETURNED,
        "certificate_number": "",
        "certificate_date": None,
        "status_reason": "Drawings incomplete",
    },
    {
        "status": Design.Status.WITHDRAWN,
        "certificate_number": "",
        "certificate_date": None,
        "status_reason": "Withdrawn by the artisan",
    },
]


def catalogue(client, language="en", **params):
    return client.get(f"/{language}/designs/", params)


def numbers(response) -> list[str]:
    return [design.number for design in response.context["designs"]]


def export_rows(client, fmt="csv", **params):
    response = client.get(f"/en/designs/catalogue.{fmt}", params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "json":
        return [row["design_number"] for row in json.loads(body)["designs"]]
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return [row[0] for row in rows[1:]]


@pytest.mark.parametrize("hidden", HIDDEN_STATUSES, ids=lambda h: h["status"])
def test_unpublished_designs_are_404_everywhere(client, hidden):
    public = DesignImageFactory().design
    image = DesignImageFactory(design=DesignFactory(title_en="Unpublished lantern", **hidden))
    design = image.design

    assert numbers(catalogue(client)) == [public.number]
    assert numbers(catalogue(client, q=design.title_en)) == []
    assert client.get(f"/en/designs/{design.number}/").status_code == 404
    assert client.get(f"/ar/designs/{design.number}/").status_code == 404
    assert client.get(f"/en/designs/{design.number}/images/{image.pk}.jpg").status_code == 404
    assert (
        client.get(f"/en/designs/{design.number}/images/{image.pk}/thumbnail.jpg").status_code
        == 404
    )
    assert export_rows(client, "csv") == [public.number]
    assert export_rows(client, "json") == [public.number]
    # The same image number under a public design's number does not leak it either.
    assert client.get(f"/en/designs/{public.number}/images/{image.pk}.jpg").status_code == 404


def test_a_hidden_design_looks_exactly_like_a_missing_one(client):
    hidden = DesignFactory(hidden=True)
    missing = client.get("/en/designs/2099-01-0001/")
    unpublished = client.get(f"/en/designs/{hidden.number}/")
    assert missing.status_code == unpublished.status_code == 404
    assert hidden.title_en not in unpublished.content.decode()


def test_public_image_and_thumbnail_are_served(client):
    image = DesignImageFactory()
    response = client.get(image.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == "inline"
    thumb = client.get(image.get_thumbnail_url())
    assert thumb.status_code == 200
    assert b"".join(thumb.streaming_content)[:2] == b"\xff\xd8"
    # The wrong extension is not an alias.
    assert client.get(image.get_absolute_url().replace(".jpg", ".png")).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "2017-01-00010/",
        "2017-1-0001/",
        "a%00b/",
        "' OR 1=1 --/",
        "2017-01-0001/images/99999999999999999999999.jpg",
        "2017-01-0001/images/1.gif",
        "2017-01-0001/images/1.jpg%00",
        "2017-01-0001/images/0/thumbnail.jpg",
    ],
)
def test_malformed_design_and_image_addresses_are_not_found(client, path):
    DesignImageFactory(design=DesignFactory(suffix=1))
    assert client.get(f"/en/designs/{path}").status_code == 404


def test_a_lost_image_file_is_a_404_not_an_error(client):
    image = DesignImageFactory()
    image.image.storage.delete(image.image.name)
    image.thumbnail.storage.delete(image.thumbnail.name)
    assert client.get(image.get_absolute_url()).status_code == 404
    assert client.get(image.get_thumbnail_url()).status_code == 404


def test_search_finds_arabic_and_english_titles_and_descriptions(client):
    palm = DesignFactory(
        title_ar="فانوس من سعف النخيل", title_en="Palm-frond lantern", description_en="Woven."
    )
    bone = DesignFactory(
        title_ar="مسبحة من العظم", title_en="Bone rosary", description_ar="مسبحة منحوتة يدويًا"
    )
    for language in ("ar", "en"):
        assert numbers(catalogue(client, language, q="سعف")) == [palm.number]
        assert numbers(catalogue(client, language, q="lantern")) == [palm.number]
        assert numbers(catalogue(client, language, q="منحوتة")) == [bone.number]
        assert numbers(catalogue(client, language, q="ROSARY")) == [bone.number]
    assert numbers(catalogue(client, q="bone rosary")) == [bone.number]
    assert numbers(catalogue(client, q="bone lantern")) == []
    assert numbers(catalogue(client, q=bone.number)) == [bone.number]


@pytest.mark.parametrize(
    "query",
    ["هديه تذكاريه", "هَدِيَّة", "أسوره", "إسورة", "GIFT", "٢٠١٧-٠١-٠٠٠١"],
)
def test_search_forgives_arabic_spelling_variants_and_digits(client, query):
    design = DesignFactory(
        suffix=1, title_ar="هدية تذكارية: اسورة من الفضة", title_en="Gift: a silver bracelet"
    )
    DesignFactory(suffix=2, title_ar="درع خشبي", title_en="Wooden shield")
    assert numbers(catalogue(client, "ar", q=query)) == [design.number]


def test_search_text_follows_edits():
    design = DesignFactory(title_en="Old name")
    design.title_en = "Brand-new name"
    design.save(update_fields=["title_en"])
    design.refresh_from_db()
    assert "brand-new name" in design.search_text
    assert "old name" not in design.search_text


def test_filters_narrow_the_list_and_counts_follow(client):
    rosaries = ProductKind.objects.get(code="rosaries")
    bone_rosary = DesignFactory(product_kind=rosaries, materials=["bone"], year_created=2015)
    DesignFactory(product_kind=rosaries, materials=["coconut-shell"], year_created=2016)
    DesignFactory(materials=["silver"], year_created=2016)
    DesignFactory(materials=["bone"], year_created=2016, hidden=True)

    response = catalogue(client, kind="rosaries")
    assert len(numbers(response)) == 2
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    # Counts of the other filters follow the product kind chosen…
    materials = {o["value"]: o["count"] for o in facets["material"]["options"]}
    assert materials == {"bone": 1, "coconut-shell": 1}
    # …while the product kind's own counts ignore it, so another kind can be picked.
    kinds = {o["value"]: o["count"] for o in facets["kind"]["options"]}
    assert kinds == {"rosaries": 2, "shields": 1}
    years = {o["value"]: o["count"] for o in facets["year"]["options"]}
    assert years == {2015: 1, 2016: 1}

    assert numbers(catalogue(client, kind="rosaries", material="bone")) == [bone_rosary.number]
    assert numbers(catalogue(client, year="2015")) == [bone_rosary.number]
    assert numbers(catalogue(client, locarno="11", material="bone")) == [bone_rosary.number]
    assert "(2)" in catalogue(client).content.decode()


def test_filtered_download_matches_the_filtered_list(client):
    DesignFactory(materials=["bone"])
    DesignFactory(materials=["silver"])
    listed = numbers(catalogue(client, material="bone"))
    assert export_rows(client, "csv", material="bone") == listed
    assert export_rows(client, "json", material="bone") == listed
    page = catalogue(client, material="bone").content.decode()
    assert 'href="/en/designs/catalogue.csv?material=bone"' in page


def test_csv_download_neutralises_formulas(client):
    DesignFactory(title_en='=HYPERLINK("http://evil")')
    response = client.get("/en/designs/catalogue.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00"},
        {"q": "x" * 500},
        {"year": "two thousand"},
        {"year": "1e400"},
        {"kind": "no-such-kind"},
        {"material": "\x00"},
        {"locarno": "99"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
    ],
)
def test_bad_parameters_never_fail(client, params):
    DesignFactory()
    response = catalogue(client, **params)
    assert response.status_code == 200
    if "page" not in params:
        assert numbers(response) == []
        assert response.context["filter"].form.errors
    else:
        assert len(numbers(response)) == 1
    export = client.get("/en/designs/catalogue.json", params)
    assert export.status_code in (200, 400)


def test_pagination_keeps_the_filters(client):
    for _ in range(30):
        DesignFactory(materials=["bone"])
    response = catalogue(client, material="bone")
    assert len(numbers(response)) == 24
    content = response.content.decode()
    assert "?material=bone&amp;page=2" in content
    second = catalogue(client, material="bone", page="2")
    assert len(numbers(second)) == 6


def _populate(size: int):
    batch = DepositBatchFactory()
    for index in range(size):
        image = DesignImageFactory(
            design=DesignFactory(
                batch=batch, materials=["bone", "silver"] if index % 2 else ["wood"]
            )
        )
        assert image.pk
    DesignFactory(batch=batch, hidden=True)


@pytest.mark.parametrize("size", [3, 30])
def test_catalogue_query_count_does_not_grow_with_the_data(client, django_assert_num_queries, size):
    _populate(size)
    # The two filter values' lookups (kind, material), the kind and material names the search
    # matches (once), count, page, materials, primary images, 4 facet counts, 3 reference lists
    # for the facet options, 3 statistics.
    with django_assert_num_queries(18):
        response = catalogue(client, q="shield", kind="shields", material="bone")
    assert response.status_code == 200
    assert len(numbers(response)) == min(size // 2, 24)
    with django_assert_num_queries(14):
        catalogue(client)


@pytest.mark.parametrize("size", [3, 30])
def test_export_query_count_does_not_grow_with_the_data(client, django_assert_num_queries, size):
    _populate(size)
    # The designs, their materials and their primary images (per chunk of 500 designs).
    with django_assert_num_queries(3):
        rows = export_rows(client, "json")
    assert len(rows) == size


def test_detail_page_shows_the_deposit_record_in_the_active_language(client):
    design = DesignFactory(
        title_ar="مسبحة من العظم",
        title_en="Bone rosary",
        certificate_number="CR-2017-0042",
        locarno_subclass="11-02",
        materials=["bone", "silver"],
    )
    DesignImageFactory(design=design, caption_en="Front view", caption_ar="المنظر الأمامي")
    DesignImageFactory(design=design, caption_en="Side view", caption_ar="المنظر الجانبي")
    english = client.get(f"/en/designs/{design.number}/").content.decode()
    page = parse(english)
    assert page.find("h1").text == "Bone rosary"
    assert "CR-2017-0042" in english
    assert "Royal Decree 65/2008" in english
    # The class in words, with what "Locarno" means, not "LOC (15) Cl. 11-02".
    assert "LOC (" not in english
    assert "the international classification of industrial designs, edition 15" in english
    assert "11-02" in [bdi.text for bdi in page.find_all("bdi")]
    assert "subclass 11-02" in page.find("main").text
    assert "Side view" in english
    # A year, not a number with a thousands separator.
    assert "2016" in [dd.text for dd in page.find_all("dd")]
    assert english.count("/images/") >= 3
    arabic = client.get(f"/ar/designs/{design.number}/").content.decode()
    assert parse(arabic).find("h1").text == "مسبحة من العظم"
    assert "المرسوم السلطاني رقم 65/2008" in arabic


def test_detail_names_an_artisan_creator_but_never_personal_data(client):
    artisan = ArtisanFactory(name_en="Maryam Al Hinai", civil_number="12345678", phone="99887766")
    other = ArtisanFactory(name_en="Salim Al Said")
    design = DesignFactory(creator_kind="artisan", creator_artisan=artisan)
    held = DesignFactory(
        creator_kind="artisan", creator_artisan=artisan, holder_kind="artisan", holder_artisan=other
    )
    content = client.get(f"/en/designs/{design.number}/").content.decode()
    assert "Maryam Al Hinai" in content
    assert "12345678" not in content
    assert "99887766" not in content
    assert artisan.registration_number not in content
    held_page = client.get(f"/en/designs/{held.number}/").content.decode()
    # A holder who is not the creator is not named.
    assert "Salim Al Said" not in held_page
    assert "An artisan of the registry" in held_page


def test_statistics_count_deposited_designs_only(client):
    rosaries = ProductKind.objects.get(code="rosaries")
    DesignFactory(product_kind=rosaries, materials=["bone", "silver"])
    DesignFactory(product_kind=rosaries, materials=["bone"])
    DesignFactory(materials=["palm-frond"])
    DesignFactory(product_kind=rosaries, materials=["bone"], hidden=True)
    response = catalogue(client)
    statistics = response.context["statistics"]
    assert statistics["total"] == 3
    charts = {chart["slug"]: dict(chart["rows"]) for chart in statistics["charts"]}
    assert charts["per-year"] == {"2017": 3}
    assert charts["per-kind"] == {"Rosaries": 2, "Shields": 1}
    assert charts["per-material"] == {"Bone": 2, "Silver": 1, "Palm frond": 1}
    page = parse(response.content.decode())
    chart = page.find("title", id="design-chart-per-kind-title")
    assert [svg for svg in page.find_all("svg", role="img") if chart in svg.iter()]
    # Arabic page: Arabic labels, bars drawn from the right.
    arabic = catalogue(client, "ar").context["statistics"]
    kinds = dict(arabic["charts"][1]["rows"])
    assert kinds["المسابح"] == 2
    bar = arabic["charts"][1]["chart"].bars[0]
    assert arabic["charts"][1]["chart"].rtl
    assert bar.bar_x + bar.bar_width == pytest.approx(100)  # from the right edge


def test_catalogue_paging_shows_page_numbers(client, monkeypatch):
    monkeypatch.setattr("designs.views.PAGE_SIZE", 2)
    monkeypatch.setattr("designs.views.CatalogueView.paginate_by", 2)
    DesignFactory.create_batch(11)

    response = catalogue(client, page="3")

    assert list(response.context["page_range"]) == [1, 2, 3, 4, 5, 6]
    content = response.content.decode()
    page = parse(content)
    assert page.find("span", class_="pagination__current", aria_current="page").text == "Page 3"
    assert page.find("a", href="?page=6").text == "Page 6"
    assert "Page 3 of 6" in content
