"""Award entries: works an artisan enters from the portal while an edition takes nominations.

An entry is the artisan's own submission; award staff review it in the admin and turn it into a
nomination (``awards.services.entry_accept``) or decline it with a reason. The entrant may edit
or withdraw it while it waits for review and the edition is still in its nominations stage; once
staff have decided, it no longer changes. The entrant sees the result of the nomination only
once the edition is announced (``AwardEntry.outcome_for_entrant``); before that, "under
evaluation".
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models.edition import Category
from awards.models.nomination import FINALIST_STATUSES, Nomination, NominationStatus
from awards.models.project_facts import PROJECT_FACTS, ProjectFacts
from craftsreg.fields import (
    choices_constraint,
    protected_fk,
    protected_one_to_one,
    status_field,
    user_reference,
)
from craftsreg.files import upload_path
from craftsreg.requests import DecidedRequest, decline_has_reason_constraint


class EntryStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting review")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ACCEPTED = "accepted", _("Accepted as a nomination")
    DECLINED = "declined", _("Declined")


# An entry in one of these holds the artisan's place in its category: one per category and
# edition. A withdrawn or declined entry does not, so the artisan may enter again.
OPEN_STATUSES = (EntryStatus.SUBMITTED, EntryStatus.ACCEPTED)

# The fields the entrant writes (the portal's form, the services that create and change an
# entry, the admin's page); the project facts are given in the project category only.
ENTRANT_FIELDS = ("craft", "title", "description", *PROJECT_FACTS)


class AwardEntryQuerySet(models.QuerySet):
    def of_artisan(self, artisan):
        return self.filter(artisan=artisan)

    def awaiting_review(self):
        return self.filter(status=EntryStatus.SUBMITTED)

    def holding_a_place(self):
        return self.filter(status__in=OPEN_STATUSES)

    def in_governorate(self, governorate):
        return self.filter(governorate=governorate)

    def for_lists(self):
        return self.select_related(
            "category__edition", "craft", "nomination", "artisan", "governorate"
        )


class AwardEntry(ProjectFacts, DecidedRequest):
    """A work an artisan enters; its project facts (ProjectFacts) in the project category only."""

    category = protected_fk(Category, _("category"), related_name="entries")
    artisan = protected_fk("artisans.Artisan", _("artisan"), related_name="award_entries")
    # The artisan's governorate when the entry was made: decides which governorate-limited
    # staff review it (as a nomination's governorate decides its committee).
    governorate = protected_fk(
        "artisans.Governorate", _("governorate"), editable=False, related_name="award_entries"
    )
    craft = protected_fk("artisans.Craft", _("craft"), related_name="award_entries")
    title = models.CharField(_("title of the work"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    # The language the entrant wrote in: the nomination gets the text in that language's columns.
    language = models.CharField(_("language"), max_length=2, default="ar", editable=False)
    status = status_field(EntryStatus, default=EntryStatus.SUBMITTED, max_length=10)
    submitted_by = user_reference(_("submitted by"), related_name="award_entries", editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # submitted_at, decided_by and decided_at come from DecidedRequest; an entry's decline
    # reason also has a length limit, so it is declared again here.
    decline_reason = models.TextField(
        _("reason for declining"), blank=True, max_length=2000, editable=False
    )
    nomination = protected_one_to_one(
        Nomination, _("nomination"), null=True, blank=True, editable=False, related_name="entry"
    )

    objects = AwardEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(DecidedRequest.Meta):
        verbose_name = _("award entry")
        verbose_name_plural = _("award entries")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "artisan"],
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
                name="awardentry_one_per_artisan_and_category",
                violation_error_message=_(
                    "You have already entered a work in this category of the edition."
                ),
            ),
            choices_constraint("status", EntryStatus, name="awardentry_status_valid"),
            decline_has_reason_constraint("awardentry_decline_has_reason", EntryStatus.DECLINED),
            *ProjectFacts.Meta.constraints,
            # Accepted ⇔ linked to the nomination it became.
            models.CheckConstraint(
                condition=Q(status=EntryStatus.ACCEPTED, nomination__isnull=False)
                | (~Q(status=EntryStatus.ACCEPTED) & Q(nomination__isnull=True)),
                name="awardentry_accepted_has_nomination",
            ),
        ]
        indexes = [models.Index(fields=["status", "governorate"], name="awardentry_status_gov_idx")]

    def __str__(self) -> str:
        return gettext("Entry %(number)s: %(title)s") % {"number": self.pk, "title": self.title}

    @property
    def edition(self):
        return self.category.edition

    @property
    def is_project(self) -> bool:
        return self.category.code == Category.PROJECT

    @property
    def is_pending(self) -> bool:
        """Waiting for award staff's review (craftsreg.requests.DecidedRequest)."""
        return self.status == EntryStatus.SUBMITTED

    @property
    def is_open_to_entrant(self) -> bool:
        """The entrant may still edit or withdraw it: waiting for review, nominations open."""
        return self.is_pending and self.category.edition.takes_entries_on(timezone.localdate())

    def outcome_for_entrant(self) -> str:
        """What the entrant is told about the entry. The nomination's fate (shortlisted or not,
        placed or not) stays "under evaluation" until the edition is announced: the committees'
        and the jury's work is not published before the winners are."""
        if self.status != EntryStatus.ACCEPTED:
            return EntryStatus(self.status).label
        edition = self.category.edition
        if not edition.is_announced:
            return gettext("Accepted as a nomination: under evaluation")
        nomination = self.nomination
        if nomination.status == NominationStatus.WINNER:
            return gettext("Winner: place %(rank)s") % {"rank": nomination.rank}
        if nomination.status in FINALIST_STATUSES:
            return gettext("Finalist (not placed)")
        if nomination.status == NominationStatus.WITHDRAWN:
            return gettext("Nomination withdrawn")
        return gettext("Not shortlisted")

    def clean(self):
        if self.artisan_id and not self.governorate_id:
            self.governorate_id = self.artisan.governorate_id
        facts = [getattr(self, name) for name in PROJECT_FACTS]
        if self.category_id:
            if self.is_project and any(value is None for value in facts):
                raise ValidationError(
                    _(
                        "A craft project gives its facts: the people working in it, the young "
                        "Omanis it trains and its share of Omani raw materials."
                    )
                )
            if not self.is_project and any(value is not None for value in facts):
                raise ValidationError(_("Project facts belong to entries in the project category."))


def years_between(start, end) -> int:
    """Whole years from ``start`` to ``end`` (a birthday-style count)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def entry_refusals(*, artisan, category, entry: AwardEntry | None = None) -> list[str]:
    """Why ``artisan`` may not enter a work in ``category`` now, in the user's language; an
    empty list when they may. Checked before the form is shown and again on submit (the
    service); ``entry`` is the artisan's own entry being edited, which does not count against
    them."""
    from awards.models.edition import Stage

    edition = category.edition
    refusals = []
    today = timezone.localdate()
    if edition.stage != Stage.NOMINATIONS:
        refusals.append(
            gettext(
                "Entries are accepted only while the edition is taking nominations; "
                "%(edition)s is not."
            )
            % {"edition": edition.title}
        )
    elif today < edition.nominations_open:
        refusals.append(
            gettext("Entries to %(edition)s open on %(date)s.")
            % {"edition": edition.title, "date": date_format(edition.nominations_open)}
        )
    elif today > edition.nominations_close:
        refusals.append(
            gettext("Entries to %(edition)s closed on %(date)s.")
            % {"edition": edition.title, "date": date_format(edition.nominations_close)}
        )
    if artisan.status != artisan.Status.ACTIVE or artisan.retired_into_id:
        refusals.append(
            gettext(
                "Your registration is not active. Ask your governorate's craft office to "
                "renew it; then you can enter."
            )
        )
    minimum = edition.minimum_years_registered
    if minimum and years_between(artisan.registered_on, edition.nominations_close) < minimum:
        refusals.append(
            gettext(
                "This edition is open to artisans registered for at least %(years)s years by "
                "%(date)s; you were registered on %(registered)s."
            )
            % {
                "years": minimum,
                "date": edition.nominations_close.isoformat(),
                "registered": artisan.registered_on.isoformat(),
            }
        )
    others = AwardEntry.objects.holding_a_place().filter(category=category, artisan=artisan)
    if entry is not None and entry.pk:
        others = others.exclude(pk=entry.pk)
    if others.exists():
        refusals.append(
            gettext(
                "You have already entered a work in the category “%(category)s” of this "
                "edition: one entry per category."
            )
            % {"category": category.name}
        )
    elif (
        Nomination.objects.filter(category=category, artisan=artisan)
        .exclude(entry__pk=getattr(entry, "pk", None) or 0)
        .exists()
    ):
        refusals.append(
            gettext(
                "You are already nominated in the category “%(category)s” of this edition: one "
                "nomination per category."
            )
            % {"category": category.name}
        )
    return refusals


def _entry_photo_path(instance, filename):
    # Never the uploader's file name: a generated one, keeping only a known image extension.
    return upload_path(f"awards/entries/{instance.entry_id}", filename)


class AwardEntryPhoto(models.Model):
    entry = models.ForeignKey(
        AwardEntry, on_delete=models.CASCADE, related_name="photos", verbose_name=_("entry")
    )
    # Re-encoded by craftsreg.images before it is stored; served only by the entrant's portal
    # page and the admin's scoped view (never from MEDIA_URL).
    image = models.ImageField(_("photo"), upload_to=_entry_photo_path)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["entry", "position", "pk"]
        verbose_name = _("entry photo")
        verbose_name_plural = _("entry photos")

    def __str__(self) -> str:
        return self.image.name
