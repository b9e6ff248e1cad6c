"""Background jobs of the artisans registry: exports of the admin list (and the statistics
refresh, artisans.statistics_refresh)."""

from celery import shared_task
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from artisans import exporting
from jobs.files import temporary_file
from jobs.registry import JobFailed, Outcome, job_kind

EXPORT_FORMATS = ("csv", "xlsx")


def _counted(rows, progress):
    for row in rows:
        yield row
        progress.advance()


@job_kind("artisans.export", label=_("Export of artisans"))
def export_artisans(job, progress) -> Outcome:
    """The admin list as it was filtered when the user asked, as CSV or XLSX.

    The filters are applied again here, for the user who asked, with their permissions and
    governorate at the time the job runs: a registrar moved to another governorate meanwhile
    exports that governorate's artisans only.
    """
    from artisans.admin import export_queryset_for

    extension = job.params.get("format")
    if extension not in EXPORT_FORMATS:
        raise JobFailed(gettext("Unknown export format."))
    queryset = export_queryset_for(job.owner, job.params.get("query", ""))
    if queryset is None:
        raise JobFailed(
            gettext("You may no longer export artisans, or the list's filters are not valid.")
        )
    progress.start(queryset.count(), gettext("artisans"))
    rows = _counted(exporting.iter_rows(queryset), progress)
    with temporary_file(f".{extension}") as path:
        if extension == "csv":
            exporting.write_csv_file(path, rows)
        else:
            exporting.write_xlsx_file(path, rows)
    written = progress.done
    return Outcome(
        message=ngettext("%(count)s artisan exported.", "%(count)s artisans exported.", written)
        % {"count": f"{written:,}"},
        result={"rows": written},
        file=path,
        file_name=exporting.file_name(extension),
    )


@shared_task(name="artisans.refresh_statistics", ignore_result=True)
def refresh_statistics() -> None:
    """Recompute the statistics figures after a registry change, then let the pages show them
    (artisans.cache): visitors keep the previous figures meanwhile and never wait."""
    from artisans import statistics
    from artisans.cache import refresh_started, statistics_published

    version = refresh_started()
    statistics.warm(version)
    statistics_published(version)
