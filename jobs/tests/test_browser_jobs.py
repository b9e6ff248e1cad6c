"""A job's progress bar moves without the page being reloaded, then offers the file."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from craftsreg.tests.browser import assert_accessible
from jobs.files import keep, temporary_file
from jobs.models import Job

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in(page, django_user_model, superuser):
    page.goto("/en/admin/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("pw")
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_contain_text("root")
    return superuser


def test_the_progress_bar_follows_the_job_and_then_offers_its_file(page, signed_in, settings):
    job = Job.objects.create(
        kind="artisans.export",
        owner=signed_in,
        status=Job.Status.RUNNING,
        started_at=timezone.now() - datetime.timedelta(seconds=20),
        heartbeat_at=timezone.now(),
        progress_done=100,
        progress_total=1000,
        progress_label="artisans",
        params={"summary": "1,000 artisans as CSV"},
    )
    page.goto(f"/ar/jobs/{job.pk}/")
    bar = page.locator("progress")
    expect(bar).to_have_js_property("value", 10)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
    page.evaluate("window.notReloaded = true")

    Job.objects.filter(pk=job.pk).update(progress_done=600)

    expect(bar).to_have_js_property("value", 60)
    expect(page.locator('[data-field="counts"]')).to_contain_text("600 من 1,000")
    assert page.evaluate("window.notReloaded === true")  # updated in place

    with temporary_file(".csv") as path:
        path.write_text("civil_number\n")
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.SUCCEEDED,
        progress_done=1000,
        file=keep(path, job_id=job.pk),
        file_name="artisans.csv",
        message="1,000 artisans exported.",
        expires_at=timezone.now() + datetime.timedelta(days=7),
        finished_at=timezone.now(),
    )

    # The finished job's page (reloaded once by the script) offers the download.
    download = page.get_by_role("link", name="تنزيل artisans.csv")
    expect(download).to_be_visible()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
