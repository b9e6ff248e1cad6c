import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from craftsreg import verification
from craftsreg.admin import HistoryAdmin, SuperuserOnlyChangesAdmin, admin_page
from craftsreg.files import serve_private_file
from designs import certificates, permissions, services
from designs.forms import (
    DESIGN_DEPOSIT_FIELDS,
    DESIGN_DESCRIPTION_FIELDS,
    DESIGN_NUMBER_FIELDS,
    DESIGN_PARTY_FIELDS,
    ActForm,
    DepositBatchAdminForm,
    DesignAdminForm,
    DesignImageForm,
    DesignImageFormSet,
    MarkDepositedForm,
    int_or_none,
)
from designs.models import DepositBatch, Design, DesignImage, LocarnoClass, Material, ProductKind
from jobs.views import start_job

logger = logging.getLogger(__name__)


class DesignImageInline(admin.TabularInline):
    model = DesignImage
    form = DesignImageForm
    formset = DesignImageFormSet
    extra = 1
    fields = ["preview", "image", "caption_ar", "caption_en", "is_primary", "position"]
    readonly_fields = ["preview"]
    # The public address of a view is a 404 until the design is deposited; staff open the file
    # through the image field's own link (the admin's image view).
    view_on_site = False

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if not obj or not obj.pk:
            return "—"
        url = reverse("admin:designs_design_thumbnail", args=[obj.design_id, obj.pk])
        return format_html('<img src="{}" alt="" width="80" height="80">', url)


def _status_action(to: str, description):
    """A bulk action on the design list that moves the chosen designs to ``to`` (act page)."""

    def action(modeladmin, request, queryset):
        return modeladmin.act_on_designs(request, queryset, to)

    action.__name__ = f"mark_{to}"
    return admin.action(description=description, permissions=["change"])(action)


ACT_LABELS = {
    Design.Status.FILED: (_("File with the IP Department"), _("Filing date")),
    Design.Status.RETURNED: (_("Record as returned"), _("Date returned")),
    Design.Status.WITHDRAWN: (_("Withdraw"), _("Date withdrawn")),
    Design.Status.DRAFT: (_("Move back to draft"), _("Date")),
}


@admin.register(Design)
class DesignAdmin(HistoryAdmin):
    form = DesignAdminForm
    actions = [
        _status_action(Design.Status.FILED, _("File the selected designs with the IP Department")),
        _status_action(Design.Status.RETURNED, _("Record the selected designs as returned")),
        _status_action(Design.Status.WITHDRAWN, _("Withdraw the selected designs")),
        _status_action(Design.Status.DRAFT, _("Move the selected designs back to draft")),
    ]
    list_display = [
        "thumbnail",
        "number",
        "title_ar",
        "title_en",
        "product_kind",
        "year",
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
        (_("Number"), {"fields": [*DESIGN_NUMBER_FIELDS, "number"]}),
        (_("Design"), {"fields": DESIGN_DESCRIPTION_FIELDS}),
        (_("Creator and holder"), {"fields": DESIGN_PARTY_FIELDS}),
        (_("Deposit"), {"fields": [*DESIGN_DEPOSIT_FIELDS, "created_at", "updated_at"]}),
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

    @admin.display(description=_("year created"), ordering="year_created")
    def year(self, obj):
        # A year, not a quantity: never "2,017".
        return str(obj.year_created)

    def view_on_site(self, obj):
        # Only a deposited design has a public page; any other would be a 404 for the officer.
        return obj.get_absolute_url() if obj.is_public else None

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        image = obj.primary_image
        if image is None:
            return "—"
        url = reverse("admin:designs_design_thumbnail", args=[obj.pk, image.pk])
        return format_html('<img src="{}" alt="" width="48" height="48">', url)

    def act_on_designs(self, request, queryset, to):
        """The intermediate page of a bulk status action: the act's date (and reason)."""
        designs = list(queryset.select_related("batch").order_by("number"))
        submit_label, date_label = ACT_LABELS[to]
        form_kwargs = {"date_label": date_label, "needs_reason": to in Design.NEEDS_REASON}
        if "apply" in request.POST:
            form = ActForm(request.POST, **form_kwargs)
            if form.is_valid():
                try:
                    count = services.designs_change_status(
                        designs=designs,
                        to=to,
                        on=form.cleaned_data["on"],
                        reason=form.cleaned_data.get("reason", ""),
                        by=request.user,
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    self.message_user(
                        request,
                        _("Designs moved to “%(status)s”: %(count)s.")
                        % {"status": Design.Status(to).label, "count": count},
                        messages.SUCCESS,
                    )
                    return None
        else:
            form = ActForm(**form_kwargs)
        return TemplateResponse(
            request,
            "admin/designs/act.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("%(act)s: %(count)s designs")
                % {"act": submit_label, "count": len(designs)},
                "summary": _("These designs move to “%(status)s” together, or none of them does.")
                % {"status": Design.Status(to).label},
                "designs": designs,
                "form": form,
                "selected": [design.pk for design in designs],
                "action": f"mark_{to}",
                "submit_label": submit_label,
                "cancel_url": reverse("admin:designs_design_changelist"),
            },
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        batch = DepositBatch.objects.filter(pk=int_or_none(initial.get("batch"))).first()
        if batch is not None and "suffix" not in initial:
            # The next free number in the batch, proposed; the officer may change it.
            initial["suffix"] = batch.next_design_suffix()
        return initial

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status_reason:
            # The history's "reason" column (django-simple-history keeps 100 characters).
            obj._change_reason = obj.status_reason[:100]
        super().save_model(request, obj, form, change)

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
            admin_page(
                self,
                "<path:object_id>/images/<int:image_pk>/thumbnail/",
                self.thumbnail_view,
                "thumbnail",
            ),
            admin_page(
                self,
                "<path:object_id>/certificate-scan/",
                self.certificate_scan_view,
                "certificate_scan",
            ),
            admin_page(self, "<path:object_id>/images/<int:image_pk>/", self.image_view, "image"),
            *super().get_urls(),
        ]

    def _staff_image(self, request, object_id, image_pk) -> DesignImage:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            design_pk, image_pk = int(unquote(object_id)), int(image_pk)
        except ValueError:
            raise Http404("No such image.") from None
        return get_object_or_404(DesignImage, pk=image_pk, design_id=design_pk)

    def thumbnail_view(self, request, object_id, image_pk):
        """Thumbnails for staff, whatever the design's status (the public views 404 them)."""
        image = self._staff_image(request, object_id, image_pk)
        try:
            image.ensure_thumbnail()
        except OSError:
            logger.error("Design image file missing: %s", image.image.name)
            raise Http404("Image file missing.") from None
        return serve_private_file(image.thumbnail)

    def certificate_scan_view(self, request, object_id):
        """The scanned certificate, for design officers only (never public, never cached)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        design = self.get_object(request, unquote(object_id))
        if design is None or not design.certificate_scan:
            raise Http404("No certificate scan.")
        extension = design.certificate_scan.name.rsplit(".", 1)[-1]
        return serve_private_file(
            design.certificate_scan, download_name=f"certificate-{design.number}.{extension}"
        )

    def image_view(self, request, object_id, image_pk):
        """The full picture for staff, whatever the design's status (the admin's file link)."""
        return serve_private_file(self._staff_image(request, object_id, image_pk).image)


class DesignInline(admin.TabularInline):
    """The batch's designs at a glance. Their status changes through the batch's acts (file,
    record certificates, record a return) or the design's own page, which ask for the act's date
    and reason; designs are added from the design form ("Add a design to this batch")."""

    model = Design
    extra = 0
    fields = [
        "design_number",
        "title_ar",
        "product_kind",
        "status",
        "status_date",
        "certificate_number",
        "certificate_date",
    ]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def view_on_site(self, obj):
        # Only a deposited design has a public page.
        return obj.get_absolute_url() if obj.is_public else None

    @admin.display(description=_("design number"))
    def design_number(self, obj):
        return format_html('<bdi class="nowrap">{}</bdi>', obj.number)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product_kind", "batch")


@admin.register(DepositBatch)
class DepositBatchAdmin(HistoryAdmin):
    form = DepositBatchAdminForm
    list_display = ["number", "filed_on", "status", "design_count", "gazette_issue"]
    list_filter = ["status"]
    search_fields = ["number", "gazette_issue", "notes"]
    readonly_fields = ["design_tools", "created_at", "updated_at"]
    inlines = [DesignInline]
    actions = ["file_batch", "mark_deposited_from_csv", "return_batch", "print_certificates"]
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
        links = [
            (
                reverse("admin:designs_design_add") + f"?batch={obj.pk}",
                _("Add a design to this batch"),
            )
        ]
        if obj.status == DepositBatch.Status.PREPARING:
            links.append((self._url("file", obj), _("File the batch with its designs")))
        else:
            links += [
                (self._url("mark_deposited", obj), _("Record the certificates (deposit)")),
                (self._url("return", obj), _("Record the batch as returned")),
                (self._url("certificates", obj), _("Print the deposit certificates as one file")),
            ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def _url(self, name, batch) -> str:
        return reverse(f"admin:designs_depositbatch_{name}", args=[batch.pk])

    def _one_batch(self, request, queryset, name):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one batch."), messages.ERROR)
            return None
        return HttpResponseRedirect(self._url(name, queryset.get()))

    @admin.action(description=_("File the batch with its designs"), permissions=["change"])
    def file_batch(self, request, queryset):
        return self._one_batch(request, queryset, "file")

    @admin.action(description=_("Record the batch as returned"), permissions=["change"])
    def return_batch(self, request, queryset):
        return self._one_batch(request, queryset, "return")

    def file_view(self, request, object_id):
        return self._batch_act(
            request,
            object_id,
            service=lambda batch, data: services.batch_file(
                batch=batch, filed_on=data["on"], by=request.user
            ),
            title=_("File batch %(batch)s with the IP Department"),
            summary=_(
                "The batch and all its draft and returned designs are filed together, dated with "
                "the filing date."
            ),
            designs=lambda batch: batch.designs.filter(
                status__in=[Design.Status.DRAFT, Design.Status.RETURNED]
            ),
            form_kwargs={"date_label": _("Filing date")},
            done=_("Batch %(batch)s filed with %(count)s designs."),
        )

    def return_view(self, request, object_id):
        return self._batch_act(
            request,
            object_id,
            service=lambda batch, data: services.batch_return(
                batch=batch, returned_on=data["on"], reason=data["reason"], by=request.user
            ),
            title=_("Record batch %(batch)s as returned"),
            summary=_(
                "Every filed design of the batch is recorded as returned, with this date and "
                "reason."
            ),
            designs=lambda batch: batch.designs.filter(status=Design.Status.FILED),
            form_kwargs={"date_label": _("Date returned"), "needs_reason": True},
            done=_("Batch %(batch)s: %(count)s designs recorded as returned."),
        )

    def _batch_act(
        self, request, object_id, *, service, title, summary, designs, form_kwargs, done
    ):
        batch = self.get_object(request, unquote(object_id))
        if batch is None:
            raise Http404("No such batch.")
        if not (
            self.has_change_permission(request, batch)
            and request.user.has_perm("designs.change_design")
        ):
            raise PermissionDenied
        if request.method == "POST":
            form = ActForm(request.POST, **form_kwargs)
            if form.is_valid():
                try:
                    count = service(batch, form.cleaned_data)
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    self.message_user(
                        request,
                        done % {"batch": str(batch), "count": count},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:designs_depositbatch_change", args=[batch.pk])
                    )
        else:
            form = ActForm(**form_kwargs)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "batch": batch,
            "title": title % {"batch": str(batch)},
            "summary": summary,
            "designs": list(designs(batch).order_by("suffix")),
            "form": form,
            "submit_label": title % {"batch": str(batch)},
            "cancel_url": reverse("admin:designs_depositbatch_change", args=[batch.pk]),
        }
        return TemplateResponse(request, "admin/designs/act.html", context)

    @admin.action(description=_("Print the deposit certificates of the selected batch"))
    def print_certificates(self, request, queryset):
        return self._one_batch(request, queryset, "certificates")

    def certificates_view(self, request, object_id):
        """GET: how many certificates the file will hold. POST: a job prints them."""
        if not permissions.may_print_batch_certificates(request.user):
            raise PermissionDenied
        batch = self.get_object(request, unquote(object_id))
        if batch is None:
            raise Http404("No such batch.")
        if request.method == "POST":
            return start_job(
                request,
                kind="designs.certificates",
                params={
                    "batch": batch.pk,
                    # The address under each QR code: a worker has no request to read it from.
                    "base_url": verification.public_base_url(request),
                    "summary": gettext("Batch %(batch)s") % {"batch": batch.number},
                },
                back=request.path,
            )
        count = certificates.batch_designs(batch).count()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": batch,
            "title": _("Deposit certificates of batch %(batch)s") % {"batch": str(batch)},
            "count": count,
            "summary": ngettext(
                "The file will hold the certificate of %(count)s deposited design.",
                "The file will hold the certificates of %(count)s deposited designs.",
                count,
            )
            % {"count": count}
            if count
            else _("No design of this batch is deposited yet: nothing to print."),
            "notes": [],
            "submit_label": _("Print the deposit certificates"),
        }
        return TemplateResponse(request, "admin/print_batch.html", context)

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
            admin_page(
                self, "<path:object_id>/mark-deposited/", self.mark_deposited_view, "mark_deposited"
            ),
            admin_page(self, "<path:object_id>/file/", self.file_view, "file"),
            admin_page(self, "<path:object_id>/return/", self.return_view, "return"),
            admin_page(
                self, "<path:object_id>/certificates/", self.certificates_view, "certificates"
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
                        % {"count": len(updated), "batch": str(batch)},
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
            "title": _("Mark designs of batch %(batch)s deposited") % {"batch": str(batch)},
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
