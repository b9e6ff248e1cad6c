from collections import Counter

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections, models, router
from django.db.models import Exists, OuterRef, ProtectedError
from django.db.models.deletion import Collector
from django.http import Http404, HttpRequest, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from artisans import exports, importing, services
from artisans.forms import (
    ArtisanAdminForm,
    DuplicatePairForm,
    DuplicatesFilterForm,
    ImportConfirmForm,
    ImportUploadForm,
)
from artisans.models import (
    SEARCH_LIMIT,
    Artisan,
    Craft,
    CraftGroup,
    Governorate,
    ImportBatch,
    StaffProfile,
    Wilayat,
)
from artisans.permissions import governorate_scope
from artisans.tabular import COLUMN_LABELS, COLUMNS, REQUIRED_COLUMNS
from artisans.tasks import EXPORT_FORMATS
from cards.admin import ArtisanCardsMixin
from craftsreg import admin as core_admin
from craftsreg import xlsxstream
from craftsreg.admin import HistoryAdmin
from craftsreg.i18n import active_language
from jobs.files import save_upload, take_upload
from jobs.services import JobNotQueued, job_submit
from jobs.views import job_follow_url
from portal.admin import ArtisanPortalMixin


class SuperuserOnlyChangesAdmin(core_admin.SuperuserOnlyChangesAdmin):
    """Reference data: every staff user may look it up, only superusers change it.

    Reference rows in use are protected by the database (PROTECT); instead of Django's page
    listing every one of the thousands of artisans that hold a craft, the superuser is told in
    one sentence what uses it.
    """

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk deletion would bypass the one-sentence explanation below.
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and request.user.is_superuser:
            usage = _protected_usage(obj)
            if usage:
                messages.error(
                    request,
                    gettext("%(object)s cannot be deleted while it is in use (%(usage)s).")
                    % {"object": obj, "usage": usage},
                )
                return redirect(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_change", obj.pk
                )
        return super().delete_view(request, object_id, extra_context)


def _protected_usage(obj) -> str:
    """ "6,590 artisans, 3 wilayats" — what keeps ``obj`` from being deleted, or ""."""
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except ProtectedError as error:
        counts = Counter(type(o) for o in error.protected_objects)
        return ", ".join(
            f"{model._meta.verbose_name_plural}: {intcomma(n)}" for model, n in counts.items()
        )
    return ""


class WilayatInline(admin.TabularInline):
    model = Wilayat
    extra = 0
    fields = ["name_ar", "name_en", "is_seat"]


@admin.register(Governorate)
class GovernorateAdmin(SuperuserOnlyChangesAdmin):
    list_display = ["code", "name_ar", "name_en"]
    search_fields = ["code", "name_ar", "name_en"]
    inlines = [WilayatInline]


@admin.register(Wilayat)
class WilayatAdmin(SuperuserOnlyChangesAdmin):
    list_display = ["name_ar", "name_en", "governorate", "is_seat"]
    list_filter = ["governorate"]
    list_select_related = ["governorate"]
    search_fields = ["name_ar", "name_en"]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Autocomplete for an artisan's wilayat offers a governorate-limited user only the
        # wilayats they may register artisans in.
        scope = governorate_scope(request.user)
        if scope is not None and request.path == reverse("admin:autocomplete"):
            queryset = queryset.filter(governorate=scope)
        return queryset, may_have_duplicates


@admin.register(CraftGroup)
class CraftGroupAdmin(SuperuserOnlyChangesAdmin):
    list_display = ["code", "name_ar", "name_en"]
    search_fields = ["code", "name_ar", "name_en"]


@admin.register(Craft)
class CraftAdmin(SuperuserOnlyChangesAdmin):
    list_display = ["code", "name_ar", "name_en", "group"]
    list_filter = ["group"]
    list_select_related = ["group"]
    search_fields = ["code", "name_ar", "name_en"]


# --- changelist filters ----------------------------------------------------------------------
# Filter values arrive as raw query-string text; each filter accepts only digits (or a known
# choice), so odd input (letters, NUL bytes) lists nothing rather than failing.


def _as_id(value) -> int | None:
    # Longer than any 64-bit key: no such row (and no overflow in the database driver).
    if value and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


class GovernorateFilter(admin.SimpleListFilter):
    title = _("governorate")
    parameter_name = "governorate"

    def lookups(self, request, model_admin):
        scope = governorate_scope(request.user)
        if scope is not None:
            return [(str(scope.pk), scope.name)]
        return [(str(g.pk), g.name) for g in Governorate.objects.order_by_name()]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(governorate_id=_as_id(self.value()))


class WilayatFilter(admin.SimpleListFilter):
    title = _("wilayat")
    parameter_name = "wilayat"

    def lookups(self, request, model_admin):
        wilayats = Wilayat.objects.order_by_name()
        scope = governorate_scope(request.user)
        governorate = _as_id(request.GET.get(GovernorateFilter.parameter_name))
        if scope is not None:
            wilayats = wilayats.filter(governorate=scope)
        elif governorate is not None:
            wilayats = wilayats.filter(governorate_id=governorate)
        return [(str(w.pk), w.name) for w in wilayats]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(wilayat_id=_as_id(self.value()))


class CraftFilter(admin.SimpleListFilter):
    """Artisans who practise a craft, as their primary craft or one of their others."""

    title = _("craft")
    parameter_name = "craft"

    def lookups(self, request, model_admin):
        return [(str(c.pk), c.name) for c in Craft.objects.order_by_name()]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        craft_id = _as_id(self.value())
        # EXISTS, not a join: an artisan matching twice must still be listed once.
        other = Artisan.other_crafts.through.objects.filter(
            artisan_id=OuterRef("pk"), craft_id=craft_id
        )
        return queryset.filter(primary_craft_id=craft_id) | queryset.filter(Exists(other))


class RegistrationYearFilter(admin.SimpleListFilter):
    title = _("registration year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).registration_years()
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        year = _as_id(self.value())
        if year is None or not 1900 <= year <= 9999:
            return queryset.none()
        return queryset.filter(registered_on__year=year)


# --- artisans --------------------------------------------------------------------------------


def _is_autocomplete(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


class EstimatedCountPaginator(Paginator):
    """Counts a large unfiltered list from PostgreSQL's statistics instead of reading it.

    The first page of the whole registry needs no exact total: "about 1,000,000 artisans" is
    what a registrar reads, and counting a million rows on every visit costs more than the rest
    of the page. Any filter or search (and a governorate-limited user's scope) counts exactly.
    """

    estimated = False

    @cached_property
    def count(self):
        queryset = self.object_list
        if (
            isinstance(queryset, models.QuerySet)
            and not queryset.query.where
            and connections[queryset.db].vendor == "postgresql"
        ):
            table = connections[queryset.db].ops.quote_name(queryset.model._meta.db_table)
            with connections[queryset.db].cursor() as cursor:
                # One query either way: the planner's estimate when it is large, else the
                # exact count (so a small registry shows an exact number).
                cursor.execute(
                    "SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint "
                    f"ELSE (SELECT count(*) FROM {table}) END, reltuples >= %s "
                    "FROM pg_class WHERE oid = %s::regclass",
                    [ESTIMATE_COUNT_ABOVE, ESTIMATE_COUNT_ABOVE, queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row is not None:
                self.estimated = bool(row[1])
                return row[0]
        return super().count


# Below this many rows an exact count is cheap enough.
ESTIMATE_COUNT_ABOVE = 100_000


class ArtisanChangeList(ChangeList):
    def get_ordering(self, request, queryset):
        ordering = super().get_ordering(request, queryset)
        # A search lists the best matches first unless the user sorted by a column.
        if (
            self.query
            and ORDER_VAR not in self.params
            and "search_rank" in queryset.query.annotations
        ):
            return ["-search_rank", *ordering]
        return ordering

    def get_results(self, request):
        super().get_results(request)
        # A name search ranks its best SEARCH_LIMIT (+1) matches; the page says when more match.
        self.search_limit = SEARCH_LIMIT
        self.search_capped = bool(self.query) and self.result_count > SEARCH_LIMIT


class ArtisanAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete; an artisan's label adds the wilayat and the primary craft."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Artisan):
            result["text"] = obj.label_for_lookup()
        return result


# Every autocomplete of the site goes through the one view; only artisans' labels differ.
admin.site.autocomplete_view = lambda request: ArtisanAutocompleteJsonView.as_view(
    admin_site=admin.site
)(request)


@admin.register(Artisan)
class ArtisanAdmin(ArtisanPortalMixin, ArtisanCardsMixin, HistoryAdmin):
    form = ArtisanAdminForm
    list_filter = [
        GovernorateFilter,
        WilayatFilter,
        CraftFilter,
        "gender",
        "status",
        RegistrationYearFilter,
    ]
    list_select_related = ["governorate", "wilayat", "primary_craft"]
    search_fields = ["=civil_number", "=registration_number", "name_ar", "name_en"]
    search_help_text = _("Name in Arabic or English, civil number or registration number.")
    # The changelist shows "N results" for the filtered list only; counting the whole
    # registry again on every page view is wasted work on a large table.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_per_page = 50
    readonly_fields = ["registration_number", "craft_card", "created_at", "updated_at"]
    autocomplete_fields = ["primary_craft", "other_crafts"]
    history_list_display = ["governorate", "wilayat", "status"]
    change_list_template = "admin/artisans/artisan/change_list.html"
    fieldsets = [
        (
            _("Identity"),
            {
                "fields": [
                    "civil_number",
                    "name_ar",
                    "name_en",
                    "gender",
                    "date_of_birth",
                    "photo",
                ]
            },
        ),
        (
            _("Contact and location"),
            {"fields": ["phone", "governorate", "wilayat", "workshop_address"]},
        ),
        (_("Crafts"), {"fields": ["primary_craft", "other_crafts"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_number",
                    "registered_on",
                    "status",
                    "craft_card",
                    "created_at",
                    "updated_at",
                    "seen_version",
                ]
            },
        ),
    ]

    class Media:
        js = ["js/artisan_admin.js"]

    # Columns: the name in the active language, sortable by that language's column.
    @admin.display(description=_("name"), ordering="name_ar")
    def name_in_arabic(self, artisan):
        return artisan.name_ar

    @admin.display(description=_("name"), ordering="name_en")
    def name_in_english(self, artisan):
        return artisan.name_en or artisan.name_ar

    @admin.display(description=_("registration number"), ordering="registration_number")
    def number(self, artisan):
        # An isolated left-to-right run: "2017-003074" never reads "003074-2017" in Arabic.
        return format_html('<bdi dir="ltr" class="number">{}</bdi>', artisan.registration_number)

    def get_list_display(self, request):
        name = "name_in_english" if active_language() == "en" else "name_in_arabic"
        columns = [
            "number",
            name,
            "governorate",
            "wilayat",
            "primary_craft",
            "gender",
            "registered_on",
            "status",
        ]
        if governorate_scope(request.user) is not None:
            # A registrar of one governorate: every row would show the same governorate.
            columns.remove("governorate")
        return columns

    def get_list_filter(self, request):
        if governorate_scope(request.user) is not None:
            return [f for f in self.list_filter if f is not GovernorateFilter]
        return self.list_filter

    def get_sortable_by(self, request):
        return ["number", "name_in_english", "name_in_arabic", "registered_on"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if governorate_scope(request.user) is not None:
            # Set for them (ArtisanAdminForm), shown as text rather than a one-option select.
            readonly.append("governorate")
        return readonly

    # Governorate scoping: written once here, used by every admin path (list, change, history
    # and version pages and any other object URL through craftsreg.admin's site, autocomplete,
    # export, import).
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = governorate_scope(request.user)
        if scope is not None:
            queryset = queryset.filter(governorate=scope)
        return queryset

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Django admin would redirect with "does not exist"; a 404 tells a registrar of
            # another governorate nothing about whether the artisan exists.
            raise Http404
        return obj

    def get_search_results(self, request, queryset, search_term):
        # One people search for the changelist, the autocompletes (designs) and the raw-id
        # pop-up (awards): ArtisanQuerySet.search. Civil numbers only for the users whose
        # search fields include them (a look-up-only user never finds anyone by civil number).
        if not search_term.strip():
            return queryset, False
        by_civil_number = "=civil_number" in self.get_search_fields(request)
        # An export holds every match, not just the best ones a page lists.
        limit = None if getattr(request, "artisans_export", False) else SEARCH_LIMIT
        found = queryset.search(search_term, by_civil_number=by_civil_number, limit=limit)
        if _is_autocomplete(request):
            # The autocomplete labels name the wilayat and the craft (namesakes told apart).
            found = found.select_related("wilayat", "primary_craft")
        return found, False

    def get_changelist(self, request, **kwargs):
        return ArtisanChangeList

    # Look-up only (design officers naming a design's creator or holder): the autocomplete, by
    # name or registration number — no list, no record, no personal data, no civil numbers.
    @staticmethod
    def _lookup_only(request) -> bool:
        user = request.user
        return not user.has_perm("artisans.view_artisan") and user.has_perm(
            "artisans.lookup_artisan"
        )

    def has_view_permission(self, request, obj=None):
        if super().has_view_permission(request, obj):
            return True
        return obj is None and _is_autocomplete(request) and self._lookup_only(request)

    def get_search_fields(self, request):
        if self._lookup_only(request):
            return ["=registration_number", "name_ar", "name_en"]
        return super().get_search_fields(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = governorate_scope(request.user)
        if db_field.name == "governorate":
            queryset = Governorate.objects.order_by_name()
            kwargs["queryset"] = queryset.filter(pk=scope.pk) if scope else queryset
        elif db_field.name == "wilayat":
            queryset = Wilayat.objects.order_by_name()
            kwargs["queryset"] = queryset.filter(governorate=scope) if scope else queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.governorate_scope = governorate_scope(request.user)
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        scope = governorate_scope(request.user)
        if scope is not None:
            initial.setdefault("governorate", scope.pk)
        return initial

    def has_delete_permission(self, request, obj=None):
        # Only superusers delete artisans (and the deletion stays in the history).
        return request.user.is_superuser

    def revert_disabled(self, request, obj=None):
        # Restoring an old version would skip the checks of a normal save; staff re-enter
        # the values instead.
        return True

    # --- import and export ---------------------------------------------------------------

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/", wrap(self.import_view), name=f"{prefix}_import"),
            path("duplicates/", wrap(self.duplicates_view), name=f"{prefix}_duplicates"),
            path(
                "import/<int:batch_id>/",
                wrap(self.import_preview_view),
                name=f"{prefix}_import_preview",
            ),
            path(
                "import/template.<str:extension>",
                wrap(self.import_template_view),
                name=f"{prefix}_import_template",
            ),
            path("export/<str:extension>/", wrap(self.export_view), name=f"{prefix}_export"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": self.has_import_permission(request),
            "can_find_duplicates": self.has_change_permission(request),
            "can_export": self.has_export_permission(request),
        }
        return super().changelist_view(request, extra_context)

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

    def duplicates_view(self, request):
        """Possible duplicates among the registered artisans, most alike first, for cleaning.

        GET lists the pairs of one governorate (a limited registrar's own); POST records a
        decision on one pair: "not a duplicate" (remembered), or one record retired into the
        other (artisans.services.artisan_retire_duplicate; docs/roles.md).
        """
        if not self.has_change_permission(request):
            raise PermissionDenied
        artisans = self.get_queryset(request)
        if request.method == "POST":
            form = DuplicatePairForm(request.POST, artisans=artisans)
            if not form.is_valid():
                messages.error(
                    request, gettext("That pair can no longer be decided; the list is updated.")
                )
            else:
                first, second = form.cleaned_data["first"], form.cleaned_data["second"]
                decision = form.cleaned_data["decision"]
                try:
                    if decision == DuplicatePairForm.Decision.NOT_DUPLICATE:
                        services.not_duplicate_record(first=first, second=second, by=request.user)
                        done = gettext("%(first)s and %(second)s are recorded as different people.")
                    else:
                        if decision == DuplicatePairForm.Decision.RETIRE_FIRST:
                            first, second = second, first
                        services.artisan_retire_duplicate(
                            duplicate=second, kept=first, by=request.user
                        )
                        done = gettext("%(second)s was retired into %(first)s.")
                    messages.success(
                        request,
                        done
                        % {
                            "first": first.registration_number,
                            "second": second.registration_number,
                        },
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(request.get_full_path())
        scope = governorate_scope(request.user)
        filters = DuplicatesFilterForm(request.GET or None)
        governorate = scope
        if scope is None and filters.is_valid():
            governorate = filters.cleaned_data["governorate"]
        pairs = []
        if governorate is not None:
            pairs = artisans.in_governorate(governorate).possible_duplicate_pairs()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "has_view_permission": self.has_view_permission(request),
            "title": gettext("Possible duplicates"),
            "filters": filters,
            "governorate": governorate,
            "governorate_scope": scope,
            "pairs": pairs,
            "decisions": DuplicatePairForm.Decision,
        }
        return TemplateResponse(request, "admin/artisans/artisan/duplicates.html", context)

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
class ImportBatchAdmin(admin.ModelAdmin):
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
    ]
    list_filter = ["status"]
    list_select_related = ["uploaded_by", "governorate"]
    exclude = ["content", "report"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- staff users: the governorate a user works on ----------------------------------------------


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    verbose_name_plural = _("profile")
    fields = ["display_name_ar", "display_name_en", "governorate"]


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, StaffProfileInline]
    # Award committees pick members by autocomplete: by login, name or display name.
    search_fields = [
        *UserAdmin.search_fields,
        "staff_profile__display_name_ar",
        "staff_profile__display_name_en",
    ]
