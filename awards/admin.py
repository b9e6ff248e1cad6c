"""Admin for award staff: editions, categories and criteria, nominations, committees.

Scores, conflicts and decisions are made in the browser screens and are read-only here; stage
moves go through the chair's dashboard (one service with guards), never through the admin.
Once a category's results are approved, what made them is read-only here too; a superuser
corrects it with "Correct the approved result" (awards.services.result_correct), which records
the reason and publishes it on the transparency report.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from artisans.permissions import governorate_scope
from artisans.scoping import GovernorateScopedAdmin
from awards import certificates, permissions, services
from awards.models import (
    Category,
    CategoryResult,
    Committee,
    CommitteeKind,
    CommitteeMembership,
    CommitteeRecommendation,
    CommitteeSignOff,
    ConflictOfInterest,
    Criterion,
    Edition,
    Nomination,
    NominationPhoto,
    NominationStatus,
    ResultAssent,
    ResultCorrection,
    Score,
    ScoreSheet,
    SheetReopening,
    ShortlistDecision,
    SiteVisit,
    SiteVisitPhoto,
    Stage,
    StageTransition,
)
from craftsreg.admin import HistoryAdmin, WritePermissionsMixin, admin_link, admin_page
from craftsreg.files import PrivateFileInput
from craftsreg.images import validate_and_reencode
from craftsreg.views import call_service
from jobs.views import start_job


class NationalAdmin:
    """On a ModelAdmin (before the admin class): a record of the whole award (an edition, its
    categories and their criteria). Staff limited to a governorate read it and change nothing:
    its dates, quotas and criteria are every governorate's, as the nominations of another
    governorate are not theirs to change either. The change page shows them read-only, with
    its inlines."""

    def has_add_permission(self, request):
        return governorate_scope(request.user) is None and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return governorate_scope(request.user) is None and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return governorate_scope(request.user) is None and super().has_delete_permission(
            request, obj
        )


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ["code", "name_ar", "name_en", "places", "position"]
    show_change_link = True


class StageTransitionInline(WritePermissionsMixin, admin.TabularInline):
    model = StageTransition
    extra = 0
    fields = ["from_stage", "to_stage", "by", "at", "backwards", "reason"]
    readonly_fields = fields


@admin.register(Edition)
class EditionAdmin(NationalAdmin, HistoryAdmin):
    list_display = ["number", "year", "title_ar", "title_en", "stage", "announced_at"]
    list_filter = ["stage"]
    inlines = [CategoryInline, StageTransitionInline]
    fieldsets = [
        (None, {"fields": ["number", "year", "title_ar", "title_en", "stage"]}),
        (_("Nominations"), {"fields": ["nominations_open", "nominations_close"]}),
        (
            _("Judging"),
            {
                "fields": [
                    "initial_deadline",
                    "final_deadline",
                    "initial_minimum_sheets",
                    "minimum_sheets",
                    "finalist_quota",
                    "assent_quorum",
                ]
            },
        ),
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
        (
            _("Certificates"),
            {
                "fields": [
                    "signatory_ar",
                    "signatory_en",
                    "signatory_title_ar",
                    "signatory_title_en",
                    "certificate_batch",
                ]
            },
        ),
    ]

    actions = ["print_certificates"]

    def get_readonly_fields(self, request, obj=None):
        fields = ["stage", "results_approved_at", "announced_at", "certificate_batch"]
        if obj is not None and obj.has_approved_results:
            # The approved order was computed with these (Edition.clean refuses them too).
            fields += ["aggregation", "show_normalised", "spread_flag", "minimum_sheets"]
            fields += ["initial_minimum_sheets"]
        return fields

    # --- every certificate of an edition in one printable file (a background job) ----------

    @admin.display(description=_("print all certificates"))
    def certificate_batch(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        return admin_link(
            reverse("admin:awards_edition_certificates", args=[obj.pk]),
            _("Print the certificates of the winners and finalists as one file"),
        )

    @admin.action(description=_("Print the certificates of the selected edition as one file"))
    def print_certificates(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one edition."), messages.ERROR)
            return None
        return redirect("admin:awards_edition_certificates", queryset.get().pk)

    def get_urls(self):
        return [
            admin_page(self, "<int:pk>/certificates/", self.certificates_view, "certificates"),
            *super().get_urls(),
        ]

    def certificates_view(self, request, pk):
        """GET: how many certificates the file will hold. POST: a job prints them."""
        edition = permissions.get_edition_for_certificates(request.user, pk)
        if request.method == "POST":
            return start_job(
                request,
                kind="awards.certificates",
                params=certificates.job_params(request, edition),
                back=request.path,
            )
        count = Nomination.objects.certified(edition).count()
        notes = []
        if not edition.is_announced:
            notes.append(
                _(
                    "The results are not announced yet: keep the printed certificates "
                    "confidential. Their QR codes confirm them from the announcement on."
                )
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": edition,
            "title": _("Certificates of edition %(number)s") % {"number": edition.number},
            "count": count,
            "summary": ngettext(
                "The file will hold %(count)s certificate: every winner and finalist of the "
                "categories whose winners are decided.",
                "The file will hold %(count)s certificates: every winner and finalist of the "
                "categories whose winners are decided.",
                count,
            )
            % {"count": count}
            if count
            else _("No certificates yet: they exist once a category's winners are decided."),
            "notes": notes,
            "submit_label": _("Print all certificates"),
        }
        return TemplateResponse(request, "admin/print_batch.html", context)

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
class CategoryAdmin(NationalAdmin, admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "edition", "places"]
    list_filter = ["edition"]
    list_select_related = ["edition"]
    search_fields = ["name_ar", "name_en", "code"]
    inlines = [CriterionInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_approved:
            return ["edition", "code", "places"]
        return []


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
            "craft",
            "title_ar",
            "title_en",
            "description_ar",
            "description_en",
            "workforce",
            "trainees",
            "omani_materials_percent",
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


class NominationScopedAdmin(GovernorateScopedAdmin):
    """What belongs to one nomination (sheets, visits, decisions): scoped by its governorate."""

    governorate_field = "nomination__governorate"


@admin.register(Nomination)
class NominationAdmin(GovernorateScopedAdmin, HistoryAdmin):
    """Award staff limited to a governorate register and see that governorate's nominations, as
    they review its entries from the portal (the nomination's governorate is its artisan's)."""

    form = NominationAdminForm
    scoped_choices = {"artisan": "governorate"}
    list_display = ["title_ar", "artisan", "category", "governorate", "status", "rank"]
    list_filter = ["category__edition", "category__code", "status", "governorate"]
    search_fields = [
        "title_ar",
        "title_en",
        "artisan__name_ar",
        "artisan__name_en",
        "=artisan__registration_number",
    ]
    autocomplete_fields = ["artisan", "craft", "category"]
    inlines = [NominationPhotoInline]
    actions = ["withdraw"]
    list_select_related = ["artisan", "category__edition", "governorate"]
    fieldsets = [
        (None, {"fields": ["category", "artisan", "craft", "governorate", "status", "rank"]}),
        (None, {"fields": ["title_ar", "title_en", "description_ar", "description_en"]}),
        (
            _("Project facts (project category only)"),
            {"fields": ["workforce", "trainees", "omani_materials_percent"]},
        ),
        (None, {"fields": ["submitted_on"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = ["governorate", "status", "rank"]
        if obj is not None and obj.category.is_approved:
            # What made the approved result (Nomination.LOCKED_FIELDS) is frozen.
            fields += ["category", "artisan", "craft", "title_ar", "title_en"]
        return fields

    def get_urls(self):
        return [
            admin_page(self, "<path:object_id>/correct/", self.correct_view, "correct"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        nomination = self.get_object(request, object_id)
        if nomination is not None and nomination.category.is_approved:
            extra_context["approved_result"] = True
            if request.user.is_superuser:
                extra_context["correct_url"] = reverse(
                    "admin:awards_nomination_correct", args=[nomination.pk]
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def correct_view(self, request, object_id):
        """A superuser's audited correction of an approved result."""
        if not request.user.is_superuser:
            raise PermissionDenied
        nomination = get_object_or_404(
            Nomination.objects.select_related("category__edition", "artisan", "craft"),
            pk=object_id if str(object_id).isdigit() else 0,
        )
        form = CorrectionForm(
            request.POST or None, nomination=nomination, admin_site=self.admin_site
        )
        if (
            request.method == "POST"
            and form.is_valid()
            and call_service(
                request,
                services.result_correct,
                form=form,
                nomination=nomination,
                by=request.user,
                reason=form.cleaned_data["reason"],
                **{f: form.cleaned_data[f] for f in CorrectionForm.CORRECTABLE},
            )[0]
        ):
            self.message_user(
                request,
                _("The correction is recorded and shown on the transparency report."),
                messages.SUCCESS,
            )
            return redirect("admin:awards_nomination_change", nomination.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": nomination,
            "form": form,
            "media": self.media + form.media,
            "title": _("Correct the approved result"),
        }
        return TemplateResponse(request, "admin/awards/nomination/correct.html", context)

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


class CorrectionForm(forms.Form):
    CORRECTABLE = ("artisan", "craft", "title_ar", "title_en")

    reason = forms.CharField(
        label=_("Reason for the correction (published on the transparency report)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, nomination, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.CORRECTABLE:
            model_field = Nomination._meta.get_field(name)
            if name in ("artisan", "craft"):
                field = model_field.formfield(widget=AutocompleteSelect(model_field, admin_site))
            else:
                field = model_field.formfield()
            field.initial = getattr(
                nomination, f"{name}_id" if name in ("artisan", "craft") else name
            )
            self.fields[name] = field
        self.order_fields([*self.CORRECTABLE, "reason"])


class MembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(GovernorateScopedAdmin, admin.ModelAdmin):
    """Staff limited to a governorate see, create and staff their governorate's initial
    committee only. The jury and the main committee judge the finalists and approve the
    winners of the whole award: a regional member of staff could otherwise make themselves a
    juror, or the award's chair."""

    scoped_choices = {"governorate": "pk"}
    list_display = ["__str__", "edition", "kind", "governorate"]
    list_filter = ["edition", "kind"]
    list_select_related = ["edition", "governorate"]
    inlines = [MembershipInline]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        committee = self.get_object(request, object_id)
        if committee is not None:
            from awards.reports import membership_changes

            extra_context = {
                **(extra_context or {}),
                "membership_changes": membership_changes(committee),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind" and governorate_scope(request.user) is not None:
            kwargs["choices"] = [(CommitteeKind.INITIAL.value, CommitteeKind.INITIAL.label)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(CommitteeRecommendation)
class CommitteeRecommendationAdmin(NominationScopedAdmin, WritePermissionsMixin, HistoryAdmin):
    # In the order of the decision (the model's order starts with InitialDecision's fields).
    fields = [
        "committee",
        "nomination",
        "qualify",
        "initial_total",
        "reason",
        "recorded_by",
        "recorded_at",
    ]
    list_display = ["nomination", "committee", "qualify", "initial_total", "recorded_at"]
    list_filter = ["committee__edition", "qualify"]
    list_select_related = ["nomination__artisan", "committee__edition", "committee__governorate"]


@admin.register(CommitteeSignOff)
class CommitteeSignOffAdmin(GovernorateScopedAdmin, WritePermissionsMixin, HistoryAdmin):
    governorate_field = "committee__governorate"
    list_display = ["committee", "met_on", "signed_at"]
    list_filter = ["committee__edition"]
    list_select_related = ["committee__edition", "committee__governorate"]


@admin.register(ResultAssent)
class ResultAssentAdmin(WritePermissionsMixin, HistoryAdmin):
    list_display = ["edition", "member", "at"]


@admin.register(ResultCorrection)
class ResultCorrectionAdmin(NominationScopedAdmin, WritePermissionsMixin, admin.ModelAdmin):
    list_display = ["category", "nomination", "by", "at", "reason"]
    list_select_related = ["category__edition", "nomination__artisan", "by"]


class ScoreInline(WritePermissionsMixin, admin.TabularInline):
    model = Score
    fields = ["criterion", "value"]
    readonly_fields = fields


class ReopeningInline(WritePermissionsMixin, admin.TabularInline):
    model = SheetReopening
    fields = ["by", "at", "reason"]
    readonly_fields = fields


@admin.register(ScoreSheet)
class ScoreSheetAdmin(NominationScopedAdmin, WritePermissionsMixin, HistoryAdmin):
    list_display = ["nomination", "judge", "stage", "status", "submitted_at"]
    list_filter = ["nomination__category__edition", "stage", "status"]
    list_select_related = ["nomination__artisan", "judge"]
    inlines = [ScoreInline, ReopeningInline]


@admin.register(ConflictOfInterest)
class ConflictAdmin(NominationScopedAdmin, WritePermissionsMixin, HistoryAdmin):
    list_display = ["nomination", "judge", "declared_at"]
    list_filter = ["nomination__category__edition"]


@admin.register(ShortlistDecision)
class ShortlistDecisionAdmin(NominationScopedAdmin, WritePermissionsMixin, HistoryAdmin):
    # In the order of the decision (the model's order starts with InitialDecision's fields).
    fields = ["nomination", "recommended", "initial_total", "reason", "decided_by", "decided_at"]
    list_display = ["nomination", "recommended", "initial_total", "decided_by", "decided_at"]


@admin.register(CategoryResult)
class CategoryResultAdmin(WritePermissionsMixin, HistoryAdmin):
    list_display = ["category", "approved_by", "approved_at", "overridden"]


class VisitPhotoInline(WritePermissionsMixin, admin.TabularInline):
    model = SiteVisitPhoto
    fields = ["photo"]
    readonly_fields = fields

    @admin.display(description=_("photo"))
    def photo(self, obj):
        # The photo's own view (awards.permissions decides), never its MEDIA_ROOT path.
        if not obj or not obj.pk:
            return "—"
        return admin_link(
            reverse("awards:visit_photo", args=[obj.pk]), _("View the photo"), new_tab=True
        )


@admin.register(SiteVisit)
class SiteVisitAdmin(NominationScopedAdmin, WritePermissionsMixin, HistoryAdmin):
    list_display = ["nomination", "stage", "visited_on", "recorded_by"]
    list_filter = ["nomination__category__edition", "stage"]
    inlines = [VisitPhotoInline]


# Entries from the artisans' portal: their own module, registered on import.
from awards import admin_entries  # noqa: E402, F401
