"""Background jobs of the award: an edition's certificates as one printable file, and the
chair's export of every score sheet (CSV or XLSX).

Who may do either is checked again when the job runs (``awards.permissions``), not only when it
is asked for: a chair replaced meanwhile, or a staff member who lost the permission, gets a
failed job and no file.
"""

from functools import partial
from itertools import chain

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from craftsreg import tabular, xlsxstream
from jobs.certificates import print_certificate_batch
from jobs.files import temporary_file
from jobs.registry import JobFailed, Outcome, document_base_url, job_kind

EXPORT_FORMATS = ("csv", "xlsx")


def _edition(job):
    from awards.models import Edition

    edition = Edition.objects.filter(pk=job.params.get("edition")).first()
    if edition is None:
        raise JobFailed(gettext("This edition no longer exists."))
    return edition


@job_kind("awards.certificates", label=_("Certificates of an award edition"))
def print_certificates(job, progress) -> Outcome:
    """Every winner's and finalist's certificate of an edition, one A4 page each, in one
    printable HTML file."""
    from awards import certificates, permissions
    from awards.models import Nomination

    edition = _edition(job)
    if not permissions.may_print_certificates(job.owner, edition):
        raise JobFailed(gettext("You may not print the certificates of this edition."))
    return print_certificate_batch(
        progress,
        total=Nomination.objects.certified(edition).count(),
        nothing_to_print=gettext(
            "This edition has no certificates yet: no category's winners are decided."
        ),
        write_batch=partial(
            certificates.write_batch, edition=edition, base_url=document_base_url(job)
        ),
        file_name=f"award-{edition.number}-certificates.html",
    )


@job_kind("awards.results_export", label=_("Export of award score sheets"))
def export_results(job, progress) -> Outcome:
    """Every score sheet of an edition with its marks, for the chair (awards.exports)."""
    from awards import exports, permissions
    from awards.models import ScoreSheet

    extension = job.params.get("format")
    if extension not in EXPORT_FORMATS:
        raise JobFailed(gettext("Unknown export format."))
    edition = _edition(job)
    if not permissions.may_export_results(job.owner, edition):
        raise JobFailed(gettext("You may not export the results of this edition."))
    progress.start(
        ScoreSheet.objects.filter(nomination__category__edition=edition).count(),
        gettext("score sheets"),
    )
    rows = exports.export_rows(edition)
    header = next(rows)
    counted = progress.counting(rows)
    with temporary_file(f".{extension}") as path:
        if extension == "csv":
            with open(path, "w", encoding="utf-8", newline="") as output:
                output.writelines(tabular.csv_lines(chain([header], counted)))
        else:
            xlsxstream.write(
                path,
                [tabular.neutralize(cell) for cell in header],
                ([tabular.neutralize(cell) for cell in row] for row in counted),
                sheet_name=gettext("Edition %(number)s") % {"number": edition.number},
            )
    written = progress.done
    return Outcome(
        message=ngettext(
            "%(count)s score sheet exported.", "%(count)s score sheets exported.", written
        )
        % {"count": written},
        result={"rows": written},
        file=path,
        file_name=f"award-{edition.number}-score-sheets.{extension}",
    )
