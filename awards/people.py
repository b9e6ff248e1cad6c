"""People as the award names them: by their display name in the page's language, never by the
login name (an account detail, and on a public document a leak)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _


def _profile(user):
    try:
        return user.staff_profile
    except (ObjectDoesNotExist, AttributeError):
        return None


def display_name(user) -> str:
    """``user``'s display name (staff profile), else their full name, else a neutral label.

    Callers that show many people select ``staff_profile`` with the users (no query per person).
    """
    if user is None:
        return ""
    profile = _profile(user)
    if profile is not None and profile.display_name:
        return profile.display_name
    return user.get_full_name() or _("Authority staff member")


def has_display_names(user) -> bool:
    """Committee and jury members need both names: minutes and certificates are bilingual."""
    profile = _profile(user)
    return profile is not None and profile.is_named


def bilingual_names(user) -> tuple[str, str]:
    """``user``'s Arabic and English display names for a bilingual document; empty strings
    when there is no user or no staff profile (the document then names the role alone)."""
    profile = _profile(user) if user is not None else None
    if profile is None:
        return "", ""
    return profile.display_name_ar, profile.display_name_en


def members_of(committees):
    """The users who sit on any of ``committees``, each once, with their staff profiles (to be
    named) and in login-name order (a stable order for checkbox lists)."""
    return (
        get_user_model()
        .objects.filter(award_memberships__committee__in=committees)
        .select_related("staff_profile")
        .distinct()
        .order_by("username")
    )
