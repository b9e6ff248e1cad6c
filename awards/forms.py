from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Aggregation, SheetStatus, Stage
from awards.people import display_name
from awards.reports import CONFLICT, NOT_STARTED
from craftsreg.digits import normalize_digits
from craftsreg.images import validate_and_reencode


class LocalizedDecimalField(forms.DecimalField):
    """Accepts Arabic-Indic digits and the Arabic decimal separator (٫)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_digits(value).replace("٫", ".").strip()
        return super().to_python(value)


class ScoreSheetForm(forms.Form):
    """One input per criterion (0..max), a comment, and the button pressed."""

    ACTION_DRAFT = "draft"
    ACTION_SUBMIT = "submit"

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Set by the button pressed; pressing Enter in a field uses the first button (save draft).
    action = forms.ChoiceField(
        choices=[(ACTION_DRAFT, _("Save draft")), (ACTION_SUBMIT, _("Submit"))],
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("I confirm that these scores are final. A submitted sheet is locked."),
        required=False,
    )

    def __init__(self, *args, criteria, sheet=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        existing = {}
        if sheet is not None and sheet.pk:
            existing = {s.criterion_id: s.value for s in sheet.scores.all()}
            self.fields["comment"].initial = sheet.comment
        for criterion in self.criteria:
            self.fields[self.field_name(criterion)] = LocalizedDecimalField(
                label=criterion.name,
                required=False,
                min_value=Decimal("0"),
                max_value=Decimal(criterion.max_score),
                max_digits=6,
                decimal_places=1,
                initial=existing.get(criterion.pk),
                help_text=_(
                    "0 to %(max)s in steps of 0.5 (for example 7 or 7.5), weight %(weight)s"
                )
                % {"max": criterion.max_score, "weight": criterion.weight},
                widget=forms.NumberInput(
                    attrs={
                        "min": 0,
                        "max": criterion.max_score,
                        "step": "0.5",
                        "inputmode": "decimal",
                        "data-max": criterion.max_score,
                        "data-weight": criterion.weight,
                        "class": "score-input",
                    }
                ),
            )

    @staticmethod
    def field_name(criterion) -> str:
        return f"criterion_{criterion.pk}"

    def criterion_fields(self):
        return [(c, self[self.field_name(c)]) for c in self.criteria]

    @property
    def submitting(self) -> bool:
        return self.cleaned_data.get("action") == self.ACTION_SUBMIT

    def clean(self):
        cleaned = super().clean()
        # The step the form states (and the browser's spinner uses): whole and half points.
        for criterion in self.criteria:
            name = self.field_name(criterion)
            value = cleaned.get(name)
            if value is not None and value % Decimal("0.5"):
                self.add_error(name, _("Use whole or half points (for example 7 or 7.5)."))
        if cleaned.get("action") == self.ACTION_SUBMIT:
            if not cleaned.get("confirm"):
                self.add_error(
                    "confirm", _("Tick the box to confirm that you are submitting your scores.")
                )
            for criterion in self.criteria:
                name = self.field_name(criterion)
                if name not in self.errors and cleaned.get(name) is None:
                    self.add_error(name, _("Score every criterion before submitting."))
        return cleaned

    def values(self) -> dict[int, Decimal | None]:
        return {c.pk: self.cleaned_data.get(self.field_name(c)) for c in self.criteria}


def _reason_field(label, *, rows=3, **options):
    """The reason an act of the award records (a conflict, a reopening, a move back, a decision
    against the scores): as long as the records keep (2000 characters), in a text area."""
    options.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
    return forms.CharField(label=label, max_length=2000, **options)


class ConflictForm(forms.Form):
    reason = _reason_field(
        _("Reason for the conflict"),
        help_text=_("For example: a relative, a business partner, or a former student."),
    )


class ReopenForm(forms.Form):
    reason = _reason_field(_("Reason for reopening"))


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _past_day_field(label, future_message):
    """A day that has come, typed in an <input type=date> (which only takes ISO dates, whatever
    the page's language); a later day is refused with ``future_message``."""

    def not_in_the_future(day):
        if day > timezone.localdate():
            raise forms.ValidationError(future_message)

    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[not_in_the_future],
    )


class MembersPresentForm(forms.Form):
    """A record of a committee's meeting or visit: which of its ``members`` were present, named
    by their display names. The services call the field ``members`` (``service_names``, read by
    ``awards.views.base.submit_form``)."""

    service_names = {"members_present": "members"}

    members_present = forms.ModelMultipleChoiceField(
        label=_("Members present"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members_present"].queryset = members
        self.fields["members_present"].label_from_instance = display_name


class SiteVisitForm(MembersPresentForm):
    MAX_PHOTOS = 10

    visited_on = _past_day_field(
        _("Date of visit"), _("The date of a visit cannot be in the future.")
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )
    photos = MultipleImageField(label=_("Photos"), required=False)

    def clean_photos(self):
        photos = self.cleaned_data.get("photos") or []
        if len(photos) > self.MAX_PHOTOS:
            raise forms.ValidationError(
                _("Attach at most %(count)s photos.") % {"count": self.MAX_PHOTOS}
            )
        # Checked by content and re-encoded under a generated name (craftsreg.images); the first
        # bad photo names itself so the member knows which one to replace.
        checked = []
        for photo in photos:
            try:
                checked.append(validate_and_reencode(photo))
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("%(name)s: %(problem)s")
                    % {"name": photo.name[:80], "problem": " ".join(error.messages)}
                ) from None
        return checked


def _decision_field(label, choices):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)


def _decision_reason_field(help_text, **options):
    return _reason_field(_("Reason"), required=False, help_text=help_text, **options)


class NominationDecisionForm(forms.Form):
    """A decision on one nomination of a list after the initial evaluation (the chair's
    shortlist, a governorate committee's recommendation): which nomination (a hidden id), the
    choice between two ways (``_decision_field``), and a reason (``_decision_reason_field``),
    which the service requires when the decision goes against the initial scores."""

    nomination = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ShortlistForm(NominationDecisionForm):
    RECOMMEND = "recommend"
    REJECT = "reject"

    decision = _decision_field(
        _("Decision"),
        [(RECOMMEND, _("Recommend to the final")), (REJECT, _("Do not recommend"))],
    )
    reason = _decision_reason_field(
        _("Required when the decision goes against the initial scores."), rows=2
    )


class StageForm(forms.Form):
    to = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    # The service refuses the move without it; the dashboard lists what is incomplete above it.
    confirm = forms.BooleanField(
        label=_("I have read what is still incomplete and confirm the move."), required=False
    )


class AssignmentForm(forms.Form):
    """The chair's assignment matrix: checkbox values are "<juror id>-<nomination id>"."""

    pairs = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, jurors, finalists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairs"].choices = [
            (f"{j.pk}-{n.pk}", f"{j.pk}-{n.pk}") for n in finalists for j in jurors
        ]

    def cleaned_pairs(self) -> set[tuple[int, int]]:
        return {tuple(int(x) for x in value.split("-")) for value in self.cleaned_data["pairs"]}


class ApprovalForm(forms.Form):
    """Places 1..N of one category, each a choice among its scored finalists."""

    reason = forms.CharField(
        label=_(
            "Reason (required when the order differs from the computed ranking or settles a tie)"
        ),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, category, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.category = category
        scored = [row for row in rows if row.aggregate is not None]
        self.places = min(category.places, len(scored))
        choices = [("", "—")] + [
            (
                str(row.nomination.pk),
                f"{row.rank}. {row.nomination.title} — {row.nomination.artisan.name}",
            )
            for row in scored
        ]
        for place in range(1, self.places + 1):
            self.fields[f"place_{place}"] = forms.TypedChoiceField(
                label=_("Place %(place)s") % {"place": place},
                choices=choices,
                coerce=int,
                initial=scored[place - 1].nomination.pk,
            )

    def place_fields(self):
        return [self[f"place_{p}"] for p in range(1, self.places + 1)]

    def clean(self):
        cleaned = super().clean()
        order = [cleaned.get(f"place_{p}") for p in range(1, self.places + 1)]
        if None not in order and len(set(order)) != len(order):
            raise forms.ValidationError(_("A nomination can hold only one place."))
        cleaned["order"] = order
        return cleaned


class CategoryForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=None, empty_label=None)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class AggregationForm(forms.Form):
    aggregation = forms.ChoiceField(label=_("Aggregation method"), choices=Aggregation.choices)
    show_normalised = forms.BooleanField(
        label=_("Show judge-severity normalisation"), required=False
    )


class StepBackForm(forms.Form):
    reason = _reason_field(_("Reason for moving the edition back"), rows=2)


class CommitteeConfirmForm(forms.Form):
    committee = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RecommendationForm(NominationDecisionForm):
    QUALIFY = "qualify"
    NOT_QUALIFY = "not"

    recommendation = _decision_field(
        _("Recommendation"),
        [(QUALIFY, _("Qualifies for the final")), (NOT_QUALIFY, _("Does not qualify"))],
    )
    # A one-line answer in the committee's table (not a text area).
    reason = _decision_reason_field(
        _("Required when the recommendation departs from the committee's scores."),
        widget=forms.TextInput,
    )


class SignOffForm(MembersPresentForm):
    met_on = _past_day_field(
        _("Date of the meeting"), _("The date of the meeting cannot be in the future.")
    )
    minutes = forms.CharField(
        label=_("Minutes"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )


class JudgingFilterForm(forms.Form):
    """The judging home's status filter (?status=…); anything else shows every row."""

    STATUSES = [
        (NOT_STARTED, _("To score")),
        (SheetStatus.DRAFT, _("Draft")),
        (SheetStatus.SUBMITTED, _("Submitted")),
        (CONFLICT, _("Conflict declared")),
    ]
    status = forms.ChoiceField(choices=STATUSES, required=False)

    def chosen(self) -> str | None:
        return (self.cleaned_data.get("status") or None) if self.is_valid() else None
