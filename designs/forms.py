"""Forms of the designs office's acts on several designs at once (admin intermediate pages)."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.utils.translation import gettext_lazy as _

from artisans.digits import normalize_digits


class ActDateField(forms.DateField):
    """A date typed in ASCII or Arabic-Indic digits."""

    widget = AdminDateWidget

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_digits(value.strip())
        return super().to_python(value)


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
