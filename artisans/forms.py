"""Forms of the registry's staff pages (admin): the artisan form and the import upload."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan, Governorate
from craftsreg import dates
from craftsreg.images import ReencodedImageField


class WilayatSelect(forms.Select):
    """A wilayat <select> whose options carry their governorate.

    static/js/artisan_admin.js uses ``data-governorate`` to show only the chosen governorate's
    wilayats; without JavaScript every wilayat is listed and the model's clean() rejects a
    mismatch on submit.
    """

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-governorate"] = str(instance.governorate_id)
        return option


# What a registrar edits on an artisan's record, in the groups the admin shows them
# (ArtisanAdmin.fieldsets): written once so the form and the admin's layout cannot drift apart.
IDENTITY_FIELDS = ("civil_number", "name_ar", "name_en", "gender", "date_of_birth", "photo")
CONTACT_FIELDS = ("phone", "governorate", "wilayat", "workshop_address")
CRAFT_FIELDS = ("primary_craft", "other_crafts")


class ArtisanAdminForm(forms.ModelForm):
    # Set per request by ArtisanAdmin.get_form: the governorate the user is limited to.
    governorate_scope = None
    # The version of the record the registrar opened; a save from an older one is refused.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Shown with the list of possible duplicates only (includes/_possible_duplicates.html).
    confirm_different_person = forms.BooleanField(
        label=_("This is a different person: register them anyway"), required=False
    )
    # Filled by clean() on a new artisan: registered artisans who may be the same person.
    possible_duplicates = ()

    class Meta:
        model = Artisan
        fields = [*IDENTITY_FIELDS, *CONTACT_FIELDS, *CRAFT_FIELDS, "registered_on", "status"]
        widgets = {"wilayat": WilayatSelect}
        # Dates typed as people write them (15/03/1980, ISO, Arabic-Indic digits).
        field_classes = {
            "date_of_birth": dates.DateField,
            "registered_on": dates.DateField,
            # Checked by content and re-encoded like every image the product keeps.
            "photo": ReencodedImageField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version
            if self.instance.photo and "photo" in self.fields:
                # The photo's admin view (scoped like the record), never a MEDIA_URL address.
                self.fields["photo"].widget.file_url = reverse(
                    "admin:artisans_artisan_photo", args=[self.instance.pk]
                )
        scope = self.governorate_scope
        if scope is not None and "governorate" not in self.fields:
            # The admin shows a limited registrar's governorate read-only: it is theirs.
            self.instance.governorate = scope
        if scope is not None and "wilayat" in self.fields:
            self.fields["wilayat"].error_messages["invalid_choice"] = _(
                "Choose a wilayat of the governorate %(governorate)s."
            ) % {"governorate": scope.name}
        if scope is not None and "governorate" in self.fields:
            self.fields["governorate"].error_messages["invalid_choice"] = _(
                "You can only register artisans in the governorate %(governorate)s."
            ) % {"governorate": scope.name}

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self._refuse_if_changed_meanwhile(cleaned_data.get("seen_version"))
        else:
            self._warn_of_possible_duplicates(cleaned_data)
        return cleaned_data

    def _warn_of_possible_duplicates(self, cleaned_data):
        """Refuse to register someone who may already be registered, unless told otherwise.

        A registrar sees every candidate, also those of other governorates (the same person
        registered twice is what this guards against), but only their own governorate's are
        linked; the others show their registration number and governorate only.
        """
        wilayat, craft = cleaned_data.get("wilayat"), cleaned_data.get("primary_craft")
        if not cleaned_data.get("name_ar") or self.errors:
            return
        candidates = list(
            Artisan.objects.possible_duplicates(
                name_ar=cleaned_data["name_ar"],
                date_of_birth=cleaned_data.get("date_of_birth"),
                wilayat_id=wilayat.pk if wilayat else None,
                primary_craft_id=craft.pk if craft else None,
                civil_number=cleaned_data.get("civil_number") or "",
            ).select_related("governorate", "wilayat", "primary_craft")[:20]
        )
        scope = self.governorate_scope
        for candidate in candidates:
            candidate.visible = scope is None or candidate.governorate_id == scope.pk
        self.possible_duplicates = candidates
        if candidates and not cleaned_data.get("confirm_different_person"):
            raise forms.ValidationError(
                _(
                    "This artisan may already be registered: see the artisans listed above, "
                    "with the same name and date of birth (or wilayat and craft). If this is "
                    "a different person, tick “This is a different person” and save again."
                ),
                code="possible_duplicate",
            )

    def _refuse_if_changed_meanwhile(self, seen_version):
        # The admin validates and saves in one transaction; the row lock is held until it
        # commits, so two registrars saving at once are taken one after the other and the
        # second one sees the first one's version.
        current = (
            Artisan.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if seen_version is None or current != seen_version:
            raise forms.ValidationError(
                _(
                    "Someone else saved this artisan while you were editing it, so your changes "
                    "were not saved. Open the artisan again to see the current record, then "
                    "make your changes once more."
                ),
                code="edit_conflict",
            )

    def clean_governorate(self):
        governorate = self.cleaned_data.get("governorate")
        scope = self.governorate_scope
        # The field's choices already exclude other governorates; this guards against a form
        # built without that restriction.
        if scope is not None and governorate is not None and governorate.pk != scope.pk:
            raise forms.ValidationError(
                _("You can only register artisans in the governorate %(governorate)s."),
                params={"governorate": scope.name},
                code="governorate_scope",
            )
        return governorate


class ImportConfirmForm(forms.Form):
    confirm_different_people = forms.BooleanField(
        label=_(
            "I have checked the rows listed as possible duplicates: they are different people."
        ),
        required=False,
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8) or XLSX with one artisan per row; the first row names the columns."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise forms.ValidationError(
                _("Upload a .csv or .xlsx file (this file is %(suffix)s)."),
                params={"suffix": suffix or "?"},
                code="file_type",
            )
        limit = settings.CRAFTSREG_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than the limit of %(limit)s MB."),
                params={"limit": round(limit / 1024 / 1024, 1)},
                code="file_size",
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."), code="empty")
        return upload


class DuplicatesFilterForm(forms.Form):
    """The possible-duplicates page: one governorate at a time (a cleaning task's unit)."""

    governorate = forms.ModelChoiceField(
        queryset=Governorate.objects.order_by_name(), required=False, label=_("Governorate")
    )


class DuplicatePairForm(forms.Form):
    """A decision on one pair of the possible-duplicates page."""

    class Decision(models.TextChoices):
        NOT_DUPLICATE = "not_duplicate", _("Not a duplicate")
        RETIRE_SECOND = "retire_second", _("Retire the second record into the first")
        RETIRE_FIRST = "retire_first", _("Retire the first record into the second")

    first = forms.ModelChoiceField(queryset=Artisan.objects.none())
    second = forms.ModelChoiceField(queryset=Artisan.objects.none())
    decision = forms.ChoiceField(choices=Decision.choices)

    def __init__(self, *args, artisans, **kwargs):
        super().__init__(*args, **kwargs)
        # Only artisans the user may see and change (their governorate), still on the register.
        live = artisans.filter(retired_into__isnull=True)
        self.fields["first"].queryset = live
        self.fields["second"].queryset = live

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("first") and cleaned_data.get("first") == cleaned_data.get("second"):
            raise forms.ValidationError(_("Choose two different artisans."), code="same")
        return cleaned_data
