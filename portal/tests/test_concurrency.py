"""Two registrars deciding one application, and two accounts using one code, at the same moment
(PostgreSQL: real row locks; SQLite serialises every writer, so the race cannot happen there)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from artisans.models import Artisan
from artisans.tests.factories import ArtisanFactory
from portal import services
from portal.models import Application, ApplicationEvent, ArtisanAccount
from portal.tests.factories import AccountFactory, ApplicationFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent transactions need PostgreSQL (CI sets DATABASE_URL to PostgreSQL)",
)


def _race(*calls):
    """Run the calls in threads released together; (results, refusals, other errors)."""
    start = threading.Barrier(len(calls))
    results, refusals, errors = [], [], []

    def run(call):
        try:
            start.wait(timeout=10)
            results.append(call())
        except ValidationError as refusal:
            refusals.append(refusal)
        except Exception as error:  # surfaced below; a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, refusals, errors


@pytest.mark.django_db(transaction=True)
def test_two_registrars_approving_at_once_register_one_artisan(
    reference_data, django_user_model, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    application = ApplicationFactory()
    first = django_user_model.objects.create_user("first", is_staff=True)
    second = django_user_model.objects.create_user("second", is_staff=True)

    results, refusals, errors = _race(
        lambda: services.application_approve(application=application, by=first),
        lambda: services.application_request_changes(
            application=application, by=second, message="Wait."
        ),
    )

    assert errors == []
    assert len(results) == 1 and len(refusals) == 1
    application.refresh_from_db()
    decisions = ApplicationEvent.objects.filter(application=application).exclude(
        action=ApplicationEvent.Action.SUBMITTED
    )
    assert decisions.count() == 1
    if application.status == Application.Status.APPROVED:
        assert Artisan.objects.count() == 1
    else:
        assert Artisan.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_one_code_used_by_two_accounts_at_once_links_one(reference_data, django_user_model):
    artisan = ArtisanFactory()
    registrar = django_user_model.objects.create_user("registrar", is_staff=True)
    _link_code, code = services.link_code_issue(artisan=artisan, by=registrar)
    accounts = [AccountFactory(), AccountFactory()]

    results, refusals, errors = _race(
        *(lambda a=account: services.account_link(account=a, code=code) for account in accounts)
    )

    assert errors == []
    assert len(results) == 1 and len(refusals) == 1
    assert ArtisanAccount.objects.filter(artisan=artisan).count() == 1
