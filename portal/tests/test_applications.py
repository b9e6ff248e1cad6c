"""Applying in the portal: the form, consent, the status page, corrections, and nobody else's
application."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from artisans.models import Craft
from portal import services
from portal.models import Application
from portal.tests.factories import PDF, AccountFactory, ApplicationFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

CREATE = "/en/apply/form/"


def _form(salalah, **changes):
    data = {
        "civil_number": "٩٨٧٦٥٤٣٢",
        "name_ar": "مريم بنت سالم الحارثية",
        "name_en": "Maryam Al-Harthi",
        "gender": "female",
        "date_of_birth": "١٥/٠٣/١٩٨٠",
        "phone": "٩١٢٣ ٤٥٦٧",
        "governorate": salalah.governorate_id,
        "wilayat": salalah.pk,
        "primary_craft": Craft.objects.get(code="cotton-weaving").pk,
        "other_crafts": [Craft.objects.get(code="embroidery").pk],
        "workshop_address": "Salalah, Al-Haffa, near the souq",
        "photo": SimpleUploadedFile("me.jpg", jpeg_bytes()),
        "id_copy": SimpleUploadedFile("id.pdf", PDF),
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_an_applicant_applies_and_gets_a_reference_and_a_status_page(client, salalah):
    account = AccountFactory(privacy_consent_at=None, privacy_notice_version="")
    client.force_login(account.user)

    form_page = client.get(CREATE)
    assert "Personal Data Protection Law" in form_page.content.decode()
    response = client.post(CREATE, _form(salalah))

    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("apply:detail", args=[application.pk])
    assert application.civil_number == "98765432"
    assert application.phone == "+96891234567"
    assert str(application.date_of_birth) == "1980-03-15"
    assert list(application.other_crafts.values_list("code", flat=True)) == ["embroidery"]
    assert application.status == Application.Status.SUBMITTED
    assert application.photo.name.startswith("portal/applications/photos/")
    assert "me.jpg" not in application.photo.name
    account.refresh_from_db()
    assert account.privacy_consent_at is not None and account.privacy_notice_version == "1"
    assert application.privacy_notice_version == "1"
    assert [e.action for e in application.events.all()] == ["submitted"]
    page = client.get(response["Location"]).content.decode()
    assert application.reference in page and "Submitted" in page


def test_no_consent_no_application(client, salalah):
    account = AccountFactory(privacy_consent_at=None, privacy_notice_version="")
    client.force_login(account.user)

    response = client.post(CREATE, _form(salalah, consent=None))

    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert not Application.objects.exists()


def test_a_changed_notice_asks_for_consent_again(client, settings, account):
    settings.CRAFTSREG_PORTAL_PRIVACY_NOTICE_VERSION = "2"
    client.force_login(account.user)

    assert "consent" in client.get(CREATE).context["form"].fields


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("civil_number", "12-AB"),
        ("date_of_birth", "31/02/1980"),
        ("date_of_birth", "01/01/2100"),
        ("phone", "12"),
        ("photo", SimpleUploadedFile("me.jpg", b"not an image")),
        ("id_copy", SimpleUploadedFile("id.pdf", b"%PDF-1.4 no end")),
        ("id_copy", SimpleUploadedFile("id.exe", b"MZ\x90\x00")),
        ("gender", "other"),
        ("primary_craft", "999999"),
        ("workshop_address", "x" * 501),
    ],
)
def test_bad_values_are_refused_with_a_message_and_store_nothing(
    client, account, salalah, field, value
):
    client.force_login(account.user)

    response = client.post(CREATE, _form(salalah, **{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Application.objects.exists()


def test_a_wilayat_of_another_governorate_is_refused(client, account, salalah, muscat):
    client.force_login(account.user)

    response = client.post(CREATE, _form(salalah, governorate=muscat.pk))

    with translation.override("en"):
        assert "is not in the governorate" in str(response.context["form"].errors["wilayat"])
    assert not Application.objects.exists()


def test_one_open_application_at_a_time(client, account, salalah):
    ApplicationFactory(account=account)
    client.force_login(account.user)

    response = client.get(CREATE)

    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_one_applicant_cannot_see_anothers_application_or_files(client, account):
    other = ApplicationFactory()
    client.force_login(account.user)

    for name in ("detail", "edit", "photo", "id_copy"):
        assert client.get(reverse(f"apply:{name}", args=[other.pk])).status_code == 404
    assert client.post(reverse("apply:edit", args=[other.pk]), {}).status_code == 404


def test_the_applicant_sees_their_own_files(client):
    application = ApplicationFactory()
    client.force_login(application.account.user)

    photo = client.get(reverse("apply:photo", args=[application.pk]))
    scan = client.get(reverse("apply:id_copy", args=[application.pk]))

    assert photo["Content-Type"] == "image/jpeg" and "private" in photo["Cache-Control"]
    assert scan["Content-Type"] == "application/pdf"


def test_anonymous_and_staff_are_sent_to_the_portal_sign_in(client, registrar):
    application = ApplicationFactory()
    url = reverse("apply:detail", args=[application.pk])

    assert client.get(url)["Location"].startswith(reverse("portal:sign_in"))
    client.force_login(registrar)
    assert client.get(url)["Location"].startswith(reverse("portal:sign_in"))


def test_the_applicant_corrects_an_application_sent_back(client, registrar, salalah):
    application = ApplicationFactory()
    services.application_request_changes(
        application=application, by=registrar, message="Send a clearer photo."
    )
    client.force_login(application.account.user)
    detail = client.get(reverse("apply:detail", args=[application.pk])).content.decode()
    assert "Send a clearer photo." in detail
    old_photo = application.photo.name

    response = client.post(
        reverse("apply:edit", args=[application.pk]),
        _form(salalah, civil_number=application.civil_number, id_copy=None, consent=None),
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.photo.name != old_photo  # the new photo
    assert application.id_copy  # kept
    assert [e.action for e in application.events.all()] == ["submitted", "changes", "resubmitted"]


def test_an_application_waiting_for_the_registrar_cannot_be_edited(client, salalah):
    application = ApplicationFactory()
    client.force_login(application.account.user)

    response = client.post(
        reverse("apply:edit", args=[application.pk]), _form(salalah, name_en="Changed")
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.name_en == "Applicant"


def test_the_applicant_never_sees_possible_duplicates(client):
    from artisans.tests.factories import ArtisanFactory

    registered = ArtisanFactory(civil_number="55555555")
    application = ApplicationFactory(civil_number="55555555")
    client.force_login(application.account.user)

    page = client.get(reverse("apply:detail", args=[application.pk])).content.decode()

    assert registered.registration_number not in page
    assert registered.name_ar not in page


# Session, user, account (with its artisan), applications with their places and crafts.
HOME_QUERIES = 7


@pytest.mark.parametrize("size", [1, 6])
def test_home_lists_the_accounts_applications_in_a_fixed_number_of_queries(
    client, django_assert_num_queries, registrar, size
):
    account = AccountFactory()
    for _ in range(size):
        application = ApplicationFactory(account=account)
        services.application_reject(application=application, by=registrar, reason="No.")
    client.force_login(account.user)

    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("portal:home"))

    assert len(response.context["sections"][0]["context"]["applications"]) == size
