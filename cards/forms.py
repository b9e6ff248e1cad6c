from django import forms
from django.utils.translation import gettext_lazy as _


class CardActForm(forms.Form):
    """One act on an artisan's card, posted from the card page."""

    ACTS = [
        ("issue", _("Issue a card")),
        ("renew", _("Renew the card")),
        ("replace", _("Replace a lost or damaged card")),
        ("revoke", _("Revoke the card")),
        ("printed", _("Record as printed")),
        ("hand_over", _("Record the hand-over")),
    ]
    act = forms.ChoiceField(choices=ACTS)
    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to revoke. Kept in the card's history; not shown to the public."),
    )
    collected_by = forms.CharField(
        label=_("Collected by (if not the artisan in person)"),
        max_length=200,
        required=False,
        help_text=_("Name and relation, e.g. “Hamad, her son”. Empty: the artisan in person."),
    )
