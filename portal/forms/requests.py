"""The artisan's change, card and award-entry forms (phone first, Arabic-Indic digits accepted:
the phone and number fields normalise them)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from artisans.models import Craft, Wilayat
from awards.models import AwardEntry
from awards.models.entry import ENTRANT_FIELDS, PROJECT_FACTS
from craftsreg.choices import IdChoiceField, IdMultipleChoiceField
from craftsreg.digits import normalize_digits
from craftsreg.images import ACCEPTED_FORMATS, ReencodedImageField, validate_and_reencode
from craftsreg.phones import PhoneFormField
from portal.models import CardRequestKind, ChangeKind

NOTE = forms.CharField(
    label=_("Note for the registrar"),
    required=False,
    max_length=1000,
    widget=forms.Textarea(attrs={"rows": 3}),
)


class PhoneChangeForm(forms.Form):
    phone = PhoneFormField(label=_("New phone number"))
    note = NOTE


class AddressChangeForm(forms.Form):
    wilayat = IdChoiceField(label=_("Wilayat"), queryset=Wilayat.objects.none())
    workshop_address = forms.CharField(
        label=_("Workshop address"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Village or district, street, landmark: how to find the workshop."),
    )
    note = NOTE

    def __init__(self, *args, artisan, **kwargs):
        super().__init__(*args, **kwargs)
        # Within the artisan's governorate: a move between governorates goes through the offices.
        self.fields["wilayat"].queryset = Wilayat.objects.filter(
            governorate_id=artisan.governorate_id
        ).order_by("name_ar")
        self.fields["wilayat"].initial = artisan.wilayat_id
        self.fields["workshop_address"].initial = artisan.workshop_address


class CraftsChangeForm(forms.Form):
    primary_craft = IdChoiceField(
        label=_("Primary craft"), queryset=Craft.objects.order_by("name_ar")
    )
    other_crafts = IdMultipleChoiceField(
        label=_("Other crafts"),
        queryset=Craft.objects.order_by("name_ar"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = NOTE

    def __init__(self, *args, artisan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_craft"].initial = artisan.primary_craft_id
        self.fields["other_crafts"].initial = list(
            artisan.other_crafts.values_list("pk", flat=True)
        )

    def clean(self):
        cleaned_data = super().clean()
        primary, others = cleaned_data.get("primary_craft"), cleaned_data.get("other_crafts")
        if primary and others and primary in others:
            cleaned_data["other_crafts"] = [c for c in others if c != primary]
        return cleaned_data


class PhotoChangeForm(forms.Form):
    photo = ReencodedImageField(
        label=_("New photo"),
        help_text=_("A clear photo of your face, for the craft card: JPEG, PNG or WebP."),
    )
    note = NOTE


CHANGE_FORMS = {
    ChangeKind.PHONE: PhoneChangeForm,
    ChangeKind.ADDRESS: AddressChangeForm,
    ChangeKind.CRAFTS: CraftsChangeForm,
    ChangeKind.PHOTO: PhotoChangeForm,
}


def change_form(kind, artisan, *args, **kwargs):
    form_class = CHANGE_FORMS[kind]
    if form_class in (AddressChangeForm, CraftsChangeForm):
        kwargs["artisan"] = artisan
    if form_class is PhoneChangeForm:
        kwargs.setdefault("initial", {"phone": artisan.phone})
    return form_class(*args, **kwargs)


class CardRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you need?"), choices=CardRequestKind.choices, widget=forms.RadioSelect
    )
    note = NOTE


# --- award entries ------------------------------------------------------------------------------


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several photos in one input; each is checked by content and re-encoded."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleImageInput(attrs={"accept": ",".join(t for _, t in ACCEPTED_FORMATS.values())}),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(uploads) > 20:
            raise ValidationError(_("Too many files at once."), code="too_many_photos")
        cleaned, errors = [], []
        for number, upload in enumerate(uploads, start=1):
            try:
                cleaned.append(validate_and_reencode(super().clean(upload, initial)))
            except ValidationError as error:
                errors.extend(
                    _("Photo %(number)s: %(error)s") % {"number": number, "error": message}
                    for message in error.messages
                )
        if errors:
            raise ValidationError(errors)
        return cleaned


class LocalIntegerField(forms.IntegerField):
    """An integer typed in Arabic-Indic or Latin digits."""

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_digits(value).strip()
        return super().to_python(value)


class EntryForm(forms.ModelForm):
    photos = MultipleImageField(label=_("Photos of the work"), required=False)

    class Meta:
        model = AwardEntry
        fields = list(ENTRANT_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        field_classes = {
            "craft": IdChoiceField,
            "workforce": LocalIntegerField,
            "trainees": LocalIntegerField,
            "omani_materials_percent": LocalIntegerField,
        }

    def __init__(self, *args, category, artisan, **kwargs):
        super().__init__(*args, **kwargs)
        self.category = category
        self.fields["craft"].queryset = Craft.objects.order_by("name_ar")
        if not self.instance.pk:
            self.fields["craft"].initial = artisan.primary_craft_id
        limit = category.edition.entry_photo_limit
        self.fields["photos"].help_text = _(
            "Up to %(limit)s photos in all: JPEG, PNG or WebP. Choose several at once."
        ) % {"limit": limit}
        if self.instance.pk:
            photos = list(self.instance.photos.all())
            self.fields["remove_photos"] = IdMultipleChoiceField(
                label=_("Remove these photos"),
                queryset=self.instance.photos.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields["remove_photos"].label_from_instance = lambda photo: (
                _("Photo %(number)s")
                % {"number": photos.index(photo) + 1 if photo in photos else "?"}
            )
        else:
            self.fields["photos"].required = True
        if category.code != category.PROJECT:
            for name in PROJECT_FACTS:
                del self.fields[name]
        else:
            for name in PROJECT_FACTS:
                self.fields[name].required = True
                # A text input: a number input refuses Arabic-Indic digits in some browsers.
                self.fields[name].widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def _post_clean(self):
        # The category and artisan are set by the service; the model's own clean runs there.
        pass

    def entrant_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ENTRANT_FIELDS}
