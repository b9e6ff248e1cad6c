"""The preview's checked rows, kept with the import file so that the confirmation need not
check every row again.

Checking a file is most of an import's Python work: reading each cell, parsing it against the
reference data, the model's own rules, the search key. None of that depends on the registry's
artisans; what does is matching rows to artisans by civil number (create, update or leave
unchanged) and the possible-duplicates warnings. So the preview packs its plan — every row to
create or update, as the values it would write, and the artisans it found unchanged — and the
confirmation, under the import lock, unpacks it when it is still what a fresh check would
give:

- it is the same file, limited to the same governorate, checked by the same rules (the source
  of the checking modules) against the same reference data (governorates, wilayats, crafts),
  on the same day (rows without a registration date get today's; dates are checked against
  today);
- every artisan the preview matched by civil number is still there at the same ``version``
  (every save adds one: the product's optimistic lock), and no civil number the preview
  would create has been registered since.

Otherwise the confirmation checks the whole file again, as it always did. The possible
duplicates are looked up again either way: any new artisan anywhere in the registry may be
one (a single indexed query, not a check of each row).

The rows are stored as zlib-compressed JSON, never pickled: the column is data, not code.
"""

import datetime
import functools
import hashlib
import json
import operator
import zlib
from importlib import import_module
from pathlib import Path

from django.db.models.fields.files import FieldFile
from django.utils import timezone

from artisans.importing.plan import CHUNK, Plan
from artisans.importing.report import ImportReport
from artisans.models import Artisan, Craft, Governorate, Wilayat

# Bump when the layout below changes; stored rows of another format are never reused.
FORMAT = 1

# The modules whose rules decide whether a row is good and what it becomes. Their source is
# part of the token: rows checked before a deployment that changed the rules are checked again.
_RULE_MODULES = [
    "artisans.importing.plan",
    "artisans.importing.reading",
    "artisans.importing.rows",
    "artisans.importing.checked",
    "artisans.models.artisan",
    "artisans.tabular",
    "craftsreg.dates",
    "craftsreg.digits",
    "craftsreg.phones",
    "craftsreg.text",
]


@functools.cache
def _rules_digest() -> str:
    digest = hashlib.sha256()
    for name in _RULE_MODULES:
        digest.update(Path(import_module(name).__file__).read_bytes())
    return digest.hexdigest()


def _reference_digest() -> str:
    """The reference data every row was resolved against, as one digest (a few hundred rows)."""
    digest = hashlib.sha256()
    for model in (Governorate, Wilayat, Craft):
        names = [f.attname for f in model._meta.concrete_fields]
        digest.update(repr(list(model.objects.order_by("pk").values_list(*names))).encode())
    return digest.hexdigest()


def _fields():
    return Artisan._meta.concrete_fields


def _parsers():
    """(position, parser) of the fields whose stored value must be read back (JSON has no
    dates); the other values are used as they are."""
    parsers = []
    for index, f in enumerate(_fields()):
        kind = f.get_internal_type()
        if kind == "DateField":
            parsers.append((index, datetime.date.fromisoformat))
        elif kind == "DateTimeField":
            parsers.append((index, datetime.datetime.fromisoformat))
    return parsers


def _stored(value):
    """A value JSON can hold: dates as ISO text, a file field as its name (an imported row
    has no photo)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name
    return value


def _token(*, data: bytes, governorate) -> dict:
    return {
        "format": FORMAT,
        "file": hashlib.sha256(data).hexdigest(),
        "governorate": governorate.pk if governorate is not None else None,
        "rules": _rules_digest(),
        "reference": _reference_digest(),
        "today": timezone.localdate().isoformat(),
    }


def pack(plan: Plan, *, data: bytes, governorate) -> bytes:
    """The plan of a good file (no rejected row), to keep with the file until it is confirmed."""
    assert plan.report.ok, "only a plan that could be written is kept"
    names = [f.attname for f in _fields()]
    # Read from the instance's dict (no descriptors); only dates and files need converting.
    getter = operator.itemgetter(*names)
    converted = [
        index
        for index, f in enumerate(_fields())
        if f.get_internal_type() in ("DateField", "DateTimeField", "FileField")
    ]

    def values(artisan):
        row = list(getter(vars(artisan)))
        for index in converted:
            value = row[index]
            # Most are None or text already: no times before writing, no photo in a file.
            if value is not None and type(value) is not str:
                row[index] = _stored(value)
        return row

    document = {
        **_token(data=data, governorate=governorate),
        "fields": names,
        # [line, values, other craft ids]; the line is what a possible-duplicate warning shows.
        "creates": [
            [line, values(artisan), crafts]
            for line, (artisan, crafts) in zip(plan.create_lines, plan.creates, strict=True)
        ],
        # [values (the artisan as it would be written, its version the one checked), other
        # craft ids, crafts changed?, fields changed]
        "updates": [
            [values(artisan), crafts, crafts_changed, artisan._changed_fields]
            for artisan, crafts, crafts_changed in plan.updates
        ],
        "unchanged": plan.unchanged,
        "report": {
            "to_create": plan.report.to_create,
            "to_update": plan.report.to_update,
            "unchanged": plan.report.unchanged,
        },
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    # Level 1: a 100,000-row plan shrinks about fivefold in a fraction of a second.
    return zlib.compress(text.encode("utf-8"), 1)


def unpack(blob: bytes, *, data: bytes, governorate) -> Plan | None:
    """The kept plan, if it was made from this file by today's rules against today's reference
    data; None when it must be checked again. Does not look at the registry (``still_current``
    does, under the import lock)."""
    if not blob:
        return None
    try:
        document = json.loads(zlib.decompress(blob))
    except (zlib.error, ValueError):
        return None  # unreadable: checking again is always correct
    token = _token(data=data, governorate=governorate)
    if any(document.get(key) != value for key, value in token.items()):
        return None
    names = [f.attname for f in _fields()]
    if document["fields"] != names:
        return None
    parsers = _parsers()

    def artisan(values, *, adding):
        for index, parse in parsers:
            if values[index] is not None:
                values[index] = parse(values[index])
        # Positional: the model's fast path, in the order of its concrete fields.
        instance = Artisan(*values)
        instance._state.adding = adding
        return instance

    counts = document["report"]
    plan = Plan(
        report=ImportReport(
            to_create=counts["to_create"],
            to_update=counts["to_update"],
            unchanged=counts["unchanged"],
        )
    )
    for line, values, crafts in document["creates"]:
        plan.creates.append((artisan(values, adding=True), crafts))
        plan.create_lines.append(line)
    for values, crafts, crafts_changed, changed in document["updates"]:
        instance = artisan(values, adding=False)
        instance._changed_fields = changed
        plan.updates.append((instance, crafts, crafts_changed))
    plan.unchanged = [tuple(pair) for pair in document["unchanged"]]
    return plan


def still_current(plan: Plan) -> bool:
    """Whether matching the plan's rows to the registry by civil number would still give the
    same creates, updates and unchanged rows: the artisans matched are at the version the
    preview saw, and no civil number to create has been registered since. Call it under the
    import lock, inside the import's transaction."""
    versions = dict(plan.unchanged)
    versions.update((artisan.pk, artisan.version) for artisan, _c, _cc in plan.updates)
    ids = list(versions)
    for start in range(0, len(ids), CHUNK):
        found = dict(
            Artisan.objects.filter(pk__in=ids[start : start + CHUNK])
            .order_by()
            .values_list("pk", "version")
        )
        if any(found.get(pk) != versions[pk] for pk in ids[start : start + CHUNK]):
            return False
    numbers = [artisan.civil_number for artisan, _crafts in plan.creates]
    return not any(found.exists() for found in Artisan.objects.of_civil_numbers(numbers))
