"""Importing and exporting artisans in the admin, and the record of imports."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from artisans import exports, importing
from artisans.forms import ImportConfirmForm, ImportUploadForm
from artisans.models import Artisan, ImportBatch
from artisans.permissions import governorate_scope
from artisans.tabular import COLUMN_LABELS, COLUMNS, REQUIRED_COLUMNS
from artisans.tasks import EXPORT_FORMATS
from craftsreg import xlsxstream
from craftsreg.admin import ReadOnlyAdmin, admin_page
from jobs.files import save_upload, take_upload
from jobs.services import JobNotQueued, job_submit
from jobs.views import job_follow_url


class ArtisanImportExportMixin:
    """ArtisanAdmin's import (upload, preview, confirm) and export pages: each starts a
    background job (artisans.tasks) and takes the user to its progress page."""

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def get_urls(self):
        return [
            admin_page(self, "import/", self.import_view, "import"),
            admin_page(self, "import/<int:batch_id>/", self.import_preview_view, "import_preview"),
            admin_page(
                self,
                "import/template.<str:extension>",
                self.import_template_view,
                "import_template",
            ),
            admin_page(self, "export/<str:extension>/", self.export_view, "export"),
            *super().get_urls(),
        ]

    def export_view(self, request, extension):
        """GET: what will be exported (the list's current filters and search). POST: the
        export starts as a background job and the user is taken to its progress page."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        if extension not in EXPORT_FORMATS:
            raise Http404
        try:
            # The changelist's own filtering and search: an export holds exactly what the
            # list showed (and never more than the user's governorate).
            request.artisans_export = True
            changelist = self.get_changelist_instance(request)
        except (IncorrectLookupParameters, DisallowedModelAdminLookup):
            messages.error(request, gettext("The export filters were not valid."))
            return redirect("admin:artisans_artisan_changelist")
        query = request.GET.urlencode()
        if request.method == "POST":
            count = changelist.result_count
            summary = ngettext(
                "%(count)s artisan as %(format)s", "%(count)s artisans as %(format)s", count
            ) % {"count": intcomma(count), "format": extension.upper()}
            if query:
                summary += " · " + gettext("filtered list")
            try:
                job = job_submit(
                    kind="artisans.export",
                    owner=request.user,
                    params={"format": extension, "query": query, "summary": summary},
                )
            except JobNotQueued as refused:
                messages.error(request, refused.job.message)
                return redirect(request.get_full_path())
            return redirect("jobs:detail", pk=job.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Export artisans"),
            "extension": extension,
            "format_label": extension.upper(),
            "count": changelist.result_count,
            "filtered": bool(query),
            "query": query,
            "sheet_rows": xlsxstream.MAX_SHEET_ROWS - 1,
            "sheets": -(-changelist.result_count // (xlsxstream.MAX_SHEET_ROWS - 1)),
        }
        return TemplateResponse(request, "admin/artisans/artisan/export.html", context)

    def import_template_view(self, request, extension):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if extension not in ("csv", "xlsx"):
            raise Http404
        return exports.template_response(extension)

    def _import_context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "has_view_permission": self.has_view_permission(request),
            "governorate_scope": governorate_scope(request.user),
            "max_megabytes": round(settings.CRAFTSREG_IMPORT_MAX_BYTES / 1024 / 1024, 1),
            "columns": [
                (column, COLUMN_LABELS[column], column in REQUIRED_COLUMNS) for column in COLUMNS
            ],
            **extra,
        }

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            # The file is checked by a background job; its page follows the check and then
            # takes the user to the preview.
            upload = form.cleaned_data["file"]
            scope = governorate_scope(request.user)
            params = {
                "upload": save_upload(upload.read()),
                "file_name": upload.name[:255],
                "governorate": scope.pk if scope else None,
                "summary": upload.name[:255],
            }
            try:
                job = job_submit(kind="artisans.import_check", owner=request.user, params=params)
            except JobNotQueued as refused:
                take_upload(params["upload"])  # nothing will read it
                messages.error(request, refused.job.message)
            else:
                return HttpResponseRedirect(job_follow_url(job))
        context = self._import_context(request, title=gettext("Import artisans"), form=form)
        return TemplateResponse(request, "admin/artisans/artisan/import.html", context)

    def import_preview_view(self, request, batch_id):
        if not self.has_import_permission(request):
            raise PermissionDenied
        # Only the person who uploaded a file sees or confirms it.
        batch = ImportBatch.objects.filter(pk=batch_id, uploaded_by=request.user).first()
        if batch is None:
            raise Http404
        report = importing.ImportReport.from_dict(batch.report)
        confirm = ImportConfirmForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and confirm.is_valid():
            # Written by a background job (all rows in one transaction, or none); its page
            # shows the rows written and comes back here when the import has ended.
            try:
                job = job_submit(
                    kind="artisans.import_write",
                    owner=request.user,
                    params={
                        "batch": batch.pk,
                        "summary": batch.file_name,
                        "duplicates_confirmed": confirm.cleaned_data["confirm_different_people"],
                    },
                )
            except JobNotQueued as refused:
                messages.error(request, refused.job.message)
                return HttpResponseRedirect(request.path)
            return HttpResponseRedirect(job_follow_url(job))
        context = self._import_context(
            request,
            title=gettext("Import artisans: %(file)s") % {"file": batch.file_name},
            batch=batch,
            report=report,
            form=ImportUploadForm(),
            confirm_form=ImportConfirmForm(),
        )
        return TemplateResponse(request, "admin/artisans/artisan/import_preview.html", context)


def export_queryset_for(user, query: str):
    """The artisans the admin list shows ``user`` with the filters and search in ``query``,
    or None when the user may not export or the filters are not valid (a background export
    rebuilds the list the user saw, with the admin's own rules)."""
    model_admin = admin.site._registry[Artisan]
    request = HttpRequest()
    request.method = "GET"
    request.user = user
    request.GET = QueryDict(query)
    request.META["QUERY_STRING"] = query
    request.path = request.path_info = reverse("admin:artisans_artisan_changelist")
    request.artisans_export = True  # every match of a search, not only the best ones
    if not model_admin.has_export_permission(request):
        return None
    try:
        return model_admin.get_changelist_instance(request).queryset
    except IncorrectLookupParameters:
        return None


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    """The record of imports, for superusers (registrars see their own from the import page)."""

    list_display = [
        "file_name",
        "uploaded_by",
        "governorate",
        "status",
        "created_at",
        "created_count",
        "updated_count",
        "unchanged_count",
        "rejected_count",
        "content_deleted_at",
    ]
    list_filter = ["status"]
    list_select_related = ["uploaded_by", "governorate"]
    exclude = ["content", "report"]
