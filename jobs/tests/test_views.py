import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from craftsreg.tests.html import page_head, parse
from jobs.models import Job
from jobs.services import job_submit
from jobs.tests.conftest import make_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(owner, test_kinds):
    return job_submit(kind="test.write", owner=owner)


def test_the_owner_downloads_the_file(client, owner, finished):
    client.force_login(owner)

    response = client.get(reverse("jobs:download", args=[finished.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"line 0\nline 1\nline 2\n"
    assert 'filename="lines.csv"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["jobs:detail", "jobs:status", "jobs:download"])
def test_another_user_gets_a_404_for_a_job_that_is_not_theirs(client, other_user, finished, name):
    client.force_login(other_user)
    assert client.get(reverse(name, args=[finished.pk])).status_code == 404


def test_another_user_does_not_see_the_job_in_their_list(client, other_user, finished):
    client.force_login(other_user)
    response = client.get(reverse("jobs:list"))
    assert list(response.context["jobs"]) == []
    assert reverse("jobs:detail", args=[finished.pk]) not in response.content.decode()


@pytest.mark.parametrize("name", ["jobs:list", "jobs:detail", "jobs:status", "jobs:download"])
def test_anonymous_visitors_are_sent_to_sign_in(client, finished, name):
    args = [] if name == "jobs:list" else [finished.pk]
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and "login" in response.url


def test_status_reports_progress_and_time_left(client, owner):
    job = make_job(
        owner,
        status=Job.Status.RUNNING,
        started_at=timezone.now() - datetime.timedelta(seconds=30),
        progress_done=500,
        progress_total=2000,
        progress_label="artisans",
    )
    client.force_login(owner)

    state = client.get(reverse("jobs:status", args=[job.pk])).json()

    assert state["status"] == "running" and not state["finished"]
    assert (state["done"], state["total"], state["percent"]) == (500, 2000, 25)
    assert 85 <= state["seconds_left"] <= 95
    assert state["counts"] == "500 من 2,000 artisans"
    assert state["time_left"] == "حوالي 2 دقيقة متبقية"
    assert state["download"] == ""


def test_progress_page_of_an_unfinished_job_refreshes_without_script(client, owner):
    job = make_job(owner)
    client.force_login(owner)
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert f'data-job-status="/ar/jobs/{job.pk}/status.json"' in html
    assert 'src="/static/js/jobs.js"' in html


def test_a_finished_job_page_offers_the_download_and_stops_refreshing(client, owner, finished):
    client.force_login(owner)
    html = client.get(reverse("jobs:detail", args=[finished.pk])).content.decode()
    assert reverse("jobs:download", args=[finished.pk]) in html
    assert 'http-equiv="refresh"' not in html


def test_an_expired_file_is_gone_for_its_owner_too(client, owner, finished):
    Job.objects.filter(pk=finished.pk).update(expires_at=timezone.now())
    client.force_login(owner)
    assert client.get(reverse("jobs:download", args=[finished.pk])).status_code == 404
    state = client.get(reverse("jobs:status", args=[finished.pk])).json()
    assert state["download"] == ""


def test_a_file_removed_from_disk_is_a_404_not_an_error(client, owner, finished):
    finished.refresh_from_db()
    finished.file.storage.delete(finished.file.name)
    client.force_login(owner)
    assert client.get(reverse("jobs:download", args=[finished.pk])).status_code == 404


@pytest.mark.parametrize("page", ["0", "abc", "99"])
def test_bad_page_numbers_are_404s(client, owner, page):
    client.force_login(owner)
    assert client.get(reverse("jobs:list"), {"page": page}).status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_my_jobs_queries_do_not_grow_with_jobs(client, owner, count, django_assert_num_queries):
    for _ in range(count):
        make_job(owner, status=Job.Status.SUCCEEDED, file="x.csv", file_name="x.csv")
    client.force_login(owner)
    # Session and user, the session timeouts, two-factor, then the count and the page of jobs.
    with django_assert_num_queries(7):
        response = client.get(reverse("jobs:list"))
    assert len(response.context["jobs"]) == count


def test_admin_lists_jobs_for_superusers_only(client, superuser, owner, finished):
    client.force_login(superuser)
    assert client.get(reverse("admin:jobs_job_changelist")).status_code == 200
    owner.is_staff = True
    owner.save()
    client.force_login(owner)
    assert client.get(reverse("admin:jobs_job_changelist")).status_code == 403


def test_my_jobs_pages_have_the_views_title_as_tab_and_heading(client, owner, finished):
    # Written once, in the view (issue 12): the list's <h1> still labels its table.
    client.force_login(owner)
    site = "Public Authority for Craft Industries"
    with translation.override("en"):
        listing = client.get(reverse("jobs:list"))
        detail = client.get(reverse("jobs:detail", args=[finished.pk]))

        assert str(listing.context["title"]) == "My jobs"
        assert page_head(listing) == (f"My jobs — {site}", ["My jobs"])
        table = parse(listing.content.decode()).find("table", class_="job-table")
        assert parse(listing.content.decode()).find(id=table.attrs["aria-labelledby"]).tag == "h1"
        assert detail.context["title"] == "Test writing"
        assert page_head(detail) == (f"Test writing — {site}", ["Test writing"])
