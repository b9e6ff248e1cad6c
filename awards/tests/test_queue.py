""" "Waiting for you" on the admin's home page, for the award: entries from the portal awaiting
review (awards/queue.py), for the staff who may accept or decline them, in their scope."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from artisans.models import Governorate, StaffProfile, Wilayat
from artisans.tests.factories import ArtisanFactory
from awards import roles, services
from awards.models import AwardEntry, EntryStatus
from awards.tests.factories import category
from designs.tests.factories import image_bytes

pytestmark = pytest.mark.django_db

LABEL = "Award entries to review"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _staff(django_user_model, username, role, governorate=None):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    if governorate:
        StaffProfile.objects.create(
            user=user, governorate=Governorate.objects.get(code=governorate)
        )
    return user


def _entry(edition, entrant, wilayat="Salalah"):
    artisan = ArtisanFactory(
        wilayat=Wilayat.objects.get(name_en=wilayat), registered_on=datetime.date(2010, 1, 1)
    )
    return services.entry_submit(
        artisan=artisan,
        category=category(edition),
        by=entrant,
        photos=[ContentFile(image_bytes(), name="w.jpg")],
        craft=artisan.primary_craft,
        title="بردة قطنية",
        description="نسيج يدوي",
    )


def _item(client):
    response = client.get("/en/admin/")
    assert response.status_code == 200
    return {item.label: item for item in response.context["waiting"]}.get(LABEL)


def test_governorate_staff_count_and_list_only_their_entries_awaiting_review(
    client, edition, entrant, django_user_model
):
    dhofar_entries = [_entry(edition, entrant), _entry(edition, entrant)]
    _entry(edition, entrant, wilayat="Muscat")
    AwardEntry.objects.filter(pk=dhofar_entries[1].pk).update(status=EntryStatus.WITHDRAWN)
    client.force_login(_staff(django_user_model, "dhofar-staff", roles.AWARD_STAFF, "OM-ZU"))

    item = _item(client)

    assert item.count == 1
    listing = client.get(item.url)
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [dhofar_entries[0]]


def test_the_oldest_entrys_age_is_in_days(client, edition, entrant, django_user_model):
    entry = _entry(edition, entrant)
    now = timezone.now()
    AwardEntry.objects.filter(pk=entry.pk).update(submitted_at=now - datetime.timedelta(days=3))
    client.force_login(_staff(django_user_model, "staff", roles.AWARD_STAFF))

    item = _item(client)

    assert (item.count, item.oldest_days(now)) == (1, 3)


def test_the_chair_who_only_reads_entries_sees_no_row(client, edition, entrant, django_user_model):
    _entry(edition, entrant)
    client.force_login(_staff(django_user_model, "chair", roles.AWARD_CHAIR))

    assert _item(client) is None
