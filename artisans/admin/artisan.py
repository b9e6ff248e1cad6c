"""The artisans in the admin: the list (search, filters, counts), the record, and who sees what.

Import, export and the duplicates page are mixins (artisans.admin.import_export,
artisans.admin.duplicates), as the craft cards are (cards.admin).
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.paginator import Paginator
from django.db import connections, models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from artisans.admin.duplicates import ArtisanDuplicatesMixin
from artisans.admin.filters import (
    CraftFilter,
    GovernorateFilter,
    RegistrationYearFilter,
    WilayatFilter,
)
from artisans.admin.import_export import ArtisanImportExportMixin
from artisans.forms import CONTACT_FIELDS, CRAFT_FIELDS, IDENTITY_FIELDS, ArtisanAdminForm
from artisans.models import SEARCH_LIMIT, Artisan, Governorate, Wilayat
from artisans.permissions import governorate_scope
from artisans.scoping import GovernorateScopedAdmin
from cards.admin import ArtisanCardsMixin
from craftsreg.access_log import AccessAction, record_access
from craftsreg.access_log_admin import subject_log_url
from craftsreg.admin import HistoryAdmin, ltr_number
from craftsreg.i18n import active_language
from craftsreg.models import PersonalDataAccess
from portal.admin import ArtisanPortalMixin


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
    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Each row's link carries the list's search and filters, so that saving the artisan
        # returns to the same list. Django's add_preserved_filters learns that by resolving every
        # row's URL against the whole URL tree — a third of a searched or filtered page's time
        # at 50 rows. A row's URL is always a change URL, never the changelist, so the outcome
        # is known: url_for_result appends the preserved filters itself, and the rows' tag is
        # handed none to work out (the page's other links still get them from the context).
        self.row_filters, self.preserved_filters = self.preserved_filters, ""

    def url_for_result(self, result):
        url = super().url_for_result(result)
        return f"{url}?{self.row_filters}" if self.row_filters else url

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
class ArtisanAdmin(
    ArtisanImportExportMixin,
    ArtisanDuplicatesMixin,
    ArtisanPortalMixin,
    ArtisanCardsMixin,
    # Governorate scoping through get_queryset, as for the cards, applications and entries: it
    # reaches every admin path (list, change, history and version pages and any other object URL
    # through craftsreg.admin's site, autocomplete, export, import).
    GovernorateScopedAdmin,
    HistoryAdmin,
):
    form = ArtisanAdminForm
    # The record's history and old versions show its values: reads like the record itself.
    history_read_action = AccessAction.VIEWED_HISTORY
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
    # No "Show counts" (Django's facets): counting every choice of every filter reads the whole
    # registry once per craft (each an EXISTS over the other crafts) — at 1 M artisans one
    # such page ran for more than five minutes. The statistics pages give those counts.
    show_facets = admin.ShowFacets.NEVER
    paginator = EstimatedCountPaginator
    list_per_page = 50
    readonly_fields = ["registration_number", "craft_card", "created_at", "updated_at"]
    autocomplete_fields = ["primary_craft", "other_crafts"]
    history_list_display = ["governorate", "wilayat", "status"]
    change_list_template = "admin/artisans/artisan/change_list.html"
    fieldsets = [
        (_("Identity"), {"fields": IDENTITY_FIELDS}),
        (_("Contact and location"), {"fields": CONTACT_FIELDS}),
        (_("Crafts"), {"fields": CRAFT_FIELDS}),
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
        return ltr_number(artisan.registration_number)

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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # Opening the record is a read of personal data (craftsreg.access_log); a 404 or 403
        # raised above records nothing, and a POST is a write (the history records it).
        if request.method == "GET" and response.status_code == 200:
            artisan = response.context_data["original"]
            record_access(request, AccessAction.VIEWED_RECORD, artisan)
            log_admin = self.admin_site.get_model_admin(PersonalDataAccess)
            if log_admin.has_view_permission(request):
                response.context_data["access_log_url"] = subject_log_url(artisan)
        return response

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": self.has_import_permission(request),
            "can_find_duplicates": self.has_change_permission(request),
            "can_export": self.has_export_permission(request),
        }
        return super().changelist_view(request, extra_context)
