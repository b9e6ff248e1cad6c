"""Bilingual content helpers.

Content that staff type in both languages lives in explicit columns (``name_ar``/``name_en``).
These helpers pick the active language's column, falling back to Arabic (the registry's language
of record) when the English text is empty.
"""

from django.db import models
from django.urls import translate_url
from django.utils.translation import get_language


def isolate_ltr(text: str) -> str:
    """``text`` wrapped in a left-to-right isolate (U+2066 … U+2069).

    After Arabic letters the Unicode bidi algorithm treats digits as Arabic numbers, and a
    hyphen between them no longer joins them: "الدفعة 2018-02" shows as "02-2018". Inside an
    isolate a number like a batch or design number reads as typed, in plain text too (page
    titles, breadcrumbs, select options), where no <bdi> element can be used.
    """
    return f"\u2066{text}\u2069" if text else text


def active_language() -> str:
    return "en" if (get_language() or "ar").startswith("en") else "ar"


def localized_field(field: str) -> str:
    """Column name of ``field`` in the active language, e.g. ``name_en``."""
    return f"{field}_{active_language()}"


def localized_value(obj, field: str) -> str:
    if active_language() == "en":
        value = getattr(obj, f"{field}_en", "")
        if value:
            return value
    return getattr(obj, f"{field}_ar")


class BilingualQuerySet(models.QuerySet):
    def order_by_name(self):
        """Order by the name in the active language (so lists read alphabetically)."""
        return self.order_by(localized_field("name"), "pk")


class Bilingual:
    """A model attribute that reads ``<field>_ar`` / ``<field>_en`` in the active language
    (Arabic when the English one is empty): ``title = Bilingual("title")``."""

    def __init__(self, field: str):
        self.field = field

    def __set_name__(self, owner, name):
        self.__doc__ = f"The {self.field} in the active language."

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return localized_value(obj, self.field)


class BilingualNameMixin:
    """Gives models with name_ar/name_en a ``name`` in the active language."""

    name = Bilingual("name")

    def __str__(self) -> str:
        return self.name


def url_in_language(full_path: str, language: str) -> str:
    """The same page (path and query string) in another language.

    Django's translate_url handles every resolvable URL and keeps the query string; for paths it
    cannot resolve (a 404 page) the language prefix is swapped by hand.
    """
    translated = translate_url(full_path, language)
    if translated != full_path:
        return translated
    for code in ("ar", "en"):
        prefix = f"/{code}/"
        if full_path.startswith(prefix):
            return f"/{language}/" + full_path[len(prefix) :]
    return f"/{language}/"
