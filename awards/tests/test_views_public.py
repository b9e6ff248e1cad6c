import pytest
from django.urls import reverse

from awards.models import NominationStatus, Stage
from awards.tests.factories import EditionFactory, set_stage


@pytest.fixture
def announced(world):
    world.finalise()
    n = world.dhofar_nomination
    n.status, n.rank = NominationStatus.WINNER, 1
    n.save()
    set_stage(world.edition, Stage.ANNOUNCED)
    return world


def test_edition_list_hides_drafts_and_links_results_only_when_announced(client, world):
    EditionFactory(number=6, year=2018)  # still a draft
    response = client.get(reverse("awards:edition_list"))
    assert [e.number for e in response.context["editions"]] == [5]
    assert reverse("awards:winners", args=[5]) not in response.content.decode()


def test_winners_appear_only_after_announcement(client, world):
    world.finalise()
    for stage in (Stage.FINAL, Stage.REVIEW):
        set_stage(world.edition, stage)
        assert client.get(reverse("awards:winners", args=[5])).status_code == 404
    n = world.dhofar_nomination
    n.status, n.rank = NominationStatus.WINNER, 1
    n.save()
    set_stage(world.edition, Stage.ANNOUNCED)
    response = client.get(reverse("awards:winners", args=[5]))
    page = response.content.decode()
    assert n.artisan.name_en in page and "Cotton weaving" in page and "Dhofar" in page
    # The other finalists are listed apart from the winners, each with a finalist's certificate.
    finalists = response.context["categories"][0][2]
    assert world.muscat_nomination in finalists and n not in finalists
    assert reverse("awards:certificate", args=[5, world.muscat_nomination.pk]) in page


def test_winners_page_in_arabic(client, announced):
    response = client.get("/ar/awards/5/winners/")
    page = response.content.decode()
    assert 'dir="rtl"' in page and announced.dhofar_nomination.artisan.name_ar in page
    assert "ظفار" in page


def test_certificate_is_bilingual_with_serial_and_signatory(client, announced):
    announced.edition.signatory_ar = "سالم الراشدي"
    announced.edition.signatory_en = "Salim Al Rashdi"
    announced.edition.save()
    winner = announced.dhofar_nomination
    response = client.get(reverse("awards:certificate", args=[5, winner.pk]))
    page = response.content.decode()
    assert winner.artisan.name_ar in page and winner.artisan.name_en in page
    assert "جائزة السلطان قابوس للإجادة الحرفية" in page
    assert "Sultan Qaboos Award for Craft Excellence" in page
    assert f"SQA-2017-05-{winner.pk:05d}" in page
    assert "سالم الراشدي" in page and "Salim Al Rashdi" in page
    assert client.get(reverse("awards:certificate", args=[4, winner.pk])).status_code == 404


def test_finalists_get_a_finalists_certificate_and_others_none(client, announced):
    finalist = announced.muscat_nomination  # a finalist, not placed
    page = client.get(reverse("awards:certificate", args=[5, finalist.pk])).content.decode()
    assert "Finalist in the category" in page and "place in the category" not in page
    assert f"SQA-2017-05-{finalist.pk:05d}" in page
    finalist.status = NominationStatus.NOT_RECOMMENDED
    finalist.save()
    assert client.get(reverse("awards:certificate", args=[5, finalist.pk])).status_code == 404


@pytest.mark.parametrize(("gender", "arabic"), [("female", "الفائزة"), ("male", "الفائز")])
def test_certificate_names_the_place_in_words_and_agrees_with_the_winner(
    client, announced, gender, arabic
):
    winner = announced.dhofar_nomination
    winner.artisan.gender = gender
    winner.artisan.save()
    page = client.get(reverse("awards:certificate", args=[5, winner.pk])).content.decode()
    assert f"{arabic} بالمركز الأول" in page
    assert "First place in the category" in page


def test_unknown_and_malformed_edition_urls_are_404(client, world):
    assert client.get("/en/awards/77/winners/").status_code == 404
    assert client.get("/en/awards/%00/winners/").status_code == 404
    assert client.get("/en/awards/99999999999999999999/winners/").status_code == 404
