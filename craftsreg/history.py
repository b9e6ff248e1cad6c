"""The change history (django-simple-history) as staff read it, in their language.

The library shows stored values: choice codes ("filed → deposited"), ``None``, ``True``, ISO
dates. Here every value reads as the form shows it — a choice's label ("مقدم → مودع"), a date in
the active language's format, yes/no, "—" for nothing — and the page's columns and reason come
from our own template (templates/simple_history/object_history_list.html), translated.
"""

import datetime

from django.db.models import ManyToManyField
from django.utils import formats
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "—"


def readable_value(field, value) -> str:
    """One stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, list):
        return ", ".join(readable_value(field, item) for item in value)
    if getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime | datetime.date):
        return formats.localize(value)
    return str(value)


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        prepared = super().prepare_delta_change_value(change, value)
        if isinstance(field, ManyToManyField):
            return readable_value(None, [str(item) for item in prepared])
        return readable_value(field, prepared)


class ReadableHistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history page shows labels, local dates and "—"."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)
