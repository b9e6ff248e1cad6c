"""Forms of the designs office (admin): design, image and certificate uploads, and the acts on
several designs at once (filing, return, withdrawal, deposit by CSV)."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from craftsreg.digits import normalize_digits
from craftsreg.files import ScannedDocumentField
from craftsreg.images import ReencodedImageField, max_bytes
from designs.models import DepositBatch, Design, DesignImage


class ActDateField(forms.DateField):
    """A date typed in ASCII or Arabic-Indic digits."""

    widget = AdminDateWidget

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_digits(value.strip())
        return super().to_python(value)


class DigitsCharField(forms.CharField):
    """Text whose digits may be typed in Arabic-Indic (٢٠١٧-٠١ is 2017-01)."""

    def to_python(self, value):
        return normalize_digits(super().to_python(value))


class DepositBatchAdminForm(forms.ModelForm):
    class Meta:
        model = DepositBatch
        fields = [
            "number",
            "status",
            "filed_on",
            "legal_basis_ar",
            "legal_basis_en",
            "office_ar",
            "office_en",
            "gazette_issue",
            "gazette_date",
            "notes",
        ]
        field_classes = {"number": DigitsCharField}


class ActForm(forms.Form):
    """The date of an act (filing, return, withdrawal…) and, where the act needs one, its reason.

    The date is the act's own (the filing date, the date on the IP Department's letter), never
    silently today's: the designs take it as their status date.
    """

    on = ActDateField(label=_("Date of the act"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    def __init__(self, *args, date_label=None, date_help="", needs_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        if date_label:
            self.fields["on"].label = date_label
        self.fields["on"].help_text = date_help
        if needs_reason:
            self.fields["reason"].required = True
            self.fields["reason"].help_text = _("Recorded on each design and in its history.")
        else:
            del self.fields["reason"]


class DesignImageForm(forms.ModelForm):
    image = ReencodedImageField(label=_("image"))

    class Meta:
        model = DesignImage
        fields = ["image", "caption_ar", "caption_en", "is_primary", "position"]
        # Narrow inputs, so the images table fits the page beside its previews.
        widgets = {
            "caption_ar": forms.TextInput(attrs={"size": 16}),
            "caption_en": forms.TextInput(attrs={"size": 16}),
            "position": forms.NumberInput(attrs={"class": "vIntegerField", "size": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.template.defaultfilters import filesizeformat

        if self.instance.pk:
            # The staff view of the picture (any status), never its MEDIA_ROOT path.
            self.fields["image"].widget.file_url = reverse(
                "admin:designs_design_image", args=[self.instance.design_id, self.instance.pk]
            )
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


# A scanned certificate: PDF or image, judged by content (craftsreg.files).
CertificateScanField = ScannedDocumentField


def int_or_none(value):
    try:
        return int(normalize_digits(str(value)))
    except (TypeError, ValueError):
        return None


# The design form's fields by section; the admin's fieldsets show the same sections.
DESIGN_NUMBER_FIELDS = ["batch", "suffix"]
DESIGN_DESCRIPTION_FIELDS = [
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
DESIGN_PARTY_FIELDS = ["creator_kind", "creator_artisan", "holder_kind", "holder_artisan"]
DESIGN_DEPOSIT_FIELDS = [
    "status",
    "status_date",
    "status_reason",
    "filing_number",
    "certificate_number",
    "certificate_date",
    "certificate_scan",
]


class DesignAdminForm(forms.ModelForm):
    certificate_scan = CertificateScanField(
        label=_("certificate scan"),
        required=False,
        help_text=_("The scanned deposit certificate (PDF, JPEG, PNG or WebP). Staff only."),
    )

    class Meta:
        model = Design
        # Numbers as typed on an Arabic keyboard are stored in ASCII digits.
        field_classes = {"filing_number": DigitsCharField, "certificate_number": DigitsCharField}
        fields = [
            *DESIGN_NUMBER_FIELDS,
            *DESIGN_DESCRIPTION_FIELDS,
            *DESIGN_PARTY_FIELDS,
            *DESIGN_DEPOSIT_FIELDS,
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.certificate_scan:
            # Staff open the scan through the admin's own view, never through MEDIA_ROOT.
            self.fields["certificate_scan"].widget.file_url = reverse(
                "admin:designs_design_certificate_scan", args=[self.instance.pk]
            )

    def clean(self):
        cleaned = super().clean()
        if (
            self.instance.pk
            and "status" in self.changed_data
            and "status_date" not in self.changed_data
        ):
            # The officer changed the status without dating it: it changed today.
            cleaned["status_date"] = timezone.localdate()
        if "status" in self.changed_data and cleaned.get("status") not in Design.NEEDS_REASON:
            # The reason explains a return or a withdrawal; it does not outlive them.
            cleaned["status_reason"] = ""
        return cleaned


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
