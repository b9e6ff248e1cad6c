"""A deposit batch's certificates printed into one file by a background job (run eagerly
here; jobs/tests/test_worker_documents.py runs it on a real worker)."""

import pytest
from django.urls import reverse

from designs import certificates
from designs.models import Design
from designs.tests.factories import DepositBatchFactory, DesignFactory
from jobs.models import Job
from jobs.services import job_run

pytestmark = pytest.mark.django_db


def _url(batch) -> str:
    return reverse("admin:designs_depositbatch_certificates", args=[batch.pk])


def _started_job(response) -> Job:
    assert response.status_code == 302, response
    return Job.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


def test_a_design_officer_prints_every_deposited_design_of_a_batch(client, design_officer):
    first, second = DesignFactory(), DesignFactory()
    filed = DesignFactory(hidden=True)  # filed, no certificate yet
    other_batch = DesignFactory(batch=DepositBatchFactory(number="2017-02"))
    client.force_login(design_officer)
    page = client.get(_url(first.batch))
    assert page.status_code == 200 and 'data-count="2"' in page.content.decode()
    change = client.get(reverse("admin:designs_depositbatch_change", args=[first.batch.pk]))
    assert _url(first.batch) in change.content.decode()

    job = _started_job(client.post(_url(first.batch)))
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert job.file_name == "designs-2017-01-certificates.html"
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert "attachment" in download["Content-Disposition"]
    html = b"".join(download.streaming_content).decode()
    assert html.count('<article class="deposit-certificate"') == 2
    assert html.index(first.certificate_number) < html.index(second.certificate_number)
    assert filed.number not in html and other_batch.number not in html
    assert f"http://testserver/verify/{first.certificate_token}/" in html
    assert "<link" not in html and "break-before: page" in html


def test_the_admin_action_leads_to_the_batch_print_page(client, design_officer):
    design = DesignFactory()
    other = DepositBatchFactory(number="2017-02")
    client.force_login(design_officer)
    changelist = reverse("admin:designs_depositbatch_changelist")
    one = client.post(
        changelist, {"action": "print_certificates", "_selected_action": [design.batch.pk]}
    )
    assert one.url == _url(design.batch)
    both = client.post(
        changelist,
        {"action": "print_certificates", "_selected_action": [design.batch.pk, other.pk]},
        follow=True,
    )
    assert "Choose exactly one batch." in both.content.decode()
    assert not Job.objects.exists()


def test_staff_outside_the_design_unit_cannot_print_certificates(client, django_user_model):
    design = DesignFactory()
    staff = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.post(_url(design.batch)).status_code == 403
    assert not Job.objects.exists()


def test_a_batch_without_deposited_designs_has_nothing_to_print(client, design_officer):
    design = DesignFactory(hidden=True)
    client.force_login(design_officer)
    page = client.get(_url(design.batch)).content.decode()
    assert "nothing to print" in page and '<input type="submit"' not in page
    job = _started_job(client.post(_url(design.batch)))
    assert job.status == Job.Status.FAILED and not job.file
    assert job.message == "No design of this batch is deposited yet: nothing to print."


def test_the_job_checks_the_printer_again_when_it_runs(design_officer):
    design = DesignFactory()
    params = {"batch": design.batch.pk, "base_url": "http://testserver"}
    design_officer.groups.clear()  # moved out of the design unit after asking
    job = Job.objects.create(
        kind="designs.certificates", owner=design_officer, params=params, language="en"
    )
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.message) == (
        Job.Status.FAILED,
        "You may not print deposit certificates.",
    )


def test_another_user_cannot_see_or_download_the_file(client, design_officer, django_user_model):
    design = DesignFactory()
    client.force_login(design_officer)
    job = _started_job(client.post(_url(design.batch)))
    other = django_user_model.objects.create_superuser("other", "o@example.invalid", "pw")
    client.force_login(other)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:status", args=[job.pk])).status_code == 404


def test_the_batch_file_reads_a_fixed_number_of_queries(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    design = DesignFactory()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            certificates.write_batch(tmp_path / "b.html", design.batch, base_url="http://x")
        return len(captured)

    small = queries()
    DesignFactory.create_batch(5)
    assert queries() == small
    assert Design.objects.public().count() == 6
    assert (tmp_path / "b.html").read_text().count('<article class="deposit-certificate"') == 6
