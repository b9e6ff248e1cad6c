"""The registrar's decision on a registration application (admin)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DecisionForm(forms.Form):
    APPROVE = "approve"
    CHANGES = "changes"
    REJECT = "reject"

    decision = forms.ChoiceField(
        choices=[
            (APPROVE, _("Approve and register")),
            (CHANGES, _("Ask for changes")),
            (REJECT, _("Reject")),
        ],
        error_messages={"invalid_choice": _("Choose approve, ask for changes or reject.")},
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required to ask for changes (say what to change) and to reject (say why). The "
            "applicant reads it in the portal and in the e-mail."
        ),
    )

    def clean(self):
        cleaned_data = super().clean()
        decision = cleaned_data.get("decision")
        message = (cleaned_data.get("message") or "").strip()
        if decision == self.CHANGES and not message:
            self.add_error("message", _("Say what the applicant should change."))
        elif decision == self.REJECT and not message:
            self.add_error("message", _("Give the reason for rejecting the application."))
        cleaned_data["message"] = message
        return cleaned_data


class ExtendDueDateForm(forms.Form):
    """A registrar gives the applicant more time to send the changes asked for."""

    until = forms.DateField(
        label=_("New due date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required. The applicant reads it in the application's steps."),
        error_messages={"required": _("Give the reason for extending the due date.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for extending the due date."))
        return reason
