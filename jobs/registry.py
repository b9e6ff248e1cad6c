"""The kinds of job the product runs, registered by the apps that own them.

Each app's ``tasks.py`` registers its kinds with ``@job_kind("artisans.export", label=…)``; the
function receives the job and a ``Progress`` and returns an ``Outcome`` (or raises
``JobFailed`` with the message to show). The worker's one Celery task (``jobs.run``) looks the
kind up here, so adding a kind needs no new Celery task and no new queue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Outcome:
    """What a finished job leaves: a message, figures for the page, maybe a file."""

    message: str = ""
    result: dict = field(default_factory=dict)
    file: Path | None = None  # a finished temporary file (jobs.files.temporary_file)
    file_name: str = ""  # the name the user downloads it under


class JobFailed(Exception):
    """The job cannot be done for a reason the user can act on (bad file, empty selection)."""

    def __init__(self, message: str, result: dict | None = None):
        super().__init__(message)
        self.message = message
        self.result = result or {}


@dataclass(frozen=True)
class JobKind:
    name: str
    label: object  # a lazy translation
    run: Callable
    # A job that reads people's personal data in bulk (an export of artisans): its row is the
    # record of who took what, so it is kept as long as the access log (craftsreg.access_log),
    # not only as long as "My jobs" lists it.
    personal_data: bool = False


_KINDS: dict[str, JobKind] = {}


def job_kind(name: str, *, label, personal_data: bool = False):
    def register(function: Callable) -> Callable:
        _KINDS[name] = JobKind(name=name, label=label, run=function, personal_data=personal_data)
        return function

    return register


def personal_data_kinds() -> list[str]:
    return [name for name, kind in _KINDS.items() if kind.personal_data]


def kinds() -> dict[str, JobKind]:
    return _KINDS


def document_base_url(job) -> str:
    """The site address a job that prints documents writes under their QR codes.

    A worker has no request to read a host from, so the view that starts such a job stores
    ``craftsreg.verification.public_base_url(request)`` as the job's ``base_url`` parameter.
    """
    from django.utils.translation import gettext

    base = job.params.get("base_url")
    if not isinstance(base, str) or not base.startswith(("https://", "http://")):
        raise JobFailed(gettext("The address to print on the documents is missing."))
    return base
