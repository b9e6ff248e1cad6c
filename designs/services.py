"""Writes of the designs register that touch several rows at once."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from craftsreg import readers
from craftsreg.digits import normalize_digits
from craftsreg.i18n import isolate_ltr
from designs.models import DepositBatch, Design

DEPOSIT_CSV_MAX_BYTES = 1024 * 1024
DEPOSIT_CSV_MAX_ROWS = 5000
NUMBER_COLUMNS = ("design_number", "رقم التصميم")
CERTIFICATE_COLUMNS = ("certificate_number", "رقم الشهادة")
DATE_COLUMNS = ("certificate_date", "تاريخ الشهادة")
FILING_COLUMNS = ("filing_number", "رقم الإيداع")


@dataclass(frozen=True)
class DepositRow:
    line: int | None
    design_number: str
    certificate_number: str
    certificate_date: datetime.date | None
    filing_number: str = ""
    # What was wrong in the row's own cells (a date that is not a date), reported together with
    # what the register says about the row, so one upload lists every problem.
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowError:
    line: int | None
    message: str
    design_number: str = ""


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
    # Rows and cell lengths bounded while reading, as for every uploaded table.
    reader = readers.csv_rows(text)
    try:
        _line, header = next(reader)
    except StopIteration:
        raise DepositImportError([RowError(None, _("The file is empty."))]) from None
    except readers.UnreadableTable as exc:
        raise DepositImportError([RowError(None, str(exc))]) from None
    number_col = _column(header, NUMBER_COLUMNS)
    certificate_col = _column(header, CERTIFICATE_COLUMNS)
    date_col = _column(header, DATE_COLUMNS)
    filing_col = _column(header, FILING_COLUMNS)
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
        for line, record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= DEPOSIT_CSV_MAX_ROWS:
                errors.append(RowError(line, _("Too many rows; at most 5,000 designs per file.")))
                break
            width = max(number_col, certificate_col, date_col or 0, filing_col or 0) + 1
            cells = [*record, *[""] * width]
            number = normalize_digits(cells[number_col].strip())
            certificate = normalize_digits(cells[certificate_col].strip())
            filing = normalize_digits(cells[filing_col].strip()) if filing_col is not None else ""
            date, problems = None, []
            raw_date = cells[date_col].strip() if date_col is not None else ""
            if raw_date:
                try:
                    date = _parse_date(raw_date)
                except ValueError:
                    problems.append(
                        _("“%(value)s” is not a date; write it as 2017-05-14.")
                        % {"value": raw_date[:40]}
                    )
            rows.append(DepositRow(line, number, certificate, date, filing, tuple(problems)))
    except readers.UnreadableTable as exc:
        errors.append(RowError(None, str(exc)))
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
            date = row.certificate_date or default_date
            problems = [
                *row.problems,
                *_design_problems(row, designs.get(row.design_number), batch, seen_numbers),
                *_certificate_problems(row, taken, seen_certificates),
            ]
            if not row.problems:  # a date that could not be read is already reported
                problems += _date_problems(date, batch, today)
            if len(row.filing_number) > 40:
                problems.append(_("The filing number is longer than 40 characters."))
            seen_numbers.setdefault(row.design_number, row.line)
            seen_certificates.setdefault(row.certificate_number, row.line)
            errors += [RowError(row.line, problem, row.design_number) for problem in problems]
        if errors:
            raise DepositImportError(errors)

        updated = []
        for row in rows:
            design = designs[row.design_number]
            design.status = Design.Status.DEPOSITED
            design.certificate_number = row.certificate_number
            design.certificate_date = row.certificate_date or default_date
            design.status_date = design.certificate_date
            if row.filing_number:
                design.filing_number = row.filing_number
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


def _design_problems(row: DepositRow, design, batch, seen: dict) -> list[str]:
    if not row.design_number:
        return [_("The design number is missing.")]
    if row.design_number in seen:
        return [
            _("The design %(number)s is listed twice (also on line %(line)s).")
            % {"number": row.design_number, "line": seen[row.design_number]}
        ]
    if design is None:
        return [
            _("There is no design %(number)s in batch %(batch)s.")
            % {"number": row.design_number, "batch": str(batch)}
        ]
    if design.status != Design.Status.FILED:
        return [
            _("The design %(number)s is “%(status)s”; only filed designs can be marked deposited.")
            % {"number": isolate_ltr(design.number), "status": design.get_status_display()}
        ]
    return []


def _certificate_problems(row: DepositRow, taken: dict, seen: dict) -> list[str]:
    certificate = row.certificate_number
    if not certificate:
        return [_("The certificate number is missing.")]
    if len(certificate) > 40:
        return [_("The certificate number is longer than 40 characters.")]
    if certificate in seen:
        return [
            _("The certificate number %(certificate)s is listed twice (also on line %(line)s).")
            % {"certificate": certificate, "line": seen[certificate]}
        ]
    if certificate in taken:
        return [
            _("The certificate number %(certificate)s already belongs to design %(number)s.")
            % {"certificate": certificate, "number": taken[certificate]}
        ]
    return []


def _date_problems(date, batch, today) -> list[str]:
    if date is None:
        return [_("The certificate date is missing (no date column and no default).")]
    if date > today:
        return [_("The certificate date %(date)s is in the future.") % {"date": date}]
    if batch.filed_on and date < batch.filed_on:
        return [
            _("The certificate date %(date)s is before the batch's filing date %(filed)s.")
            % {"date": date, "filed": batch.filed_on}
        ]
    return []


# --- Acting on a batch's designs together ---------------------------------------------------------


def _check_act_date(on: datetime.date, *, not_before: datetime.date | None = None) -> None:
    if on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")
    if not_before and on < not_before:
        raise ValidationError(
            _("The date cannot be before the batch's filing date %(filed)s.")
            % {"filed": not_before},
            code="before_filing",
        )


def _save_status(design: Design, *, to: str, on: datetime.date, reason: str, by) -> None:
    """Move one locked design and record it; ValidationError names the design."""
    design.status = to
    design.status_date = on
    design.status_reason = reason if to in Design.NEEDS_REASON else ""
    try:
        design.full_clean()
    except ValidationError as exc:
        raise ValidationError(
            _("%(number)s: %(problem)s")
            % {"number": isolate_ltr(design.number), "problem": " ".join(exc.messages)}
        ) from None
    design._history_user = by
    design._change_reason = reason[:100] or None
    design.save()


def batch_file(*, batch: DepositBatch, filed_on: datetime.date, by=None) -> int:
    """File a batch in preparation with the IP Department, with all its draft and returned designs.

    The batch and every design it files take the filing date (the date of the act, not today).
    All or nothing; returns how many designs were filed.
    """
    _check_act_date(filed_on)
    with transaction.atomic():
        batch = DepositBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != DepositBatch.Status.PREPARING:
            raise ValidationError(
                _("Batch %(batch)s is already filed.") % {"batch": str(batch)},
                code="filed",
            )
        designs = list(
            Design.objects.select_for_update()
            .filter(batch=batch, status__in=[Design.Status.DRAFT, Design.Status.RETURNED])
            .order_by("suffix")
        )
        if not designs:
            raise ValidationError(
                _("Batch %(batch)s has no draft or returned design to file.")
                % {"batch": str(batch)},
                code="empty",
            )
        batch.status = DepositBatch.Status.FILED
        batch.filed_on = filed_on
        batch.full_clean()
        batch._history_user = by
        batch.save()
        for design in designs:
            design.batch = batch
            _save_status(design, to=Design.Status.FILED, on=filed_on, reason="", by=by)
    return len(designs)


def batch_return(*, batch: DepositBatch, returned_on: datetime.date, reason: str, by=None) -> int:
    """Record that the IP Department returned a filed batch: its filed designs are returned.

    The designs take the date of the return and its reason. A batch none of whose designs was
    deposited goes back to "preparing", so it can be corrected and filed again. Returns how many
    designs were returned.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason the batch was returned."), code="reason")
    with transaction.atomic():
        batch = DepositBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == DepositBatch.Status.PREPARING:
            raise ValidationError(
                _("Batch %(batch)s has not been filed.") % {"batch": str(batch)},
                code="not_filed",
            )
        _check_act_date(returned_on, not_before=batch.filed_on)
        designs = list(
            Design.objects.select_for_update()
            .filter(batch=batch, status=Design.Status.FILED)
            .order_by("suffix")
        )
        if not designs:
            raise ValidationError(
                _("Batch %(batch)s has no filed design to return.") % {"batch": str(batch)},
                code="empty",
            )
        for design in designs:
            design.batch = batch
            _save_status(design, to=Design.Status.RETURNED, on=returned_on, reason=reason, by=by)
        if not batch.designs.filter(status=Design.Status.DEPOSITED).exists():
            batch.status = DepositBatch.Status.PREPARING
            batch._history_user = by
            batch._change_reason = reason[:100]
            batch.save(update_fields=["status", "updated_at"])
    return len(designs)


def designs_change_status(*, designs, to: str, on: datetime.date, reason: str = "", by=None) -> int:
    """Move the chosen designs to ``to`` on the date ``on`` (the admin list's bulk actions).

    Every design is checked against the path (Design.TRANSITIONS) and its rules; if any cannot
    move, ValidationError lists every one of them and nothing changes.
    """
    reason = reason.strip()
    if to in Design.NEEDS_REASON and not reason:
        raise ValidationError(_("Give the reason."), code="reason")
    _check_act_date(on)
    with transaction.atomic():
        locked = list(
            Design.objects.select_for_update()
            .select_related("batch")
            .filter(pk__in=[design.pk for design in designs])
            .order_by("number")
        )
        problems = []
        for design in locked:
            try:
                if (
                    design.batch.filed_on
                    and on < design.batch.filed_on
                    and to != Design.Status.DRAFT
                ):
                    raise ValidationError(
                        _("%(number)s: the date is before its batch's filing date %(filed)s.")
                        % {"number": isolate_ltr(design.number), "filed": design.batch.filed_on}
                    )
                with transaction.atomic():
                    _save_status(design, to=to, on=on, reason=reason, by=by)
            except ValidationError as exc:
                problems += exc.messages
        if problems:
            raise ValidationError(problems)
    return len(locked)
