"""An import as one transaction: plan again under a lock (or take the preview's plan when the
registry has not changed under it), write only if every row is good."""

import hashlib
import logging

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from artisans.importing import checked as kept
from artisans.importing.plan import (
    _warn_of_possible_duplicates,
    collector_paused,
    make_plan,
    plan_import,
)
from artisans.importing.report import ImportReport
from artisans.importing.writers import write_plan
from artisans.models import Governorate

logger = logging.getLogger("craftsreg.imports")

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
    checked: bytes = b"",
) -> ImportReport:
    """Check ``data`` and, if every row is good and not ``dry_run``, write it all.

    Rows that may be artisans already registered (``report.warnings``) are written only with
    ``duplicates_confirmed``: someone has looked at them and said they are different people.

    The plan is made again inside the transaction (after the preview the registry may have
    changed), under a lock that makes concurrent imports take turns — unless ``checked``, the
    preview's plan kept by ``check_import``, is still what checking again would give
    (``importing.checked``): then only the possible duplicates are looked up again. Returns
    the report; ``report.applied`` says whether anything was written.
    """
    if dry_run:
        return plan_import(data, governorate=governorate, progress=progress)
    try:
        with collector_paused(), transaction.atomic():
            _lock_imports()
            plan = _kept_plan(checked, data=data, governorate=governorate)
            if plan is None:
                plan = make_plan(data, governorate=governorate, progress=progress)
            if not plan.report.ok:
                return plan.report
            if plan.report.needs_confirmation and not duplicates_confirmed:
                return plan.report
            write_plan(plan, by=by, reason=reason, progress=progress)
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


def check_import(
    data: bytes, *, governorate: Governorate | None = None, progress=None
) -> tuple[ImportReport, bytes]:
    """What importing ``data`` would do (writes nothing), and — when it could be imported —
    its checked plan, to keep with the file and pass to ``import_artisans(checked=…)``."""
    plan = make_plan(data, governorate=governorate, progress=progress)
    if not plan.report.ok:
        return plan.report, b""
    return plan.report, kept.pack(plan, data=data, governorate=governorate)


def _kept_plan(checked: bytes, *, data: bytes, governorate):
    """The preview's plan when it still holds (see importing.checked), with the possible
    duplicates looked up again; None when the file must be checked again."""
    plan = kept.unpack(checked, data=data, governorate=governorate)
    if plan is None:
        if checked:
            logger.info("import: the kept check is of other rules, data or day; checking again")
        return None
    if not kept.still_current(plan):
        logger.info("import: the registry changed since the preview; checking the file again")
        return None
    new_lines = dict(zip(plan.create_lines, (a for a, _crafts in plan.creates), strict=True))
    _warn_of_possible_duplicates(plan.report, new_lines)
    return plan


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
