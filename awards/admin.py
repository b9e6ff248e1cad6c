"""Admin for award staff: editions, categories and criteria, nominations, committees.

Scores, conflicts and decisions are made in the browser screens and are read-only here; stage
moves go through the chair's dashboard (one service with guards), never through the admin.
"""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from awards import services
from awards.models import (
    Category,
    CategoryResult,
    Committee,
    CommitteeMembership,
    ConflictOfInterest,
    Criterion,
    Edition,
    Nomination,
    NominationPhoto,
    NominationStatus,
    Score,
    ScoreSheet,
    SheetReopening,
    ShortlistDecision,
    SiteVisit,
    SiteVisitPhoto,
    Stage,
    StageTransition,
)
from craftsreg.admin import HistoryAdmin
from craftsreg.files import PrivateFileInput
from craftsreg.images import validate_and_reencode


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ["code", "name_ar", "name_en", "places", "position"]
    show_change_link = True


class StageTransitionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = StageTransition
    extra = 0
    fields = ["from_stage", "to_stage", "by", "at"]
    readonly_fields = fields


@admin.register(Edition)
class EditionAdmin(HistoryAdmin):
    list_display = ["number", "year", "title_ar", "title_en", "stage", "announced_at"]
    list_filter = ["stage"]
    readonly_fields = ["stage", "results_approved_at", "announced_at"]
    inlines = [CategoryInline, StageTransitionInline]
    fieldsets = [
        (None, {"fields": ["number", "year", "title_ar", "title_en", "stage"]}),
        (_("Nominations"), {"fields": ["nominations_open", "nominations_close"]}),
        (
            _("Results"),
            {
                "fields": [
                    "aggregation",
                    "show_normalised",
                    "spread_flag",
                    "shortlist_pass_mark",
                    "results_approved_at",
                    "announced_at",
                ]
            },
        ),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # A new edition starts with the source's categories and criteria.
            services.edition_setup_defaults(edition=form.instance)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["stage", "position", "name_ar", "name_en", "max_score", "weight"]

    def get_readonly_fields(self, request, obj=None):
        # Criteria of a category whose initial stage has opened are fixed (see Criterion.clean).
        if obj is not None and obj.edition.stage_reached(Stage.INITIAL):
            return self.fields
        return []

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.edition.stage_reached(Stage.INITIAL):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "edition", "places"]
    list_filter = ["edition"]
    inlines = [CriterionInline]


class NominationPhotoForm(forms.ModelForm):
    class Meta:
        model = NominationPhoto
        fields = ["image", "caption_ar", "caption_en"]
        widgets = {"image": PrivateFileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The photo's own view (awards.permissions decides), never its MEDIA_ROOT path.
            self.fields["image"].widget.file_url = reverse(
                "awards:nomination_photo", args=[self.instance.pk]
            )

    def clean_image(self):
        image = self.cleaned_data["image"]
        # A new upload is checked by content and re-encoded (craftsreg.images); a kept photo is not.
        if image and not getattr(image, "_committed", True):
            return validate_and_reencode(image)
        return image


class NominationPhotoInline(admin.TabularInline):
    model = NominationPhoto
    form = NominationPhotoForm
    extra = 1
    fields = ["image", "caption_ar", "caption_en"]


class NominationAdminForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = [
            "category",
            "artisan",
            "title_ar",
            "title_en",
            "description_ar",
            "description_en",
            "submitted_on",
        ]

    def clean_category(self):
        category = self.cleaned_data["category"]
        if self.instance.pk is None and category.edition.stage != Stage.NOMINATIONS:
            raise forms.ValidationError(
                _("Nominations are registered while the edition is in the nominations stage.")
            )
        if (
            self.instance.pk is not None
            and category.pk != self.instance.category_id
            and category.edition.stage_reached(Stage.INITIAL)
        ):
            raise forms.ValidationError(
                _("The category cannot change once the initial evaluation has opened.")
            )
        return category


@admin.register(Nomination)
class NominationAdmin(HistoryAdmin):
    form = NominationAdminForm
    list_display = ["title_ar", "artisan", "category", "governorate", "status", "rank"]
    list_filter = ["category__edition", "category__code", "status", "governorate"]
    search_fields = ["title_ar", "title_en", "artisan__name_ar", "artisan__name_en"]
    raw_id_fields = ["artisan"]
    readonly_fields = ["governorate", "status", "rank"]
    inlines = [NominationPhotoInline]
    actions = ["withdraw"]
    list_select_related = ["artisan", "category__edition", "governorate"]

    @admin.action(description=_("Withdraw the selected nominations"))
    def withdraw(self, request, queryset):
        done = 0
        for nomination in queryset.select_related("category__edition"):
            if nomination.category.edition.stage_reached(Stage.FINAL):
                continue
            nomination.status = NominationStatus.WITHDRAWN
            nomination.save(update_fields=["status"])
            done += 1
        self.message_user(
            request,
            _("%(count)s nomination(s) withdrawn (none once the final judging has opened).")
            % {"count": done},
            messages.SUCCESS,
        )


class MembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 1
    raw_id_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "edition", "kind", "governorate"]
    list_filter = ["edition", "kind"]
    inlines = [MembershipInline]


class ScoreInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Score
    fields = ["criterion", "value"]
    readonly_fields = fields


class ReopeningInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SheetReopening
    fields = ["by", "at", "reason"]
    readonly_fields = fields


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["nomination", "judge", "stage", "status", "submitted_at"]
    list_filter = ["nomination__category__edition", "stage", "status"]
    list_select_related = ["nomination__artisan", "judge"]
    inlines = [ScoreInline, ReopeningInline]


@admin.register(ConflictOfInterest)
class ConflictAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["nomination", "judge", "declared_at"]
    list_filter = ["nomination__category__edition"]


@admin.register(ShortlistDecision)
class ShortlistDecisionAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["nomination", "recommended", "initial_total", "decided_by", "decided_at"]


@admin.register(CategoryResult)
class CategoryResultAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["category", "approved_by", "approved_at", "overridden"]


class VisitPhotoInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SiteVisitPhoto
    fields = ["photo"]
    readonly_fields = fields

    @admin.display(description=_("photo"))
    def photo(self, obj):
        # The photo's own view (awards.permissions decides), never its MEDIA_ROOT path.
        if not obj or not obj.pk:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("awards:visit_photo", args=[obj.pk]),
            _("View the photo"),
        )


@admin.register(SiteVisit)
class SiteVisitAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["nomination", "stage", "visited_on", "recorded_by"]
    list_filter = ["nomination__category__edition", "stage"]
    inlines = [VisitPhotoInline]
