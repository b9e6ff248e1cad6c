"""Who read whose personal data: the one way a read is recorded, and the one way the record ends.

Writes are recorded by django-simple-history and sign-ins by the security log; reads of personal
data — a staff user opening an artisan's record, a photo, an applicant's ID card copy, printing
a craft card — are recorded here, in ``PersonalDataAccess``. Each app calls ``record_access``
from its own views at the moment it has the object in hand and its permission rule has said
yes (a 404 or a 403 records nothing). Exports are not recorded here: the job table
(``jobs.Job``: owner, kind, parameters, row count) is already the record of who exported what.

When the row is written: synchronously, in the request, after the response is built and before
it is returned. A read that cannot be recorded is not served: if the INSERT fails, the error
reaches the user as the error page and the file or record does not leave the server (the
Personal Data Protection Law makes the record a condition of the processing, not a courtesy).
Writing after the response was sent (a ``request_finished`` hook, a Celery task) would serve
reads the log never sees whenever the database or the broker hiccups. Catching the
``DatabaseError`` instead would do the same, and inside an ``atomic()`` block leave the
transaction broken for the rest of the view. The read points run outside any transaction (the
admin's change view returns from its ``atomic()`` before the row is written), so the row is
committed on its own.

This module imports no app: the subject is any model instance; its label is its
``access_label`` (a registry reference, never a name or a civil number: the log must not become
a second copy of the data it guards), or its primary key.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from craftsreg.models import AccessAction, PersonalDataAccess

__all__ = ["AccessAction", "purge_access_log", "record_access", "subject_filter_value"]

_PATH_MAX = PersonalDataAccess._meta.get_field("path").max_length
_LABEL_MAX = PersonalDataAccess._meta.get_field("subject_label").max_length


def _label(obj) -> str:
    return str(getattr(obj, "access_label", "") or obj.pk)[:_LABEL_MAX]


def record_access(
    request, action: AccessAction, obj_or_objs: models.Model | Iterable[models.Model]
) -> int:
    """Record that ``request.user`` did ``action`` to one object or to each of several (one
    row per subject, so that "who saw this artisan" is one lookup); one INSERT on PostgreSQL
    (SQLite splits a large batch by its limit on query parameters).

    Returns the number of rows written. Raises whatever the database raises: see the module's
    docstring for why a read that cannot be recorded must not be served.
    """
    subjects = [obj_or_objs] if isinstance(obj_or_objs, models.Model) else list(obj_or_objs)
    if not subjects:
        return 0
    # Only the path: the query string may hold a search term (a civil number, a name).
    path = request.path[:_PATH_MAX]
    rows = [
        PersonalDataAccess(
            user=request.user,
            action=action,
            content_type=ContentType.objects.get_for_model(subject),
            object_id=str(subject.pk),
            subject_label=_label(subject),
            batch_size=len(subjects),
            path=path,
        )
        for subject in subjects
    ]
    PersonalDataAccess.objects.bulk_create(rows)
    return len(rows)


def subject_filter_value(obj) -> str:
    """The value of the access log's "subject" filter that lists ``obj``'s rows:
    ``<app_label>.<model>:<pk>`` (craftsreg.access_log_admin.SubjectFilter reads it)."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def purge_access_log(*, dry_run: bool = False) -> int:
    """Delete the rows older than ``CRAFTSREG_ACCESS_LOG_DAYS``; how many went (or would go)."""
    older = PersonalDataAccess.objects.older_than(settings.CRAFTSREG_ACCESS_LOG_DAYS)
    if dry_run:
        return older.count()
    # Nothing refers to these rows and no signal listens: Django deletes them in one DELETE.
    deleted, _ = older.delete()
    return deleted
