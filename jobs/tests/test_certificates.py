"""jobs.certificates.print_certificate_batch: the one certificate-batch job of the award and
the designs register."""

import pytest
from django.utils import translation

from jobs.certificates import print_certificate_batch
from jobs.registry import JobFailed


class FakeProgress:
    def __init__(self):
        self.started = None
        self.done = 0

    def start(self, total, label=""):
        self.started = (total, label)

    def advance(self, count=1):
        self.done += count


def _write_three(path, *, on_certificate):
    with open(path, "w", encoding="utf-8") as output:
        for number in range(3):
            output.write(f"<section>{number}</section>\n")
            on_certificate()
    return 3


def test_an_empty_selection_fails_with_the_apps_message_and_writes_nothing():
    progress = FakeProgress()

    def never(path, *, on_certificate):  # pragma: no cover - must not be called
        raise AssertionError("nothing should be written")

    with pytest.raises(JobFailed) as failed:
        print_certificate_batch(
            progress, total=0, nothing_to_print="Nothing.", write_batch=never, file_name="x.html"
        )
    assert failed.value.message == "Nothing."
    assert progress.started is None


def test_the_batch_is_written_with_one_step_per_certificate():
    progress = FakeProgress()
    with translation.override("en"):
        outcome = print_certificate_batch(
            progress,
            total=3,
            nothing_to_print="Nothing.",
            write_batch=_write_three,
            file_name="award-5-certificates.html",
        )
    try:
        assert progress.started == (3, "certificates")
        assert progress.done == 3
        assert outcome.result == {"certificates": 3}
        assert outcome.message == "3 certificates ready to print."
        assert outcome.file_name == "award-5-certificates.html"
        assert outcome.file.read_text(encoding="utf-8").count("<section>") == 3
    finally:
        outcome.file.unlink(missing_ok=True)
