"""What the portal's menu and home page hold: the extension points of the portal.

A feature adds its menu entry to ``MENU`` and, if it shows something on the home page, a
``Section`` to ``HOME_SECTIONS`` (a template and a function that gives it its context). Entries
marked ``linked`` are shown only to an account linked to a registered artisan.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    url_name: str
    label: str
    linked: bool = False


@dataclass(frozen=True)
class Section:
    template: str
    # context(request, account) -> dict for the template; None when the section needs nothing.
    context: Callable | None = None
    linked: bool = False


MENU = [
    MenuItem("portal:home", _("My portal")),
    MenuItem("portal:record", _("My record"), linked=True),
    MenuItem("portal:requests", _("My requests"), linked=True),
    MenuItem("portal:award", _("The award"), linked=True),
    MenuItem("portal:my_data", _("My data")),
]


def _applications(request, account):
    from portal.models import Application

    return {
        "applications": list(
            Application.objects.of_account(account).for_list().order_by("-submitted_at", "-pk")
        )
    }


def _record(request, account):
    from cards.models import ArtisanCard

    card = ArtisanCard.objects.filter(artisan=account.artisan).current().first()
    return {"artisan": account.artisan, "card": card}


def _self_service(request, account):
    from awards.models import AwardEntry, Edition, Stage
    from portal.models import CardRequest, ChangeRequest

    artisan = account.artisan
    return {
        "waiting": ChangeRequest.objects.of_artisan(artisan).pending().count()
        + CardRequest.objects.of_artisan(artisan).pending().count(),
        "entries": list(
            AwardEntry.objects.of_artisan(artisan).for_lists().order_by("-submitted_at")[:5]
        ),
        "open_edition": Edition.objects.filter(stage=Stage.NOMINATIONS).order_by("-number").first(),
    }


HOME_SECTIONS = [
    Section("portal/includes/_home_record.html", _record, linked=True),
    Section("portal/includes/_home_self_service.html", _self_service, linked=True),
    Section("portal/includes/_home_applications.html", _applications),
]


def menu(request, account) -> list[dict]:
    linked = account is not None and account.is_linked
    return [
        {"url": reverse(item.url_name), "label": item.label}
        for item in MENU
        if account is not None and (linked or not item.linked)
    ]


def home_sections(request, account) -> list[dict]:
    linked = account.is_linked
    sections = []
    for section in HOME_SECTIONS:
        if section.linked and not linked:
            continue
        context = section.context(request, account) if section.context else {}
        sections.append({"template": section.template, "context": context})
    return sections
