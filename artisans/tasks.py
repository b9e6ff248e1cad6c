"""Background jobs of the artisans registry: exports of the admin list (and the statistics
refresh, artisans.statistics_refresh)."""

from celery import shared_task
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from artisans import exports
from jobs.files import take_upload, temporary_file
from jobs.registry import JobFailed, Outcome, job_kind

EXPORT_FORMATS = ("csv", "xlsx")


@job_kind("artisans.export", label=_("Export of artisans"), personal_data=True)
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
    rows = progress.counting(exports.iter_rows(queryset))
    with temporary_file(f".{extension}") as path:
        if extension == "csv":
            exports.write_csv_file(path, rows)
        else:
            exports.write_xlsx_file(path, rows)
    written = progress.done
    return Outcome(
        message=ngettext("%(count)s artisan exported.", "%(count)s artisans exported.", written)
        % {"count": f"{written:,}"},
        result={"rows": written},
        file=path,
        file_name=exports.file_name(extension),
    )


def _preview_url(batch) -> str:
    from django.urls import reverse

    return reverse("admin:artisans_artisan_import_preview", args=[batch.pk])


@job_kind("artisans.import_check", label=_("Check of an import file"))
def import_check(job, progress) -> Outcome:
    """Check an uploaded file row by row and keep it with its report for review (the preview);
    nothing is written to the registry. A file with rejected rows ends the job as failed, and
    the preview lists every rejected row as before."""
    from artisans import services
    from artisans.models import Governorate

    governorate = job.params.get("governorate")
    batch = services.import_batch_create(
        file_name=job.params.get("file_name", ""),
        data=take_upload(job.params["upload"]),
        by=job.owner,
        governorate=Governorate.objects.get(pk=governorate) if governorate else None,
        progress=progress,
    )
    result = {"batch": batch.pk, "next": _preview_url(batch)}
    if batch.status != batch.Status.PREVIEWED:
        raise JobFailed(
            gettext("The file cannot be imported: %(count)s row(s) rejected.")
            % {"count": batch.rejected_count}
            if batch.rejected_count
            else gettext("The file cannot be imported: it could not be read."),
            result,
        )
    return Outcome(
        message=gettext(
            "File checked: %(created)s to create, %(updated)s to update, %(unchanged)s "
            "unchanged. Review and confirm the import."
        )
        % {
            "created": batch.created_count,
            "updated": batch.updated_count,
            "unchanged": batch.unchanged_count,
        },
        result=result,
    )


@job_kind("artisans.import_write", label=_("Import of artisans"))
def import_write(job, progress) -> Outcome:
    """Write a previewed file to the registry: all rows in one transaction, or none."""
    from artisans import services
    from artisans.models import ImportBatch

    batch = ImportBatch.objects.filter(pk=job.params.get("batch"), uploaded_by=job.owner).first()
    if batch is None:
        raise JobFailed(gettext("This import no longer exists."))
    report = services.import_batch_confirm(
        batch=batch,
        by=job.owner,
        duplicates_confirmed=bool(job.params.get("duplicates_confirmed")),
        progress=progress,
    )
    result = {"batch": batch.pk, "next": _preview_url(batch)}
    if report.ok and report.needs_confirmation and not report.applied:
        raise JobFailed(
            gettext(
                "Nothing was imported. Some rows may be artisans already registered: "
                "check them, then tick the box to confirm they are different people."
            ),
            result,
        )
    if not report.applied:
        raise JobFailed(
            report.file_error
            or gettext("Nothing was imported: the registry changed and rows are now rejected."),
            result,
        )
    return Outcome(
        message=gettext(
            "Import finished: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
        )
        % {
            "created": report.to_create,
            "updated": report.to_update,
            "unchanged": report.unchanged,
        },
        result=result,
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
