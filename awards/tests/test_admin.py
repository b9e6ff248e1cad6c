import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import (
    Committee,
    CommitteeKind,
    CommitteeMembership,
    Criterion,
    Edition,
    Nomination,
    Score,
    ScoreSheet,
    Stage,
)
from awards.people import display_name
from awards.reports import membership_changes
from awards.tests.factories import EditionFactory, set_stage


def test_new_edition_in_admin_starts_with_the_sources_criteria(client, superuser, db):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:awards_edition_add"),
        {
            "number": 6,
            "year": 2018,
            "title_ar": "الدورة السادسة",
            "title_en": "Sixth edition",
            "nominations_open": "2018-01-01",
            "nominations_close": "2018-03-31",
            "aggregation": "mean",
            "show_normalised": "on",
            "spread_flag": 20,
            "shortlist_pass_mark": 60,
            "minimum_sheets": 3,
            "initial_minimum_sheets": 2,
            "categories-TOTAL_FORMS": 0,
            "categories-INITIAL_FORMS": 0,
            "transitions-TOTAL_FORMS": 0,
            "transitions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    edition = Edition.objects.get(number=6)
    assert edition.stage == Stage.DRAFT
    assert Criterion.objects.filter(category__edition=edition).count() == 18


def test_nomination_window_must_be_ordered(db):
    edition = Edition(
        number=8,
        year=2020,
        title_ar="x",
        nominations_open="2020-03-01",
        nominations_close="2020-01-01",
    )
    with pytest.raises(ValidationError):
        edition.full_clean()


def test_criteria_lock_once_their_stage_opened_or_scored(world):
    criterion = Criterion.objects.filter(category=world.product, stage="final").first()
    criterion.weight = 50
    criterion.full_clean()  # final stage not opened, no score: still editable
    initial = Criterion.objects.filter(category=world.product, stage="initial").first()
    initial.weight = 50
    with pytest.raises(ValidationError, match="can no longer be changed"):
        initial.full_clean()
    set_stage(world.edition, Stage.NOMINATIONS)
    sheet = ScoreSheet.objects.create(
        judge=world.juror, nomination=world.dhofar_nomination, stage="final"
    )
    Score.objects.create(sheet=sheet, criterion=criterion, value=5)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        criterion.full_clean()


def _nomination_form(category, artisan) -> dict:
    """The admin's add-nomination form, filled in, with no photos."""
    return {
        "category": category.pk,
        "artisan": artisan.pk,
        "title_ar": "عمل",
        "title_en": "Work",
        "submitted_on": "2017-02-02",
        "photos-TOTAL_FORMS": 0,
        "photos-INITIAL_FORMS": 0,
    }


def test_staff_register_nominations_only_during_the_nominations_stage(client, superuser, world):
    client.force_login(superuser)
    data = _nomination_form(world.product, world.muscat_nomination.artisan)
    response = client.post(reverse("admin:awards_nomination_add"), data)
    assert response.status_code == 200  # refused: the edition is in the initial evaluation
    assert Nomination.objects.count() == 3
    set_stage(world.edition, Stage.NOMINATIONS)
    response = client.post(reverse("admin:awards_nomination_add"), data)
    assert response.status_code == 200  # refused: same artisan, same category
    assert "already has a nomination" in response.content.decode()
    data["category"] = world.project.pk
    response = client.post(reverse("admin:awards_nomination_add"), data)
    assert response.status_code == 302
    created = Nomination.objects.get(
        category=world.project, artisan=world.muscat_nomination.artisan
    )
    assert created.governorate == world.muscat_nomination.artisan.governorate


def _governorate_award_staff(django_user_model, governorate):
    from django.contrib.auth.models import Group

    from artisans.models import StaffProfile
    from awards import roles

    user = django_user_model.objects.create_user("muscat-award", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.AWARD_STAFF))
    StaffProfile.objects.create(user=user, governorate=governorate)
    return user


def test_award_staff_of_a_governorate_see_and_register_its_nominations_only(
    client, world, muscat, django_user_model
):
    client.force_login(_governorate_award_staff(django_user_model, muscat))
    listing = client.get(reverse("admin:awards_nomination_changelist")).content.decode()
    assert world.muscat_nomination.title_ar in listing
    assert world.dhofar_nomination.title_ar not in listing
    other = world.dhofar_nomination.pk
    for name in ("change", "history"):
        url = reverse(f"admin:awards_nomination_{name}", args=[other])
        assert client.get(url).status_code == 404, url

    # An artisan of another governorate cannot be nominated by posting their id.
    set_stage(world.edition, Stage.NOMINATIONS)
    data = _nomination_form(world.project, world.dhofar_nomination.artisan)
    response = client.post(reverse("admin:awards_nomination_add"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Nomination.objects.count() == 3
    data["artisan"] = world.muscat_nomination.artisan.pk
    assert client.post(reverse("admin:awards_nomination_add"), data).status_code == 302
    assert Nomination.objects.count() == 4


def test_award_staff_of_a_governorate_staff_its_initial_committee_only(
    client, world, muscat, dhofar, django_user_model
):
    """Not the jury or the main committee (they judge and approve the whole award), nor another
    governorate's committee: a regional member of staff cannot make anyone a juror or chair."""
    client.force_login(_governorate_award_staff(django_user_model, muscat))
    committees = {
        c.kind + (c.governorate.code if c.governorate else ""): c for c in Committee.objects.all()
    }
    listing = client.get(reverse("admin:awards_committee_changelist")).content.decode()
    own = committees["initialOM-MA"]
    assert reverse("admin:awards_committee_change", args=[own.pk]) in listing
    for key in ("initialOM-ZU", "jury", "main"):
        other = committees[key]
        for name in ("change", "history", "delete"):
            url = reverse(f"admin:awards_committee_{name}", args=[other.pk])
            assert client.get(url).status_code == 404, url

    # The add form offers an initial committee of their governorate, and nothing else is taken.
    form = client.get(reverse("admin:awards_committee_add")).context["adminform"].form
    assert [value for value, _label in form.fields["kind"].choices] == [CommitteeKind.INITIAL]
    assert list(form.fields["governorate"].queryset) == [muscat]
    second = EditionFactory(number=6)
    data = {
        "edition": second.pk,
        "kind": CommitteeKind.JURY,
        "governorate": "",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-user": world.muscat_member.pk,
    }
    refused = client.post(reverse("admin:awards_committee_add"), data)
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    data |= {"kind": CommitteeKind.INITIAL, "governorate": dhofar.pk}
    assert client.post(reverse("admin:awards_committee_add"), data).status_code == 200
    assert not Committee.objects.filter(edition=second).exists()
    data["governorate"] = muscat.pk
    assert client.post(reverse("admin:awards_committee_add"), data).status_code == 302
    (created,) = Committee.objects.filter(edition=second)
    assert (created.kind, created.governorate) == (CommitteeKind.INITIAL, muscat)


def test_award_staff_of_a_governorate_read_editions_and_categories_but_change_nothing(
    client, world, muscat, django_user_model
):
    staff = _governorate_award_staff(django_user_model, muscat)
    client.force_login(staff)
    edition_page = reverse("admin:awards_edition_change", args=[world.edition.pk])
    category_page = reverse("admin:awards_category_change", args=[world.product.pk])
    for url in (edition_page, category_page):
        page = client.get(url)
        assert page.status_code == 200 and not page.context["has_change_permission"]
    for name in ("awards_edition_add", "awards_category_add"):
        assert client.get(reverse(f"admin:{name}")).status_code == 403
    title = world.edition.title_ar
    assert client.post(edition_page, {"title_ar": "x"}).status_code == 403
    world.edition.refresh_from_db()
    assert world.edition.title_ar == title
    # Award staff of the whole award still manage them.
    staff.staff_profile.governorate = None
    staff.staff_profile.save()
    assert client.get(edition_page).context["has_change_permission"]


def _committee_form(committee, *, add=None) -> dict:
    """``committee``'s change form as the admin renders it, to post back (``add``: a user to
    add as a member)."""
    memberships = list(committee.memberships.order_by("pk"))
    data = {
        "edition": committee.edition_id,
        "kind": committee.kind,
        "governorate": committee.governorate_id or "",
        "memberships-TOTAL_FORMS": str(len(memberships) + (add is not None)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
    }
    for i, membership in enumerate(memberships):
        data |= {
            f"memberships-{i}-id": membership.pk,
            f"memberships-{i}-committee": committee.pk,
            f"memberships-{i}-user": membership.user_id,
        }
        if membership.is_chair:
            data[f"memberships-{i}-is_chair"] = "on"
    if add is not None:
        data[f"memberships-{len(memberships)}-user"] = add.pk
    return data


def test_every_change_of_a_committees_members_is_kept_with_who_made_it(
    client, world, muscat, django_user_model
):
    staff = _governorate_award_staff(django_user_model, muscat)
    staff.staff_profile.display_name_en = "Salma the award officer"
    staff.staff_profile.save()
    client.force_login(staff)
    committee = Committee.objects.get(kind=CommitteeKind.INITIAL, governorate=muscat)
    url = reverse("admin:awards_committee_change", args=[committee.pk])

    assert client.post(url, _committee_form(committee, add=world.juror2)).status_code == 302
    data = _committee_form(committee)
    data["memberships-1-is_chair"] = "on"  # the new member chairs
    assert client.post(url, data).status_code == 302
    data = _committee_form(committee)
    data["memberships-0-DELETE"] = "on"  # the first member leaves
    assert client.post(url, data).status_code == 302

    page = client.get(url)
    rows = [(c.member, c.change, c.by) for c in page.context["membership_changes"]]
    first, second = display_name(world.muscat_member), display_name(world.juror2)
    assert rows == [
        (first, "removed", "Salma the award officer"),
        (second, "now chairs the committee", "Salma the award officer"),
        (second, "added", "Salma the award officer"),
        (first, "added", ""),  # by the test's factory, outside any request
    ]
    assert "Changes of membership" in page.content.decode()


def test_the_record_of_members_starts_with_the_members_of_the_day(world):
    from importlib import import_module

    from django.apps import apps

    from awards.models.committee import MEMBERS_WHEN_RECORDED

    migration = import_module("awards.migrations.0010_committee_membership_history")
    CommitteeMembership.history.all().delete()
    migration.record_current_members(apps, None)

    entries = CommitteeMembership.history.all()
    assert {(e.committee_id, e.user_id, e.is_chair) for e in entries} == set(
        CommitteeMembership.objects.values_list("committee_id", "user_id", "is_chair")
    )
    assert {e.history_change_reason for e in entries} == {MEMBERS_WHEN_RECORDED}
    main = Committee.objects.get(kind=CommitteeKind.MAIN, edition=world.edition)
    assert [c.change for c in membership_changes(main)] == [
        "member when changes began to be recorded"
    ]
