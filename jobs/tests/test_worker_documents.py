"""The award's and the designs register's jobs on the real path: queued on Redis and run by a
Celery worker process (PostgreSQL and Redis, as in CI; see test_worker.py).

One worker runs every kind in turn: certificates of an award edition, the award's score-sheet
export in both formats, and a deposit batch's certificates.
"""

import csv
import io

import openpyxl

from jobs.models import Job
from jobs.services import job_submit
from jobs.tests.test_worker import _job, _wait_for, broker, worker  # noqa: F401  (fixtures)


def _finished(job) -> Job:
    _wait_for(lambda: _job(job.pk).is_finished, what=f"job {job.pk} ({job.kind})")
    job = _job(job.pk)
    assert job.status == Job.Status.SUCCEEDED, (job.kind, job.message)
    return job


def test_award_and_design_documents_are_made_by_a_worker(worker, reference_data, superuser):  # noqa: F811
    from awards.models import NominationStatus, ScoreSheet, Stage
    from awards.tests.factories import EditionFactory, NominationFactory, category
    from designs.tests.factories import DesignFactory

    edition = EditionFactory(number=5, stage=Stage.ANNOUNCED)
    product = category(edition)
    winner = NominationFactory(category=product, status=NominationStatus.WINNER, rank=1)
    finalist = NominationFactory(category=product, status=NominationStatus.NOT_PLACED)
    ScoreSheet.objects.create(judge=superuser, nomination=winner, stage="final")
    design = DesignFactory()
    base = {"base_url": "https://craftsreg.example.om"}
    edition_only = {"edition": edition.pk}

    # Queued before the worker starts: they wait on Redis until it does.
    asked = [
        ("awards.certificates", {**edition_only, **base}),
        ("awards.results_export", {**edition_only, "format": "csv"}),
        ("awards.results_export", {**edition_only, "format": "xlsx"}),
        ("designs.certificates", {"batch": design.batch.pk, **base}),
    ]
    jobs = [job_submit(kind=kind, owner=superuser, params=params) for kind, params in asked]
    assert all(_job(job.pk).status == Job.Status.QUEUED for job in jobs)
    worker.start()
    awards_html, sheets_csv, sheets_xlsx, designs_html = (_finished(job) for job in jobs)

    html = awards_html.file.read().decode()
    assert awards_html.result == {"certificates": 2}
    for nomination in (winner, finalist):
        assert f"https://craftsreg.example.om/verify/{nomination.certificate_token}/" in html
    rows = list(csv.reader(io.StringIO(sheets_csv.file.read().decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][2] == str(winner.pk)
    sheet = openpyxl.load_workbook(sheets_xlsx.file.path, read_only=True).worksheets[0]
    assert len(list(sheet.iter_rows())) == 2
    html = designs_html.file.read().decode()
    assert design.certificate_number in html and designs_html.progress_done == 1
