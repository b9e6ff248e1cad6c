"""Award entries from the portal in the admin: award staff read them, accept them as
nominations or decline them with a reason.

Scoped like the registry: staff whose staff profile names a governorate see and decide that
governorate's entries only (``get_queryset``); the site's one object lookup (craftsreg.admin)
applies the same scope to every URL below, so another governorate's entry is a 404.
"""

from django.contrib import admin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from artisans.permissions import governorate_scope
from artisans.scoping import GovernorateScopedAdmin
from awards import services
from awards.models import AwardEntry
from awards.models.entry import ENTRANT_FIELDS
from craftsreg.admin import HistoryAdmin, admin_link, admin_page
from craftsreg.admin_decisions import DecisionAdminMixin
from craftsreg.files import serve_private_file


class EditionFilter(admin.SimpleListFilter):
    title = _("edition")
    parameter_name = "edition"

    def lookups(self, request, model_admin):
        from awards.models import Edition

        return [(str(e.number), str(e.number)) for e in Edition.objects.order_by("-number")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit() and len(value) <= 4:
            return queryset.filter(category__edition__number=int(value))
        return queryset


@admin.register(AwardEntry)
class AwardEntryAdmin(GovernorateScopedAdmin, DecisionAdminMixin, HistoryAdmin):
    list_display = ["__str__", "artisan", "category", "governorate", "status", "submitted_at"]
    list_filter = ["status", EditionFilter, "category__code", "governorate"]
    list_select_related = ["artisan", "category__edition", "governorate"]
    search_fields = [
        "title",
        "artisan__name_ar",
        "artisan__name_en",
        "=artisan__registration_number",
    ]
    change_form_template = "admin/awards/awardentry/change_form.html"
    fields = [
        "category",
        "artisan",
        "governorate",
        *ENTRANT_FIELDS,
        "photo_links",
        "status",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
        "decline_reason",
        "nomination_link",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # entries come from the portal only

    def has_delete_permission(self, request, obj=None):
        return False  # kept with their history; declined or withdrawn, never erased

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if governorate_scope(request.user) is not None:
            filters.remove("governorate")
        return filters

    def get_urls(self):
        return [
            admin_page(self, "<path:object_id>/photos/<int:photo_pk>/", self.photo_view, "photo"),
            *super().get_urls(),
        ]

    @admin.display(description=_("photos"))
    def photo_links(self, entry):
        photos = list(entry.photos.all()) if entry and entry.pk else []
        if not photos:
            return "—"
        return format_html_join(
            " · ",
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            (
                (
                    reverse("admin:awards_awardentry_photo", args=[entry.pk, photo.pk]),
                    gettext("Photo %(number)s") % {"number": index},
                )
                for index, photo in enumerate(photos, start=1)
            ),
        )

    @admin.display(description=_("nomination"))
    def nomination_link(self, entry):
        if not entry or not entry.nomination_id:
            return "—"
        url = reverse("admin:awards_nomination_change", args=[entry.nomination_id])
        return admin_link(url, entry.nomination)

    def _entry(self, request, object_id) -> AwardEntry:
        entry = self.get_object(request, object_id)
        if entry is None:
            raise Http404
        return entry

    def may_decide(self, request, entry) -> bool:
        # Accepting creates a nomination: the right to add one is needed too.
        return super().may_decide(request, entry) and request.user.has_perm("awards.add_nomination")

    decline_reason_missing = _("Say why the entry is declined: the artisan reads the reason.")
    declined_message = _("The entry is declined; the artisan is told by e-mail.")

    def accept(self, request, entry):
        nomination = services.entry_accept(entry=entry, by=request.user)
        return (
            gettext("The entry is now nomination %(number)s; the artisan is told by e-mail.")
            % {"number": nomination.pk},
            redirect("admin:awards_nomination_change", nomination.pk),
        )

    def decline(self, entry, user, reason):
        services.entry_decline(entry=entry, by=user, reason=reason)

    def photo_view(self, request, object_id, photo_pk):
        entry = self._entry(request, object_id)
        photo = entry.photos.filter(pk=photo_pk).first() if photo_pk < 2**63 else None
        if photo is None:
            raise Http404
        return serve_private_file(photo.image)
