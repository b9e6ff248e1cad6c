"""The access log in the admin: who read whose personal data (craftsreg.access_log).

Read-only, for superusers and holders of ``craftsreg.view_personaldataaccess`` (no role grants
it: a superuser gives it to the data protection officer or an auditor). The log shows every
governorate's activity, so a staff user limited to one governorate never reads it, whatever
their permissions: the app that knows governorates says who is limited (``is_limited``), as
``artisans.admin.access_log`` does when it registers this admin.
"""

import re

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from craftsreg.access_log import subject_filter_value
from craftsreg.admin import ReadOnlyAdmin, admin_link, ltr_number
from craftsreg.models import PersonalDataAccess

# "<app_label>.<model>:<primary key>", as craftsreg.access_log.subject_filter_value writes it.
_SUBJECT = re.compile(r"([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*):([0-9A-Za-z_-]{1,64})")


def _parse_subject(value: str | None):
    """The (content type, object id) a "subject" value names, or None for anything else."""
    match = _SUBJECT.fullmatch(value or "")
    if match is None:
        return None
    app_label, model, object_id = match.groups()
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        return None
    return content_type, object_id


class SubjectFilter(admin.SimpleListFilter):
    """One record's rows ("Who opened this record" links here). Not offered in the sidebar
    (there are too many records to list); shown there only while it is in use."""

    title = _("record")
    parameter_name = "subject"

    def lookups(self, request, model_admin):
        # The admin applies only a filter with something to show: a value given (even a
        # malformed one, which then lists nothing) is always shown.
        if self.value() is None:
            return []
        subject = _parse_subject(self.value())
        if subject is None:
            return [(self.value(), self.value())]
        content_type, object_id = subject
        label = (
            PersonalDataAccess.objects.filter(content_type=content_type, object_id=object_id)
            .values_list("subject_label", flat=True)
            .first()
        )
        return [(self.value(), label or object_id)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        subject = _parse_subject(self.value())
        if subject is None:
            return queryset.none()
        content_type, object_id = subject
        return queryset.filter(content_type=content_type, object_id=object_id)


def subject_log_url(obj) -> str:
    """The access log's list filtered to ``obj``'s rows."""
    changelist = reverse("admin:craftsreg_personaldataaccess_changelist")
    return f"{changelist}?{urlencode({'subject': subject_filter_value(obj)})}"


class AccessLogAdmin(ReadOnlyAdmin):
    view_permission = "craftsreg.view_personaldataaccess"
    list_display = ["at", "user", "action", "subject", "batch_size"]
    list_filter = ["action", "at", SubjectFilter]
    list_select_related = ["user", "content_type"]
    search_fields = ["user__username", "subject_label"]
    search_help_text = _("A staff user's login, or a registration number or application reference.")
    fields = [
        "at",
        "user",
        "action",
        "content_type",
        "object_id",
        "subject_label",
        "batch_size",
        "path",
    ]
    readonly_fields = fields

    def is_limited(self, request) -> bool:
        """Whether ``request.user`` works on part of the registry only (and so may not read a
        log of all of it). The core knows no governorates; the registering app does."""
        return False

    def _may_read(self, request) -> bool:
        if request.user.is_superuser:
            return True
        return super()._may_read(request) and not self.is_limited(request)

    @admin.display(description=_("record"), ordering="subject_label")
    def subject(self, entry):
        # A link to the record's own admin page: its scope and permissions apply there.
        label = ltr_number(entry.subject_label)
        opts = entry.content_type
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model}_change", args=[entry.object_id])
        except NoReverseMatch:
            return label
        return admin_link(url, label)
