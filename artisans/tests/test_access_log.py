"""Opening an artisan's record in the admin is recorded in the access log (craftsreg.access_log),
and the record's page links to who opened it."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from artisans.tests.factories import ArtisanFactory
from craftsreg.access_log_admin import subject_log_url
from craftsreg.models import AccessAction, PersonalDataAccess

pytestmark = pytest.mark.django_db

LOG_TABLE = PersonalDataAccess._meta.db_table


def _change(artisan) -> str:
    return reverse("admin:artisans_artisan_change", args=[artisan.pk])


def test_opening_the_record_writes_one_row_with_the_user_and_action(client, registrar):
    artisan = ArtisanFactory()
    client.force_login(registrar)

    assert client.get(_change(artisan)).status_code == 200

    row = PersonalDataAccess.objects.get()
    assert (row.user, row.action, row.object_id) == (
        registrar,
        AccessAction.VIEWED_RECORD,
        str(artisan.pk),
    )
    assert row.subject_label == artisan.registration_number
    assert list(PersonalDataAccess.objects.of_subject(artisan)) == [row]


def test_another_governorates_record_is_a_404_and_writes_nothing(client, dhofar_registrar, muscat):
    muscat_artisan = ArtisanFactory(wilayat=muscat.wilayats.get(name_en="Muscat"))
    client.force_login(dhofar_registrar)

    assert client.get(_change(muscat_artisan)).status_code == 404
    assert client.get(reverse("admin:artisans_artisan_change", args=[999999])).status_code == 404

    assert not PersonalDataAccess.objects.exists()


def test_saving_the_record_is_a_write_not_a_read(client, registrar):
    artisan = ArtisanFactory()
    client.force_login(registrar)

    client.post(_change(artisan), {"name_en": "x"})  # refused by the form: nothing read

    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("versions", [1, 6])
def test_the_record_costs_exactly_one_insert_more(client, registrar, versions):
    artisan = ArtisanFactory()
    for number in range(versions - 1):
        artisan.name_en = f"Name {number}"
        artisan.save()
    client.force_login(registrar)
    client.get(_change(artisan))  # warm the session and content types

    with CaptureQueriesContext(connection) as queries:
        client.get(_change(artisan))

    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and LOG_TABLE in inserts[0]
    # The page's own queries before the log (test below), plus the one INSERT.
    assert len(queries) == CHANGE_VIEW_QUERIES + 1


# Session, user, staff profile (scope), the artisan (the site's lookup, then the view's),
# permissions (user, groups), the form's crafts, governorates, wilayats and other crafts, the
# current card, the portal account: what the change view cost before the access log.
CHANGE_VIEW_QUERIES = 13


def test_the_link_to_who_opened_the_record_is_for_those_who_read_the_log(client, registrar):
    artisan, other = ArtisanFactory(), ArtisanFactory()
    client.force_login(registrar)
    client.get(_change(other))
    assert subject_log_url(artisan) not in client.get(_change(artisan)).content.decode()

    registrar.user_permissions.add(Permission.objects.get(codename="view_personaldataaccess"))
    client.force_login(registrar)
    page = client.get(_change(artisan)).content.decode()
    assert subject_log_url(artisan).replace("&", "&amp;") in page

    listed = client.get(subject_log_url(artisan)).context["cl"].result_list
    # The two opens of this artisan (before and after the permission), not the other's.
    assert [row.object_id for row in listed] == [str(artisan.pk)] * 2


def test_the_records_history_and_an_old_version_are_reads_too(client, registrar):
    artisan = ArtisanFactory()
    artisan.phone = "+96899123456"
    artisan.save()
    version = artisan.history.earliest()
    client.force_login(registrar)

    history = reverse("admin:artisans_artisan_history", args=[artisan.pk])
    old = reverse("admin:artisans_artisan_simple_history", args=[artisan.pk, version.pk])
    assert client.get(history).status_code == 200
    assert client.get(old).status_code == 200

    assert set(PersonalDataAccess.objects.values_list("action", "object_id", "path")) == {
        (AccessAction.VIEWED_HISTORY, str(artisan.pk), history),
        (AccessAction.VIEWED_HISTORY, str(artisan.pk), old),
    }


def test_another_governorates_history_is_a_404_and_writes_nothing(client, dhofar_registrar, muscat):
    muscat_artisan = ArtisanFactory(wilayat=muscat.wilayats.get(name_en="Muscat"))
    client.force_login(dhofar_registrar)
    history = reverse("admin:artisans_artisan_history", args=[muscat_artisan.pk])
    assert client.get(history).status_code == 404
    assert not PersonalDataAccess.objects.exists()
