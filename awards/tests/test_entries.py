"""Award entries from the portal: eligibility, the entrant's edits, staff decisions, the admin's
governorate scope and what the entrant is told before and after the announcement."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from artisans.models import Artisan, Governorate, StaffProfile
from artisans.tests.factories import ArtisanFactory
from awards import services
from awards.models import (
    AwardEntry,
    EntryStatus,
    Nomination,
    NominationStatus,
    Stage,
    entry_refusals,
)
from awards.tests.factories import EditionFactory, NominationFactory, UserFactory, category
from designs.tests.factories import image_bytes


def photo(n=1):
    return ContentFile(image_bytes(colour=(n * 20 % 255, 90, 40)), name=f"p{n}.jpg")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def artisan(db):
    return ArtisanFactory(registered_on=datetime.date(2010, 1, 1))


def submit(artisan, edition, entrant, code="product", photos=1, **fields):
    defaults = {
        "craft": artisan.primary_craft,
        "title": "بردة قطنية",
        "description": "نسيج يدوي",
    }
    if code == "project":
        defaults.update(workforce=4, trainees=2, omani_materials_percent=80)
    return services.entry_submit(
        artisan=artisan,
        category=category(edition, code),
        by=entrant,
        photos=[photo(n) for n in range(photos)],
        **{**defaults, **fields},
    )


def test_an_eligible_artisan_is_told_nothing_is_in_the_way(artisan, edition):
    assert entry_refusals(artisan=artisan, category=category(edition)) == []


def test_refusals_say_why_in_words(artisan, edition, entrant, media):
    artisan.status = Artisan.Status.INACTIVE
    artisan.save()
    # Registered in 2010: fewer than 40 years by the close of nominations, whatever today is.
    edition.minimum_years_registered = 40
    edition.save()
    refusals = entry_refusals(artisan=artisan, category=category(edition))
    assert any("registration is not active" in r for r in refusals)
    assert any("at least 40 years" in r and "2010-01-01" in r for r in refusals)


def test_entries_only_while_the_edition_takes_nominations(artisan, entrant, media):
    edition = EditionFactory(number=7, year=2019, stage=Stage.INITIAL)
    with pytest.raises(ValidationError, match="taking nominations"):
        submit(artisan, edition, entrant)
    assert not AwardEntry.objects.exists()


def _dates(edition, open_in_days, close_in_days):
    today = timezone.localdate()
    edition.nominations_open = today + datetime.timedelta(days=open_in_days)
    edition.nominations_close = today + datetime.timedelta(days=close_in_days)
    edition.save()


def test_entries_only_between_the_published_dates(artisan, edition, entrant, media):
    # The stage says "nominations" (the chair has not moved it on), but the dates rule.
    _dates(edition, 3, 30)
    with pytest.raises(ValidationError, match="open on"):
        submit(artisan, edition, entrant)
    _dates(edition, -30, -1)
    with pytest.raises(ValidationError, match="closed on"):
        submit(artisan, edition, entrant)
    assert not AwardEntry.objects.exists()
    # Both dates are included.
    _dates(edition, 0, 0)
    assert entry_refusals(artisan=artisan, category=category(edition)) == []
    assert submit(artisan, edition, entrant).status == EntryStatus.SUBMITTED


def test_an_entry_cannot_be_changed_or_withdrawn_after_nominations_close(
    artisan, edition, entrant, media
):
    entry = submit(artisan, edition, entrant)
    assert entry.is_open_to_entrant
    _dates(edition, -30, -1)
    entry = AwardEntry.objects.get(pk=entry.pk)
    assert not entry.is_open_to_entrant
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.entry_update(
            entry=entry, by=entrant, title="later", description="d", craft=artisan.primary_craft
        )
    with pytest.raises(ValidationError, match="can no longer be withdrawn"):
        services.entry_withdraw(entry=entry, by=entrant)
    entry.refresh_from_db()
    assert (entry.status, entry.title) == (EntryStatus.SUBMITTED, "بردة قطنية")


def test_one_entry_per_category_and_edition(artisan, edition, entrant, media):
    first = submit(artisan, edition, entrant)
    with pytest.raises(ValidationError, match="already entered"):
        submit(artisan, edition, entrant)
    # A project is another category: allowed.
    submit(artisan, edition, entrant, code="project")
    # Withdrawing frees the place.
    services.entry_withdraw(entry=first, by=entrant)
    submit(artisan, edition, entrant)
    assert AwardEntry.objects.holding_a_place().count() == 2


def test_the_database_refuses_a_second_open_entry_in_a_category(artisan, edition, entrant, media):
    first = submit(artisan, edition, entrant)
    duplicate = AwardEntry(
        category=first.category,
        artisan=artisan,
        governorate=artisan.governorate,
        craft=first.craft,
        title="x",
        description="x",
        submitted_by=entrant,
        submitted_at=first.submitted_at,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_an_artisan_already_nominated_by_staff_is_told_so(artisan, edition, entrant, media):
    NominationFactory(category=category(edition), artisan=artisan)
    refusals = entry_refusals(artisan=artisan, category=category(edition))
    assert any("already nominated" in r for r in refusals)


def test_project_facts_required_for_projects_and_refused_on_products(
    artisan, edition, entrant, media
):
    with pytest.raises(ValidationError, match="craft project gives its facts"):
        submit(artisan, edition, entrant, code="project", workforce=None)
    with pytest.raises(ValidationError, match="project category"):
        submit(artisan, edition, entrant, workforce=3)


def test_photo_limit_is_the_editions(artisan, edition, entrant, media):
    edition.entry_photo_limit = 2
    edition.save()
    with pytest.raises(ValidationError, match="at most 2 photos"):
        submit(artisan, edition, entrant, photos=3)
    with pytest.raises(ValidationError, match="at least one photo"):
        submit(artisan, edition, entrant, photos=0)
    entry = submit(artisan, edition, entrant, photos=2)
    with pytest.raises(ValidationError, match="at most 2 photos"):
        services.entry_update(
            entry=entry,
            by=entrant,
            photos=[photo(9)],
            craft=entry.craft,
            title="t",
            description="d",
        )
    kept = entry.photos.first()
    services.entry_update(
        entry=entry,
        by=entrant,
        photos=[photo(9)],
        remove_photo_ids=[entry.photos.last().pk],
        craft=entry.craft,
        title="New title",
        description="d",
    )
    entry.refresh_from_db()
    assert entry.title == "New title"
    assert entry.photos.count() == 2 and entry.photos.filter(pk=kept.pk).exists()


def test_accepting_creates_the_nomination_with_copied_photos_and_history(
    artisan, edition, entrant, media
):
    entry = submit(artisan, edition, entrant, code="project", photos=2)
    staff = UserFactory(username="award-staff")
    nomination = services.entry_accept(entry=entry, by=staff)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACCEPTED and entry.nomination == nomination
    assert nomination.artisan == artisan and nomination.category == entry.category
    assert nomination.title_ar == "بردة قطنية" and nomination.workforce == 4
    assert nomination.governorate == artisan.governorate
    assert nomination.photos.count() == 2
    names = {p.image.name for p in nomination.photos.all()}
    assert not names & {p.image.name for p in entry.photos.all()}  # own copies
    assert f"award entry {entry.pk}" in nomination.history.first().history_change_reason
    assert f"nomination {nomination.pk}" in entry.history.first().history_change_reason
    # Decided: the entrant may no longer change or withdraw it.
    with pytest.raises(ValidationError, match="no longer be withdrawn"):
        services.entry_withdraw(entry=entry, by=entrant)
    with pytest.raises(ValidationError, match="already been decided"):
        services.entry_accept(entry=entry, by=staff)


def test_the_entrant_is_mailed_on_each_decision_after_commit(
    artisan, edition, entrant, media, django_capture_on_commit_callbacks
):
    first = submit(artisan, edition, entrant)
    second = submit(artisan, edition, entrant, code="project")
    staff = UserFactory(username="award-staff")
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_accept(entry=first, by=staff)
        services.entry_decline(entry=second, by=staff, reason="Photos too dark")
    assert [m.to for m in mail.outbox] == [["entrant@example.invalid"]] * 2
    assert "accepted as a nomination" in mail.outbox[0].body
    assert "Photos too dark" in mail.outbox[1].body
    assert mail.outbox[0].body.startswith("مشاركتك رقم")  # Arabic first


def test_declining_needs_a_reason(artisan, edition, entrant, media):
    entry = submit(artisan, edition, entrant)
    with pytest.raises(ValidationError, match="Say why"):
        services.entry_decline(entry=entry, by=entrant, reason="  ")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_the_result_is_hidden_until_the_edition_is_announced(artisan, edition, entrant, media):
    entry = submit(artisan, edition, entrant)
    nomination = services.entry_accept(entry=entry, by=UserFactory(username="s"))
    entry.refresh_from_db()
    for stage, status in (
        (Stage.INITIAL, NominationStatus.NOT_RECOMMENDED),
        (Stage.FINAL, NominationStatus.FINALIST),
        (Stage.REVIEW, NominationStatus.FINALIST),
    ):
        edition.__class__.objects.filter(pk=edition.pk).update(stage=stage)
        Nomination.objects.filter(pk=nomination.pk).update(status=status)
        entry = AwardEntry.objects.for_lists().get(pk=entry.pk)
        assert entry.outcome_for_entrant() == "Accepted as a nomination: under evaluation"
    edition.__class__.objects.filter(pk=edition.pk).update(stage=Stage.ANNOUNCED)
    Nomination.objects.filter(pk=nomination.pk).update(status=NominationStatus.WINNER, rank=2)
    entry = AwardEntry.objects.for_lists().get(pk=entry.pk)
    assert entry.outcome_for_entrant() == "Winner: place 2"


# --- the admin -----------------------------------------------------------------------------------


@pytest.fixture
def award_staff(db, django_user_model):
    from django.contrib.auth.models import Group

    from awards import roles

    def make(username, governorate=None):
        user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=roles.AWARD_STAFF))
        if governorate:
            StaffProfile.objects.create(
                user=user, governorate=Governorate.objects.get(code=governorate)
            )
        return user

    return make


def test_staff_of_another_governorate_cannot_see_or_decide_an_entry(
    client, artisan, edition, entrant, media, award_staff
):
    entry = submit(artisan, edition, entrant)  # a Dhofar artisan
    photo_pk = entry.photos.get().pk
    client.force_login(award_staff("muscat-staff", "OM-MA"))
    base = f"/en/admin/awards/awardentry/{entry.pk}/"
    for url in (base, f"{base}change/", f"{base}history/", f"{base}photos/{photo_pk}/"):
        assert client.get(url).status_code == 404, url
    for url in (f"{base}accept/", f"{base}decline/"):
        assert client.post(url, {"reason": "no"}).status_code == 404, url
    listing = client.get("/en/admin/awards/awardentry/")
    assert entry.title not in listing.content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_staff_of_the_governorate_accepts_and_declines_in_the_admin(
    client, artisan, edition, entrant, media, award_staff
):
    first = submit(artisan, edition, entrant)
    second = submit(artisan, edition, entrant, code="project")
    client.force_login(award_staff("dhofar-staff", "OM-ZU"))
    page = client.get(f"/en/admin/awards/awardentry/{first.pk}/change/")
    assert "Accept as a nomination" in page.content.decode()
    image = client.get(f"/en/admin/awards/awardentry/{first.pk}/photos/{first.photos.get().pk}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    response = client.post(f"/en/admin/awards/awardentry/{first.pk}/accept/")
    first.refresh_from_db()
    assert response.status_code == 302 and first.status == EntryStatus.ACCEPTED
    # A decline without a reason changes nothing.
    client.post(f"/en/admin/awards/awardentry/{second.pk}/decline/", {"reason": ""})
    second.refresh_from_db()
    assert second.status == EntryStatus.SUBMITTED
    client.post(f"/en/admin/awards/awardentry/{second.pk}/decline/", {"reason": "Not a project"})
    second.refresh_from_db()
    assert second.status == EntryStatus.DECLINED and second.decline_reason == "Not a project"
    # GET never decides.
    assert client.get(f"/en/admin/awards/awardentry/{first.pk}/accept/").status_code == 405


def test_the_decision_box_is_shown_only_while_the_entry_waits_for_review(
    client, artisan, edition, entrant, media, award_staff
):
    entry = submit(artisan, edition, entrant)
    client.force_login(award_staff("dhofar-staff", "OM-ZU"))
    url = f"/en/admin/awards/awardentry/{entry.pk}/change/"
    page = client.get(url)
    assert page.context["may_decide"] and "Decide on this entry" in page.content.decode()
    services.entry_decline(entry=entry, by=entrant, reason="Photos too dark")
    page = client.get(url)
    assert not page.context["may_decide"] and "Decide on this entry" not in page.content.decode()


def test_entries_list_queries_do_not_grow_with_entries(
    client, edition, entrant, media, award_staff
):
    client.force_login(award_staff("all-staff"))
    client.get("/en/admin/")  # the first page view records the session's start

    def counted():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/admin/awards/awardentry/").status_code == 200
        return len(queries)

    for _ in range(2):
        submit(ArtisanFactory(registered_on=datetime.date(2010, 1, 1)), edition, entrant)
    small = counted()
    for _ in range(6):
        artisan = ArtisanFactory(registered_on=datetime.date(2010, 1, 1))
        submit(artisan, edition, entrant, code="project")
    assert counted() == small
