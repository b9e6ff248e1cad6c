"""Applications returned for changes have a due date: told to the applicant, reminded once,
extended by a registrar with a reason, and closed by the daily job when it passes."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from portal import services
from portal.models import Application, ApplicationEvent
from portal.tests.factories import AccountFactory, ApplicationFactory
from portal.tests.test_applications import CREATE, _form

pytestmark = pytest.mark.django_db

Status = Application.Status
Action = ApplicationEvent.Action


def _returned(registrar, *, days_left=None, returned_days_ago=0, **factory):
    """An application returned for changes; optionally as if returned ``returned_days_ago``
    days ago with ``days_left`` days until its due date."""
    application = ApplicationFactory(**factory)
    services.application_request_changes(
        application=application, by=registrar, message="Send a clearer photo."
    )
    today = timezone.localdate()
    updates = {}
    if days_left is not None:
        updates["changes_due_on"] = today + datetime.timedelta(days=days_left)
    if returned_days_ago:
        updates["decided_at"] = timezone.now() - datetime.timedelta(days=returned_days_ago)
    if updates:
        Application.objects.filter(pk=application.pk).update(**updates)
    application.refresh_from_db()
    return application


def _run_job():
    call_command("application_deadlines", stdout=io.StringIO())


def test_returning_for_changes_sets_the_due_date_from_the_setting(settings, registrar):
    settings.CRAFTSREG_APPLICATION_CHANGES_DAYS = 12

    application = _returned(registrar)

    assert application.changes_due_on == timezone.localdate() + datetime.timedelta(days=12)
    # A later change of the setting moves no date already promised.
    settings.CRAFTSREG_APPLICATION_CHANGES_DAYS = 60
    application.refresh_from_db()
    assert application.changes_due_on == timezone.localdate() + datetime.timedelta(days=12)


def test_sending_the_changes_in_time_clears_the_due_date(client, registrar, salalah):
    application = _returned(registrar, days_left=3, returned_days_ago=27)
    Application.objects.filter(pk=application.pk).update(reminded_at=timezone.now())
    client.force_login(application.account.user)

    client.post(
        reverse("apply:edit", args=[application.pk]),
        _form(salalah, civil_number=application.civil_number, id_copy=None, consent=None),
    )

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.changes_due_on is None
    assert application.reminded_at is None


@pytest.mark.parametrize(
    ("status", "due"),
    [(Status.CHANGES_REQUESTED, None), (Status.SUBMITTED, datetime.date(2030, 1, 1))],
)
def test_the_database_keeps_a_due_date_exactly_on_returned_applications(status, due):
    application = ApplicationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(
            status=status, decision_message="Why", changes_due_on=due
        )


def test_the_applicant_is_told_the_due_date_by_mail_and_on_the_page(client, registrar, settings):
    settings.CRAFTSREG_APPLICATION_CHANGES_DAYS = 30
    application = ApplicationFactory(account=AccountFactory(language="en"))
    client.force_login(registrar)
    due = timezone.localdate() + datetime.timedelta(days=30)
    english_due = f"{due.day} {due.strftime('%B')} {due.year}"

    # The registrar works in Arabic; the applicant reads English.
    client.post(
        "/ar" + reverse("admin:portal_application_decide", args=[application.pk])[3:],
        {"decision": "changes", "message": "Send a clearer photo."},
    )

    assert len(mail.outbox) == 1
    assert f"Send your changes by {english_due}." in mail.outbox[0].body
    client.force_login(application.account.user)
    page = client.get(f"/en/apply/{application.pk}/").content.decode()
    assert f"Send your changes by {english_due}." in page


def test_the_reminder_is_sent_once_and_only_to_those_returned_long_enough_ago(registrar, settings):
    settings.CRAFTSREG_APPLICATION_REMINDER_DAYS = 7
    due_soon = _returned(registrar, days_left=7, returned_days_ago=23)
    not_yet = _returned(registrar, days_left=8, returned_days_ago=22)
    # Returned with only five days to go: the return mail named the date, no reminder.
    short = _returned(registrar, days_left=5, returned_days_ago=0)
    mail.outbox.clear()

    _run_job()
    _run_job()

    assert [message.to for message in mail.outbox] == [[due_soon.account.user.email]]
    assert "Reminder" in mail.outbox[0].subject
    due_soon.refresh_from_db()
    not_yet.refresh_from_db()
    short.refresh_from_db()
    assert due_soon.reminded_at is not None
    assert not_yet.reminded_at is None and short.reminded_at is None


def test_the_job_closes_only_overdue_applications_once_and_mails_once(registrar):
    overdue = _returned(registrar, days_left=-1, returned_days_ago=31)
    due_today = _returned(registrar, days_left=0, returned_days_ago=30)
    Application.objects.filter(pk=due_today.pk).update(reminded_at=timezone.now())
    waiting = ApplicationFactory()
    mail.outbox.clear()

    _run_job()
    _run_job()

    overdue.refresh_from_db()
    assert overdue.status == Status.LAPSED
    assert overdue.changes_due_on is None
    assert overdue.decided_by is None
    assert "apply again" in overdue.decision_message
    lapsed = overdue.events.get(action=Action.LAPSED)
    assert lapsed.by is None and lapsed.by_system
    assert [message.to for message in mail.outbox] == [[overdue.account.user.email]]
    assert "is closed" in mail.outbox[0].subject
    assert "You may apply again" in mail.outbox[0].body
    due_today.refresh_from_db()
    waiting.refresh_from_db()
    assert due_today.status == Status.CHANGES_REQUESTED
    assert waiting.status == Status.SUBMITTED


def test_a_second_run_of_the_lapse_finds_nothing_to_do(registrar):
    # What a concurrent second run sees once the first has committed: the conditional UPDATE
    # matches no row (a real two-thread test needs PostgreSQL: select_for_update).
    application = _returned(registrar, days_left=-2, returned_days_ago=32)

    first = services.application_lapse(application_id=application.pk)
    second = services.application_lapse(application_id=application.pk)

    assert first is not None and second is None
    assert application.events.filter(action=Action.LAPSED).count() == 1


def test_an_applicant_whose_application_lapsed_may_apply_again(client, registrar, salalah):
    lapsed = _returned(registrar, days_left=-1, returned_days_ago=31)
    services.application_lapse(application_id=lapsed.pk)
    client.force_login(lapsed.account.user)

    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, _form(salalah, civil_number=lapsed.civil_number))

    assert response.status_code == 302
    closed_page = client.get(f"/en/apply/{lapsed.pk}/").content.decode()
    assert "Closed: not completed in time" in closed_page and CREATE in closed_page
    new = Application.objects.exclude(pk=lapsed.pk).get(account=lapsed.account)
    assert new.status == Status.SUBMITTED
    # The registrar still sees the closed one among the possible duplicates.
    assert new.possible_duplicates()["applications"] == [lapsed]


def _extend(client, application, **data):
    return client.post(reverse("admin:portal_application_extend", args=[application.pk]), data)


def test_a_registrar_extends_the_due_date_with_a_reason(client, dhofar_registrar, registrar):
    application = _returned(registrar, days_left=2, returned_days_ago=28)
    Application.objects.filter(pk=application.pk).update(reminded_at=timezone.now())
    later = timezone.localdate() + datetime.timedelta(days=20)
    client.force_login(dhofar_registrar)
    page = client.get(reverse("admin:portal_application_change", args=[application.pk]))
    assert reverse("admin:portal_application_extend", args=[application.pk]) in page.text

    _extend(client, application, until=later.isoformat(), reason="Travelling until the 20th.")

    application.refresh_from_db()
    assert application.changes_due_on == later
    assert application.reminded_at is None  # the new date gets its own reminder
    event = application.events.get(action=Action.EXTENDED)
    assert event.by == dhofar_registrar
    assert "Travelling until the 20th." in event.message and later.isoformat() in event.message
    # The applicant is told the new date and the reason, in their language.
    (message,) = [m for m in mail.outbox if "more time" in m.subject]
    assert message.to == [application.account.user.email]
    assert f"send them by {later.day} " in message.body
    assert "Travelling until the 20th." in message.body


@pytest.mark.parametrize(
    ("days", "reason"), [(20, "   "), (20, ""), (1, "Earlier is no extension")]
)
def test_an_extension_without_reason_or_to_an_earlier_date_is_refused(
    client, registrar, days, reason
):
    application = _returned(registrar, days_left=2)
    client.force_login(registrar)

    _extend(
        client,
        application,
        until=(timezone.localdate() + datetime.timedelta(days=days)).isoformat(),
        reason=reason,
    )

    application.refresh_from_db()
    assert application.changes_due_on == timezone.localdate() + datetime.timedelta(days=2)
    assert not application.events.filter(action=Action.EXTENDED).exists()


def test_a_registrar_of_another_governorate_cannot_extend(client, muscat_registrar, registrar):
    application = _returned(registrar, days_left=2)
    client.force_login(muscat_registrar)

    response = _extend(
        client,
        application,
        until=(timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        reason="Asked by phone.",
    )

    assert response.status_code == 404
    application.refresh_from_db()
    assert application.changes_due_on == timezone.localdate() + datetime.timedelta(days=2)


def test_a_viewer_cannot_extend(client, viewer, registrar):
    application = _returned(registrar, days_left=2)
    client.force_login(viewer)

    response = _extend(client, application, until="2099-01-01", reason="Asked by phone.")

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.changes_due_on == timezone.localdate() + datetime.timedelta(days=2)


def test_the_admin_filters_list_exactly_the_overdue_and_the_soon_due(
    client, dhofar_registrar, registrar, settings
):
    settings.CRAFTSREG_APPLICATION_REMINDER_DAYS = 7
    overdue = _returned(registrar, days_left=-1)
    today = _returned(registrar, days_left=0)
    soon = _returned(registrar, days_left=7)
    _returned(registrar, days_left=8)
    ApplicationFactory()
    client.force_login(dhofar_registrar)
    changelist = reverse("admin:portal_application_changelist")

    listed = {
        value: set(client.get(changelist, {"changes_due": value}).context["cl"].result_list)
        for value in ("overdue", "soon")
    }

    assert listed == {"overdue": {overdue}, "soon": {today, soon}}


# The filter adds a condition to the same queries (test_admin_applications.LIST_QUERIES).
@pytest.mark.parametrize("size", [2, 12])
def test_the_overdue_list_takes_a_fixed_number_of_queries(
    client, dhofar_registrar, registrar, django_assert_num_queries, size
):
    from portal.tests.test_admin_applications import LIST_QUERIES

    for _index in range(size):
        _returned(registrar, days_left=-1)
    client.force_login(dhofar_registrar)

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(
            reverse("admin:portal_application_changelist"), {"changes_due": "overdue"}
        )

    assert len(response.context["cl"].result_list) == size
