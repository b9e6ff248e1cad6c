""" "Waiting for you" on the admin's home page, for the registry: import files the user previewed
and has not confirmed (artisans/queue.py)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from artisans import roles
from artisans.models import ImportBatch

pytestmark = pytest.mark.django_db

LABEL = "Imports to confirm"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _staff(django_user_model, username, role):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def _batch(user, days_ago=0, **fields):
    batch = ImportBatch.objects.create(
        file_name="artisans.csv", content=b"x", sha256="0" * 64, uploaded_by=user, **fields
    )
    created = timezone.now() - datetime.timedelta(days=days_ago)
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=created)
    return batch


def _item(client):
    response = client.get("/en/admin/")
    assert response.status_code == 200
    return {item.label: item for item in response.context["waiting"]}.get(LABEL)


def test_a_registrar_is_shown_their_own_previews_and_led_to_the_oldest(client, django_user_model):
    registrar = _staff(django_user_model, "registrar", roles.REGISTRAR)
    other = _staff(django_user_model, "other", roles.REGISTRAR)
    oldest = _batch(registrar, days_ago=5)
    _batch(registrar, days_ago=1)
    _batch(registrar, days_ago=9, status=ImportBatch.Status.APPLIED)
    _batch(other, days_ago=20)  # only its uploader may confirm it
    client.force_login(registrar)

    item = _item(client)

    assert item.count == 2 and item.oldest_days() == 5
    assert item.url == reverse("admin:artisans_artisan_import_preview", args=[oldest.pk])


def test_a_viewer_who_may_not_import_sees_no_row(client, django_user_model):
    viewer = _staff(django_user_model, "viewer", roles.VIEWER)
    _batch(viewer)
    client.force_login(viewer)

    assert _item(client) is None
