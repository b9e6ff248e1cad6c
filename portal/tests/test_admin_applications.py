"""The applications queue in the admin: scoped to the registrar's governorate, decided through
the services, each decision audited and mailed to the applicant in their language."""

import pytest
from django.core import mail
from django.urls import reverse

from artisans.models import Artisan
from artisans.tests.factories import ArtisanFactory
from portal.models import Application, ApplicationEvent
from portal.tests.factories import AccountFactory, ApplicationFactory

pytestmark = pytest.mark.django_db


def _url(name, application) -> str:
    return reverse(f"admin:portal_application_{name}", args=[application.pk])


@pytest.fixture
def dhofar_application():
    return ApplicationFactory()


@pytest.fixture
def muscat_application(muscat):
    return ApplicationFactory(wilayat=muscat.wilayats.get(name_en="Muscat"))


def test_a_registrar_of_another_governorate_can_neither_see_nor_decide(
    client, muscat_registrar, dhofar_application
):
    client.force_login(muscat_registrar)

    for name in ("change", "photo", "id_copy", "history"):
        assert client.get(_url(name, dhofar_application)).status_code == 404, name
    response = client.post(_url("decide", dhofar_application), {"decision": "approve"})

    assert response.status_code == 404
    listing = client.get(reverse("admin:portal_application_changelist"))
    assert dhofar_application.reference not in listing.content.decode()
    dhofar_application.refresh_from_db()
    assert dhofar_application.status == Application.Status.SUBMITTED


def test_the_governorates_registrar_lists_only_their_applications(
    client, dhofar_registrar, dhofar_application, muscat_application
):
    client.force_login(dhofar_registrar)

    listing = client.get(reverse("admin:portal_application_changelist"))

    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [dhofar_application]


def test_approving_registers_the_artisan_links_the_account_and_mails_the_applicant(
    client, dhofar_registrar, dhofar_application
):
    client.force_login(dhofar_registrar)

    response = client.post(_url("decide", dhofar_application), {"decision": "approve"})

    assert response.status_code == 302
    dhofar_application.refresh_from_db()
    artisan = dhofar_application.artisan
    assert dhofar_application.status == Application.Status.APPROVED
    assert artisan.registration_number
    assert artisan.civil_number == dhofar_application.civil_number
    assert artisan.governorate == dhofar_application.governorate
    assert artisan.photo and artisan.photo.name != dhofar_application.photo.name
    assert dhofar_application.account.artisan == artisan
    version = artisan.history.get()
    assert version.history_user == dhofar_registrar
    assert dhofar_application.reference in version.history_change_reason
    event = dhofar_application.events.last()
    assert (event.action, event.by) == (ApplicationEvent.Action.APPROVED, dhofar_registrar)
    assert [m.to for m in mail.outbox] == [[dhofar_application.account.user.email]]
    assert artisan.registration_number in mail.outbox[0].body


def test_the_applicant_then_sees_the_record(client, registrar, dhofar_application):
    client.force_login(registrar)
    client.post(_url("decide", dhofar_application), {"decision": "approve"})
    client.force_login(dhofar_application.account.user)

    record = client.get(reverse("portal:record"))

    dhofar_application.refresh_from_db()
    assert record.status_code == 200
    assert dhofar_application.artisan.registration_number in record.content.decode()


@pytest.mark.parametrize("decision", ["changes", "reject"])
def test_asking_for_changes_or_rejecting_needs_a_message(
    client, dhofar_registrar, dhofar_application, decision
):
    client.force_login(dhofar_registrar)

    client.post(_url("decide", dhofar_application), {"decision": decision, "message": "  "})

    dhofar_application.refresh_from_db()
    assert dhofar_application.status == Application.Status.SUBMITTED
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("decision", "status", "words"),
    [
        ("changes", Application.Status.CHANGES_REQUESTED, "needs changes"),
        ("reject", Application.Status.REJECTED, "is rejected"),
    ],
)
def test_the_message_reaches_the_applicant_in_their_language(
    client, dhofar_registrar, decision, status, words
):
    application = ApplicationFactory(account=AccountFactory(language="en"))
    client.force_login(dhofar_registrar)

    client.post(
        "/ar" + _url("decide", application)[3:],
        {"decision": decision, "message": "Send the other side of the card."},
    )

    application.refresh_from_db()
    assert application.status == status
    assert application.decision_message == "Send the other side of the card."
    assert words in mail.outbox[0].subject  # English, though the registrar works in Arabic
    assert "Send the other side of the card." in mail.outbox[0].body


def test_a_decided_application_cannot_be_decided_again(client, registrar, dhofar_application):
    client.force_login(registrar)
    client.post(_url("decide", dhofar_application), {"decision": "reject", "message": "No."})

    client.post(_url("decide", dhofar_application), {"decision": "approve"})

    dhofar_application.refresh_from_db()
    assert dhofar_application.status == Application.Status.REJECTED
    assert not Artisan.objects.exists()


def test_a_viewer_sees_but_cannot_decide(client, viewer, dhofar_application):
    client.force_login(viewer)

    page = client.get(_url("change", dhofar_application))
    response = client.post(_url("decide", dhofar_application), {"decision": "approve"})

    assert page.status_code == 200 and not page.context["may_decide"]
    assert response.status_code == 403
    dhofar_application.refresh_from_db()
    assert dhofar_application.status == Application.Status.SUBMITTED


def test_an_already_registered_civil_number_cannot_be_approved(
    client, registrar, dhofar_application
):
    ArtisanFactory(civil_number=dhofar_application.civil_number)
    client.force_login(registrar)

    client.post(_url("decide", dhofar_application), {"decision": "approve"})

    dhofar_application.refresh_from_db()
    assert dhofar_application.status == Application.Status.SUBMITTED
    assert Artisan.objects.count() == 1


def test_possible_duplicates_are_shown_to_the_registrar_other_governorates_without_details(
    client, dhofar_registrar, muscat, dhofar_application
):
    same_number = ArtisanFactory(
        civil_number=dhofar_application.civil_number,
        wilayat=muscat.wilayats.get(name_en="Muscat"),
        name_ar="اسم آخر",
    )
    same_person = ArtisanFactory(
        name_ar=dhofar_application.name_ar, date_of_birth=dhofar_application.date_of_birth
    )
    client.force_login(dhofar_registrar)

    page = client.get(_url("change", dhofar_application))

    duplicates = page.context["duplicates"]
    assert duplicates["same_civil_number"] == [same_number]
    assert duplicates["same_person"] == [same_person]
    html = page.content.decode()
    assert same_number.registration_number in html and "اسم آخر" not in html
    assert reverse("admin:artisans_artisan_change", args=[same_person.pk]) in html


def test_the_reference_finds_the_application(client, registrar, dhofar_application):
    client.force_login(registrar)

    response = client.get(
        reverse("admin:portal_application_changelist"), {"q": dhofar_application.reference}
    )

    assert list(response.context["cl"].result_list) == [dhofar_application]


# Session, user, permissions, scope, counts and the page of applications with their places.
LIST_QUERIES = 11


@pytest.mark.parametrize("size", [2, 12])
def test_the_queue_lists_in_a_fixed_number_of_queries(
    client, dhofar_registrar, django_assert_num_queries, size
):
    ApplicationFactory.create_batch(size)
    client.force_login(dhofar_registrar)

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("admin:portal_application_changelist"))

    assert len(response.context["cl"].result_list) == size
