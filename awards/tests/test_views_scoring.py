import pytest
from django.urls import reverse

from awards.models import (
    ConflictOfInterest,
    Criterion,
    Nomination,
    Score,
    ScoreSheet,
    SheetStatus,
    SiteVisit,
    Stage,
)
from awards.tests.factories import set_stage


def score_url(nomination):
    return reverse("awards:score", args=[nomination.category.edition.number, nomination.pk])


def form_data(nomination, stage, *values, action="draft", confirm=False, comment=""):
    criteria = Criterion.objects.for_stage(nomination.category, stage)
    data = {"action": action, "comment": comment}
    for criterion, value in zip(criteria, values, strict=False):
        data[f"criterion_{criterion.pk}"] = value
    if confirm:
        data["confirm"] = "on"
    return data


@pytest.fixture
def final(world):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    return world


def test_anonymous_judging_home_redirects_to_sign_in(client):
    response = client.get(reverse("awards:judging_home"))
    assert response.status_code == 302
    assert reverse("awards:login") in response["Location"]


def test_committee_member_home_lists_only_own_governorate(client, world):
    client.force_login(world.dhofar_member)
    response = client.get(reverse("awards:judging_home"))
    rows = [row["nomination"] for s in response.context["sections"] for row in s["rows"]]
    assert set(rows) == {world.dhofar_nomination, world.dhofar_project}
    assert world.muscat_nomination.title_ar not in response.content.decode()


def test_juror_home_shows_finalists_with_my_status(client, final):
    client.force_login(final.juror)
    nomination = Nomination.objects.get(pk=final.dhofar_nomination.pk)
    client.post(score_url(nomination), form_data(nomination, "final", "7"))
    ConflictOfInterest.objects.create(
        judge=final.juror,
        nomination=final.muscat_nomination,
        reason="x",
        declared_at="2017-05-01T10:00Z",
    )
    response = client.get(reverse("awards:judging_home"))
    section = response.context["sections"][0]
    statuses = {row["nomination"].pk: row["status"] for row in section["rows"]}
    assert statuses == {
        final.dhofar_nomination.pk: "draft",
        final.muscat_nomination.pk: "conflict",
        final.dhofar_project.pk: "not_started",
    }
    assert section["total"] == 2  # the conflict is not counted in my progress


def test_juror_sees_only_assigned_finalists_once_the_chair_assigns(client, final):
    from awards.models import JuryAssignment

    JuryAssignment.objects.create(juror=final.juror2, nomination=final.dhofar_project)
    client.force_login(final.juror)
    response = client.get(reverse("awards:judging_home"))
    assert response.context["sections"][0]["rows"] == []
    assert client.get(score_url(final.dhofar_project)).status_code == 404


def test_committee_member_cannot_open_another_governorates_nomination(client, world):
    client.force_login(world.dhofar_member)
    assert client.get(score_url(world.muscat_nomination)).status_code == 404
    assert client.get(score_url(world.dhofar_nomination)).status_code == 200


def test_score_above_maximum_shows_error_and_saves_nothing(client, final):
    nomination = Nomination.objects.get(pk=final.dhofar_nomination.pk)
    client.force_login(final.juror)
    response = client.post(score_url(nomination), form_data(nomination, "final", "11", "5", "5"))
    assert response.status_code == 400
    quality = Criterion.objects.for_stage(nomination.category, "final").first()
    field = f"criterion_{quality.pk}"
    assert list(response.context["form"].errors) == [field]
    assert f'id="id_{field}_errors"' in response.content.decode()
    assert not ScoreSheet.objects.exists() and not Score.objects.exists()


@pytest.mark.parametrize("bad", ["abc", "NaN", "Infinity", "1e400", "-1", "5.55", "\x00"])
def test_bad_score_input_is_refused_without_error_500(client, final, bad):
    nomination = Nomination.objects.get(pk=final.dhofar_nomination.pk)
    client.force_login(final.juror)
    response = client.post(score_url(nomination), form_data(nomination, "final", bad))
    assert response.status_code == 400
    assert not Score.objects.exists()


def test_arabic_indic_digits_are_accepted(client, final):
    nomination = Nomination.objects.get(pk=final.dhofar_nomination.pk)
    client.force_login(final.juror)
    response = client.post(score_url(nomination), form_data(nomination, "final", "٨٫٥"))
    assert response.status_code == 302
    assert Score.objects.get().value == 8.5


def test_draft_submit_lock_and_no_other_scores_visible(client, final):
    nomination = Nomination.objects.get(pk=final.dhofar_nomination.pk)
    client.force_login(final.juror2)
    client.post(
        score_url(nomination),
        form_data(nomination, "final", "3", "3", "3", action="submit", confirm=True),
    )
    client.force_login(final.juror)
    client.post(score_url(nomination), form_data(nomination, "final", "9", "8"))
    sheet = ScoreSheet.objects.get(judge=final.juror)
    assert sheet.status == SheetStatus.DRAFT
    # Submitting without the confirmation box is refused.
    response = client.post(
        score_url(nomination), form_data(nomination, "final", "9", "8", "7", action="submit")
    )
    assert response.status_code == 400
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT
    response = client.post(
        score_url(nomination),
        form_data(nomination, "final", "9", "8", "7", action="submit", confirm=True),
    )
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    page = client.get(score_url(nomination)).content.decode()
    assert 'data-sheet-status="submitted"' in page
    assert "<input" not in page.split('id="sheet-title"')[1].split("</section>")[0]
    # juror2's total (30.00) never appears on juror's page.
    assert "30.00" not in page and final.juror2.username not in page
    # A later post cannot change the submitted sheet.
    client.post(
        score_url(nomination),
        form_data(nomination, "final", "1", "1", "1", action="submit", confirm=True),
    )
    assert sorted(Score.objects.filter(sheet=sheet).values_list("value", flat=True)) == [7, 8, 9]


def test_weighted_total_is_computed_by_the_server(client, final):
    nomination = Nomination.objects.get(pk=final.dhofar_nomination.pk)
    client.force_login(final.juror)
    client.post(score_url(nomination), form_data(nomination, "final", "10", "5", "0"))
    # (10/10×40 + 5/10×30 + 0) / 100 × 100 = 55
    assert client.get(score_url(nomination)).context["saved_total"] == pytest.approx(55.0)


def test_conflict_declaration_removes_the_nomination(client, final):
    nomination = final.dhofar_nomination
    client.force_login(final.juror)
    url = reverse("awards:conflict", args=[5, nomination.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "He is my brother-in-law"})
    assert response.status_code == 302
    assert client.get(score_url(nomination)).status_code == 404
    assert client.post(url, {"reason": "again"}).status_code == 400
    assert ConflictOfInterest.objects.count() == 1


def test_committee_member_records_a_visit(client, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    import io

    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(image, "JPEG")
    image.seek(0)
    image.name = "workshop.jpg"
    client.force_login(world.dhofar_member)
    url = reverse("awards:visit", args=[5, world.dhofar_nomination.pk])
    response = client.post(
        url,
        {
            "visited_on": "2017-04-02",
            "members_present": [world.dhofar_member.pk],
            "notes": "Loom in good order",
            "photos": [image],
        },
    )
    assert response.status_code == 302
    visit = SiteVisit.objects.get()
    assert visit.stage == "initial" and visit.photos.count() == 1
    assert list(visit.members_present.all()) == [world.dhofar_member]


def test_visit_refuses_non_members_future_dates_and_non_images(client, world, settings, tmp_path):
    import io

    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.dhofar_member)
    url = reverse("awards:visit", args=[5, world.dhofar_nomination.pk])
    fake = io.BytesIO(b"not an image")
    fake.name = "x.jpg"
    response = client.post(
        url,
        {
            "visited_on": "2999-01-01",
            "members_present": [world.muscat_member.pk],
            "photos": [fake],
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"visited_on", "members_present", "photos"}
    assert not SiteVisit.objects.exists()
    client.force_login(world.muscat_member)
    assert client.get(url).status_code == 404
