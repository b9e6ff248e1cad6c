"""Opening a portal application's photo or ID card copy in the admin is recorded in the access
log (craftsreg.access_log), named by the application's reference."""

import pytest
from django.urls import reverse

from craftsreg.models import AccessAction, PersonalDataAccess
from portal.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _url(name, application) -> str:
    return reverse(f"admin:portal_application_{name}", args=[application.pk])


@pytest.mark.parametrize(
    ("name", "action"),
    [("photo", AccessAction.OPENED_PHOTO), ("id_copy", AccessAction.OPENED_ID_COPY)],
)
def test_opening_an_applications_file_writes_one_row(client, dhofar_registrar, name, action):
    application = ApplicationFactory()
    client.force_login(dhofar_registrar)

    response = client.get(_url(name, application))

    assert response.status_code == 200
    row = PersonalDataAccess.objects.get()
    assert (row.user, row.action, row.object_id, row.subject_label) == (
        dhofar_registrar,
        action,
        str(application.pk),
        application.reference,
    )
    assert application.civil_number not in row.subject_label + row.path


def test_another_governorates_application_files_write_nothing(client, muscat_registrar):
    application = ApplicationFactory()  # in Dhofar
    client.force_login(muscat_registrar)

    for name in ("photo", "id_copy"):
        assert client.get(_url(name, application)).status_code == 404

    assert not PersonalDataAccess.objects.exists()


def test_opening_an_application_writes_one_row(client, dhofar_registrar, muscat_registrar):
    application = ApplicationFactory()
    client.force_login(dhofar_registrar)

    assert client.get(_url("change", application)).status_code == 200

    row = PersonalDataAccess.objects.get()
    assert (row.user, row.action, row.subject_label) == (
        dhofar_registrar,
        AccessAction.VIEWED_RECORD,
        application.reference,
    )
    # Another governorate's registrar is refused and recorded nowhere.
    client.force_login(muscat_registrar)
    assert client.get(_url("change", application)).status_code == 404
    assert PersonalDataAccess.objects.count() == 1
