"""Finding designs: by product kind and material names, newest first, complete downloads."""

import csv
import datetime
import io
import json

import pytest

from artisans.tests.factories import ArtisanFactory
from craftsreg.tests.html import parse
from designs.models import Design, LocarnoClass, ProductKind
from designs.tests.factories import DesignFactory

pytestmark = pytest.mark.django_db


def found(client, q, language="ar"):
    response = client.get(f"/{language}/designs/", {"q": q})
    assert response.status_code == 200
    return {design.number for design in response.context["designs"]}


@pytest.fixture
def designs_of_every_kind():
    """A design of each kind the officers named, with titles that do not repeat the kind."""
    made = {}
    for code, material in [
        ("khanjar-belts", "leather"),
        ("souvenirs-gifts", "palm-frond"),
        ("furniture-accessories", "wood"),
        ("womens-accessories", "silver"),
        ("shields", "bone"),
    ]:
        made[code] = DesignFactory(
            title_ar="قطعة",
            title_en="Piece",
            description_ar="",
            description_en="",
            product_kind=ProductKind.objects.get(code=code),
            materials=[material],
        )
    return made


@pytest.mark.parametrize(
    ("query", "language", "kinds"),
    [
        ("أحزمة", "ar", {"khanjar-belts"}),
        ("خناجر", "ar", {"khanjar-belts"}),
        ("الهدايا", "ar", {"souvenirs-gifts"}),
        ("إكسسوارات", "ar", {"furniture-accessories", "womens-accessories"}),
        ("اكسسوارات نسائيه", "ar", {"womens-accessories"}),
        ("belts", "en", {"khanjar-belts"}),
        ("Gifts", "en", {"souvenirs-gifts"}),
        ("accessories", "en", {"furniture-accessories", "womens-accessories"}),
    ],
)
def test_public_search_finds_designs_by_product_kind_name(
    client, designs_of_every_kind, query, language, kinds
):
    expected = {designs_of_every_kind[code].number for code in kinds}
    assert found(client, query, language) == expected


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("سعف", "souvenirs-gifts"),
        ("العظم", "shields"),
        ("الفضة", "womens-accessories"),
        ("leather", "khanjar-belts"),
        ("palm frond", "souvenirs-gifts"),
        ("Wood", "furniture-accessories"),
    ],
)
def test_public_search_finds_designs_by_material_name(client, designs_of_every_kind, query, kind):
    assert found(client, query) == {designs_of_every_kind[kind].number}


def test_a_kind_and_a_material_word_together_narrow_the_results(client, designs_of_every_kind):
    assert found(client, "إكسسوارات الخشب") == {
        designs_of_every_kind["furniture-accessories"].number
    }
    assert found(client, "accessories bone", "en") == set()


def test_a_design_of_two_matching_materials_is_listed_once(client):
    design = DesignFactory(title_en="Piece", materials=["silver", "gemstones-beads"])
    response = client.get("/en/designs/", {"q": "silver"})
    assert [d.number for d in response.context["designs"]] == [design.number]
    response = client.get("/en/designs/", {"q": "e"})  # in both materials' names
    assert [d.number for d in response.context["designs"]].count(design.number) == 1


def test_the_catalogue_lists_the_newest_deposits_first(client):
    old = DesignFactory(certificate_date=datetime.date(2017, 5, 14))
    new = DesignFactory(certificate_date=datetime.date(2018, 2, 1))
    response = client.get("/en/designs/")
    assert [d.number for d in response.context["designs"]] == [new.number, old.number]


def test_downloads_carry_names_description_and_the_class_as_written(client, dhofar):
    artisan = ArtisanFactory()
    created = DesignFactory(
        creator_kind=Design.Party.ARTISAN,
        creator_artisan=artisan,
        holder_kind=Design.Party.ARTISAN,
        holder_artisan=artisan,
        locarno_class=LocarnoClass.objects.get(number=7),
        description_en="A coffee pot of beaten copper",
    )
    private_holder = ArtisanFactory()
    held = DesignFactory(holder_kind=Design.Party.ARTISAN, holder_artisan=private_holder)

    body = client.get("/en/designs/catalogue.json").content
    rows = {row["design_number"]: row for row in json.loads(body)["designs"]}
    assert rows[created.number]["locarno_class"] == "07"
    assert rows[created.number]["creator"] == artisan.name
    assert rows[created.number]["holder"] == artisan.name
    assert rows[created.number]["description_en"] == "A coffee pot of beaten copper"
    # A holder who is not the creator is not named (Design.holder_public_name).
    assert rows[held.number]["holder"] == "An artisan of the registry"
    assert private_holder.name not in body.decode()

    response = client.get("/en/designs/catalogue.csv")
    table = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    line = next(row for row in table if row["Design number"] == created.number)
    assert line["Locarno class"] == "07"
    assert line["Creator"] == artisan.name
    assert line["Description (English)"] == "A coffee pot of beaten copper"


def test_public_search_finds_designs_by_their_creating_artisan_but_not_by_a_private_holder(
    client,
):
    creator = ArtisanFactory(name_ar="مريم بنت سالم الحارثية", name_en="Maryam Al Harthi")
    created = DesignFactory(creator_kind=Design.Party.ARTISAN, creator_artisan=creator)
    holder = ArtisanFactory(name_ar="ناصر بن حمد العمري", name_en="Nasser Al Amri")
    held = DesignFactory(holder_kind=Design.Party.ARTISAN, holder_artisan=holder)
    DesignFactory()
    assert found(client, "الحارثية") == {created.number}
    assert found(client, "حارثيه") == {created.number}
    assert found(client, "maryam harthi", "en") == {created.number}
    # The title's words and the creator's name together narrow to the same design.
    assert found(client, f"{created.title_en.split()[0]} Maryam", "en") == {created.number}
    # A holder who did not create the design is never named in public, so never found by name.
    assert found(client, "العمري") == set()
    assert held.number not in found(client, "Nasser", "en")


def test_catalogue_and_detail_acknowledge_wipo_for_the_locarno_classes(client):
    design = DesignFactory()
    for url in ("/en/designs/", f"/en/designs/{design.number}/"):
        footer = parse(client.get(url).content.decode()).find("footer")
        assert "World Intellectual Property Organization (WIPO)" in footer.text
