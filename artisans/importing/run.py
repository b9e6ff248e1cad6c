"""An import as one transaction: plan again under a lock, write only if every row is good."""

import hashlib

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from artisans.importing.plan import make_plan, plan_import
from artisans.importing.report import ImportReport
from artisans.importing.writers import write_plan
from artisans.models import Governorate

# pg_advisory_xact_lock key: imports take turns writing, so two overlapping files never both
# decide to create the same civil number (the unique constraint would stop it; this makes the
# second import see the first one's rows instead of failing).
_IMPORT_LOCK_KEY = 0x4352_4146_5453  # "CRAFTS"


def _lock_imports() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK_KEY])


def import_artisans(
    *,
    data: bytes,
    governorate: Governorate | None = None,
    by=None,
    reason: str = "",
    dry_run: bool = False,
    progress=None,
    duplicates_confirmed: bool = False,
) -> ImportReport:
    """Check ``data`` and, if every row is good and not ``dry_run``, write it all.

    Rows that may be artisans already registered (``report.warnings``) are written only with
    ``duplicates_confirmed``: someone has looked at them and said they are different people.

    The plan is made again inside the transaction (after the preview the registry may have
    changed), under a lock that makes concurrent imports take turns. Returns the report;
    ``report.applied`` says whether anything was written.
    """
    if dry_run:
        return plan_import(data, governorate=governorate, progress=progress)
    try:
        with transaction.atomic():
            _lock_imports()
            plan = make_plan(data, governorate=governorate, progress=progress)
            if not plan.report.ok:
                return plan.report
            if plan.report.needs_confirmation and not duplicates_confirmed:
                return plan.report
            if progress is not None:
                writes = plan.report.to_create + plan.report.to_update
                progress.start(writes, _("rows written"))
            write_plan(plan, by=by, reason=reason)
            if progress is not None:
                progress.set(writes)
            plan.report.applied = True
            return plan.report
    except IntegrityError:
        # Only reachable if someone saved the same civil number in admin at the same moment;
        # the transaction is rolled back, so nothing is half-written.
        return ImportReport(
            file_error=_(
                "The registry changed while the file was being imported, and nothing was "
                "written. Import the file again."
            )
        )


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
