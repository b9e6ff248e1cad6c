"""The plan of an import: every row read and checked, matched by civil number against the
registry, and sorted into artisans to create, to update, unchanged and rejected. Writes nothing.
"""

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import router
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.importing.reading import ImportFileError, map_header, read_table
from artisans.importing.report import ImportReport, RowError, RowWarning
from artisans.importing.rows import ModelCheck, Reference, RowChecker
from artisans.models import Artisan, Governorate, search_key_for
from artisans.tabular import COLUMNS
from craftsreg.text import NAME_SEPARATOR

# Rejections kept in a report; the count of rejected rows is always exact.
MAX_REPORTED_ERRORS = 500
# Rows per bulk query or write.
CHUNK = 2_000
_NO_ERRORS = frozenset()
# New rows per possible-duplicates lookup (one query each on PostgreSQL; a row's part of it is
# a tuple of six values, so a whole large file is one query).
DUPLICATES_CHUNK = 100_000

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


@dataclass
class Plan:
    report: ImportReport
    creates: list = field(default_factory=list)  # (Artisan, [craft ids])
    updates: list = field(default_factory=list)  # (Artisan, [craft ids], crafts changed?)
    # For keeping the checked plan until the confirmation (importing.checked): the file's line
    # of each row to create, and (id, version) of the artisans the file leaves as they are.
    create_lines: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)


class _ArtisanBuilder:
    """Unsaved artisans from a row's checked values, as ``Artisan(**values)`` builds them.

    Through Django's positional constructor (its fast path, the one for rows read from the
    database) with every concrete field given, the row's governorate, wilayat and craft cached
    as their descriptors cache them: the keyword path looks each field up in the keywords and
    sends each foreign key through its descriptor's checks, 1.5× the time for the same
    instance (100,000 rows: 3.1 s against 1.9 s CPU; a test compares the two instances).
    """

    def __init__(self, today):
        fields = Artisan._meta.concrete_fields
        self.attnames = [f.attname for f in fields]
        self.foreign_keys = {f.name: f.attname for f in fields if f.is_relation}
        # A new artisan's defaults, read once; the registration date's (today) is the plan's.
        self.defaults = {f.attname: f.get_default() for f in fields}
        self.defaults["registered_on"] = today

    def build(self, values: dict, base: dict | None = None) -> Artisan:
        """An artisan with ``values`` (field name: value) over ``base`` (attname: value, an
        existing artisan's) or over the defaults of a new one."""
        data = dict(self.defaults if base is None else base)
        related = {}
        for name, value in values.items():
            attname = self.foreign_keys.get(name)
            if attname is None:
                data[name] = value
            else:
                data[attname] = None if value is None else value.pk
                related[name] = value
        artisan = Artisan(*[data[attname] for attname in self.attnames])
        if related:
            artisan._state.fields_cache.update(related)
            first = next((value for value in related.values() if value is not None), None)
            if first is not None:  # as the descriptor does on the first related object set
                artisan._state.db = router.db_for_write(Artisan, instance=first)
        return artisan


def _existing(civil_numbers: list[str]) -> tuple[dict[str, Artisan], dict[int, list[int]]]:
    artisans, crafts = {}, {}
    through = Artisan.other_crafts.through
    for registered in Artisan.objects.of_civil_numbers(civil_numbers):
        for artisan in registered.order_by():
            artisans[artisan.civil_number] = artisan
    ids = [artisan.pk for artisan in artisans.values()]
    for start in range(0, len(ids), CHUNK):
        links = (
            through.objects.filter(artisan_id__in=ids[start : start + CHUNK])
            .order_by("pk")
            .values_list("artisan_id", "craft_id")
        )
        for artisan_id, craft_id in links:
            crafts.setdefault(artisan_id, []).append(craft_id)
    return artisans, crafts


def _check_rows(rows, checker, candidates, first_line, reject, progress) -> None:
    """Check each row as it is read, keeping only its model values (never the file's cells:
    the import's memory is the checked rows, not the file)."""
    for line, raw in rows:
        if progress is not None:
            progress.advance()
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
        # Most rows have no error: they share one empty set (an empty set each is 216 bytes).
        error_columns = {column for column, _m in errors} if errors else _NO_ERRORS
        if "governorate" in error_columns:
            error_columns.add("wilayat")  # cannot be checked without its governorate
        candidates.append((line, values, craft_ids, error_columns))


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off while a plan is made.

    A plan keeps about ten container objects per row (the row's values, its Artisan, that
    artisan's state…) alive until it ends, and each full collection walks all of them again:
    measured 2.1 s of a 100,000-row plan's 16.5 s CPU, for nothing, since a plan makes no
    cyclic garbage worth collecting early. Reference counting still frees everything as usual;
    any cycle left is collected once the collector is back on. The same holds for the write of
    a kept plan, which unpacks every row into an artisan before writing them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def make_plan(data: bytes, *, governorate: Governorate | None, progress=None) -> Plan:
    """``progress`` (a background job's ``jobs.progress.Progress``) is told the rows checked."""
    with collector_paused():
        return _make_plan(data, governorate=governorate, progress=progress)


def _make_plan(data: bytes, *, governorate: Governorate | None, progress) -> Plan:
    report = ImportReport()
    plan = Plan(report=report)
    limit = settings.CRAFTSREG_IMPORT_MAX_BYTES
    try:
        if len(data) > limit:
            raise ImportFileError(
                _("The file is larger than the limit of %(limit)s MB.")
                % {"limit": round(limit / 1024 / 1024, 1)}
            )
        header, rows, data_rows = read_table(data)
        positions = map_header(header)
    except ImportFileError as error:
        report.file_error = str(error)
        return plan

    checker = RowChecker(positions, Reference(), governorate)
    rejected_lines = set()

    def reject(line, column, message):
        rejected_lines.add(line)
        if len(report.errors) < MAX_REPORTED_ERRORS:
            report.errors.append(RowError(line, column, str(message)))

    candidates = []  # (line, data, craft ids, columns already rejected)
    new_lines = {}  # line: Artisan to create
    first_line = {}
    if progress is not None:
        progress.start(data_rows, _("rows checked"))
    try:
        _check_rows(rows, checker, candidates, first_line, reject, progress)
    except ImportFileError as error:  # found while streaming (a malformed sheet or CSV)
        report.file_error = str(error)
        report.errors.clear()
        return plan

    if not candidates and not rejected_lines:
        report.file_error = _("The file has a header row but no artisans.")
        return plan

    existing, existing_crafts = _existing(list(first_line))
    # One day for the whole file: reading the clock in the time zone per row cost ~1 s per
    # 100,000 rows. (A file checked across midnight is checked as of the day it started.)
    today = timezone.localdate()
    builder = _ArtisanBuilder(today)
    check = ModelCheck(today)
    for index, (line, values, craft_ids, error_columns) in enumerate(candidates):
        candidates[index] = None  # release each row's text once it is an Artisan
        current = existing.get(values["civil_number"])
        if (
            current is not None
            and governorate is not None
            and (current.governorate_id != governorate.pk)
        ):
            # Says nothing of the other record (where it is, that it is registered): a limited
            # registrar must not learn about other governorates' people from an import.
            reject(
                line,
                "civil_number",
                _("This row cannot be imported from your account; ask the registry's head office."),
            )
            continue
        if current is None:
            artisan = builder.build(values)
            if not artisan.registered_on:
                artisan.registered_on = today
        else:
            artisan = builder.build(
                values, {attname: getattr(current, attname) for attname in builder.attnames}
            )
            artisan._state.adding = False
        # A column already rejected above would only repeat itself here ("cannot be empty").
        errors = [(c, m) for c, m in check.errors(artisan) if c not in error_columns]
        # The governorate, wilayat and craft objects were needed by clean() only; the writers
        # use their ids. A shared object each, but a cache dict per artisan (a 100,000-row
        # import's memory is these artisans).
        artisan._state.fields_cache = {}
        for column, message in errors:
            reject(line, column, message)
        if error_columns or errors:
            continue
        if current is None:
            plan.creates.append((artisan, craft_ids or []))
            plan.create_lines.append(line)
            new_lines[line] = artisan
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
            plan.unchanged.append((current.pk, current.version))

    if not rejected_lines:
        _warn_of_possible_duplicates(report, new_lines)
    report.rejected = len(rejected_lines)
    report.errors.sort(
        key=lambda e: (e.line, COLUMNS.index(e.column) if e.column in COLUMNS else 99)
    )
    report.to_create = len(plan.creates)
    report.to_update = len(plan.updates)
    return plan


def _warn_of_possible_duplicates(report: ImportReport, new_lines: dict) -> None:
    """Rows to create whose artisan may already be registered under another civil number, or
    may be the same person as another row of the file.

    The same rule as the admin's add form (ArtisanQuerySet.possible_duplicates), checked
    against the whole registry: the same person registered in two governorates is what it
    guards against. Only for files that would otherwise be imported.
    """
    for artisan in new_lines.values():
        # A kept plan's artisans have theirs already (importing.checked).
        artisan.search_key = artisan.search_key or search_key_for(artisan.name_ar, artisan.name_en)
    # In slices, so that a file far larger than the benchmark's 100,000 rows does not build
    # one enormous statement.
    found = {}
    lines = list(new_lines)
    for start in range(0, len(lines), DUPLICATES_CHUNK):
        found.update(
            Artisan.objects.possible_duplicates_of_rows(
                {line: new_lines[line] for line in lines[start : start + DUPLICATES_CHUNK]}
            )
        )
    in_file = _same_person_in_file(new_lines)
    flagged = sorted(set(found) | set(in_file))
    report.possible_duplicates = len(flagged)
    for line in flagged[:MAX_REPORTED_ERRORS]:
        report.warnings.append(
            RowWarning(line, "name_ar", found.get(line, []), in_file.get(line, []))
        )


def _same_person_in_file(new_lines: dict) -> dict[int, list[int]]:
    """{line: [other lines]} for rows to create that describe the same person as another row
    of the file under another civil number (the same civil number twice is rejected).

    The door's rule applied within the file: the same normalised Arabic name and birth date,
    or the same name, wilayat and craft when either row has no birth date. Rows are grouped by
    those keys, so a large file costs one pass, not a comparison of every pair.
    """
    by_birth, by_place = {}, {}
    for line, artisan in new_lines.items():
        name = artisan.search_key.split(NAME_SEPARATOR, 1)[0]
        if not name:
            continue
        if artisan.date_of_birth:
            by_birth.setdefault((name, artisan.date_of_birth), []).append(line)
        place = (name, artisan.wilayat_id, artisan.primary_craft_id)
        by_place.setdefault(place, []).append((line, artisan.date_of_birth is None))
    pairs = {}
    # A row alone in its group has nobody to pair with: most rows, skipped without a set each.
    for lines in by_birth.values():
        if len(lines) < 2:
            continue
        for line in lines:
            pairs.setdefault(line, set()).update(other for other in lines if other != line)
    for rows in by_place.values():
        if len(rows) < 2:
            continue
        undated = [line for line, no_date in rows if no_date]
        for line, no_date in rows:
            # An undated row matches every row of its place; a dated one only the undated.
            others = [other for other, _d in rows] if no_date else undated
            pairs.setdefault(line, set()).update(other for other in others if other != line)
    return {line: sorted(others) for line, others in pairs.items() if others}


def plan_import(
    data: bytes, *, governorate: Governorate | None = None, progress=None
) -> ImportReport:
    """What importing ``data`` would do; writes nothing."""
    return make_plan(data, governorate=governorate, progress=progress).report
