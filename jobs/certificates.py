"""The one job of printing a batch of certificates: every certificate of a selection rendered
into one printable file, with progress, for "My jobs" to offer as a download.

The award prints an edition's certificates (``awards.tasks``), the designs register a deposit
batch's (``designs.tasks``). Each app checks who may print and picks what is printed; this
function does the rest the same way for both, so the two files report progress, refuse an empty
selection and name what they wrote alike.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext, ngettext

from jobs.files import temporary_file
from jobs.registry import JobFailed, Outcome


def print_certificate_batch(
    progress,
    *,
    total: int,
    nothing_to_print: str,
    write_batch: Callable[..., int],
    file_name: str,
) -> Outcome:
    """Write ``total`` certificates into one HTML file with ``write_batch(path,
    on_certificate=…)`` (the app's ``certificates.write_batch`` with its selection bound), one
    step of ``progress`` per certificate. With nothing to print the job fails with
    ``nothing_to_print`` (already translated) rather than leave an empty file."""
    if not total:
        raise JobFailed(nothing_to_print)
    progress.start(total, gettext("certificates"))
    with temporary_file(".html") as path:
        written = write_batch(path, on_certificate=progress.advance)
    return Outcome(
        message=ngettext(
            "%(count)s certificate ready to print.",
            "%(count)s certificates ready to print.",
            written,
        )
        % {"count": written},
        result={"certificates": written},
        file=path,
        file_name=file_name,
    )
