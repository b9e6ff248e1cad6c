""" "Waiting for you" on the admin's home page: a registrar's work queue in one place.

Each kind of work waiting for a decision (applications, change and card requests, award entries,
imports to confirm) belongs to an app. This module imports no app: each app names a function in
its AppConfig (``work_queue``, a dotted path, like ``verification_resolver``) that takes the
request and the admin site and returns a :class:`Waiting` for each kind the signed-in user may
act on — with a count of zero when nothing waits, and no item at all for a kind the user may not
act on. The site's home page shows what :func:`waiting_for` collects.

An app counts with its ModelAdmin's own ``get_queryset(request)``, so the count is scoped exactly
like the list the link opens (a registrar limited to a governorate counts that governorate's
items only): :func:`waiting_in` is that count, one query per kind whatever the data's size.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Waiting:
    """One kind of work waiting for the user: how much, since when, and where to do it."""

    label: str
    count: int
    # When the oldest item began to wait (None when nothing waits): a moment, or a day.
    oldest: datetime.datetime | datetime.date | None
    # The admin list filtered to exactly these items (or the one page where they are done).
    url: str

    def oldest_days(self, now: datetime.datetime | None = None) -> int | None:
        """Whole days the oldest item has waited (0 on its first day)."""
        if self.oldest is None:
            return None
        now = now or timezone.now()
        if not isinstance(self.oldest, datetime.datetime):  # a date (a card's issue, say)
            return max((timezone.localdate(now) - self.oldest).days, 0)
        return max((now - self.oldest).days, 0)


def waiting_in(queryset, *, since: str, label: str, url: str) -> Waiting:
    """The items of ``queryset`` (already filtered to those waiting) as one :class:`Waiting`:
    their count and the oldest ``since`` date, in one query."""
    figures = queryset.order_by().aggregate(count=Count("pk"), oldest=Min(since))
    return Waiting(label=str(label), count=figures["count"], oldest=figures["oldest"], url=url)


def changelist_waiting(
    model_admin, request, waiting: Callable, *, query: dict, label, since: str = "submitted_at"
) -> Waiting:
    """What waits in ``model_admin``'s list for the user of ``request``: ``waiting`` narrows the
    admin's own queryset (its scope) to the items waiting — the app's QuerySet method — and
    ``query`` is the list's declared filters that show the same items (the link's query)."""
    opts = model_admin.opts
    site = model_admin.admin_site
    url = reverse(
        f"{site.name}:{opts.app_label}_{opts.model_name}_changelist", current_app=site.name
    )
    return waiting_in(
        waiting(model_admin.get_queryset(request)),
        since=since,
        label=label,
        url=f"{url}?{urlencode(query)}",
    )


@functools.cache
def _providers() -> tuple[Callable, ...]:
    return tuple(
        import_string(config.work_queue)
        for config in apps.get_app_configs()
        if getattr(config, "work_queue", None)
    )


def waiting_for(request, site) -> list[Waiting]:
    """Every kind of work the signed-in user may act on, in ``INSTALLED_APPS`` order. Empty when
    the user may act on none (the home page then shows no queue at all)."""
    items = []
    for provider in _providers():
        items.extend(provider(request, site))
    return items
