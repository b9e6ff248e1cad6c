"""Two tabs saving or submitting the same sheet at once (real threads; PostgreSQL row locks)."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from artisans.tests.factories import ArtisanFactory
from awards import services
from awards.models import Category, CommitteeKind, Criterion, Score, ScoreSheet, SheetStatus
from awards.tests.factories import (
    EditionFactory,
    NominationFactory,
    UserFactory,
    category,
    committee,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]


@pytest.fixture
def final_setup(reference_data):
    edition = EditionFactory(number=5, stage="final")
    juror = UserFactory(username="juror")
    committee(edition, CommitteeKind.JURY, members=[juror])
    nomination = NominationFactory(
        category=category(edition, Category.PRODUCT), artisan=ArtisanFactory(), status="finalist"
    )
    criteria = list(Criterion.objects.for_stage(nomination.category, "final"))
    # An existing draft: the race that matters is between two saves of the same sheet (the very
    # first save is already serialised by the unique constraint on the sheet).
    services.score_sheet_save(
        judge=juror, nomination=nomination, values={c.pk: Decimal(1) for c in criteria}
    )
    return juror, nomination, criteria


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_tabs_saving_at_once_keep_one_sheet_and_a_whole_set_of_scores(final_setup):
    juror, nomination, criteria = final_setup
    a = {c.pk: Decimal(v) for c, v in zip(criteria, ("5", "6", "7"), strict=True)}
    b = {c.pk: Decimal(v) for c, v in zip(criteria, ("8", "9", "10"), strict=True)}
    for _round in range(5):
        outcomes = run_together(
            lambda: services.score_sheet_save(judge=juror, nomination=nomination, values=a),
            lambda: services.score_sheet_save(judge=juror, nomination=nomination, values=b),
        )
        assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
        assert ScoreSheet.objects.count() == 1
        stored = dict(Score.objects.values_list("criterion_id", "value"))
        assert stored in (a, b)  # one tab's whole form, never a mix or a lost criterion


def test_submitting_twice_at_once_submits_once(final_setup):
    juror, nomination, criteria = final_setup
    a = {c.pk: Decimal(v) for c, v in zip(criteria, ("5", "6", "7"), strict=True)}
    b = {c.pk: Decimal(v) for c, v in zip(criteria, ("8", "9", "10"), strict=True)}
    outcomes = run_together(
        lambda: services.score_sheet_save(
            judge=juror, nomination=nomination, values=a, submit=True
        ),
        lambda: services.score_sheet_save(
            judge=juror, nomination=nomination, values=b, submit=True
        ),
    )
    errors = [o for o in outcomes if isinstance(o, ValidationError)]
    sheets = [o for o in outcomes if isinstance(o, ScoreSheet)]
    assert len(errors) == 1 and len(sheets) == 1
    sheet = ScoreSheet.objects.get()
    assert sheet.status == SheetStatus.SUBMITTED
    stored = dict(Score.objects.values_list("criterion_id", "value"))
    assert stored == (a if sheets[0].scores.get(criterion=criteria[0]).value == 5 else b)
    assert Score.objects.count() == 3
