"""The access log: who read whose personal data (craftsreg.access_log), its retention, and who
reads the log itself in the admin. The read points are tested in their apps' own
``tests/test_access_log.py`` (artisans, cards, portal)."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import IntegrityError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from artisans import roles
from artisans.models import StaffProfile
from artisans.tests.factories import ArtisanFactory
from craftsreg.access_log import AccessAction, purge_access_log, record_access
from craftsreg.access_log_admin import subject_log_url
from craftsreg.models import PersonalDataAccess

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:craftsreg_personaldataaccess_changelist"


def _request(user, path="/en/admin/artisans/artisan/1/change/?q=87654321"):
    request = RequestFactory().get(path)
    request.user = user
    return request


@pytest.fixture
def registrar(django_user_model):
    user = django_user_model.objects.create_user("registrar", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.REGISTRAR))
    return user


@pytest.fixture
def auditor(django_user_model):
    """A headquarters staff user given the log's permission (no role holds it)."""
    user = django_user_model.objects.create_user("auditor", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_personaldataaccess"))
    return user


def test_one_row_per_subject_named_by_its_reference_not_its_name(superuser):
    first, second = ArtisanFactory(civil_number="87654321"), ArtisanFactory()

    written = record_access(_request(superuser), AccessAction.PRINTED_CARD, [first, second])

    assert written == 2
    rows = PersonalDataAccess.objects.order_by("object_id")
    assert [(r.object_id, r.subject_label, r.batch_size) for r in rows] == [
        (str(first.pk), first.registration_number, 2),
        (str(second.pk), second.registration_number, 2),
    ]
    # The log copies neither names nor civil numbers, and keeps the path without its query.
    stored = " ".join(f"{r.subject_label} {r.path}" for r in rows)
    assert "87654321" not in stored and first.name_ar not in stored
    assert rows[0].path == "/en/admin/artisans/artisan/1/change/"
    assert {r.user for r in rows} == {superuser}


def test_nothing_to_record_writes_nothing(superuser, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert record_access(_request(superuser), AccessAction.PRINTED_CARD, []) == 0


def test_the_database_refuses_an_unknown_action(superuser):
    artisan = ArtisanFactory()
    with pytest.raises(IntegrityError):
        record_access(_request(superuser), "peeked", artisan)


def test_purge_deletes_only_rows_older_than_the_setting(superuser, settings):
    settings.CRAFTSREG_ACCESS_LOG_DAYS = 730
    artisan = ArtisanFactory()
    record_access(_request(superuser), AccessAction.VIEWED_RECORD, artisan)
    record_access(_request(superuser), AccessAction.OPENED_PHOTO, artisan)
    old, recent = PersonalDataAccess.objects.order_by("pk")
    now = timezone.now()
    PersonalDataAccess.objects.filter(pk=old.pk).update(at=now - datetime.timedelta(days=731))
    PersonalDataAccess.objects.filter(pk=recent.pk).update(at=now - datetime.timedelta(days=729))

    assert purge_access_log(dry_run=True) == 1
    assert PersonalDataAccess.objects.count() == 2
    out = io.StringIO()
    call_command("purge_access_log", stdout=out)

    assert list(PersonalDataAccess.objects.all()) == [recent]
    assert "Deleted 1 access log row(s) older than 730 day(s)" in out.getvalue()


def test_purge_is_scheduled_daily_on_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["purge-access-log"]
    assert entry["task"] == "jobs.command"
    assert entry["args"] == ["purge_access_log"]


# --- the log in the admin --------------------------------------------------------------------


def test_a_registrar_may_not_read_the_log(client, registrar):
    client.force_login(registrar)

    assert client.get(reverse(CHANGELIST)).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse(CHANGELIST) not in index


def test_a_permission_holder_reads_and_searches_the_log(client, auditor, superuser):
    artisan, other = ArtisanFactory(), ArtisanFactory()
    record_access(_request(superuser), AccessAction.VIEWED_RECORD, artisan)
    record_access(_request(auditor), AccessAction.OPENED_PHOTO, other)
    client.force_login(auditor)

    response = client.get(reverse(CHANGELIST), {"q": artisan.registration_number})

    assert response.status_code == 200
    assert [row.subject_label for row in response.context["cl"].result_list] == [
        artisan.registration_number
    ]
    by_user = client.get(reverse(CHANGELIST), {"q": "auditor"}).context["cl"].result_list
    assert [row.user for row in by_user] == [auditor]
    photos = client.get(reverse(CHANGELIST), {"action__exact": "opened_photo"})
    assert [row.object_id for row in photos.context["cl"].result_list] == [str(other.pk)]
    # Read-only: nothing is added, changed or deleted through the admin.
    row = PersonalDataAccess.objects.first()
    change = reverse("admin:craftsreg_personaldataaccess_change", args=[row.pk])
    client.post(change, {"subject_label": "forged"})
    row.refresh_from_db()
    assert row.subject_label != "forged"
    delete = reverse("admin:craftsreg_personaldataaccess_delete", args=[row.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert PersonalDataAccess.objects.count() == 2


def test_a_governorate_limited_permission_holder_may_not_read_the_log(client, auditor, dhofar):
    # The log shows every governorate's reads: a regional account never reads it.
    StaffProfile.objects.create(user=auditor, governorate=dhofar)
    client.force_login(auditor)

    assert client.get(reverse(CHANGELIST)).status_code == 403


def test_the_subject_filter_lists_exactly_that_records_rows(client, auditor, superuser):
    artisan, other = ArtisanFactory(), ArtisanFactory()
    for subject in (artisan, other, artisan):
        record_access(_request(superuser), AccessAction.VIEWED_RECORD, subject)
    client.force_login(auditor)

    response = client.get(subject_log_url(artisan))

    assert response.status_code == 200
    listed = response.context["cl"].result_list
    assert len(listed) == 2 and {row.object_id for row in listed} == {str(artisan.pk)}


@pytest.mark.parametrize("value", ["artisans.artisan", "nosuch.model:1", "artisans.artisan:1 OR"])
def test_a_malformed_subject_lists_nothing(client, auditor, superuser, value):
    record_access(_request(superuser), AccessAction.VIEWED_RECORD, ArtisanFactory())
    client.force_login(auditor)

    response = client.get(reverse(CHANGELIST), {"subject": value})

    assert response.status_code == 200 and len(response.context["cl"].result_list) == 0


def test_undeclared_lookups_on_the_log_are_refused(client, auditor):
    client.force_login(auditor)

    response = client.get(reverse(CHANGELIST), {"object_id__startswith": "1"})

    assert response.status_code == 400
