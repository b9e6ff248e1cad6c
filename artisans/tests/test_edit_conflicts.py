"""Two registrars editing one artisan: the second save never silently erases the first."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import translation

from artisans import importing
from artisans.models import Artisan, Craft
from artisans.tests.factories import ArtisanFactory
from artisans.tests.importdata import csv_file, row

CONFLICT = "Someone else saved this artisan while you were editing it"


def _change_data(artisan, **changes):
    data = {
        "civil_number": artisan.civil_number,
        "name_ar": artisan.name_ar,
        "name_en": artisan.name_en,
        "gender": artisan.gender,
        "date_of_birth": artisan.date_of_birth.isoformat(),
        "phone": artisan.phone,
        "governorate": str(artisan.governorate_id),
        "wilayat": str(artisan.wilayat_id),
        "primary_craft": str(artisan.primary_craft_id),
        "registered_on": artisan.registered_on.isoformat(),
        "status": artisan.status,
        "seen_version": str(artisan.version),
    }
    data.update(changes)
    return data


def _url(artisan):
    return reverse("admin:artisans_artisan_change", args=[artisan.pk])


@pytest.mark.django_db
def test_a_form_opened_before_someone_elses_save_is_refused_and_changes_nothing(client, registrar):
    artisan = ArtisanFactory(phone="+96899000001")
    opened = Artisan.objects.get(pk=artisan.pk)  # registrar A opens the form (version 1)
    client.force_login(registrar)

    # Registrar B changes the phone and saves first.
    assert client.post(_url(artisan), _change_data(opened, phone="99000002")).status_code == 302

    # Registrar A saves a change of status from the form opened before.
    with translation.override("en"):
        response = client.post(_url(artisan), _change_data(opened, status="inactive"))
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    artisan.refresh_from_db()
    assert (artisan.phone, artisan.status, artisan.version) == ("+96899000002", "active", 2)


@pytest.mark.django_db
def test_the_conflict_is_explained_in_arabic(client, registrar):
    artisan = ArtisanFactory()
    client.force_login(registrar)
    response = client.post(
        reverse("admin:artisans_artisan_change", args=[artisan.pk]).replace("/en/", "/ar/"),
        _change_data(artisan, seen_version="0"),
    )
    assert "حفظ شخص آخر" in response.content.decode()


@pytest.mark.django_db
def test_an_import_makes_an_open_form_stale(client, registrar, django_capture_on_commit_callbacks):
    artisan = ArtisanFactory(civil_number="31000001")
    opened = Artisan.objects.get(pk=artisan.pk)
    craft = Craft.objects.get(pk=artisan.primary_craft_id)
    importing.import_artisans(
        data=csv_file([row(civil_number="31000001", phone="99887766", primary_craft=craft.code)]),
        reason="update",
    )
    client.force_login(registrar)
    response = client.post(_url(artisan), _change_data(opened, status="inactive"))
    assert response.status_code == 200
    artisan.refresh_from_db()
    assert artisan.phone == "+96899887766" and artisan.status == "active"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent transactions need PostgreSQL (CI sets DATABASE_URL to PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
def test_two_registrars_saving_at_once_one_wins_the_other_is_told(
    reference_data, django_user_model
):
    from django.contrib.auth.models import Group

    artisan = ArtisanFactory(phone="+96899000001")
    opened = Artisan.objects.get(pk=artisan.pk)
    users = []
    for name in ("first", "second"):
        user = django_user_model.objects.create_user(name, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name="Registrar"))
        users.append(user)
    edits = [{"phone": "99000002"}, {"status": "inactive"}]
    start = threading.Barrier(2)
    statuses, failures = [None, None], []

    def save(index):
        try:
            client = Client()
            client.force_login(users[index])
            start.wait(timeout=10)
            statuses[index] = client.post(_url(artisan), _change_data(opened, **edits[index]))
            statuses[index] = statuses[index].status_code
        except Exception as error:  # surfaced below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert sorted(statuses) == [200, 302]  # one saved, one shown the conflict
    artisan.refresh_from_db()
    assert artisan.version == 2
    winner = statuses.index(302)
    assert (artisan.phone, artisan.status) == (
        ("+96899000002", "active") if winner == 0 else ("+96899000001", "inactive")
    )
