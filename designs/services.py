"""Writes of the designs register that touch several rows at once."""

import csv
import datetime
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from craftsreg.digits import normalize_digits
from designs.models import DepositBatch, Design

DEPOSIT_CSV_MAX_BYTES = 1024 * 1024
DEPOSIT_CSV_MAX_ROWS = 5000
NUMBER_COLUMNS = ("design_number", "رقم التصميم")
CERTIFICATE_COLUMNS = ("certificate_number", "رقم الشهادة")
DATE_COLUMNS = ("certificate_date", "تاريخ الشهادة")


@dataclass(frozen=True)
class DepositRow:
    line: int
    design_number: str
    certificate_number: str
    certificate_date: datetime.date | None


@dataclass(frozen=True)
class RowError:
    line: int | None
    message: str


class DepositImportError(Exception):
    """The CSV was refused; nothing was changed. ``errors`` says why, row by row."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def _parse_date(raw: str) -> datetime.date:
    raw = normalize_digits(raw.strip())
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for index, name in enumerate(header):
        if name.strip().lower() in names:
            return index
    return None


def parse_deposit_csv(upload) -> list[DepositRow]:
    """Read a CSV of design numbers and certificate numbers (and optional certificate dates).

    Raises DepositImportError listing every problem found in the file itself.
    """
    size = getattr(upload, "size", None) or 0
    if size > DEPOSIT_CSV_MAX_BYTES:
        raise DepositImportError(
            [RowError(None, _("The file is larger than 1 MB; split it into smaller files."))]
        )
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DepositImportError(
            [RowError(None, _("The file is not UTF-8 text. Save the spreadsheet as CSV UTF-8."))]
        ) from None
    if "\x00" in text:
        raise DepositImportError([RowError(None, _("The file is not a CSV text file."))])
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise DepositImportError([RowError(None, _("The file is empty."))]) from None
    number_col = _column(header, NUMBER_COLUMNS)
    certificate_col = _column(header, CERTIFICATE_COLUMNS)
    date_col = _column(header, DATE_COLUMNS)
    if number_col is None or certificate_col is None:
        raise DepositImportError(
            [
                RowError(
                    1,
                    _(
                        "The first row must name the columns design_number and "
                        "certificate_number (certificate_date is optional)."
                    ),
                )
            ]
        )
    rows, errors = [], []
    try:
        for line, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) + len(errors) >= DEPOSIT_CSV_MAX_ROWS:
                errors.append(RowError(line, _("Too many rows; at most 5,000 designs per file.")))
                break
            cells = [*record, *[""] * (max(number_col, certificate_col, date_col or 0) + 1)]
            number = normalize_digits(cells[number_col].strip())
            certificate = normalize_digits(cells[certificate_col].strip())
            date = None
            raw_date = cells[date_col].strip() if date_col is not None else ""
            if raw_date:
                try:
                    date = _parse_date(raw_date)
                except ValueError:
                    errors.append(
                        RowError(
                            line,
                            _("“%(value)s” is not a date; write it as 2017-05-14.")
                            % {"value": raw_date[:40]},
                        )
                    )
                    continue
            rows.append(DepositRow(line, number, certificate, date))
    except csv.Error as exc:
        errors.append(RowError(reader.line_num, _("The CSV cannot be read: %s") % exc))
    if errors:
        raise DepositImportError(errors)
    if not rows:
        raise DepositImportError([RowError(None, _("The file has no design rows."))])
    return rows


def batch_mark_deposited(
    *,
    batch: DepositBatch,
    rows: list[DepositRow],
    default_date: datetime.date | None = None,
    by=None,
) -> list[Design]:
    """Mark the listed designs of a filed batch deposited, with their certificates.

    All or nothing: every row is checked first (against the rows locked for update, so a
    concurrent change cannot slip in), and if any row is wrong DepositImportError lists every
    problem and nothing is saved. When no design of the batch is still waiting, the batch
    becomes "certificates received".
    """
    try:
        return _mark_deposited(batch=batch, rows=rows, default_date=default_date, by=by)
    except IntegrityError:
        # Another officer saved the same certificate number in the same instant (in another
        # batch: this batch's own rows are locked). The database refused it; nothing was saved.
        raise DepositImportError(
            [
                RowError(
                    None,
                    _(
                        "Another change to these certificates was saved at the same moment; "
                        "nothing was changed. Upload the file again."
                    ),
                )
            ]
        ) from None


def _mark_deposited(*, batch, rows, default_date, by) -> list[Design]:
    today = timezone.localdate()
    with transaction.atomic():
        batch = DepositBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == DepositBatch.Status.PREPARING:
            raise DepositImportError(
                [RowError(None, _("The batch has not been filed yet; file it first."))]
            )
        designs = {
            design.number: design
            for design in Design.objects.select_for_update()
            .select_related("batch")
            .filter(batch=batch, number__in=[row.design_number for row in rows])
        }
        taken = dict(
            Design.objects.filter(
                certificate_number__in=[row.certificate_number for row in rows]
            ).values_list("certificate_number", "number")
        )
        errors, seen_numbers, seen_certificates = [], {}, {}
        for row in rows:
            design = designs.get(row.design_number)
            date = row.certificate_date or default_date
            problem = None
            if not row.design_number:
                problem = _("The design number is missing.")
            elif row.design_number in seen_numbers:
                problem = _("The design %(number)s is listed twice (also on line %(line)s).") % {
                    "number": row.design_number,
                    "line": seen_numbers[row.design_number],
                }
            elif design is None:
                problem = _("There is no design %(number)s in batch %(batch)s.") % {
                    "number": row.design_number,
                    "batch": batch.number,
                }
            elif design.status != Design.Status.FILED:
                problem = _(
                    "The design %(number)s is “%(status)s”; only filed designs can be marked "
                    "deposited."
                ) % {"number": design.number, "status": design.get_status_display()}
            elif not row.certificate_number:
                problem = _("The certificate number is missing.")
            elif len(row.certificate_number) > 40:
                problem = _("The certificate number is longer than 40 characters.")
            elif row.certificate_number in seen_certificates:
                problem = _(
                    "The certificate number %(certificate)s is listed twice (also on line "
                    "%(line)s)."
                ) % {
                    "certificate": row.certificate_number,
                    "line": seen_certificates[row.certificate_number],
                }
            elif row.certificate_number in taken:
                problem = _(
                    "The certificate number %(certificate)s already belongs to design %(number)s."
                ) % {"certificate": row.certificate_number, "number": taken[row.certificate_number]}
            elif date is None:
                problem = _("The certificate date is missing (no date column and no default).")
            elif date > today:
                problem = _("The certificate date %(date)s is in the future.") % {"date": date}
            elif batch.filed_on and date < batch.filed_on:
                problem = _(
                    "The certificate date %(date)s is before the batch's filing date %(filed)s."
                ) % {"date": date, "filed": batch.filed_on}
            seen_numbers.setdefault(row.design_number, row.line)
            seen_certificates.setdefault(row.certificate_number, row.line)
            if problem:
                errors.append(RowError(row.line, problem))
        if errors:
            raise DepositImportError(errors)

        updated = []
        for row in rows:
            design = designs[row.design_number]
            design.status = Design.Status.DEPOSITED
            design.certificate_number = row.certificate_number
            design.certificate_date = row.certificate_date or default_date
            design.status_date = design.certificate_date
            try:
                design.full_clean()
            except ValidationError as exc:
                raise DepositImportError([RowError(row.line, " ".join(exc.messages))]) from None
            if by is not None:
                design._history_user = by
            design.save()
            updated.append(design)

        if not batch.designs.filter(status__in=[Design.Status.DRAFT, Design.Status.FILED]).exists():
            batch.status = DepositBatch.Status.CERTIFICATES_RECEIVED
            if by is not None:
                batch._history_user = by
            batch.save(update_fields=["status", "updated_at"])
    return updated
