"""Craft cards in the admin.

The card pages hang off the artisan's own admin URL (``/admin/artisans/artisan/<id>/card/``), so
the site's one object lookup (craftsreg.admin) applies the artisan's governorate scope to them
before they run: a Dhofar registrar gets a 404 for a Muscat artisan's card, as for the record.
Viewers print cards; registrars (change permission) issue, renew, replace and revoke them.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from artisans.scoping import GovernorateScopedAdmin
from cards import services
from cards.forms import CardActForm
from cards.models import ArtisanCard
from craftsreg import verification
from craftsreg.access_log import AccessAction, record_access
from craftsreg.admin import HistoryAdmin, ReadOnlyAdmin, admin_link, admin_page, ltr_number
from craftsreg.files import serve_private_file
from craftsreg.views import call_service

# One print file holds at most this many cards: a governorate's worth at a time keeps the
# browser responsive; larger runs are printed per filter.
PRINT_BATCH_MAX = 500


def print_response(request, cards):
    """The print file of ``cards``; each card printed is a read of its holder's personal data,
    recorded per artisan (craftsreg.access_log) so that "who printed this card" is one lookup."""
    response = TemplateResponse(
        request,
        "cards/print.html",
        {"cards": [card_context(request, card) for card in cards]},
    )
    record_access(request, AccessAction.PRINTED_CARD, [card.artisan for card in cards])
    return response


def print_batch(request, cards, none_message: str):
    """One print file of the current cards in ``cards``, or None with a message (none, or more
    than a file holds)."""
    cards = list(
        cards.current()
        .select_related("artisan__governorate", "artisan__wilayat", "artisan__primary_craft")
        .prefetch_related("artisan__other_crafts")
        .order_by("artisan__registration_number")[: PRINT_BATCH_MAX + 1]
    )
    if not cards:
        messages.warning(request, none_message)
        return None
    if len(cards) > PRINT_BATCH_MAX:
        messages.error(
            request,
            gettext(
                "A print file holds at most %(max)s cards: narrow the list with the filters "
                "(a wilayat or a craft) and print again."
            )
            % {"max": PRINT_BATCH_MAX},
        )
        return None
    return print_response(request, cards)


def card_context(request, card) -> dict:
    url = verification.verification_url(request, card.token)
    return {"card": card, "verify_url": url, "qr": verification.qr_svg(url)}


class ArtisanCardsMixin:
    """The card and photo pages of ArtisanAdmin, and its two card actions."""

    def get_urls(self):
        return [
            admin_page(self, "<path:object_id>/card/", self.card_view, "card"),
            admin_page(self, "<path:object_id>/card/print/", self.card_print_view, "card_print"),
            admin_page(self, "<path:object_id>/photo/", self.photo_view, "photo"),
            *super().get_urls(),
        ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_view_permission(request):
            actions["print_cards"] = self._action(ArtisanCardsMixin.print_cards)
        if self.has_change_permission(request):
            actions["issue_cards"] = self._action(ArtisanCardsMixin.issue_cards)
        return actions

    def _action(self, function):
        return (function, function.__name__, function.short_description)

    def _artisan_or_404(self, request, object_id):
        artisan = self.get_object(request, object_id)
        if artisan is None or not self.has_view_permission(request, artisan):
            raise Http404
        return artisan

    @admin.display(description=_("craft card"))
    def craft_card(self, artisan):
        if artisan is None or artisan.pk is None:
            return "—"
        current = artisan.cards.current().first()
        link = reverse("admin:artisans_artisan_card", args=[artisan.pk])
        if current is None:
            return admin_link(link, gettext("No current card"))
        return format_html(
            "{} · {} {}",
            admin_link(link, ltr_number(current.number)),
            gettext("valid until"),
            current.valid_until.isoformat(),
        )

    def card_view(self, request, object_id):
        artisan = self._artisan_or_404(request, object_id)
        can_change = self.has_change_permission(request, artisan)
        if request.method == "POST":
            if not can_change:
                raise PermissionDenied
            return self._card_act(request, artisan)
        cards = list(
            artisan.cards.select_related("issued_by", "handed_over_by").order_by("-sequence")
        )
        current = next((card for card in cards if card.is_current), None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": artisan,
            "artisan": artisan,
            "title": gettext("Craft card of %(name)s") % {"name": artisan.name},
            "cards": cards,
            "current": card_context(request, current) if current else None,
            "can_change": can_change,
            "form": CardActForm(),
            "photo_url": reverse("admin:artisans_artisan_photo", args=[artisan.pk])
            if artisan.photo
            else "",
        }
        return TemplateResponse(request, "admin/cards/card.html", context)

    def _card_act(self, request, artisan):
        form = CardActForm(request.POST)
        back = redirect("admin:artisans_artisan_card", artisan.pk)
        if not form.is_valid():
            messages.error(request, gettext("That is not something that can be done to a card."))
            return back
        act, current = form.cleaned_data["act"], artisan.cards.current().first()

        def perform() -> str:
            if act == "issue":
                card = services.card_issue(artisan=artisan, by=request.user)
                done = gettext("Card %(number)s issued.")
            elif current is None:
                raise ValidationError(gettext("This artisan holds no current card."))
            elif act == "renew":
                card = services.card_renew(card=current, by=request.user)
                done = gettext("Card %(number)s issued; the previous card now reads “replaced”.")
            elif act == "replace":
                card = services.card_replace(card=current, by=request.user)
                done = gettext("Card %(number)s issued; the lost card now reads “replaced”.")
            elif act == "printed":
                services.cards_mark_printed(cards=[current], by=request.user)
                card, done = current, gettext("Card %(number)s is recorded as printed.")
            elif act == "hand_over":
                card = services.card_hand_over(
                    card=current, by=request.user, collected_by=form.cleaned_data["collected_by"]
                )
                done = gettext("Card %(number)s is recorded as handed over.")
            else:
                card = services.card_revoke(
                    card=current, by=request.user, reason=form.cleaned_data["reason"]
                )
                done = gettext("Card %(number)s revoked.")
            return done % {"number": card.number}

        performed, done = call_service(request, perform)
        if performed:
            messages.success(request, done)
        return back

    def card_print_view(self, request, object_id):
        artisan = self._artisan_or_404(request, object_id)
        card = artisan.cards.current().first()
        if card is None:
            messages.error(request, gettext("This artisan holds no current card to print."))
            return redirect("admin:artisans_artisan_card", artisan.pk)
        return self._print(request, [card])

    def photo_view(self, request, object_id):
        artisan = self._artisan_or_404(request, object_id)
        if not artisan.photo:
            raise Http404
        response = serve_private_file(artisan.photo)
        record_access(request, AccessAction.OPENED_PHOTO, artisan)
        return response

    def _print(self, request, cards):
        return print_response(request, cards)

    def print_cards(self, request, queryset):
        cards = ArtisanCard.objects.current().filter(artisan__in=queryset)
        return print_batch(
            request, cards, gettext("None of the selected artisans holds a current card.")
        )

    print_cards.short_description = _("Print the craft cards of the selected artisans")

    def issue_cards(self, request, queryset):
        without_card = queryset.exclude(cards__status=ArtisanCard.Status.CURRENT)
        issued, skipped = services.cards_issue_many(artisans=without_card, by=request.user)
        if issued:
            messages.success(
                request,
                ngettext("%(count)s card issued.", "%(count)s cards issued.", len(issued))
                % {"count": len(issued)},
            )
        for artisan, reason in skipped:
            messages.warning(request, f"{artisan.registration_number}: {reason}")
        if not issued and not skipped:
            messages.info(request, gettext("Every selected artisan already holds a current card."))

    issue_cards.short_description = _("Issue craft cards to the selected artisans without one")


class DeliveryFilter(admin.SimpleListFilter):
    """The print and collection queue: current cards by where they are on their way."""

    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return ArtisanCard.Delivery.choices

    def queryset(self, request, queryset):
        if self.value() == ArtisanCard.Delivery.TO_PRINT:
            return queryset.to_print()
        if self.value() == ArtisanCard.Delivery.READY:
            return queryset.awaiting_collection()
        if self.value() == ArtisanCard.Delivery.HANDED_OVER:
            return queryset.filter(handed_over_on__isnull=False)
        return queryset


@admin.register(ArtisanCard)
class ArtisanCardAdmin(GovernorateScopedAdmin, ReadOnlyAdmin, HistoryAdmin):
    """Cards as a list (who holds which, valid until when); acts happen on the artisan's page."""

    # Whoever may read the artisans register may read its cards (scoped by get_queryset).
    view_permission = "artisans.view_artisan"
    governorate_field = "artisan__governorate"

    list_display = [
        "number_display",
        "artisan",
        "issued_on",
        "valid_until",
        "status",
        "delivery_display",
        "card_page",
    ]
    list_filter = [DeliveryFilter, "status", "issued_on"]
    list_select_related = ["artisan"]
    search_fields = ["=artisan__registration_number"]
    actions = ["print_selected", "mark_printed"]
    fields = [
        "number_display",
        "artisan",
        "issued_on",
        "valid_until",
        "status",
        "status_changed_on",
        "replacement",
        "revocation_reason",
        "replaces",
        "issued_by",
        "printed_on",
        "handed_over_on",
        "handed_over_by",
        "collected_by",
    ]
    readonly_fields = fields

    @admin.display(description=_("card number"), ordering="artisan__registration_number")
    def number_display(self, card):
        return ltr_number(card.number)

    @admin.display(description=_("delivery"))
    def delivery_display(self, card):
        if not card.is_current and not card.handed_over_on:
            return "—"
        return card.get_delivery_display()

    @admin.display(description=_("card page"))
    def card_page(self, card):
        # Where the card is printed, handed over, renewed or revoked: the artisan's card page.
        return admin_link(
            reverse("admin:artisans_artisan_card", args=[card.artisan_id]),
            gettext("Open"),
        )

    def has_deliver_permission(self, request) -> bool:
        # Recording delivery is the registrars' (who issue cards), not the viewers'.
        return request.user.has_perm("artisans.change_artisan")

    @admin.action(description=_("Print the selected cards"))
    def print_selected(self, request, queryset):
        return print_batch(request, queryset, gettext("None of the selected cards is current."))

    @admin.action(description=_("Record the selected cards as printed"), permissions=["deliver"])
    def mark_printed(self, request, queryset):
        marked = services.cards_mark_printed(cards=list(queryset), by=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)s card is recorded as printed.",
                "%(count)s cards are recorded as printed.",
                marked,
            )
            % {"count": marked},
        )
        if skipped := len(queryset) - marked:
            messages.info(
                request,
                ngettext(
                    "%(count)s card was left as it was: already printed, or no longer current.",
                    "%(count)s cards were left as they were: already printed, or no longer "
                    "current.",
                    skipped,
                )
                % {"count": skipped},
            )
