"""Progress reports from a running job to its row, at most about once a second.

A job that writes inside one transaction (an all-or-nothing import) cannot report through its
own connection — nobody would see the report before the end — so on PostgreSQL the report goes
through a short-lived second connection (a thread has its own). SQLite allows one writer at a
time, so there (the demo) the progress of such a phase is shown when it ends.
"""

from __future__ import annotations

import threading
import time

from django.db import connection, connections
from django.utils import timezone

INTERVAL = 1.0


class Progress:
    def __init__(self, job):
        self.job_id = job.pk
        self.done = 0
        self.total = 0
        self.label = ""
        self._written_at = 0.0

    def start(self, total: int, label: str = "") -> None:
        """A new phase: ``total`` units to do (0 when unknown), counted as ``label``."""
        self.done, self.total, self.label = 0, max(0, int(total)), str(label)
        self._write()

    def advance(self, count: int = 1) -> None:
        self.set(self.done + count)

    def counting(self, rows):
        """``rows`` as they are, advancing one unit as each is taken: an export counts the rows
        its writer has consumed."""
        for row in rows:
            yield row
            self.advance()

    def set(self, done: int) -> None:
        self.done = done
        if time.monotonic() - self._written_at >= INTERVAL:
            self._write()

    def beat(self) -> None:
        """Tell the product the worker is alive during a long step without units."""
        if time.monotonic() - self._written_at >= INTERVAL:
            self._write()

    def fields(self) -> dict:
        done = min(self.done, self.total) if self.total else self.done
        return {
            "progress_done": done,
            "progress_total": self.total,
            "progress_label": self.label[:100],
            "heartbeat_at": timezone.now(),
        }

    def _write(self) -> None:
        from jobs.models import Job

        self._written_at = time.monotonic()
        fields = self.fields()
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(**fields)
        elif connection.vendor == "postgresql":
            thread = threading.Thread(target=_write_elsewhere, args=(self.job_id, fields))
            thread.start()
            thread.join(timeout=5)


def _write_elsewhere(job_id: int, fields: dict) -> None:
    from jobs.models import Job

    try:
        Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(**fields)
    finally:
        connections.close_all()
