"""Checking one row of an import file: one small parser per column, each turning a cell's text
into model field values against the reference data, or saying what is wrong with it.

Parsers run in the order of ``PARSERS``: the wilayat is resolved within the governorate found
before it, and other crafts leave out the primary craft.
"""

import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.expressions import DatabaseDefault
from django.utils.translation import gettext as _

from artisans.importing.reading import cell_text
from artisans.models import Artisan, Craft, Governorate, Wilayat
from artisans.tabular import COLUMNS, header_key
from craftsreg.dates import parse_date
from craftsreg.digits import normalize_number
from craftsreg.phones import INVALID_MESSAGE as PHONE_INVALID_MESSAGE
from craftsreg.phones import InvalidPhone, normalize_phone
from craftsreg.tabular import FORMULA_PREFIXES
from craftsreg.text import normalize_text

_CRAFT_SEPARATORS = re.compile(r"[;؛]")
# The first characters that make a cell a formula, or an escaped one ("'=…").
_FORMULA_SIGNS = frozenset("'=@+-")

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
# Fields full_clean() leaves to others: keys and stamps are set on writing, the foreign keys
# were resolved from the reference data already (validating them would cost three queries per
# row), and a file has no photo column (checking the empty photo would hang a FieldFile on every
# artisan of the plan).
_NOT_VALIDATED = [
    "id",
    "photo",
    "registration_number",
    "governorate",
    "wilayat",
    "primary_craft",
    "created_at",
    "updated_at",
]


class Reference:
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


class CellError(Exception):
    """What is wrong with one cell (a list: several other crafts may be unknown)."""

    def __init__(self, *messages: str):
        super().__init__(*messages)
        self.messages = messages


@dataclass
class Row:
    """One row as the parsers resolve it."""

    reference: Reference
    scope: Governorate | None  # the importer's governorate, or None for the whole registry
    data: dict = field(default_factory=dict)  # model field values
    governorate: Governorate | None = None
    primary_craft: Craft | None = None
    craft_ids: list[int] | None = None  # other crafts; None when the file has no such column


# A parser receives the cell's text, or None when the file has no such column (or the cell was
# refused as a formula), and fills ``row`` or raises CellError.
Parser = Callable[[str | None, Row], None]


def _date(text: str) -> datetime.date:
    date = _known_date(text)
    if date is None:
        raise CellError(
            _("“%(value)s” is not a date; write YYYY-MM-DD or DD/MM/YYYY.") % {"value": text}
        )
    return date


# Dates repeat across a file (two per row, a few thousand distinct days): each text is read
# once. The date itself, not the message (it is in the language of the request), is kept.
@functools.lru_cache(maxsize=65_536)
def _known_date(text: str) -> datetime.date | None:
    try:
        return parse_date(text)
    except ValueError:
        return None


def parse_civil_number(text, row):
    row.data["civil_number"] = normalize_number(text or "")
    if not row.data["civil_number"]:
        raise CellError(_("The civil number is required."))


def _name(field_name: str) -> Parser:
    def parse(text, row):
        if text is not None:
            row.data[field_name] = normalize_text(text)

    return parse


def parse_gender(text, row):
    if text is None:
        return
    gender = GENDERS.get(header_key(text))
    row.data["gender"] = gender or ""
    if gender is None:
        raise CellError(_("Write the gender as male or female (ذكر or أنثى)."))


def parse_status(text, row):
    if not text:
        return  # an empty cell keeps the registry's status (new artisans are active)
    status = STATUSES.get(header_key(text))
    if status is None:
        raise CellError(_("Write the status as active or inactive (نشط or غير نشط)."))
    row.data["status"] = status


def parse_birth_date(text, row):
    if text:
        row.data["date_of_birth"] = _date(text)
    elif text is not None:
        row.data["date_of_birth"] = None  # an empty cell clears it


def parse_registered_on(text, row):
    if text:
        row.data["registered_on"] = _date(text)


def parse_phone(text, row):
    if text is None:
        return
    try:
        row.data["phone"] = normalize_phone(text)
    except InvalidPhone:
        raise CellError(str(PHONE_INVALID_MESSAGE)) from None


def parse_governorate(text, row):
    if not text:
        raise CellError(_("The governorate is required."))
    governorate = row.reference.governorates.get(header_key(text))
    if governorate is None:
        raise CellError(_("Unknown governorate “%(value)s”.") % {"value": text})
    if row.scope is not None and governorate.pk != row.scope.pk:
        raise CellError(
            _("You can only import artisans of the governorate %(governorate)s.")
            % {"governorate": row.scope.name}
        )
    row.governorate = governorate


def parse_wilayat(text, row):
    if not text:
        raise CellError(_("The wilayat is required."))
    governorate = row.governorate
    if governorate is None:
        return  # the governorate's own error says why; the wilayat cannot be checked without it
    row.data["governorate"] = governorate
    wilayat = row.reference.wilayats.get((governorate.pk, header_key(text)))
    if wilayat is not None:
        row.data["wilayat"] = wilayat
        return
    other = row.reference.wilayat_governorates.get(header_key(text))
    if other is not None:
        raise CellError(
            _("The wilayat %(wilayat)s is in the governorate %(other)s, not in %(governorate)s.")
            % {"wilayat": text, "other": other.name, "governorate": governorate.name}
        )
    raise CellError(_("Unknown wilayat “%(value)s”.") % {"value": text})


def parse_primary_craft(text, row):
    if not text:
        raise CellError(_("The primary craft is required."))
    craft = row.reference.crafts.get(header_key(text))
    if craft is None:
        raise CellError(_("Unknown craft “%(value)s”.") % {"value": text})
    row.data["primary_craft"] = row.primary_craft = craft


def parse_other_crafts(text, row):
    if text is None:
        return  # no such column: an update keeps the artisan's other crafts
    row.craft_ids = []
    unknown = []
    for name in _CRAFT_SEPARATORS.split(text):
        if not name.strip():
            continue
        craft = row.reference.crafts.get(header_key(name))
        if craft is None:
            unknown.append(_("Unknown craft “%(value)s”.") % {"value": name.strip()})
        elif craft != row.primary_craft and craft.pk not in row.craft_ids:
            row.craft_ids.append(craft.pk)
    if unknown:
        raise CellError(*unknown)


PARSERS: list[tuple[str, Parser]] = [
    ("civil_number", parse_civil_number),
    ("name_ar", _name("name_ar")),
    ("name_en", _name("name_en")),
    ("gender", parse_gender),
    ("status", parse_status),
    ("birth_date", parse_birth_date),
    ("registered_on", parse_registered_on),
    ("phone", parse_phone),
    ("governorate", parse_governorate),
    ("wilayat", parse_wilayat),
    ("primary_craft", parse_primary_craft),
    ("other_crafts", parse_other_crafts),
]


class RowChecker:
    def __init__(self, positions: dict[str, int], reference: Reference, governorate):
        self.positions = positions
        self.reference = reference
        self.governorate = governorate  # the importer's governorate scope, or None

    def cells(self, raw: list) -> tuple[dict[str, str], list[tuple[str, str]]]:
        """The row's text by column, and the cells refused as spreadsheet formulas."""
        values, errors = {}, []
        width = len(raw)
        for column, index in self.positions.items():
            if index < width:
                cell = raw[index]
                text = (cell if type(cell) is str else cell_text(cell)).strip()
            else:
                text = ""
            if not text or text[0] not in _FORMULA_SIGNS:
                values[column] = text  # most cells: nothing below applies
                continue
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
        row = Row(reference=self.reference, scope=self.governorate)
        for column, parse in PARSERS:
            try:
                parse(values.get(column), row)
            except CellError as error:
                errors.extend((column, message) for message in error.messages)
        return row.data, row.craft_ids, errors


def model_errors(artisan: Artisan) -> list[tuple[str, str]]:
    """The model's own rules (validators, choices, lengths, clean()) as (column, message)."""
    try:
        # Uniqueness is checked in bulk by the plan (and again by the database).
        artisan.full_clean(
            exclude=_NOT_VALIDATED, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        return _by_column(error)
    return []


def _by_column(error: ValidationError) -> list[tuple[str, str]]:
    return [
        (_FIELD_COLUMNS.get(name, name if name in COLUMNS else ""), message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


class ModelCheck:
    """``model_errors`` for every row of one import: the same errors in about 60 % of the time
    (100,000 rows: 5.9 s → 3.5 s CPU on the loaded machine).

    ``full_clean()`` per row was the largest part of an import's check: besides the checks
    themselves it rebuilds its list of fields per row and clean() reads the clock in the time
    zone (~10 µs, a second per 100,000 rows). This runs the same field checks in the same way
    (each field's own ``clean()``, in ``clean_fields()``'s order and with its skips), but:

    - the fields to check are listed once, not filtered from the model's fields per row;
    - a field whose values repeat across a file (dates, choices, numbers: ``_REMEMBERED``)
      is checked once per distinct value: a field's ``clean()`` depends on its value alone;
    - clean()'s rules run with the day read once per import (``Artisan.rule_errors``).

    Rows with an error of any field are checked again by ``model_errors`` itself, so their
    messages are full_clean()'s, word for word (rows with errors are few).
    """

    _REMEMBERED = (models.DateField, models.IntegerField)

    def __init__(self, today: datetime.date):
        self.today = today
        self.fields = [
            model_field
            for model_field in Artisan._meta.fields
            if model_field.name not in _NOT_VALIDATED and not model_field.generated
        ]
        # attname: the longest text allowed, for the plain text fields (no choices, no other
        # validator, text kept as it is): a non-empty text no longer than that is valid as it
        # is, which is all their clean() would find out, at a fraction of its cost.
        self.plain = {
            model_field.attname: model_field.max_length
            for model_field in self.fields
            if type(model_field) is models.CharField
            and not model_field.choices
            and [type(v) for v in model_field.validators] == [MaxLengthValidator]
            and model_field.validators[0].limit_value == model_field.max_length
        }
        # attname: {(type, value): cleaned value} of the values found valid so far.
        self.valid = {
            model_field.attname: {}
            for model_field in self.fields
            if model_field.choices or isinstance(model_field, self._REMEMBERED)
        }

    def errors(self, artisan: Artisan) -> list[tuple[str, str]]:
        cleaned = []
        plain = self.plain
        for model_field in self.fields:
            raw = getattr(artisan, model_field.attname)
            limit = plain.get(model_field.attname)
            if limit is not None and type(raw) is str and 0 < len(raw) <= limit:
                cleaned.append((model_field.attname, raw))
                continue
            # clean_fields()'s skips: blank fields left empty, database defaults.
            if (model_field.blank and raw in model_field.empty_values) or isinstance(
                raw, DatabaseDefault
            ):
                continue
            valid = self.valid.get(model_field.attname)
            key = (type(raw), raw)  # 1 and True, or a date and a datetime, are not one value
            if valid is not None and key in valid:
                cleaned.append((model_field.attname, valid[key]))
                continue
            try:
                value = model_field.clean(raw, artisan)
            except ValidationError:
                return model_errors(artisan)  # full_clean()'s own messages for this row
            if valid is not None:
                valid[key] = value
            cleaned.append((model_field.attname, value))
        # As clean_fields() does before clean() runs: the model's rules see the cleaned values.
        for attname, value in cleaned:
            setattr(artisan, attname, value)
        errors = artisan.rule_errors(self.today)
        return _by_column(ValidationError(errors)) if errors else []
