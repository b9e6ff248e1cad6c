from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from craftsreg.admin import ReadOnlyAdmin
from jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Every user's jobs, for superusers (each user sees their own under "My jobs").

    Read-only: a job's record is what the worker wrote; files are downloaded by their owner only.
    """

    list_display = [
        "id",
        "kind_label",
        "owner",
        "status",
        "created_at",
        "started_at",
        "finished_at",
        "progress_done",
        "progress_total",
        "expires_at",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["owner"]
    search_fields = ["owner__username", "message"]
    date_hierarchy = "created_at"
    exclude = ["file"]
    readonly_fields = [
        "kind",
        "owner",
        "language",
        "params",
        "status",
        "created_at",
        "started_at",
        "finished_at",
        "heartbeat_at",
        "attempts",
        "progress_done",
        "progress_total",
        "progress_label",
        "message",
        "result",
        "file_name",
        "expires_at",
    ]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, job):
        return job.kind_label
