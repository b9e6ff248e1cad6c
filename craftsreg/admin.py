"""The admin site: one object lookup for every view any ModelAdmin registers.

Apps narrow what a staff user may see in ``ModelAdmin.get_queryset`` (a registrar limited to one
governorate sees that governorate's artisans; import records are for superusers). Django's own
change, delete and history views look objects up through it, but views that libraries mix in do
not: django-simple-history's version page fetched the historical row directly and showed a Muscat
artisan's civil number to the Dhofar registrar, and django-otp's device pages fetch devices by
primary key. So the site, not each view, does the lookup: every URL of every registered
ModelAdmin that names an object (``object_id``, ``pk`` or ``id`` in the route, or the first
positional part as in simple-history's regex) first looks the object up in that ModelAdmin's
``get_queryset`` and checks view-or-change permission on it, answering 404 (not found or out of
scope — existence does not leak) or 403 before the view runs. A view a library adds later goes
through the same door; ``craftsreg/tests/test_admin_every_url.py`` walks every registered URL
for every staff role to keep it that way.

This module imports no app; ``craftsreg.apps.CraftsregAdminConfig`` makes it the default site.
"""

import functools
from functools import wraps

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404
from django.urls import URLPattern, URLResolver, path
from django.utils.html import format_html
from django.utils.translation import gettext

from craftsreg.access_log import record_access
from craftsreg.history import ReadableHistoryAdmin
from craftsreg.queue import waiting_for

# Route parameters that carry the object's primary key (Django, django-otp, UserAdmin).
_OBJECT_KWARGS = ("object_id", "pk", "id")
# Views that may show an object that no longer exists: its history, kept after deletion.
_DELETED_OBJECT_VIEWS = ("_history", "_simple_history")
# Changelist lookups the admin's own filters never produce, whose values reach the database as
# patterns it must compile (an invalid one is a database error, i.e. a 500).
_REFUSED_LOOKUPS = ("__regex", "__iregex")


def _refuse_unusable_query(request) -> None:
    """A 400 page, in the user's language, for query strings no admin screen produces.

    The changelist and its exports turn any field name in the query string into a filter;
    PostgreSQL refuses a NUL character in a string literal, which surfaced as a 500 (the
    penetration test's M2). No filter, search or export needs one.
    """
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            raise BadRequest("NUL character in the query string.")
        if key.endswith(_REFUSED_LOOKUPS):
            raise BadRequest("Pattern lookups are not accepted.")


def _object_id(args, kwargs):
    for name in _OBJECT_KWARGS:
        if name in kwargs:
            return kwargs[name]
    # Regex routes pass their groups positionally; the admin's convention puts the object first.
    return args[0] if args else None


def _lookup(model_admin, request, object_id, url_name: str = ""):
    """The object if ``request.user`` may see it through ``model_admin``; 404/403 otherwise."""
    model = model_admin.model
    try:
        pk = model._meta.pk.to_python(unquote(str(object_id)))
    except (ValidationError, ValueError, TypeError):
        raise Http404 from None
    if pk is None or (isinstance(pk, str) and "\x00" in pk):
        raise Http404
    try:
        obj = model_admin.get_queryset(request).filter(pk=pk).first()
    except (ValueError, OverflowError):
        raise Http404 from None
    if obj is None:
        deleted = not model._default_manager.filter(pk=pk).exists()
        if deleted and request.user.is_superuser and url_name.endswith(_DELETED_OBJECT_VIEWS):
            # simple-history shows a deleted object's versions; only a superuser (who sees every
            # object of every scope) may read them.
            return None
        raise Http404
    if not model_admin.has_view_or_change_permission(request, obj):
        raise PermissionDenied
    return obj


class _OnlyDeclaredFilters:
    """A changelist that filters by its declared list filters, search and ordering only.

    Django also turns any other field lookup in the query string into a filter
    (``?registered_on__year=-1``, ``?civil_number__startswith=9``), whose odd values fail in the
    database with a 500; no admin screen produces one, so a query string holding one is a bad
    request (Django's DisallowedModelAdminLookup, answered with the 400 page).
    """

    def get_filters(self, request):
        filters = super().get_filters(request)
        remaining_lookups = filters[2]
        if remaining_lookups:
            raise DisallowedModelAdminLookup(f"Filtering by {sorted(remaining_lookups)}")
        return filters


@functools.cache
def _only_declared_filters(changelist_class):
    return type(changelist_class.__name__, (_OnlyDeclaredFilters, changelist_class), {})


class CraftsregAdminSite(admin.AdminSite):
    def index(self, request, extra_context=None):
        # "Waiting for you" (craftsreg.queue): what each app says waits for this user.
        context = {"waiting": waiting_for(request, self), **(extra_context or {})}
        if context["waiting"]:
            context["nothing_waiting"] = not any(item.count for item in context["waiting"])
        return super().index(request, extra_context=context)

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, admin_class, **options)
        for model_admin in self._registry.values():
            if not hasattr(model_admin, "_declared_changelist"):
                model_admin._declared_changelist = model_admin.get_changelist
                model_admin.get_changelist = functools.partial(
                    self._get_changelist, model_admin._declared_changelist
                )

    @staticmethod
    def _get_changelist(declared, request, **kwargs):
        return _only_declared_filters(declared(request, **kwargs))

    def get_urls(self):
        urls = super().get_urls()
        admins = {
            f"{model._meta.app_label}/{model._meta.model_name}/": model_admin
            for model, model_admin in self._registry.items()
        }
        for entry in urls:
            if isinstance(entry, URLResolver) and str(entry.pattern) in admins:
                self._guard_model_urls(admins[str(entry.pattern)], entry.url_patterns)
            elif isinstance(entry, URLPattern) and entry.name == "view_on_site":
                entry.callback = self._guard_view_on_site(entry.callback)
            elif isinstance(entry, URLPattern):
                # The index, autocomplete, sign-in pages: their query strings too.
                entry.callback = self._guard_query(entry.callback)
        return urls

    @staticmethod
    def _guard_query(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            _refuse_unusable_query(request)
            return view(request, *args, **kwargs)

        return guarded

    def _guard_model_urls(self, model_admin, patterns) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                self._guard_model_urls(model_admin, pattern.url_patterns)
            else:
                pattern.callback = self._guard(model_admin, pattern.callback, pattern.name or "")

    def _guard(self, model_admin, view, url_name: str):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            # Anonymous and non-staff users go on to the view's sign-in redirect untouched: a
            # 404 here would tell them whether the object exists.
            if self.has_permission(request):
                _refuse_unusable_query(request)
                object_id = _object_id(args, kwargs)
                if object_id is not None:
                    _lookup(model_admin, request, object_id, url_name)
            return view(request, *args, **kwargs)

        return guarded

    def _guard_view_on_site(self, view):
        """ "View on site" redirects to an object's public address: only for objects the user may
        see in this admin (the redirect would otherwise reveal a hidden design's number)."""

        @wraps(view)
        def guarded(request, content_type_id, object_id):
            if self.has_permission(request):
                try:
                    content_type = ContentType.objects.get_for_id(int(content_type_id))
                except (ValueError, OverflowError, ContentType.DoesNotExist):
                    raise Http404 from None
                model_admin = self._registry.get(content_type.model_class())
                if model_admin is None:
                    raise Http404
                _lookup(model_admin, request, object_id)
            return view(request, content_type_id, object_id)

        return guarded


class HistoryAdmin(ReadableHistoryAdmin):
    """simple-history's admin, versions shown readably, restoring closed to all but superusers.

    simple-history saves a posted version form itself: outside a transaction (so a model whose
    save locks a row fails with a 500), without the optimistic lock of the normal change form and
    after checking only view-or-change permission. Here a superuser's restore goes through the
    normal change view (same scope, permission, form checks, lock, transaction and history
    record); everyone else sees versions read-only.
    """

    # An admin of personal data (the artisans') names the action its history pages record in
    # the access log: the list of changes and each old version show the record's values.
    history_read_action = None

    def revert_disabled(self, request, obj=None):
        return not request.user.is_superuser or super().revert_disabled(request, obj)

    def render_history_view(self, request, template, context, **kwargs):
        response = super().render_history_view(request, template, context, **kwargs)
        if self.history_read_action and request.method == "GET" and response.status_code == 200:
            # "original" on a version's page, "object" on the list of changes.
            subject = context.get("original") or context.get("object")
            record_access(request, self.history_read_action, subject)
        return response

    def action_checkbox(self, obj):
        """Django's action checkbox, written directly: rendering a CheckboxInput through the
        widget templates once per row cost about 30 ms per page of 50 rows on the 1 M
        benchmark's loaded machine (docs/performance.md). Same name, value, class and label."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            if not request.user.is_superuser:
                raise PermissionDenied
            # The version page carries no inline forms: restore the object's own fields only.
            request._craftsreg_restoring_version = True
            return self.changeform_view(request, object_id, extra_context=extra_context)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_inline_instances(self, request, obj=None):
        if getattr(request, "_craftsreg_restoring_version", False):
            return []
        return super().get_inline_instances(request, obj)


def ltr_number(value) -> str:
    """A number or reference in an admin column as an isolated left-to-right run: "2017-003074"
    never reads "003074-2017" in Arabic."""
    return format_html('<bdi dir="ltr" class="number">{}</bdi>', value)


def admin_link(url: str, text, *, new_tab: bool = False) -> str:
    """A link in an admin column or read-only field; a private file's view opens in a new tab."""
    if new_tab:
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, text)
    return format_html('<a href="{}">{}</a>', url, text)


def admin_page(model_admin, route: str, view, name: str) -> URLPattern:
    """The URL of a page ``model_admin`` adds beside Django's own, behind the admin site's login
    and permission wrapper and named like Django's: ``admin:<app>_<model>_<name>``."""
    opts = model_admin.opts
    return path(
        route,
        model_admin.admin_site.admin_view(view),
        name=f"{opts.app_label}_{opts.model_name}_{name}",
    )


class WritePermissionsMixin:
    """For a ModelAdmin or an inline: adding, changing and deleting are one decision,
    ``may_write(request)``; no writes at all unless a subclass says otherwise."""

    def may_write(self, request) -> bool:
        return False

    def has_add_permission(self, request, obj=None):
        return self.may_write(request)

    def has_change_permission(self, request, obj=None):
        return self.may_write(request)

    def has_delete_permission(self, request, obj=None):
        return self.may_write(request)


class ReadOnlyAdmin(WritePermissionsMixin, admin.ModelAdmin):
    """A record the application writes (jobs, imports, cards): read in the admin, never added,
    changed or deleted there. Readable by those with ``view_permission`` (superusers only when
    it is None)."""

    view_permission: str | None = None

    def _may_read(self, request) -> bool:
        if self.view_permission is None:
            return request.user.is_superuser
        return request.user.has_perm(self.view_permission)

    def has_module_permission(self, request):
        return self._may_read(request)

    def has_view_permission(self, request, obj=None):
        return self._may_read(request)


class SuperuserOnlyChangesAdmin(WritePermissionsMixin, admin.ModelAdmin):
    """Reference data: every staff user may look it up, only superusers change it."""

    def may_write(self, request) -> bool:
        return request.user.is_superuser
