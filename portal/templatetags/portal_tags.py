from django import template

from portal import navigation
from portal.access import is_portal_user

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_menu(context) -> list[dict]:
    """The portal's menu for the signed-in account (empty for anyone else)."""
    request = context.get("request")
    if request is None or not is_portal_user(request.user):
        return []
    return navigation.menu(request, request.user._portal_account)


@register.filter
def phone(value: str) -> str:
    """ "+968 9123 4567": a stored number grouped for reading."""
    from craftsreg.phones import format_phone

    return format_phone(value)


@register.filter
def ltr(value) -> str:
    """A number like "2017-003074" isolated left to right inside a sentence of either language
    (Unicode isolates, so it works in plain-text e-mails too): in Arabic it would read
    "003074-2017"."""
    return f"\u2066{value}\u2069"
