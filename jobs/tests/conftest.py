import pytest

from jobs import registry
from jobs.files import temporary_file
from jobs.models import Job


@pytest.fixture
def test_kinds():
    """Two kinds of job for the tests: one writes a small file, one fails with a message."""

    def write(job, progress):
        progress.start(3, "lines")
        with temporary_file(".csv") as path, open(path, "w") as output:
            for number in range(3):
                output.write(f"line {number}\n")
                progress.advance()
        return registry.Outcome(message="written", file=path, file_name="lines.csv")

    def refuse(job, progress):
        raise registry.JobFailed("row 3: unknown wilayat", {"rows": [3]})

    registry.job_kind("test.write", label="Test writing")(write)
    registry.job_kind("test.refuse", label="Test refusal")(refuse)
    yield
    registry.kinds().pop("test.write")
    registry.kinds().pop("test.refuse")


@pytest.fixture
def other_user(db, django_user_model):
    return django_user_model.objects.create_user("other", password="pw")


@pytest.fixture
def owner(db, django_user_model):
    return django_user_model.objects.create_user("owner", password="pw")


def make_job(owner, **fields) -> Job:
    return Job.objects.create(kind="test.write", owner=owner, **fields)
