"""An artisan's own data, to download from the portal (Personal Data Protection Law, Royal
Decree 6/2022: a person may obtain the data held about them).

Everything the product holds about the signed-in person: the portal account, the registry record
(once linked), registration applications, change and card requests, award entries and craft
cards. Values read as the pages show them (choice labels, dates, "—"). Left out: staff members'
identities (who decided is the Authority's record, not the person's), secrets (verification
tokens, hashed codes) and derived search columns; files are named, not embedded.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _

from craftsreg.history import readable_value

# Columns that are not the person's data, or are secrets.
_LEFT_OUT = {"search_key", "version", "token", "certificate_token", "code_hash", "current"}


def _value(obj, field):
    if isinstance(field, models.ForeignKey):
        related = getattr(obj, field.name)
        return str(related) if related is not None else readable_value(None, None)
    if isinstance(field, models.FileField):
        stored = getattr(obj, field.name)
        return _("a file is on record") if stored else readable_value(None, None)
    return str(readable_value(field, getattr(obj, field.name)))


def _fields(obj):
    for field in obj._meta.concrete_fields:
        if field.name in _LEFT_OUT or field.primary_key:
            continue
        if isinstance(field, models.ForeignKey) and field.related_model._meta.label == (
            settings.AUTH_USER_MODEL
        ):
            continue
        yield field.name, str(field.verbose_name), _value(obj, field)
    for field in obj._meta.many_to_many:
        values = ", ".join(str(item) for item in getattr(obj, field.name).all())
        yield field.name, str(field.verbose_name), values or readable_value(None, None)


def _item(obj) -> dict:
    item = {"id": obj.pk}
    for name, _label, value in _fields(obj):
        item[name] = value
    return item


def personal_data(account) -> dict:
    """Sections of the person's data: {section title: [items]}; each item a dict of values."""
    from awards.models import AwardEntry
    from cards.models import ArtisanCard
    from portal.models import Application, CardRequest, ChangeRequest

    user = account.user
    sections = {
        _("Account"): [
            {
                "email": user.email,
                "date_joined": readable_value(None, user.date_joined),
                "last_login": readable_value(None, user.last_login),
                **{k: v for k, v in _item(account).items() if k != "id"},
            }
        ],
        _("Registration applications"): [
            _item(a) for a in Application.objects.of_account(account).order_by("pk")
        ],
    }
    artisan = account.artisan
    if artisan is not None:
        sections[_("Registry record")] = [_item(artisan)]
        sections[_("Craft cards")] = [
            _item(card) for card in ArtisanCard.objects.filter(artisan=artisan).order_by("sequence")
        ]
        sections[_("Change requests")] = [
            _item(c) for c in ChangeRequest.objects.of_artisan(artisan).order_by("pk")
        ]
        sections[_("Card requests")] = [
            _item(c) for c in CardRequest.objects.of_artisan(artisan).order_by("pk")
        ]
        entries = []
        for entry in AwardEntry.objects.of_artisan(artisan).for_lists().order_by("pk"):
            item = _item(entry)
            # The entrant's view of the outcome: the nomination's fate only once announced.
            item.pop("nomination", None)
            item["outcome"] = entry.outcome_for_entrant()
            item["photos"] = entry.photos.count()
            entries.append(item)
        sections[_("Award entries")] = entries
    return sections


def personal_data_rows(account):
    """The same data as rows (section, item, field, value) for the CSV download."""
    yield [_("Section"), _("Item"), _("Field"), _("Value")]
    for section, items in personal_data(account).items():
        for item in items:
            for field, value in item.items():
                if field == "id":
                    continue
                yield [section, item.get("id", ""), field, value]
