"""Issue 19: the award's real process — governorate committees qualify their finalists, the
chair confirms them, the main committee assents, nominations carry their craft, deadlines and
reminders, and people named by their display names (never their login)."""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from artisans.models import Craft, StaffProfile
from awards import services
from awards.models import (
    CommitteeKind,
    CommitteeMembership,
    CommitteeSignOff,
    Criterion,
    Edition,
    Nomination,
    NominationStatus,
    ResultAssent,
    Stage,
)
from awards.tests.factories import (
    EditionFactory,
    NominationFactory,
    UserFactory,
    category,
    committee,
    set_stage,
)
from awards.tests.test_views_chair import submit


def _committee_url(world, governorate):
    initial = world.edition.committees.get(kind=CommitteeKind.INITIAL, governorate=governorate)
    return initial, reverse("awards:committee", args=[5, initial.pk])


# --- Governorate committees qualify their finalists ------------------------------------------


def test_committee_records_recommendations_and_signs_off_with_minutes(client, world, dhofar):
    initial, url = _committee_url(world, dhofar)
    client.force_login(world.dhofar_member)
    page = client.get(url)
    assert page.status_code == 200 and world.dhofar_nomination.title in page.content.decode()
    recommend = {"action": "recommend", "nomination": world.dhofar_nomination.pk}
    # Unscored: qualifying it departs from the scores and needs a reason.
    client.post(url, {**recommend, "recommendation": "qualify"})
    assert not hasattr(Nomination.objects.get(pk=world.dhofar_nomination.pk), "committee_rec")
    assert not initial.recommendations.exists()
    client.post(url, {**recommend, "recommendation": "qualify", "reason": "Rare technique"})
    assert initial.recommendations.get().qualify is True
    sign_off = {
        "action": "sign_off",
        "met_on": "2017-05-01",
        "members_present": [world.dhofar_member.pk],
        "minutes": "The committee reviewed its two nominations.",
    }
    response = client.post(url, sign_off)
    assert response.status_code == 400
    assert "1 nomination(s) have no recommendation yet." in response.content.decode()
    assert not CommitteeSignOff.objects.exists()
    client.post(
        url,
        {"action": "recommend", "nomination": world.dhofar_project.pk, "recommendation": "not"},
    )
    for bad in (
        {**sign_off, "minutes": ""},
        {**sign_off, "members_present": [world.muscat_member.pk]},
        {**sign_off, "met_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()},
    ):
        assert client.post(url, bad).status_code == 400
    assert not CommitteeSignOff.objects.exists()
    assert client.post(url, sign_off).status_code == 302
    signed = CommitteeSignOff.objects.get()
    assert list(signed.members_present.all()) == [world.dhofar_member]
    # The list and the committee's scores are closed now.
    client.post(url, {**recommend, "recommendation": "not", "reason": "changed"})
    assert initial.recommendations.get(nomination=world.dhofar_nomination).qualify is True
    with pytest.raises(ValidationError, match="signed off"):
        submit(world.dhofar_member, world.dhofar_nomination, 5, 5, 5, 5, 5, 5)


def test_committee_page_is_for_its_members_and_the_chair(client, world, dhofar):
    _initial, url = _committee_url(world, dhofar)
    for user in (world.muscat_member, world.juror, world.outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(world.chair)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"action": "recommend", "nomination": world.dhofar_nomination.pk, "recommendation": "not"},
    )
    assert response.status_code == 404  # the chair reads, the committee decides


def test_quota_limits_qualified_works_per_category_and_governorate(world, dhofar):
    Edition.objects.filter(pk=world.edition.pk).update(finalist_quota=1)
    extra = NominationFactory(category=world.product)  # a second Dhofar product
    initial = world.edition.committees.get(kind=CommitteeKind.INITIAL, governorate=dhofar)
    for nomination in (world.dhofar_nomination, extra, world.dhofar_project):
        services.committee_recommend(
            committee=initial,
            nomination=nomination,
            qualify=True,
            reason="Fine work",
            by=world.dhofar_member,
        )
    arguments = {
        "committee": initial,
        "by": world.dhofar_member,
        "met_on": datetime.date(2017, 5, 1),
        "members": [world.dhofar_member],
        "minutes": "Met.",
    }
    with pytest.raises(ValidationError, match="allows 1 per governorate"):
        services.committee_sign_off(**arguments)
    services.committee_recommend(
        committee=initial, nomination=extra, qualify=False, reason="", by=world.dhofar_member
    )
    services.committee_sign_off(**arguments)  # one product and one project: within the quota


def test_chair_confirms_finalists_from_signed_off_lists_only(client, world, dhofar):
    with pytest.raises(ValidationError, match="not signed off"):
        services.shortlist_decide(
            nomination=world.dhofar_nomination, recommended=True, reason="x", by=world.chair
        )
    world.sign_off(qualify=[world.dhofar_nomination])
    initial = world.edition.committees.get(kind=CommitteeKind.INITIAL, governorate=dhofar)
    client.force_login(world.chair)
    client.post(reverse("awards:confirm_finalists", args=[5]), {"committee": initial.pk})
    statuses = dict(Nomination.objects.filter(governorate=dhofar).values_list("pk", "status"))
    assert statuses == {
        world.dhofar_nomination.pk: NominationStatus.FINALIST,
        world.dhofar_project.pk: NominationStatus.NOT_RECOMMENDED,
    }
    assert (
        client.post(
            reverse("awards:confirm_finalists", args=[5]), {"committee": "x\x00"}
        ).status_code
        == 302
    )


def test_final_judging_waits_for_every_committee_to_sign_off(world, muscat):
    problems = services.edition_advance_problems(world.edition, Stage.FINAL)
    assert "The Dhofar committee has not signed off its recommendations." in problems
    assert "The Muscat committee has not signed off its recommendations." in problems


# --- The main committee assents before the announcement ---------------------------------------


@pytest.fixture
def reviewed(world):
    """Results review with both categories approved and a main committee of three."""
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    for nomination, score in (
        (world.dhofar_nomination, 9),
        (world.muscat_nomination, 6),
        (world.dhofar_project, 8),
    ):
        submit(world.juror, Nomination.objects.get(pk=nomination.pk), score, score, score)
    set_stage(world.edition, Stage.REVIEW)
    world.product.places = 1
    world.product.save()
    services.category_approve(
        category=world.product, order=[world.dhofar_nomination.pk], reason="", by=world.chair
    )
    services.category_approve(
        category=world.project, order=[world.dhofar_project.pk], reason="", by=world.chair
    )
    world.members = [UserFactory(username="main_a"), UserFactory(username="main_b")]
    committee(world.edition, CommitteeKind.MAIN, members=world.members)
    return world


def test_announcement_waits_for_the_main_committees_assent(client, reviewed):
    edition = reviewed.edition
    problems = services.edition_advance_problems(edition, Stage.ANNOUNCED)
    assert problems == [
        "0 of the 2 main committee assents needed before the announcement have been given."
    ]
    client.force_login(reviewed.members[0])
    url = reverse("awards:assent", args=[5])
    assert reviewed.dhofar_nomination.title in client.get(url).content.decode()
    client.post(url)
    client.post(url)  # twice is once
    assert ResultAssent.objects.count() == 1
    Edition.objects.filter(pk=edition.pk).update(assent_quorum=1)
    edition.refresh_from_db()
    assert services.edition_advance_problems(edition, Stage.ANNOUNCED) == []
    client.force_login(reviewed.juror)
    assert client.get(url).status_code == 404
    with pytest.raises(ValidationError, match="main committee"):
        services.result_assent(edition=edition, by=reviewed.juror)


# --- Nominations carry their craft; projects their facts and criteria --------------------------


def test_nomination_craft_defaults_to_the_artisans_primary_craft(world):
    nomination = Nomination.objects.get(pk=world.dhofar_nomination.pk)
    assert nomination.craft == nomination.artisan.primary_craft
    pottery = Craft.objects.get(code="pottery")
    nomination.craft = pottery
    nomination.full_clean()
    nomination.save()
    assert Nomination.objects.get(pk=nomination.pk).craft == pottery


def test_project_facts_belong_to_projects(world):
    product = Nomination.objects.get(pk=world.dhofar_nomination.pk)
    product.workforce = 12
    with pytest.raises(ValidationError, match="project category"):
        product.full_clean()
    project = Nomination.objects.get(pk=world.dhofar_project.pk)
    project.workforce, project.trainees, project.omani_materials_percent = 12, 5, 80
    project.full_clean()
    project.omani_materials_percent = 120
    with pytest.raises(ValidationError):
        project.full_clean()


def test_projects_are_judged_on_their_own_criteria(db):
    edition = EditionFactory(number=9)
    names = {
        code: list(
            Criterion.objects.filter(category=category(edition, code), stage="initial")
            .order_by("position")
            .values_list("name_en", flat=True)
        )
        for code in ("product", "project")
    }
    assert "Employment of Omanis" in names["project"]
    assert "Employment of Omanis" not in names["product"]
    for code in ("product", "project"):
        for stage in ("initial", "final"):
            weights = Criterion.objects.filter(
                category=category(edition, code), stage=stage
            ).values_list("weight", flat=True)
            assert sum(weights) == 100


# --- Deadlines and reminders ---------------------------------------------------------------------


def test_deadline_shown_and_reminders_sent_to_incomplete_judges(client, world):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    deadline = timezone.localdate() + datetime.timedelta(days=3)
    Edition.objects.filter(pk=world.edition.pk).update(final_deadline=deadline)
    get_user_model().objects.filter(pk=world.juror.pk).update(email="juror@example.invalid")
    get_user_model().objects.filter(pk=world.juror2.pk).update(email="juror2@example.invalid")
    for nomination in (world.dhofar_nomination, world.muscat_nomination, world.dhofar_project):
        submit(world.juror2, Nomination.objects.get(pk=nomination.pk), 7, 7, 7)
    client.force_login(world.juror)
    page = client.get(reverse("awards:judging_home")).content.decode()
    assert f'data-deadline="{deadline.isoformat()}"' in page and "3 days left" in page
    call_command("award_reminders", "--days", "2", stdout=io.StringIO())
    assert mail.outbox == []
    call_command("award_reminders", "--days", "3", "--dry-run", stdout=io.StringIO())
    assert mail.outbox == []
    call_command("award_reminders", "--days", "3", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["juror@example.invalid"]]  # juror2 is done
    body = mail.outbox[0].body
    assert "3 of your 3 score sheets" in body and deadline.isoformat() in body
    assert "juror" not in re.sub(r"\S+@\S+", "", body).lower().replace("jurors", "")


# --- People, not accounts ------------------------------------------------------------------------


def test_committee_and_jury_members_need_display_names(world):
    nameless = get_user_model().objects.create_user("nameless", password="pw")
    membership = CommitteeMembership(
        committee=world.edition.committees.get(kind=CommitteeKind.JURY), user=nameless
    )
    with pytest.raises(ValidationError, match="display names"):
        membership.full_clean()
    StaffProfile.objects.create(user=nameless, display_name_ar="اسم", display_name_en="Name")
    membership.user = get_user_model().objects.get(pk=nameless.pk)
    membership.full_clean()
