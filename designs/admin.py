from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from craftsreg.admin import SuperuserOnlyChangesAdmin
from craftsreg.images import ACCEPTED_FORMATS, max_bytes, validate_and_reencode
from designs import services
from designs.models import DepositBatch, Design, DesignImage, LocarnoClass, Material, ProductKind


class DesignImageUploadField(forms.FileField):
    """A file field that accepts only real JPEG/PNG/WebP images and re-encodes them.

    Django's forms.ImageField also asks Pillow, but keeps the uploaded bytes and name; here the
    stored file is our own encoding under a generated name (craftsreg.images).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(
                attrs={"accept": ",".join(t for _, t in ACCEPTED_FORMATS.values())}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return validate_and_reencode(upload)


class DesignImageForm(forms.ModelForm):
    image = DesignImageUploadField(label=_("image"))

    class Meta:
        model = DesignImage
        fields = ["image", "caption_ar", "caption_en", "is_primary", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.template.defaultfilters import filesizeformat

        self.fields["image"].help_text = _(
            "JPEG, PNG or WebP, at most %(size)s. The file's content is checked, not its name; "
            "the picture is re-encoded and stored under a generated name."
        ) % {"size": filesizeformat(max_bytes())}


class DesignImageFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        primaries = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("is_primary")
        ]
        if len(primaries) > 1:
            raise forms.ValidationError(_("Mark only one image as the primary view."))


class DesignImageInline(admin.TabularInline):
    model = DesignImage
    form = DesignImageForm
    formset = DesignImageFormSet
    extra = 1
    fields = ["preview", "image", "caption_ar", "caption_en", "is_primary", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if not obj or not obj.pk:
            return "—"
        url = reverse("admin:designs_design_thumbnail", args=[obj.design_id, obj.pk])
        return format_html('<img src="{}" alt="" width="80" height="80">', url)


class DesignAdminForm(forms.ModelForm):
    class Meta:
        model = Design
        fields = [
            "batch",
            "suffix",
            "title_ar",
            "title_en",
            "description_ar",
            "description_en",
            "product_kind",
            "materials",
            "locarno_class",
            "locarno_subclass",
            "year_created",
            "creator_kind",
            "creator_artisan",
            "holder_kind",
            "holder_artisan",
            "status",
            "status_date",
            "certificate_number",
            "certificate_date",
        ]

    def clean(self):
        cleaned = super().clean()
        if (
            self.instance.pk
            and "status" in self.changed_data
            and "status_date" not in self.changed_data
        ):
            # The officer changed the status without dating it: it changed today.
            cleaned["status_date"] = timezone.localdate()
        return cleaned


@admin.register(Design)
class DesignAdmin(SimpleHistoryAdmin):
    form = DesignAdminForm
    list_display = [
        "thumbnail",
        "number",
        "title_ar",
        "title_en",
        "product_kind",
        "year_created",
        "status",
        "certificate_number",
    ]
    list_display_links = ["number", "title_ar"]
    list_filter = ["status", "product_kind", "materials", "locarno_class", "year_created", "batch"]
    search_fields = ["number", "title_ar", "title_en", "certificate_number"]
    list_select_related = ["product_kind"]
    list_per_page = 50
    readonly_fields = ["number", "created_at", "updated_at"]
    # Search by name or registration number (ArtisanAdmin.search_fields).
    autocomplete_fields = ["creator_artisan", "holder_artisan"]
    filter_horizontal = ["materials"]
    inlines = [DesignImageInline]
    fieldsets = [
        (_("Number"), {"fields": ["batch", "suffix", "number"]}),
        (
            _("Design"),
            {
                "fields": [
                    "title_ar",
                    "title_en",
                    "description_ar",
                    "description_en",
                    "product_kind",
                    "materials",
                    "locarno_class",
                    "locarno_subclass",
                    "year_created",
                ]
            },
        ),
        (
            _("Creator and holder"),
            {"fields": ["creator_kind", "creator_artisan", "holder_kind", "holder_artisan"]},
        ),
        (
            _("Deposit"),
            {
                "fields": [
                    "status",
                    "status_date",
                    "certificate_number",
                    "certificate_date",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "images",
                    queryset=DesignImage.objects.filter(is_primary=True),
                    to_attr="primary_images",
                )
            )
        )

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        image = obj.primary_image
        if image is None:
            return "—"
        url = reverse("admin:designs_design_thumbnail", args=[obj.pk, image.pk])
        return format_html('<img src="{}" alt="" width="48" height="48">', url)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        design = form.instance
        images = design.images.all()
        if images and not any(image.is_primary for image in images):
            # The primary view was deleted or unticked: the first remaining view takes its place.
            first = images[0]
            first.is_primary = True
            first.save(update_fields=["is_primary"])

    def get_urls(self):
        return [
            path(
                "<path:object_id>/images/<int:image_pk>/thumbnail/",
                self.admin_site.admin_view(self.thumbnail_view),
                name="designs_design_thumbnail",
            ),
            *super().get_urls(),
        ]

    def thumbnail_view(self, request, object_id, image_pk):
        """Thumbnails for staff, whatever the design's status (the public views 404 them)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        image = get_object_or_404(DesignImage, pk=image_pk, design_id=unquote(object_id))
        try:
            image.ensure_thumbnail()
        except OSError:
            raise Http404("Image file missing.") from None
        response = FileResponse(image.thumbnail.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=3600"
        return response


class DesignInline(admin.TabularInline):
    """The batch's designs, for quick status and certificate edits; designs are added from the
    design form (the "Add a design to this batch" link), which has every field."""

    model = Design
    extra = 0
    fields = [
        "number",
        "title_ar",
        "product_kind",
        "status",
        "status_date",
        "certificate_number",
        "certificate_date",
    ]
    readonly_fields = ["number", "title_ar", "product_kind"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product_kind", "batch")


class MarkDepositedForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with the columns design_number and certificate_number, and optionally "
            "certificate_date (2017-05-14). Every row is checked first; if one row is wrong, "
            "nothing is changed."
        ),
    )
    certificate_date = forms.DateField(
        label=_("Certificate date"),
        required=False,
        help_text=_("Used for rows without their own certificate date (YYYY-MM-DD)."),
    )


@admin.register(DepositBatch)
class DepositBatchAdmin(SimpleHistoryAdmin):
    list_display = ["number", "filed_on", "status", "design_count", "gazette_issue"]
    list_filter = ["status"]
    search_fields = ["number", "gazette_issue", "notes"]
    readonly_fields = ["design_tools", "created_at", "updated_at"]
    inlines = [DesignInline]
    actions = ["mark_deposited_from_csv"]
    # The legal basis and office are long sentences; show them whole.
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 80})}}
    fieldsets = [
        (None, {"fields": ["number", "status", "filed_on", "design_tools"]}),
        (
            _("Legal basis and office"),
            {"fields": ["legal_basis_ar", "legal_basis_en", "office_ar", "office_en"]},
        ),
        (_("Official Gazette"), {"fields": ["gazette_issue", "gazette_date"]}),
        (None, {"fields": ["notes", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_designs=Count("designs"))

    @admin.display(description=_("designs"), ordering="n_designs")
    def design_count(self, obj):
        return obj.n_designs

    @admin.display(description=_("designs of this batch"))
    def design_tools(self, obj):
        if not obj or not obj.pk:
            return _("Save the batch first, then add its designs.")
        add_url = reverse("admin:designs_design_add") + f"?batch={obj.pk}"
        csv_url = reverse("admin:designs_depositbatch_mark_deposited", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            add_url,
            _("Add a design to this batch"),
            csv_url,
            _("Mark designs deposited from a CSV"),
        )

    @admin.action(
        description=_("Mark designs deposited from a CSV of certificates"), permissions=["change"]
    )
    def mark_deposited_from_csv(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose exactly one batch for the CSV of certificates."), messages.ERROR
            )
            return None
        batch = queryset.get()
        return HttpResponseRedirect(
            reverse("admin:designs_depositbatch_mark_deposited", args=[batch.pk])
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/mark-deposited/",
                self.admin_site.admin_view(self.mark_deposited_view),
                name="designs_depositbatch_mark_deposited",
            ),
            *super().get_urls(),
        ]

    def mark_deposited_view(self, request, object_id):
        batch = self.get_object(request, unquote(object_id))
        if batch is None:
            raise Http404("No such batch.")
        if not request.user.has_perm("designs.change_design"):
            raise PermissionDenied
        row_errors = []
        if request.method == "POST":
            form = MarkDepositedForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    rows = services.parse_deposit_csv(form.cleaned_data["file"])
                    updated = services.batch_mark_deposited(
                        batch=batch,
                        rows=rows,
                        default_date=form.cleaned_data["certificate_date"],
                        by=request.user,
                    )
                except services.DepositImportError as exc:
                    row_errors = exc.errors
                    self.message_user(
                        request,
                        _("Nothing was changed: correct the rows listed below and upload again."),
                        messages.ERROR,
                    )
                else:
                    self.message_user(
                        request,
                        # One form for every number: the catalogue test reads msgstr only.
                        _("Designs of batch %(batch)s marked deposited: %(count)s.")
                        % {"count": len(updated), "batch": batch.number},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:designs_depositbatch_change", args=[batch.pk])
                    )
        else:
            form = MarkDepositedForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Mark designs of batch %(batch)s deposited") % {"batch": batch.number},
            "batch": batch,
            "form": form,
            "row_errors": row_errors,
            "filed_count": batch.designs.filter(status=Design.Status.FILED).count(),
        }
        return TemplateResponse(request, "admin/designs/depositbatch/mark_deposited.html", context)


@admin.register(ProductKind)
class ProductKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "position"]
    list_editable = ["position"]
    search_fields = ["code", "name_ar", "name_en"]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "craft"]
    list_select_related = ["craft"]
    search_fields = ["code", "name_ar", "name_en"]


@admin.register(LocarnoClass)
class LocarnoClassAdmin(SuperuserOnlyChangesAdmin):
    list_display = ["number", "heading_ar", "heading_en", "edition"]
    search_fields = ["heading_ar", "heading_en"]
