from django import template

from awards.people import display_name

register = template.Library()


@register.filter
def person(user) -> str:
    """``{{ sheet.judge|person }}``: the display name in the page's language, never the login."""
    return display_name(user)
