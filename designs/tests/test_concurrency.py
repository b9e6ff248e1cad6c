"""Two officers upload certificate files at the same moment (PostgreSQL, real threads)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from designs.models import Design
from designs.services import DepositImportError, DepositRow, batch_mark_deposited
from designs.tests.factories import DepositBatchFactory, DesignFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (no-op on SQLite)"
    ),
]


def _run_concurrently(*jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait()
            outcomes[index] = job()
        except DepositImportError as exc:
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.parametrize("same_batch", [True, False])
def test_one_certificate_number_is_given_to_one_design_only(design_reference_data, same_batch):
    first_batch = DepositBatchFactory(number="2018-01", filed_on=datetime.date(2018, 3, 1))
    second_batch = (
        first_batch
        if same_batch
        else DepositBatchFactory(number="2018-02", filed_on=datetime.date(2018, 3, 1))
    )
    a = DesignFactory(batch=first_batch, suffix=1, hidden=True)
    b = DesignFactory(batch=second_batch, suffix=2, hidden=True)
    date = datetime.date(2018, 6, 1)

    def mark(batch, design):
        return lambda: batch_mark_deposited(
            batch=batch, rows=[DepositRow(2, design.number, "CR-SAME", date)]
        )

    outcomes = _run_concurrently(mark(first_batch, a), mark(second_batch, b))
    failures = [o for o in outcomes if isinstance(o, DepositImportError)]
    assert len(failures) == 1
    assert Design.objects.filter(certificate_number="CR-SAME").count() == 1
    assert Design.objects.filter(status=Design.Status.DEPOSITED).count() == 1
