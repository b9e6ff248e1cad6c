"""Writing a plan: artisans, their other crafts and their history entries in bulk.

Two writers with one interface: ``OrmWriter`` (portable, SQLite in development and tests) and
``CopyWriter`` (PostgreSQL COPY). The history rows follow django-simple-history's table layout
(``HistoricalArtisan`` and ``HistoricalArtisan_other_crafts``), which the COPY writer addresses
column by column; a test pins that layout.
"""

import functools
import operator
from itertools import islice

from django.apps import apps
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.cache import registry_changed
from artisans.importing.plan import CHUNK, Plan
from artisans.models import (
    Artisan,
    RegistrationCounter,
    format_registration_number,
    search_key_for,
)

# The history's change-reason column holds 100 characters.
_REASON_LENGTH = 100
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class _Texts(dict):
    """str() of dates and times, each computed once: they repeat from row to row (the import's
    own time is on every row, and birth and registration dates are a few thousand days)."""

    def __missing__(self, value):
        text = self[value] = str(value)
        return text


def _copy_lines(rows, width: int, texts: _Texts | None = None):
    """Rows as lines of COPY's text format: tab-separated, \\N for NULL, backslash escapes.
    str() of dates, aware datetimes, numbers and booleans is what PostgreSQL reads back.

    Escaping is what a text value rarely needs (names have no tabs or backslashes), so each line
    is first joined as it is and escaped value by value only if the line holds a character that
    needs it: the check is a few scans of the line in C, where translating every value was
    most of the writer's own time.
    """
    escape = _COPY_ESCAPES
    tabs = width - 1
    texts = _Texts() if texts is None else texts
    numbers = (int, bool)
    for values in rows:
        line = "\t".join(
            [
                v
                if type(v) is str
                else "\\N"
                if v is None
                else str(v)
                if type(v) in numbers
                else texts[v]
                for v in values
            ]
        )
        # Each NULL is one backslash of its own; any other one, or a tab, newline or carriage
        # return, came from a value.
        if (
            line.count("\t") != tabs
            or line.count("\\") != values.count(None)
            or "\n" in line
            or "\r" in line
        ):
            line = "\t".join(
                [
                    "\\N" if v is None else v.translate(escape) if type(v) is str else str(v)
                    for v in values
                ]
            )
        yield line + "\n"


def writer():
    """The fastest writer the database offers."""
    return CopyWriter() if connection.vendor == "postgresql" else OrmWriter()


def write_plan(plan: Plan, *, by, reason: str, progress=None) -> None:
    """Create and update the plan's artisans with registration numbers and history entries.

    ``progress`` (a background job's ``jobs.progress.Progress``) is told the rows written.
    """
    out = writer()
    written = _RowsWritten(progress, len(plan.creates) + len(plan.updates))
    now = timezone.now()
    # History entries of this write: (artisan, crafts) pairs, their craft links, "+" or "~".
    record = functools.partial(
        out.record,
        user_id=by.pk if by is not None else None,
        reason=reason[:_REASON_LENGTH],
        now=now,
        written=written,
    )

    creates = sorted(plan.creates, key=lambda c: (c[0].registered_on, c[0].civil_number))
    years = {}
    for artisan, _crafts in creates:
        years[artisan.registered_on.year] = years.get(artisan.registered_on.year, 0) + 1
    numbers = {year: iter(RegistrationCounter.reserve(year, n)) for year, n in years.items()}
    for artisan, _crafts in creates:
        year = artisan.registered_on.year
        artisan.registration_number = format_registration_number(year, next(numbers[year]))
        artisan.created_at = artisan.updated_at = now
        # Both writers copy every concrete field, the search key too (bulk writes skip save()).
        artisan.search_key = artisan.search_key or search_key_for(artisan.name_ar, artisan.name_en)
    size = out.chunk_size or len(creates) or 1
    for start in range(0, len(creates), size):
        chunk = creates[start : start + size]
        out.create_artisans([artisan for artisan, _crafts in chunk], written=written)
        record(chunk, out.link_crafts(chunk), history_type="+")

    through = Artisan.other_crafts.through
    for start in range(0, len(plan.updates), CHUNK):
        chunk = plan.updates[start : start + CHUNK]
        batch = [artisan for artisan, _crafts, _changed in chunk]
        for artisan in batch:
            artisan.updated_at = now
            artisan.version += 1  # an import is a save too: an open admin form becomes stale
            artisan.search_key = search_key_for(artisan.name_ar, artisan.name_en)
        fields = sorted({name.removesuffix("_id") for a in batch for name in a._changed_fields})
        if {"name_ar", "name_en"} & set(fields):
            fields.append("search_key")
        Artisan.objects.bulk_update(batch, [*fields, "updated_at", "version"])
        written(len(batch))
        # Other crafts are replaced for every updated artisan so that each history entry
        # lists the crafts of that version (the link ids are what the history refers to).
        through.objects.filter(artisan_id__in=[a.pk for a in batch]).delete()
        pairs = [(artisan, crafts) for artisan, crafts, _changed in chunk]
        record(pairs, out.link_crafts(pairs), history_type="~")
    registry_changed()  # bulk writes send no signals


class _RowsWritten:
    """Counts the rows written for a job's progress bar: a row is written once both its
    artisan and its history entry are, so each of the two counts as half a row."""

    def __init__(self, progress, total: int):
        self.progress = progress
        self.halves = 0
        if progress is not None:
            progress.start(total, _("rows written"))

    def __call__(self, count: int) -> None:
        self.halves += count
        if self.progress is not None:
            self.progress.set(self.halves // 2)


def record_creation(artisan_ids, *, reason: str, by=None) -> None:
    """ "Created" history entries for artisans bulk-written elsewhere (the demo seeder)."""
    out = writer()
    through = Artisan.other_crafts.through
    now = timezone.now()
    artisan_ids = sorted(artisan_ids)
    for start in range(0, len(artisan_ids), CHUNK):
        chunk_ids = artisan_ids[start : start + CHUNK]
        artisans = list(Artisan.objects.filter(pk__in=chunk_ids).order_by("pk"))
        links = {}
        for pk, artisan_id, craft_id in (
            through.objects.filter(artisan_id__in=chunk_ids)
            .order_by("pk")
            .values_list("pk", "artisan_id", "craft_id")
        ):
            links.setdefault(artisan_id, []).append((pk, craft_id))
        out.record(
            [(artisan, None) for artisan in artisans],
            links,
            history_type="+",
            user_id=by.pk if by is not None else None,
            reason=reason[:_REASON_LENGTH],
            now=now,
        )


def _history_models():
    return Artisan.history.model, apps.get_model("artisans", "HistoricalArtisan_other_crafts")


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


def _not_counted(count: int) -> None:
    pass


class OrmWriter:
    """Portable bulk writes (SQLite in development and tests)."""

    # Rows per round of writes: each is a few bulk INSERTs of this many rows.
    chunk_size = CHUNK

    def create_artisans(self, artisans, *, written=_not_counted):
        Artisan.objects.bulk_create(artisans)
        written(len(artisans))

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

    def record(self, chunk, links, *, history_type, user_id, reason, now, written=_not_counted):
        """History entries with their other crafts, as simple-history writes for admin saves."""
        history_model, m2m_history_model = _history_models()
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
        written(len(chunk))


class _CopySource:
    """COPY's input, made as it is read.

    psycopg2 sends a COPY by calling ``read()`` until it returns nothing, and PostgreSQL
    stores each piece as it arrives. Made piece by piece, the lines are formatted in Python
    while the database process is still inserting the previous ones (and updating the
    table's indexes), on the other core: the two overlap instead of taking turns, and no
    buffer holds the whole COPY.
    """

    LINES = 1_000  # lines per piece: about 150 KB of artisans

    def __init__(self, lines, written=_not_counted):
        self._lines = lines
        self._written = written

    def read(self, size: int = -1) -> str:
        piece = list(islice(self._lines, self.LINES))
        self._written(len(piece))
        return "".join(piece)


class CopyWriter(OrmWriter):
    """PostgreSQL: COPY with primary keys drawn from the sequences beforehand.

    The ORM's bulk_create spends most of an import preparing values field by field; COPY of
    tab-separated text is several times faster, which is what makes 100,000 rows a matter of
    seconds (bench/import_artisans.py). A whole plan is one COPY a table, streamed
    (``_CopySource``): a chunk at a time, Python and the database waited for each other.
    """

    chunk_size = None  # the whole plan at once

    def __init__(self):
        # Shared by every COPY of one write: a whole import has a few thousand distinct dates
        # and one time.
        self._texts = _Texts()

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

    def _copy(self, model, fields, rows, written=_not_counted) -> None:
        """COPY ``rows`` (an iterable, consumed as the database reads it) into ``model``."""
        source = _CopySource(_copy_lines(rows, len(fields), self._texts), written)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", source)

    def create_artisans(self, artisans, *, written=_not_counted):
        if not artisans:
            return
        for artisan, pk in zip(artisans, self._ids(Artisan, len(artisans)), strict=True):
            artisan.pk = pk
            artisan._state.adding = False
        fields = Artisan._meta.concrete_fields
        values = operator.itemgetter(*[f.attname for f in fields])
        self._copy(Artisan, fields, (values(vars(a)) for a in artisans), written)

    def link_crafts(self, chunk):
        through = Artisan.other_crafts.through
        pairs = [(artisan.id, craft_id) for artisan, ids in chunk for craft_id in ids]
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
        if rows:
            self._copy(through, fields, rows)
        by_artisan = {}
        for pk, artisan_id, craft_id in rows:
            by_artisan.setdefault(artisan_id, []).append((pk, craft_id))
        return by_artisan

    def record(self, chunk, links, *, history_type, user_id, reason, now, written=_not_counted):
        if not chunk:
            return
        history_model, m2m_history_model = _history_models()
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
        values = operator.itemgetter(*[f.attname for f in own])
        rows = (
            (history_id, *constants, *values(vars(artisan)))
            for history_id, (artisan, _crafts) in zip(history_ids, chunk, strict=True)
        )
        self._copy(history_model, fields, rows, written)
        m2m_pairs = [
            (history_id, artisan.id, link_id, craft_id)
            for history_id, (artisan, _crafts) in zip(history_ids, chunk, strict=True)
            for link_id, craft_id in links.get(artisan.id, ())
        ]
        if not m2m_pairs:
            return
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
