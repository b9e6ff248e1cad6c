"""Bulk import of artisans from CSV or XLSX (admin page and ``manage.py import_artisans``).

Two steps: ``plan_import`` reads and checks the whole file and says what would happen (rows to
create, to update, unchanged, rejected, each rejection with line, column and reason) without
writing anything; ``import_artisans`` plans again inside one transaction and writes only when no
row is rejected — all or nothing. Rows are matched by civil number, so importing the same file
twice creates nothing the second time.

Every row passes the model's own ``full_clean()`` (the rules the admin form applies), with
reference data and existing artisans looked up in a few bulk queries, so 100,000 rows take
seconds rather than hours (bench/import_artisans.py).
"""

import csv
import datetime
import hashlib
import io
import operator
import re
import zipfile
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.cache import registry_changed
from artisans.digits import normalize_number
from artisans.models import (
    Artisan,
    Craft,
    Governorate,
    RegistrationCounter,
    Wilayat,
    format_registration_number,
)
from artisans.tabular import (
    COLUMN_LABELS,
    COLUMNS,
    FORMULA_PREFIXES,
    HEADER_MAP,
    REQUIRED_COLUMNS,
    header_key,
    normalize_text,
)
from craftsreg.dates import parse_date
from craftsreg.phones import INVALID_MESSAGE as PHONE_INVALID_MESSAGE
from craftsreg.phones import InvalidPhone, normalize_phone

# Rejections kept in a report; the count of rejected rows is always exact.
MAX_REPORTED_ERRORS = 500
_CHUNK = 2_000
# pg_advisory_xact_lock key: imports take turns writing, so two overlapping files never both
# decide to create the same civil number (the unique constraint would stop it; this makes the
# second import see the first one's rows instead of failing).
_IMPORT_LOCK_KEY = 0x4352_4146_5453  # "CRAFTS"


GENDERS = {
    "male": Artisan.Gender.MALE,
    "m": Artisan.Gender.MALE,
    "ذكر": Artisan.Gender.MALE,
    "female": Artisan.Gender.FEMALE,
    "f": Artisan.Gender.FEMALE,
    "أنثى": Artisan.Gender.FEMALE,
    "انثى": Artisan.Gender.FEMALE,
}
STATUSES = {
    "active": Artisan.Status.ACTIVE,
    "نشط": Artisan.Status.ACTIVE,
    "inactive": Artisan.Status.INACTIVE,
    "غير نشط": Artisan.Status.INACTIVE,
}
# Model field → file column, for the model's own validation messages.
_FIELD_COLUMNS = {"date_of_birth": "birth_date"}
_COMPARED_FIELDS = [
    "name_ar",
    "name_en",
    "gender",
    "date_of_birth",
    "phone",
    "governorate_id",
    "wilayat_id",
    "primary_craft_id",
    "registered_on",
    "status",
]
# Columns that, when present in the file, replace what the registry holds for an existing artisan.
_COLUMN_FIELDS = {
    "name_ar": ["name_ar"],
    "name_en": ["name_en"],
    "gender": ["gender"],
    "birth_date": ["date_of_birth"],
    "governorate": ["governorate_id"],
    "wilayat": ["wilayat_id"],
    "primary_craft": ["primary_craft_id"],
    "registered_on": ["registered_on"],
    "phone": ["phone"],
    "status": ["status"],
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, type, size, header)."""


@dataclass
class RowError:
    line: int
    column: str
    message: str

    @property
    def column_label(self) -> str:
        return str(COLUMN_LABELS.get(self.column, self.column))

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass
class ImportReport:
    """What an import would do (a preview) or did (once applied)."""

    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.rejected

    @property
    def total(self) -> int:
        return self.to_create + self.to_update + self.unchanged + self.rejected

    @property
    def errors_not_shown(self) -> int:
        return max(0, self.rejected - len({e.line for e in self.errors}))

    def as_dict(self) -> dict:
        return {
            "to_create": self.to_create,
            "to_update": self.to_update,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [e.as_dict() for e in self.errors],
            "file_error": self.file_error,
            "applied": self.applied,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        data = dict(data)
        errors = [RowError(**e) for e in data.pop("errors", [])]
        return cls(errors=errors, **data)


@dataclass
class _Plan:
    report: ImportReport
    creates: list = field(default_factory=list)  # (Artisan, [craft ids])
    updates: list = field(default_factory=list)  # (Artisan, [craft ids], crafts changed?)


# --- reading the file ------------------------------------------------------------------------


def read_table(data: bytes) -> tuple[list[str], list[tuple[int, list]]]:
    """Header and rows (line number, cells) of a CSV or XLSX file, recognised by content.

    The file's name is not trusted: a PDF or an image renamed to .csv is rejected here.
    """
    if not data or not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes):
    if b"\x00" in data[:8192]:
        raise ImportFileError(
            _("This is not a CSV or XLSX file. Save the sheet as “CSV UTF-8” or as XLSX.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The file is not in UTF-8 (byte %(position)s). In Excel choose "
                "“Save as… CSV UTF-8 (Comma delimited)”, or upload the XLSX file itself."
            )
            % {"position": error.start + 1}
        ) from error
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to Arabic or European regional settings save with semicolons.
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    header = None
    try:
        for cells in reader:
            if header is None:
                header = cells
                continue
            rows.append((reader.line_num, cells))
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file is malformed near line %(line)s.") % {"line": reader.line_num}
        ) from error
    return header or [], rows


def _read_xlsx(data: bytes):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise ImportFileError(
            _("This is not a readable XLSX file. Save the sheet again as XLSX or CSV UTF-8.")
        ) from error
    except Exception as error:  # openpyxl raises its own types for damaged workbooks
        raise ImportFileError(
            _("This is not a readable XLSX file. Save the sheet again as XLSX or CSV UTF-8.")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        header = None
        rows = []
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if header is None:
                header = list(cells)
                continue
            rows.append((line, list(cells)))
    finally:
        workbook.close()
    return header or [], rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def map_header(header: list) -> dict[str, int]:
    """Column name → position, from English or Arabic headers."""
    positions = {}
    unknown = []
    for index, name in enumerate(header):
        text = _cell_text(name).strip()
        if not text:
            continue
        column = HEADER_MAP.get(header_key(text))
        if column is None:
            unknown.append(text)
        elif column in positions:
            raise ImportFileError(
                _("The column “%(column)s” appears twice in the header row.") % {"column": text}
            )
        else:
            positions[column] = index
    if not positions:
        raise ImportFileError(
            _("The first row must be the header row with the column names (see the template).")
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in positions]
    if missing:
        raise ImportFileError(
            _("Required columns are missing: %(columns)s.")
            % {"columns": "، ".join(f"{c} ({COLUMN_LABELS[c]})" for c in missing)}
        )
    if unknown:
        raise ImportFileError(
            _("Unknown columns: %(columns)s. The columns are: %(known)s.")
            % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
    return positions


# --- reference data --------------------------------------------------------------------------


class _Reference:
    """Governorates, wilayats and crafts by every name a file may use, loaded once."""

    def __init__(self):
        self.governorates = {}
        for governorate in Governorate.objects.all():
            for key in (
                governorate.code,
                governorate.name_ar,
                governorate.name_en,
                "محافظة " + governorate.name_ar,
            ):
                self.governorates[header_key(key)] = governorate
        self.wilayats = {}
        self.wilayat_governorates = {}
        for wilayat in Wilayat.objects.select_related("governorate"):
            for key in (wilayat.name_ar, wilayat.name_en):
                self.wilayats[(wilayat.governorate_id, header_key(key))] = wilayat
                self.wilayat_governorates.setdefault(header_key(key), wilayat.governorate)
        self.crafts = {}
        for craft in Craft.objects.all():
            for key in (craft.code, craft.name_ar, craft.name_en):
                self.crafts[header_key(key)] = craft


# --- checking rows ---------------------------------------------------------------------------


class _RowChecker:
    def __init__(self, positions, reference, governorate):
        self.positions = positions
        self.reference = reference
        self.governorate = governorate  # the importer's governorate scope, or None

    def cells(self, raw: list) -> tuple[dict[str, str], list[tuple[str, str]]]:
        values, errors = {}, []
        for column, index in self.positions.items():
            text = _cell_text(raw[index]).strip() if index < len(raw) else ""
            if text[:1] == "'" and text[1:2] and text[1] in FORMULA_PREFIXES:
                text = text[1:]  # escaped by our export (or by hand): text, not a formula
            elif text.startswith(("=", "@")) or (column != "phone" and text.startswith(("+", "-"))):
                errors.append(
                    (
                        column,
                        _(
                            "Cells may not start with = + - or @ (a spreadsheet formula). "
                            "Type the value itself, or put an apostrophe (') before it."
                        ),
                    )
                )
                continue
            values[column] = text
        return values, errors

    def check(self, raw: list):
        """Model field values, other craft ids (None: column absent) and (column, message) errors
        of one row, resolved against the reference data."""
        values, errors = self.cells(raw)
        ref = self.reference
        data = {}

        civil_number = normalize_number(values.get("civil_number", ""))
        if not civil_number:
            errors.append(("civil_number", _("The civil number is required.")))
        data["civil_number"] = civil_number

        for column in ("name_ar", "name_en"):
            if column in values:
                data[column] = normalize_text(values[column])

        if "gender" in values:
            gender = GENDERS.get(header_key(values["gender"]))
            if gender is None:
                errors.append(("gender", _("Write the gender as male or female (ذكر or أنثى).")))
            data["gender"] = gender or ""

        if values.get("status"):
            status = STATUSES.get(header_key(values["status"]))
            if status is None:
                errors.append(
                    ("status", _("Write the status as active or inactive (نشط or غير نشط)."))
                )
            else:
                data["status"] = status

        for column, field_name in (("birth_date", "date_of_birth"), ("registered_on", None)):
            text = values.get(column, "")
            if text:
                try:
                    data[field_name or column] = parse_date(text)
                except ValueError:
                    errors.append(
                        (
                            column,
                            _("“%(value)s” is not a date; write YYYY-MM-DD or DD/MM/YYYY.")
                            % {"value": text},
                        )
                    )
            elif column == "birth_date" and column in values:
                data["date_of_birth"] = None

        if "phone" in values:
            try:
                data["phone"] = normalize_phone(values["phone"])
            except InvalidPhone:
                errors.append(("phone", str(PHONE_INVALID_MESSAGE)))

        governorate = None
        text = values.get("governorate", "")
        if text:
            governorate = ref.governorates.get(header_key(text))
            if governorate is None:
                errors.append(
                    ("governorate", _("Unknown governorate “%(value)s”.") % {"value": text})
                )
            elif self.governorate is not None and governorate.pk != self.governorate.pk:
                errors.append(
                    (
                        "governorate",
                        _("You can only import artisans of the governorate %(governorate)s.")
                        % {"governorate": self.governorate.name},
                    )
                )
                governorate = None
        else:
            errors.append(("governorate", _("The governorate is required.")))

        text = values.get("wilayat", "")
        if not text:
            errors.append(("wilayat", _("The wilayat is required.")))
        elif governorate is not None:
            wilayat = ref.wilayats.get((governorate.pk, header_key(text)))
            data["governorate"] = governorate
            if wilayat is None:
                other = ref.wilayat_governorates.get(header_key(text))
                if other is not None:
                    message = _(
                        "The wilayat %(wilayat)s is in the governorate %(other)s, "
                        "not in %(governorate)s."
                    ) % {"wilayat": text, "other": other.name, "governorate": governorate.name}
                else:
                    message = _("Unknown wilayat “%(value)s”.") % {"value": text}
                errors.append(("wilayat", message))
            else:
                data["wilayat"] = wilayat

        primary = None
        text = values.get("primary_craft", "")
        if text:
            primary = ref.crafts.get(header_key(text))
            if primary is None:
                errors.append(("primary_craft", _("Unknown craft “%(value)s”.") % {"value": text}))
            else:
                data["primary_craft"] = primary
        else:
            errors.append(("primary_craft", _("The primary craft is required.")))

        craft_ids = None
        if "other_crafts" in values:
            craft_ids = []
            for name in re.split(r"[;؛]", values["other_crafts"]):
                if not name.strip():
                    continue
                craft = ref.crafts.get(header_key(name))
                if craft is None:
                    errors.append(
                        ("other_crafts", _("Unknown craft “%(value)s”.") % {"value": name.strip()})
                    )
                elif craft != primary and craft.pk not in craft_ids:
                    craft_ids.append(craft.pk)
        return data, craft_ids, errors


_NOT_VALIDATED = [
    "id",
    "registration_number",
    "governorate",
    "wilayat",
    "primary_craft",
    "created_at",
    "updated_at",
]


def _model_errors(artisan: Artisan) -> list[tuple[str, str]]:
    """The model's own rules (validators, choices, lengths, clean()) as (column, message)."""
    try:
        # Uniqueness is checked in bulk by the caller (and again by the database); the foreign
        # keys were resolved from the reference data already, and validating them here would
        # cost three queries per row.
        artisan.full_clean(
            exclude=_NOT_VALIDATED, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        return [
            (_FIELD_COLUMNS.get(name, name if name in COLUMNS else ""), message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def _existing(civil_numbers: list[str]) -> tuple[dict[str, Artisan], dict[int, list[int]]]:
    artisans, crafts = {}, {}
    through = Artisan.other_crafts.through
    for start in range(0, len(civil_numbers), _CHUNK):
        found = list(
            Artisan.objects.filter(
                civil_number__in=civil_numbers[start : start + _CHUNK]
            ).order_by()
        )
        for artisan in found:
            artisans[artisan.civil_number] = artisan
        links = (
            through.objects.filter(artisan_id__in=[a.pk for a in found])
            .order_by("pk")
            .values_list("artisan_id", "craft_id")
        )
        for artisan_id, craft_id in links:
            crafts.setdefault(artisan_id, []).append(craft_id)
    return artisans, crafts


def _plan(data: bytes, *, governorate: Governorate | None) -> _Plan:
    report = ImportReport()
    plan = _Plan(report=report)
    limit = settings.CRAFTSREG_IMPORT_MAX_BYTES
    try:
        if len(data) > limit:
            raise ImportFileError(
                _("The file is larger than the limit of %(limit)s MB.")
                % {"limit": round(limit / 1024 / 1024, 1)}
            )
        header, rows = read_table(data)
        positions = map_header(header)
    except ImportFileError as error:
        report.file_error = str(error)
        return plan

    checker = _RowChecker(positions, _Reference(), governorate)
    rejected_lines = set()

    def reject(line, column, message):
        rejected_lines.add(line)
        if len(report.errors) < MAX_REPORTED_ERRORS:
            report.errors.append(RowError(line, column, str(message)))

    candidates = []  # (line, data, craft ids)
    first_line = {}
    for line, raw in rows:
        if not any(cell.strip() if type(cell) is str else cell is not None for cell in raw):
            continue  # blank rows between blocks are common in hand-kept sheets
        values, craft_ids, errors = checker.check(raw)
        civil_number = values["civil_number"]
        if civil_number and civil_number in first_line:
            errors.append(
                (
                    "civil_number",
                    _("The civil number %(number)s is already on line %(line)s of this file.")
                    % {"number": civil_number, "line": first_line[civil_number]},
                )
            )
        elif civil_number:
            first_line[civil_number] = line
        for column, message in errors:
            reject(line, column, message)
        error_columns = {column for column, _m in errors}
        if "governorate" in error_columns:
            error_columns.add("wilayat")  # cannot be checked without its governorate
        candidates.append((line, values, craft_ids, error_columns))

    if not candidates and not rejected_lines:
        report.file_error = _("The file has a header row but no artisans.")
        return plan

    del rows  # the parsed cells are no longer needed; large files hold a lot of them
    existing, existing_crafts = _existing(list(first_line))
    for index, (line, values, craft_ids, error_columns) in enumerate(candidates):
        candidates[index] = None  # release each row's text once it is an Artisan
        current = existing.get(values["civil_number"])
        if (
            current is not None
            and governorate is not None
            and (current.governorate_id != governorate.pk)
        ):
            reject(
                line,
                "civil_number",
                _("This civil number is registered in another governorate; you cannot change it."),
            )
            continue
        if current is None:
            artisan = Artisan(**values)
            if not artisan.registered_on:
                artisan.registered_on = timezone.localdate()
        else:
            artisan = Artisan(
                **{f.attname: getattr(current, f.attname) for f in current._meta.concrete_fields}
            )
            artisan._state.adding = False
            for name, value in values.items():
                setattr(artisan, name, value)
        # A column already rejected above would only repeat itself here ("cannot be empty").
        errors = [(c, m) for c, m in _model_errors(artisan) if c not in error_columns]
        for column, message in errors:
            reject(line, column, message)
        if error_columns or errors:
            continue
        if current is None:
            plan.creates.append((artisan, craft_ids or []))
            continue
        old_crafts = existing_crafts.get(current.pk, [])
        crafts_changed = craft_ids is not None and sorted(craft_ids) != sorted(old_crafts)
        changed = [
            name for name in _COMPARED_FIELDS if getattr(artisan, name) != getattr(current, name)
        ]
        if changed or crafts_changed:
            artisan._changed_fields = changed
            plan.updates.append(
                (artisan, craft_ids if craft_ids is not None else old_crafts, crafts_changed)
            )
        else:
            report.unchanged += 1

    report.rejected = len(rejected_lines)
    report.errors.sort(
        key=lambda e: (e.line, COLUMNS.index(e.column) if e.column in COLUMNS else 99)
    )
    report.to_create = len(plan.creates)
    report.to_update = len(plan.updates)
    return plan


def plan_import(data: bytes, *, governorate: Governorate | None = None) -> ImportReport:
    """What importing ``data`` would do; writes nothing."""
    return _plan(data, governorate=governorate).report


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
) -> ImportReport:
    """Check ``data`` and, if every row is good and not ``dry_run``, write it all.

    The plan is made again inside the transaction (after the preview the registry may have
    changed), under a lock that makes concurrent imports take turns. Returns the report;
    ``report.applied`` says whether anything was written.
    """
    if dry_run:
        return plan_import(data, governorate=governorate)
    try:
        with transaction.atomic():
            _lock_imports()
            plan = _plan(data, governorate=governorate)
            if not plan.report.ok:
                return plan.report
            _write(plan, by=by, reason=reason)
            plan.report.applied = True
            return plan.report
    except IntegrityError:
        # Only reachable if someone saved the same civil number in admin at the same moment;
        # the transaction is rolled back, so nothing is half-written.
        report = ImportReport(
            file_error=_(
                "The registry changed while the file was being imported, and nothing was "
                "written. Import the file again."
            )
        )
        return report


def _write(plan: _Plan, *, by, reason: str) -> None:
    writer = _CopyWriter() if connection.vendor == "postgresql" else _OrmWriter()
    now = timezone.now()
    user_id = by.pk if by is not None else None
    # The history column holds 100 characters.
    reason = reason[:100]

    creates = sorted(plan.creates, key=lambda c: (c[0].registered_on, c[0].civil_number))
    years = {}
    for artisan, _crafts in creates:
        years[artisan.registered_on.year] = years.get(artisan.registered_on.year, 0) + 1
    numbers = {year: iter(RegistrationCounter.reserve(year, n)) for year, n in years.items()}
    for artisan, _crafts in creates:
        year = artisan.registered_on.year
        artisan.registration_number = format_registration_number(year, next(numbers[year]))
        artisan.created_at = artisan.updated_at = now
    for start in range(0, len(creates), _CHUNK):
        chunk = creates[start : start + _CHUNK]
        writer.create_artisans([artisan for artisan, _crafts in chunk])
        links = writer.link_crafts(chunk)
        writer.record(chunk, links, history_type="+", user_id=user_id, reason=reason, now=now)

    through = Artisan.other_crafts.through
    for start in range(0, len(plan.updates), _CHUNK):
        chunk = plan.updates[start : start + _CHUNK]
        batch = [artisan for artisan, _crafts, _changed in chunk]
        for artisan in batch:
            artisan.updated_at = now
            artisan.version += 1  # an import is a save too: an open admin form becomes stale
        fields = sorted({name.removesuffix("_id") for a in batch for name in a._changed_fields})
        Artisan.objects.bulk_update(batch, [*fields, "updated_at", "version"])
        # Other crafts are replaced for every updated artisan so that each history entry
        # lists the crafts of that version (the link ids are what the history refers to).
        through.objects.filter(artisan_id__in=[a.pk for a in batch]).delete()
        pairs = [(artisan, crafts) for artisan, crafts, _changed in chunk]
        links = writer.link_crafts(pairs)
        writer.record(pairs, links, history_type="~", user_id=user_id, reason=reason, now=now)
    registry_changed()  # bulk writes send no signals


def record_creation(artisan_ids, *, reason: str, by=None) -> None:
    """ "Created" history entries for artisans bulk-written elsewhere (the demo seeder)."""
    writer = _CopyWriter() if connection.vendor == "postgresql" else _OrmWriter()
    through = Artisan.other_crafts.through
    now = timezone.now()
    artisan_ids = sorted(artisan_ids)
    for start in range(0, len(artisan_ids), _CHUNK):
        chunk_ids = artisan_ids[start : start + _CHUNK]
        artisans = list(Artisan.objects.filter(pk__in=chunk_ids).order_by("pk"))
        links = {}
        for pk, artisan_id, craft_id in (
            through.objects.filter(artisan_id__in=chunk_ids)
            .order_by("pk")
            .values_list("pk", "artisan_id", "craft_id")
        ):
            links.setdefault(artisan_id, []).append((pk, craft_id))
        writer.record(
            [(artisan, None) for artisan in artisans],
            links,
            history_type="+",
            user_id=by.pk if by is not None else None,
            reason=reason[:100],
            now=now,
        )


def _history_values(artisan, field, *, history_type, user_id, reason, now):
    name = field.attname
    if name == "history_date":
        return now
    if name == "history_type":
        return history_type
    if name == "history_user_id":
        return user_id
    if name == "history_change_reason":
        return reason
    return getattr(artisan, name)


class _OrmWriter:
    """Portable bulk writes (SQLite in development and tests)."""

    def create_artisans(self, artisans):
        Artisan.objects.bulk_create(artisans)

    def link_crafts(self, chunk) -> dict[int, list[tuple[int, int]]]:
        """Create the other-craft links of [(artisan, craft ids)]: {artisan id: [(id, craft)]}."""
        through = Artisan.other_crafts.through
        links = through.objects.bulk_create(
            [through(artisan_id=a.pk, craft_id=craft_id) for a, ids in chunk for craft_id in ids]
        )
        by_artisan = {}
        for link in links:
            by_artisan.setdefault(link.artisan_id, []).append((link.pk, link.craft_id))
        return by_artisan

    def record(self, chunk, links, *, history_type, user_id, reason, now):
        """History entries with their other crafts, as simple-history writes for admin saves."""
        history_model = Artisan.history.model
        m2m_history_model = apps.get_model("artisans", "HistoricalArtisan_other_crafts")
        fields = [f for f in history_model._meta.concrete_fields if f.attname != "history_id"]
        entries = history_model.objects.bulk_create(
            [
                history_model(
                    **{
                        f.attname: _history_values(
                            artisan,
                            f,
                            history_type=history_type,
                            user_id=user_id,
                            reason=reason,
                            now=now,
                        )
                        for f in fields
                    }
                )
                for artisan, _crafts in chunk
            ]
        )
        m2m_history_model.objects.bulk_create(
            [
                m2m_history_model(
                    history_id=entry.pk, id=link_id, artisan_id=artisan.pk, craft_id=craft_id
                )
                for entry, (artisan, _crafts) in zip(entries, chunk, strict=True)
                for link_id, craft_id in links.get(artisan.pk, [])
            ]
        )


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class _CopyWriter(_OrmWriter):
    """PostgreSQL: COPY with primary keys drawn from the sequences beforehand.

    The ORM's bulk_create spends most of an import preparing values field by field; COPY of
    tab-separated text is several times faster, which is what makes 100,000 rows a matter of
    seconds (bench/import_artisans.py).
    """

    @staticmethod
    def _ids(model, count: int) -> list[int]:
        if not count:
            return []
        pk = model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def _copy(self, model, fields, rows) -> None:
        if not rows:
            return
        # COPY's text format: tab-separated, \N for NULL, backslash escapes. str() of dates,
        # aware datetimes, numbers and booleans is what PostgreSQL reads back.
        escape = _COPY_ESCAPES
        buffer = io.StringIO()
        buffer.writelines(
            "\t".join(
                [
                    "\\N" if v is None else v.translate(escape) if type(v) is str else str(v)
                    for v in values
                ]
            )
            + "\n"
            for values in rows
        )
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)

    def create_artisans(self, artisans):
        for artisan, pk in zip(artisans, self._ids(Artisan, len(artisans)), strict=True):
            artisan.pk = pk
            artisan._state.adding = False
        fields = Artisan._meta.concrete_fields
        values = operator.attrgetter(*[f.attname for f in fields])
        self._copy(Artisan, fields, [values(a) for a in artisans])

    def link_crafts(self, chunk):
        through = Artisan.other_crafts.through
        pairs = [(artisan.pk, craft_id) for artisan, ids in chunk for craft_id in ids]
        rows = [
            (pk, artisan_id, craft_id)
            for pk, (artisan_id, craft_id) in zip(
                self._ids(through, len(pairs)), pairs, strict=True
            )
        ]
        fields = [
            through._meta.pk,
            through._meta.get_field("artisan"),
            through._meta.get_field("craft"),
        ]
        self._copy(through, fields, rows)
        by_artisan = {}
        for pk, artisan_id, craft_id in rows:
            by_artisan.setdefault(artisan_id, []).append((pk, craft_id))
        return by_artisan

    def record(self, chunk, links, *, history_type, user_id, reason, now):
        history_model = Artisan.history.model
        m2m_history_model = apps.get_model("artisans", "HistoricalArtisan_other_crafts")
        history_ids = self._ids(history_model, len(chunk))
        # Columns ordered as: primary key, the values every entry shares, the artisan's own.
        shared = {
            "history_date": now,
            "history_type": history_type,
            "history_user_id": user_id,
            "history_change_reason": reason,
        }
        own = [
            f
            for f in history_model._meta.concrete_fields
            if f.attname != "history_id" and f.attname not in shared
        ]
        fields = [
            history_model._meta.pk,
            *(history_model._meta.get_field(name.removesuffix("_id")) for name in shared),
            *own,
        ]
        constants = tuple(shared.values())
        values = operator.attrgetter(*[f.attname for f in own])
        rows = [
            (history_id, *constants, *values(artisan))
            for history_id, (artisan, _crafts) in zip(history_ids, chunk, strict=True)
        ]
        self._copy(history_model, fields, rows)
        m2m_pairs = [
            (history_id, artisan.pk, link_id, craft_id)
            for history_id, (artisan, _crafts) in zip(history_ids, chunk, strict=True)
            for link_id, craft_id in links.get(artisan.pk, [])
        ]
        m2m_fields = [
            m2m_history_model._meta.pk,
            m2m_history_model._meta.get_field("history"),
            m2m_history_model._meta.get_field("artisan"),
            m2m_history_model._meta.get_field("id"),
            m2m_history_model._meta.get_field("craft"),
        ]
        self._copy(
            m2m_history_model,
            m2m_fields,
            [
                (pk, *values)
                for pk, values in zip(
                    self._ids(m2m_history_model, len(m2m_pairs)), m2m_pairs, strict=True
                )
            ],
        )


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
