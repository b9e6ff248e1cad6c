"""Job files: written under a temporary name, then moved into place whole.

A worker killed while writing leaves only a file in ``tmp/`` (removed by ``purge_jobs``),
never a half-written file behind a job that says it finished.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from craftsreg.files import serve_private_file


def root() -> Path:
    return Path(settings.CRAFTSREG_JOB_FILES_ROOT)


@contextmanager
def temporary_file(suffix: str):
    """A fresh file path in the job files' own folder (so the final move is a rename)."""
    folder = root() / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=folder, suffix=suffix)
    os.close(handle)
    path = Path(name)
    try:
        yield path
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def keep(path: Path, *, job_id: int) -> str:
    """Move a finished temporary file to its place; returns its name in the job storage.

    The name carries a random part: file names are never guessable, even by a reader of the
    folder listing who knows job numbers.
    """
    relative = Path(f"{timezone.now():%Y/%m}") / f"{job_id}-{secrets.token_hex(8)}{path.suffix}"
    target = root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, target)
    return relative.as_posix()


def save_upload(data: bytes, *, suffix: str = "") -> str:
    """Keep an uploaded file for a worker (the folder is shared with the workers); returns
    its name for the job's parameters. ``purge_jobs`` removes any a job never took."""
    with temporary_file(suffix) as path:
        path.write_bytes(data)
    return path.relative_to(root()).as_posix()


def take_upload(name: str) -> bytes:
    """The upload saved by ``save_upload``, removed once read (it is kept by the job's own
    records from then on, for instance an import batch)."""
    path = (root() / name).resolve()
    if path.parent != (root() / "tmp").resolve():  # a name from our own parameters, always
        raise ValueError(f"not an upload: {name!r}")
    data = path.read_bytes()
    path.unlink(missing_ok=True)
    return data


def serve(job):
    """The job's file as a download (the caller has checked that the user owns the job).

    Through the shared private-file server (craftsreg.files): a missing file is logged and a 404,
    and the response is kept out of every cache.
    """
    return serve_private_file(job.file, download_name=job.file_name, as_attachment=True)
