"""The registration application form (phone first: one column, digits in any script)."""

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from artisans.forms import WilayatSelect
from artisans.models import Craft, Governorate, Wilayat
from craftsreg import dates
from craftsreg.files import ScannedDocumentField
from craftsreg.images import ReencodedImageField
from portal.models import Application


class CraftsField(forms.ModelMultipleChoiceField):
    """Crafts by primary key; a value that is no key at all is refused before it reaches the
    database (an out-of-range number in an IN list is a database error, not "no such craft")."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and len(text) < 10):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class ApplicationForm(forms.ModelForm):
    """A new application, or one the registrar sent back for changes.

    The privacy consent box is shown until the account has consented to the notice in force
    (``needs_consent``); the files are required on a new application and optional on an edit
    (the ones already sent are kept).
    """

    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice above and agree that my data is processed as it says."
        ),
        required=True,
        error_messages={
            "required": _("Tick the box to agree to the privacy notice, or you cannot apply.")
        },
    )

    class Meta:
        model = Application
        fields = [
            "civil_number",
            "name_ar",
            "name_en",
            "gender",
            "date_of_birth",
            "phone",
            "governorate",
            "wilayat",
            "primary_craft",
            "other_crafts",
            "workshop_address",
            "photo",
            "id_copy",
        ]
        widgets = {
            "wilayat": WilayatSelect,
            "other_crafts": forms.CheckboxSelectMultiple,
            "gender": forms.RadioSelect,
            "workshop_address": forms.Textarea(attrs={"rows": 3}),
            "civil_number": forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
            "name_ar": forms.TextInput(attrs={"lang": "ar", "dir": "rtl", "autocomplete": "name"}),
            "name_en": forms.TextInput(attrs={"lang": "en", "dir": "ltr"}),
        }
        field_classes = {
            "date_of_birth": dates.DateField,
            # Checked by content and re-encoded like every image the product keeps.
            "photo": ReencodedImageField,
            "id_copy": ScannedDocumentField,
            "other_crafts": CraftsField,
        }
        help_texts = {
            "photo": _("A recent photo of your face, for your craft card: JPEG, PNG or WebP."),
            "id_copy": _("Both sides of your ID card: a photo (JPEG, PNG, WebP) or a PDF scan."),
        }

    def __init__(self, *args, needs_consent: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_consent:
            del self.fields["consent"]
        self.fields["gender"].choices = [
            c for c in self.fields["gender"].choices if c[0]
        ]  # radios: no empty "---------" choice
        self.fields["governorate"].queryset = Governorate.objects.order_by_name()
        self.fields["wilayat"].queryset = Wilayat.objects.select_related(
            "governorate"
        ).order_by_name()
        self.fields["primary_craft"].queryset = Craft.objects.order_by_name()
        self.fields["other_crafts"].queryset = Craft.objects.order_by_name()
        self.fields["other_crafts"].required = False
        self.fields["date_of_birth"].widget.attrs["autocomplete"] = "bday"
        if self.instance.pk:
            # Already sent: keep them unless a new file is chosen; each links to its own view.
            for name, url_name in (("photo", "apply:photo"), ("id_copy", "apply:id_copy")):
                self.fields[name].required = False
                self.fields[name].widget.file_url = reverse(url_name, args=[self.instance.pk])
        # A wilayat that does not fit its governorate is refused by the model's clean().

    def clean_other_crafts(self):
        crafts = self.cleaned_data.get("other_crafts")
        return crafts if crafts is not None else Craft.objects.none()

    def clean(self):
        cleaned_data = super().clean()
        primary, others = cleaned_data.get("primary_craft"), cleaned_data.get("other_crafts")
        if primary is not None and others is not None and primary in others:
            self.add_error(
                "other_crafts",
                _("%(craft)s is already your primary craft: do not tick it again.")
                % {"craft": primary.name},
            )
        return cleaned_data

    @property
    def notice_version(self) -> str:
        return settings.CRAFTSREG_PORTAL_PRIVACY_NOTICE_VERSION
