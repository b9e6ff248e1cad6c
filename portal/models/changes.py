"""What a linked artisan asks the registry from the portal: changes to their record (phone,
workshop address, crafts, photo) and a renewed or replacement craft card.

A registrar of the artisan's governorate decides each request in the admin (portal/admin_changes
.py): an approved change is written through the artisan's normal save path — the optimistic
lock, ``full_clean`` and a history entry "changed from portal request N" — and a card request
is met with the cards app's own services. One request of each kind may be open per artisan at a
time (a database constraint), so two taps on "send" never queue the same change twice.
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from craftsreg.fields import (
    choices_constraint,
    optional_foreign_key,
    protected_fk,
    status_field,
    user_reference,
)
from craftsreg.files import upload_path
from craftsreg.phones import PhoneField, format_phone
from craftsreg.requests import DecidedRequest, decline_has_reason_constraint


class ChangeKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    ADDRESS = "address", _("Workshop address")
    CRAFTS = "crafts", _("Crafts")
    PHOTO = "photo", _("Photo")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the registrar")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RequestQuerySet(models.QuerySet):
    def of_artisan(self, artisan):
        return self.filter(artisan=artisan)

    def pending(self):
        return self.filter(status=RequestStatus.PENDING)

    def in_governorate(self, governorate):
        return self.filter(artisan__governorate=governorate)


class ArtisanRequest(DecidedRequest):
    """Abstract: what every request a linked artisan sends from the portal has — its status, the
    note for the registrar, and the decision (craftsreg.requests.DecidedRequest). Each concrete
    request names its artisan and requester itself (their reverse names differ), adds its
    ``kind`` and what it is about, and keeps its own history."""

    status = status_field(RequestStatus, default=RequestStatus.PENDING, max_length=10)
    note = models.TextField(
        _("note for the registrar"), blank=True, validators=[MaxLengthValidator(1000)]
    )

    objects = RequestQuerySet.as_manager()

    class Meta(DecidedRequest.Meta):
        abstract = True
        constraints = [
            choices_constraint("status", RequestStatus, name="%(class)s_status_valid"),
            decline_has_reason_constraint("%(class)s_decline_has_reason"),
        ]

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING


def one_pending_constraint(fields: list[str], name: str, message) -> models.UniqueConstraint:
    """At most one pending request per ``fields``: two taps on "send" never queue the same
    request twice (``message`` is what the artisan reads if they try)."""
    return models.UniqueConstraint(
        fields=fields,
        condition=Q(status="pending"),
        name=name,
        violation_error_message=message,
    )


def _change_photo_path(instance, filename):
    return upload_path("portal/change-requests", filename)


class ChangeRequest(ArtisanRequest):
    """A change an artisan asks for, with what the record held when they asked."""

    artisan = protected_fk("artisans.Artisan", _("artisan"), related_name="change_requests")
    requested_by = user_reference(_("requested by"), related_name="portal_change_requests")
    kind = models.CharField(_("what changes"), max_length=8, choices=ChangeKind.choices)
    # The proposal: only the fields of ``kind`` are filled.
    phone = PhoneField(_("new phone"), blank=True)
    wilayat = optional_foreign_key(
        "artisans.Wilayat", related_name="+", verbose_name=_("new wilayat")
    )
    workshop_address = models.TextField(
        _("new workshop address"), blank=True, validators=[MaxLengthValidator(500)]
    )
    primary_craft = optional_foreign_key(
        "artisans.Craft", related_name="+", verbose_name=_("new primary craft")
    )
    other_crafts = models.ManyToManyField(
        "artisans.Craft", blank=True, related_name="+", verbose_name=_("new other crafts")
    )
    # Re-encoded by craftsreg.images; served only to the artisan and the registrars who may
    # see the request (never from MEDIA_URL).
    photo = models.FileField(_("new photo"), upload_to=_change_photo_path, blank=True)
    # What the record held when the artisan asked, as the artisan read it (shown beside the
    # proposal), and the record's version then.
    current = models.JSONField(_("record when asked"), default=dict, editable=False)
    seen_version = models.PositiveIntegerField(_("record version when asked"), editable=False)
    history = HistoricalRecords(m2m_fields=[other_crafts])

    class Meta(ArtisanRequest.Meta):
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        constraints = [
            *ArtisanRequest.Meta.constraints,
            one_pending_constraint(
                ["artisan", "kind"],
                "changerequest_one_open_per_kind",
                _("You already have a request for this change waiting for the registrar."),
            ),
            choices_constraint("kind", ChangeKind, name="changerequest_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind="phone") | ~Q(phone=""), name="changerequest_phone_given"
            ),
            models.CheckConstraint(
                condition=~Q(kind="address") | Q(wilayat__isnull=False),
                name="changerequest_address_given",
            ),
            models.CheckConstraint(
                condition=~Q(kind="crafts") | Q(primary_craft__isnull=False),
                name="changerequest_crafts_given",
            ),
            models.CheckConstraint(
                condition=~Q(kind="photo") | ~Q(photo=""), name="changerequest_photo_given"
            ),
        ]

    def __str__(self) -> str:
        return gettext("Change request %(number)s") % {"number": self.pk}

    def proposed(self) -> list[tuple[str, str]]:
        """(label, value) of what is asked for, as people read it."""
        if self.kind == ChangeKind.PHONE:
            return [(gettext("Phone"), format_phone(self.phone))]
        if self.kind == ChangeKind.ADDRESS:
            return [
                (gettext("Wilayat"), self.wilayat.name if self.wilayat else "—"),
                (gettext("Workshop address"), self.workshop_address or "—"),
            ]
        if self.kind == ChangeKind.CRAFTS:
            others = ", ".join(c.name for c in self.other_crafts.all()) or "—"
            return [
                (gettext("Primary craft"), self.primary_craft.name if self.primary_craft else "—"),
                (gettext("Other crafts"), others),
            ]
        return [(gettext("Photo"), gettext("A new photo (see below)"))]

    def current_values(self) -> list[tuple[str, str]]:
        """(label, value) of what the record held when asked, in the same order."""
        from artisans.models import Craft, Wilayat

        held = self.current or {}
        if self.kind == ChangeKind.PHONE:
            return [(gettext("Phone"), format_phone(held.get("phone") or "") or "—")]
        if self.kind == ChangeKind.ADDRESS:
            wilayat = Wilayat.objects.filter(pk=held.get("wilayat")).first()
            return [
                (gettext("Wilayat"), wilayat.name if wilayat else "—"),
                (gettext("Workshop address"), held.get("workshop_address") or "—"),
            ]
        if self.kind == ChangeKind.CRAFTS:
            crafts = Craft.objects.in_bulk(
                [held.get("primary_craft"), *held.get("other_crafts", [])]
            )
            primary = crafts.get(held.get("primary_craft"))
            others = [crafts[pk].name for pk in held.get("other_crafts", []) if pk in crafts]
            return [
                (gettext("Primary craft"), primary.name if primary else "—"),
                (gettext("Other crafts"), ", ".join(others) or "—"),
            ]
        return [(gettext("Photo"), gettext("A photo is on record") if held.get("photo") else "—")]


class CardRequestKind(models.TextChoices):
    RENEWAL = "renewal", _("Renew my card")
    LOST = "lost", _("Replace a lost or damaged card")
    ISSUE = "issue", _("Issue a card (I hold no current card)")


class CardRequest(ArtisanRequest):
    """An artisan's request for a renewed, replacement or first craft card."""

    artisan = protected_fk("artisans.Artisan", _("artisan"), related_name="card_requests")
    requested_by = user_reference(_("requested by"), related_name="portal_card_requests")
    kind = models.CharField(_("request"), max_length=8, choices=CardRequestKind.choices)
    # The card the artisan held when asking (none for a first card) and the card issued.
    card = optional_foreign_key(
        "cards.ArtisanCard", related_name="+", verbose_name=_("card held"), editable=False
    )
    issued_card = optional_foreign_key(
        "cards.ArtisanCard", related_name="+", verbose_name=_("card issued"), editable=False
    )
    history = HistoricalRecords()

    class Meta(ArtisanRequest.Meta):
        verbose_name = _("card request")
        verbose_name_plural = _("card requests")
        constraints = [
            *ArtisanRequest.Meta.constraints,
            one_pending_constraint(
                ["artisan"],
                "cardrequest_one_open",
                _("You already have a card request waiting for the registrar."),
            ),
            choices_constraint("kind", CardRequestKind, name="cardrequest_kind_valid"),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(issued_card__isnull=False),
                name="cardrequest_approved_has_card",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Card request %(number)s") % {"number": self.pk}
