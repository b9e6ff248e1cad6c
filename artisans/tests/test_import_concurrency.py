"""Two imports of overlapping files at the same moment (PostgreSQL: real row locks and
concurrent transactions; SQLite serialises every writer, so the race cannot happen there)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from artisans import importing
from artisans.models import Artisan
from artisans.tests.importdata import csv_file, row

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent transactions need PostgreSQL (CI sets DATABASE_URL to PostgreSQL)",
)


def _file(numbers):
    # A birth date of their own makes each row another person, not a possible duplicate.
    return csv_file(
        [
            row(
                civil_number=str(30_000_000 + n),
                birth_date=(datetime.date(1950, 1, 1) + datetime.timedelta(days=n)).isoformat(),
            )
            for n in numbers
        ]
    )


@pytest.mark.django_db(transaction=True)
def test_overlapping_imports_at_once_never_duplicate_a_civil_number(reference_data):
    files = [_file(range(0, 300)), _file(range(150, 450))]
    start = threading.Barrier(len(files))
    reports, failures = [None] * len(files), []

    def run(index):
        try:
            start.wait(timeout=10)
            # Confirmed in case a row looks like someone registered by the other import (the
            # race of civil numbers is what this test is about).
            reports[index] = importing.import_artisans(
                data=files[index], reason="race", duplicates_confirmed=True
            )
        except Exception as error:  # surfaced below; a thread's exception is otherwise lost
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(files))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not failures
    assert all(report.applied for report in reports), [r.file_error for r in reports]
    assert Artisan.objects.count() == 450
    assert Artisan.objects.values("civil_number").distinct().count() == 450
    assert Artisan.objects.values("registration_number").distinct().count() == 450
    # one import created its 300; the other found 150 of its rows already there
    assert sorted(r.to_create for r in reports) == [150, 300]
    assert sorted(r.unchanged for r in reports) == [0, 150]
    assert Artisan.history.count() == 450


@pytest.mark.django_db(transaction=True)
def test_confirming_one_batch_twice_at_once_imports_it_once(reference_data, django_user_model):
    from artisans import services
    from artisans.models import ImportBatch

    user = django_user_model.objects.create_user("registrar", password="pw", is_staff=True)
    batch = services.import_batch_create(
        file_name="a.csv", data=_file(range(200)), by=user, governorate=None
    )
    start = threading.Barrier(2)
    failures = []

    def confirm():
        try:
            start.wait(timeout=10)
            services.import_batch_confirm(batch=batch, by=user)
        except Exception as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not failures
    batch = ImportBatch.objects.get(pk=batch.pk)
    assert batch.status == ImportBatch.Status.APPLIED
    assert batch.created_count == 200 and batch.unchanged_count == 0
    assert Artisan.objects.count() == 200
    assert Artisan.history.count() == 200
