"""The import's COPY writer (artisans/importing/writers.py) fills django-simple-history's tables
column by column. These tests pin the layout it relies on, so that an upgrade of the library that
changes it fails here rather than in an import (pyproject.toml caps the version at the tested
minor release)."""

from django.apps import apps

from artisans.importing import writers
from artisans.models import Artisan, Craft

HISTORY_COLUMNS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
}


def _attnames(model) -> set[str]:
    return {field.attname for field in model._meta.concrete_fields}


def test_an_artisan_history_row_is_the_artisan_columns_and_five_history_columns():
    history = Artisan.history.model

    assert history._meta.db_table == "artisans_historicalartisan"
    assert history._meta.pk.attname == "history_id"
    assert _attnames(history) - _attnames(Artisan) == HISTORY_COLUMNS
    # Every other column is the artisan's own, under the same name: the writer reads it off the
    # Artisan object by that name.
    for field in history._meta.concrete_fields:
        if field.attname not in HISTORY_COLUMNS:
            assert field.column == Artisan._meta.get_field(field.name).column
    assert history._meta.get_field("history_user").related_model is not None
    assert [value for value, _label in history._meta.get_field("history_type").choices] == [
        "+",
        "~",
        "-",
    ]
    reason = history._meta.get_field("history_change_reason")
    assert reason.max_length == writers._REASON_LENGTH


def test_the_other_crafts_history_row_points_at_its_history_entry():
    history = Artisan.history.model
    links = apps.get_model("artisans", "HistoricalArtisan_other_crafts")

    assert links._meta.db_table == "artisans_historicalartisan_other_crafts"
    assert links._meta.pk.attname == "m2m_history_id"
    assert _attnames(links) == {"m2m_history_id", "history_id", "artisan_id", "id", "craft_id"}
    assert links._meta.get_field("history").related_model is history
    assert links._meta.get_field("artisan").related_model is Artisan
    assert links._meta.get_field("craft").related_model is Craft
    # "id" is the live link's id, copied: the history says which link rows a version had.
    assert not links._meta.get_field("id").primary_key
