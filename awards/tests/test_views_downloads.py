"""The chair's downloads and the edition's certificates as one file: background jobs (run
eagerly here; jobs/tests/test_worker_documents.py runs them on a real worker)."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from awards import certificates, roles
from awards.models import Edition, NominationStatus, Stage
from awards.tests.factories import set_stage
from awards.tests.test_views_chair import scored, submit  # noqa: F401  (fixtures)
from jobs.models import Job
from jobs.services import job_run


def _started_job(response) -> Job:
    assert response.status_code == 302, response
    assert response.url.startswith("/en/jobs/")
    return Job.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


def _download(client, job) -> bytes:
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


@pytest.fixture
def decided(world):
    """Results decided in the product category: Dhofar's work won, Muscat's is a finalist;
    the project category (one finalist) has no winner yet, so no certificate."""
    world.finalise()
    winner = world.dhofar_nomination
    winner.status, winner.rank = NominationStatus.WINNER, 1
    winner.save()
    world.muscat_nomination.status = NominationStatus.NOT_PLACED
    world.muscat_nomination.save()
    set_stage(world.edition, Stage.REVIEW)
    return world


@pytest.fixture
def award_staff(db, django_user_model):
    user = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.AWARD_STAFF))
    return user


# --- score sheets export ----------------------------------------------------------------------


def test_exports_contain_every_sheet_and_neutralise_formulas(client, scored):  # noqa: F811
    nomination = scored.dhofar_nomination
    nomination.title_en = '=HYPERLINK("x")'
    nomination.save()
    client.force_login(scored.chair)
    page = client.get(reverse("awards:downloads", args=[5]))
    assert 'data-count="6"' in page.content.decode()

    job = _started_job(client.post(reverse("awards:export_csv", args=[5])))
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert (job.progress_done, job.progress_total) == (6, 6)
    assert job.file_name == "award-5-score-sheets.csv"
    rows = list(csv.reader(io.StringIO(_download(client, job).decode("utf-8-sig"))))
    assert len(rows) == 1 + 6
    assert rows[0][:3] == ["stage", "category", "nomination_id"]
    assert {float(r[10]) for r in rows[1:]} == {90.0, 60.0, 70.0}
    assert any(r[3] == '\'=HYPERLINK("x")' for r in rows[1:])

    job = _started_job(client.post(reverse("awards:export_xlsx", args=[5])))
    assert job.status == Job.Status.SUCCEEDED, job.message
    sheet = load_workbook(io.BytesIO(_download(client, job))).active
    assert sheet.max_row == 7
    # Totals and marks stay numbers in the spreadsheet (the chair sums them).
    assert {sheet.cell(row=r, column=11).value for r in range(2, 8)} == {90, 60, 70}
    assert sheet.cell(row=2, column=11).data_type == "n"


def test_only_the_chair_starts_an_export_and_only_they_download_it(client, scored):  # noqa: F811
    for user in (scored.juror, scored.registrar, scored.dhofar_member):
        client.force_login(user)
        assert client.post(reverse("awards:export_csv", args=[5])).status_code == 404
        assert client.post(reverse("awards:certificates", args=[5])).status_code == 404
        assert client.get(reverse("awards:downloads", args=[5])).status_code == 404
    assert not Job.objects.exists()
    client.force_login(scored.chair)
    job = _started_job(client.post(reverse("awards:export_csv", args=[5])))
    client.force_login(scored.juror)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404


def test_an_export_job_of_someone_no_longer_chair_fails_without_a_file(scored):  # noqa: F811
    job = Job.objects.create(
        kind="awards.results_export",
        owner=scored.juror,
        params={"edition": scored.edition.pk, "format": "csv"},
        language="en",
    )
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and not job.file
    assert job.message == "You may not export the results of this edition."


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"edition": 5, "format": "pdf"}, "Unknown export format."),
        ({"edition": 999_999, "format": "csv"}, "This edition no longer exists."),
        ({"format": "csv"}, "This edition no longer exists."),
    ],
)
def test_an_export_job_with_bad_parameters_fails_with_a_message(world, params, message):
    if params.get("edition") == 5:
        params = {**params, "edition": world.edition.pk}
    job = Job.objects.create(
        kind="awards.results_export", owner=world.chair, params=params, language="en"
    )
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.FAILED, message)


# --- certificates -----------------------------------------------------------------------------


def test_the_chair_prints_every_certificate_of_decided_categories_in_one_file(client, decided):
    client.force_login(decided.chair)
    page = client.get(reverse("awards:downloads", args=[5])).content.decode()
    assert 'data-count="2"' in page and "keep the printed certificates confidential" in page

    job = _started_job(client.post(reverse("awards:certificates", args=[5])))
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert job.result == {"certificates": 2}
    assert job.file_name == "award-5-certificates.html"
    html = _download(client, job).decode()
    winner, finalist = decided.dhofar_nomination, decided.muscat_nomination
    assert html.count('<article class="certificate"') == 2
    # Winner first, then the finalist; the project category has no winner yet: no certificate.
    assert html.index(winner.certificate_serial) < html.index(finalist.certificate_serial)
    assert decided.dhofar_project.certificate_serial not in html
    assert "This certificate is awarded to" in html and "This finalist's certificate" in html
    assert f"http://testserver/verify/{winner.certificate_token}/" in html
    assert html.count("<svg") == 2  # the QR codes travel inside the file
    # The styles too (the file is opened from the user's disk), with a page per certificate.
    assert "<link" not in html and "break-before: page" in html


def test_certificates_print_the_public_address_when_one_is_set(client, decided, settings):
    settings.CRAFTSREG_PUBLIC_URL = "https://craftsreg.example.om/"
    client.force_login(decided.chair)
    job = _started_job(client.post(reverse("awards:certificates", args=[5])))
    html = _download(client, job).decode()
    token = decided.dhofar_nomination.certificate_token
    assert f"https://craftsreg.example.om/verify/{token}/" in html


def test_award_staff_print_certificates_from_the_admin_once_announced(client, decided, award_staff):
    url = reverse("admin:awards_edition_certificates", args=[decided.edition.pk])
    client.force_login(award_staff)
    # Before the announcement the results are the chair's: a 404 for staff, and no job.
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Job.objects.exists()
    set_stage(decided.edition, Stage.ANNOUNCED)
    page = client.get(url)
    assert page.status_code == 200 and 'data-count="2"' in page.content.decode()
    change = client.get(reverse("admin:awards_edition_change", args=[decided.edition.pk]))
    assert url in change.content.decode()
    job = _started_job(client.post(url))
    assert job.status == Job.Status.SUCCEEDED and job.owner == award_staff


def test_staff_without_the_award_role_cannot_print_certificates(client, decided, superuser):
    set_stage(decided.edition, Stage.ANNOUNCED)
    client.force_login(decided.registrar)  # staff, artisans registrar only
    url = reverse("admin:awards_edition_certificates", args=[decided.edition.pk])
    # The admin's own guard: no permission on editions at all (craftsreg.admin).
    assert client.post(url).status_code == 403
    assert not Job.objects.exists()
    client.force_login(superuser)
    missing = reverse("admin:awards_edition_certificates", args=[999_999])
    assert client.get(missing).status_code == 404


def test_the_admin_action_prints_one_edition_at_a_time(client, decided, superuser):
    from awards.tests.factories import EditionFactory

    other = EditionFactory(number=6, year=2018)
    client.force_login(superuser)
    changelist = reverse("admin:awards_edition_changelist")
    both = client.post(
        changelist,
        {"action": "print_certificates", "_selected_action": [decided.edition.pk, other.pk]},
        follow=True,
    )
    assert "Choose exactly one edition." in both.content.decode()
    one = client.post(
        changelist, {"action": "print_certificates", "_selected_action": [decided.edition.pk]}
    )
    assert one.url == reverse("admin:awards_edition_certificates", args=[decided.edition.pk])


def test_an_edition_without_decided_winners_has_no_certificates_to_print(client, world):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    client.force_login(world.chair)
    page = client.get(reverse("awards:downloads", args=[5])).content.decode()
    assert "No certificates yet" in page and reverse("awards:certificates", args=[5]) not in page
    job = _started_job(client.post(reverse("awards:certificates", args=[5])))
    assert job.status == Job.Status.FAILED and not job.file
    assert "no category's winners are decided" in job.message


def test_a_certificates_job_checks_the_printer_and_the_address_when_it_runs(decided):
    base = {"edition": decided.edition.pk, "base_url": "http://testserver"}
    for owner, params, message in (
        (decided.juror, base, "You may not print the certificates of this edition."),
        (decided.chair, {"edition": decided.edition.pk}, "The address to print"),
        (decided.chair, {**base, "base_url": "javascript:x"}, "The address to print"),
    ):
        job = Job.objects.create(
            kind="awards.certificates", owner=owner, params=params, language="en"
        )
        job_run(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == Job.Status.FAILED and job.message.startswith(message)


def test_the_certificate_batch_reads_a_fixed_number_of_queries(decided, tmp_path):
    from awards.tests.factories import NominationFactory

    edition = Edition.objects.get(pk=decided.edition.pk)

    def queries_for_batch() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            certificates.write_batch(tmp_path / "batch.html", edition, base_url="http://x")
        return len(captured)

    small = queries_for_batch()
    for _ in range(4):
        NominationFactory(category=decided.product, status=NominationStatus.NOT_PLACED)
    assert queries_for_batch() == small
    assert (tmp_path / "batch.html").read_text().count('<article class="certificate"') == 6


def test_an_edition_without_a_chair_signs_with_the_title_alone(client, decided, award_staff):
    from awards.models import CommitteeMembership

    CommitteeMembership.objects.filter(is_chair=True).delete()
    set_stage(decided.edition, Stage.ANNOUNCED)
    winner = decided.dhofar_nomination
    page = client.get(reverse("awards:certificate", args=[5, winner.pk]))
    assert page.status_code == 200
    assert "Chair of the Award's Main Committee" in page.content.decode()
    client.force_login(award_staff)
    job = _started_job(
        client.post(reverse("admin:awards_edition_certificates", args=[decided.edition.pk]))
    )
    assert job.status == Job.Status.SUCCEEDED, job.message
