"""Background jobs of the designs register: a deposit batch's certificates as one printable
file. Who may print is checked again when the job runs (``designs.permissions``)."""

from functools import partial

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobs.certificates import print_certificate_batch
from jobs.registry import JobFailed, Outcome, document_base_url, job_kind


@job_kind("designs.certificates", label=_("Deposit certificates of a batch"))
def print_batch_certificates(job, progress) -> Outcome:
    """Every deposited design's certificate of a deposit batch, one A4 page each, in one
    printable HTML file."""
    from designs import certificates, permissions
    from designs.models import DepositBatch

    if not permissions.may_print_batch_certificates(job.owner):
        raise JobFailed(gettext("You may not print deposit certificates."))
    batch = DepositBatch.objects.filter(pk=job.params.get("batch")).first()
    if batch is None:
        raise JobFailed(gettext("This deposit batch no longer exists."))
    return print_certificate_batch(
        progress,
        total=certificates.batch_designs(batch).count(),
        nothing_to_print=gettext("No design of this batch is deposited yet: nothing to print."),
        write_batch=partial(certificates.write_batch, batch=batch, base_url=document_base_url(job)),
        file_name=f"designs-{batch.number}-certificates.html",
    )
