"""Who may see and change which artisans — written once for the admin, its forms and the import.

Staff with a governorate on their staff profile work on that governorate's artisans only; other
staff (and superusers) work on the whole registry.
"""

from artisans.models import Governorate, StaffProfile


def governorate_scope(user) -> Governorate | None:
    """The one governorate ``user`` is limited to, or None for the whole registry."""
    if not user.is_authenticated or user.is_superuser:
        return None
    # Cached on the user object: admin calls this many times per request.
    if not hasattr(user, "_governorate_scope"):
        profile = StaffProfile.objects.select_related("governorate").filter(user=user).first()
        user._governorate_scope = profile.governorate if profile else None
    return user._governorate_scope
