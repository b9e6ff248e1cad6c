"""Committees, their members, jury assignments and site visits."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models.base import InitialDecision
from awards.models.edition import Edition, ScoringStage
from awards.models.nomination import Nomination, Thumbnailed, nomination_reference
from craftsreg.fields import optional_foreign_key, text_required, user_reference


class CommitteeKind(models.TextChoices):
    INITIAL = "initial", _("Initial evaluation committee")
    JURY = "jury", _("Jury (final judging)")
    MAIN = "main", _("Main committee")

    @classmethod
    def scoring_in(cls, stage: str | None) -> "CommitteeKind | None":
        """The committee that scores in ``stage`` (a ScoringStage); None outside scoring."""
        return {ScoringStage.INITIAL: cls.INITIAL, ScoringStage.FINAL: cls.JURY}.get(stage)


class Committee(models.Model):
    """Initial committees belong to one governorate; each edition has one jury and one main
    committee. The chair of the main committee is the award chair for that edition."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="committees", verbose_name=_("edition")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=CommitteeKind.choices)
    # Initial committees only (the constraint below).
    governorate = optional_foreign_key(
        "artisans.Governorate", related_name="award_committees", verbose_name=_("governorate")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CommitteeMembership",
        related_name="award_committees",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["edition", "kind", "governorate__code"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=CommitteeKind.INITIAL) & Q(governorate__isnull=False))
                | (~Q(kind=CommitteeKind.INITIAL) & Q(governorate__isnull=True)),
                name="committee_governorate_only_for_initial",
                violation_error_message=_(
                    "An initial committee needs a governorate; the jury and the main committee "
                    "have none."
                ),
            ),
            models.UniqueConstraint(
                fields=["edition", "governorate"],
                condition=Q(kind=CommitteeKind.INITIAL),
                name="committee_one_initial_per_governorate",
                violation_error_message=_("This governorate already has an initial committee."),
            ),
            models.UniqueConstraint(
                fields=["edition", "kind"],
                condition=~Q(kind=CommitteeKind.INITIAL),
                name="committee_one_jury_and_main",
                violation_error_message=_("This edition already has a committee of this kind."),
            ),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        if self.governorate_id:
            label = f"{label} — {self.governorate.name}"
        return f"{self.edition.number}: {label}"


# The change reason of the entries that started the record with the members of the day
# (migration awards/0010, which spells it out itself, as migrations must).
MEMBERS_WHEN_RECORDED = "Member when the record of changes began"


class CommitteeMembership(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("committee")
    )
    user = user_reference(_("member"), related_name="award_memberships")
    is_chair = models.BooleanField(_("chairs the committee"), default=False)
    # Who sat on a committee, and who put them there, is part of every decision it made: each
    # addition, change of chair and removal is kept (shown on the committee's admin page).
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-is_chair", "user__username"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(is_chair=True),
                name="membership_one_chair",
                violation_error_message=_("This committee already has a chair."),
            ),
        ]

    def __str__(self) -> str:
        from awards.people import display_name

        return f"{self.committee}: {display_name(self.user)}"

    def clean(self):
        from awards.people import has_display_names

        # Minutes, dashboards and reports name members in Arabic and English, never by login.
        if self.user_id and not has_display_names(self.user):
            raise ValidationError(
                {
                    "user": _(
                        "Give this person Arabic and English display names (Users → profile) "
                        "before adding them to a committee or the jury."
                    )
                }
            )


class JuryAssignment(models.Model):
    """Optional: once the chair assigns any juror of an edition, jurors see assigned finalists
    only; without assignments every juror judges every finalist."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    juror = user_reference(related_name="award_assignments")

    class Meta:
        verbose_name = _("jury assignment")
        verbose_name_plural = _("jury assignments")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "juror"], name="assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.juror} → {self.nomination_id}"


class SiteVisit(models.Model):
    nomination = nomination_reference("visits", on_delete=models.CASCADE)
    stage = models.CharField(_("stage"), max_length=8, choices=ScoringStage.choices)
    visited_on = models.DateField(_("date of visit"))
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="award_visits", verbose_name=_("members present")
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = user_reference(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[members_present])

    class Meta:
        ordering = ["nomination", "visited_on", "pk"]
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")

    def __str__(self) -> str:
        return f"{self.nomination_id} {self.visited_on}"


class SiteVisitPhoto(Thumbnailed):
    visit = models.ForeignKey(
        SiteVisit, on_delete=models.CASCADE, related_name="photos", verbose_name=_("visit")
    )

    url_name = "awards:visit_photo"

    class Meta:
        ordering = ["visit", "pk"]
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")

    def upload_folder(self) -> str:
        return f"visits/{self.visit_id}"

    @property
    def caption(self) -> str:
        return gettext("Photo of the visit on %(day)s") % {
            "day": date_format(self.visit.visited_on, "DATE_FORMAT")
        }


class CommitteeRecommendation(InitialDecision):
    """A governorate committee's recommendation on one of its nominations: qualify it for the
    final judging or not. A recommendation against the committee's own scores gives a reason."""

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("committee"),
    )
    nomination = nomination_reference("committee_recommendation", one_to_one=True)
    qualify = models.BooleanField(_("qualifies for the final judging"))
    recorded_by = user_reference()
    recorded_at = models.DateTimeField(_("recorded"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "nomination"]
        verbose_name = _("committee recommendation")
        verbose_name_plural = _("committee recommendations")

    def __str__(self) -> str:
        return f"{self.committee_id}: {self.nomination_id} {self.qualify}"


class CommitteeSignOff(models.Model):
    """A governorate committee signs off its list of recommendations with its minutes; after
    that the list is closed and the award staff/chair confirm the finalists from it."""

    committee = models.OneToOneField(
        Committee, on_delete=models.PROTECT, related_name="sign_off", verbose_name=_("committee")
    )
    met_on = models.DateField(_("date of the meeting"))
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("members present")
    )
    minutes = models.TextField(_("minutes"), max_length=8000)
    signed_by = user_reference()
    signed_at = models.DateTimeField(_("signed off"))

    history = HistoricalRecords(m2m_fields=[members_present])

    class Meta:
        verbose_name = _("committee sign-off")
        verbose_name_plural = _("committee sign-offs")
        constraints = [
            text_required("sign_off_minutes_required", "minutes"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.met_on}"


class ResultAssent(models.Model):
    """A main committee member's assent to the edition's approved results (before the chair
    announces them)."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="assents", verbose_name=_("edition")
    )
    member = user_reference(_("member"), related_name="award_assents")
    at = models.DateTimeField(_("assented"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["edition", "at"]
        verbose_name = _("main committee assent")
        verbose_name_plural = _("main committee assents")
        constraints = [
            models.UniqueConstraint(fields=["edition", "member"], name="assent_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.edition_id}: {self.member_id}"
