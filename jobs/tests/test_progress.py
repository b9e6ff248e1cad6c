import pytest

from jobs.models import Job
from jobs.progress import Progress
from jobs.tests.conftest import make_job

pytestmark = pytest.mark.django_db


def test_counting_advances_as_the_writer_takes_each_row(owner):
    job = make_job(owner, status=Job.Status.RUNNING)
    progress = Progress(job)
    progress.start(3, "rows")

    rows = progress.counting(iter(["a", "b", "c"]))
    assert progress.done == 0  # nothing taken yet: an export counts what it has written
    assert next(rows) == "a"
    assert progress.done == 0  # the row is counted once the writer comes back for the next
    assert list(rows) == ["b", "c"]
    assert progress.done == 3
