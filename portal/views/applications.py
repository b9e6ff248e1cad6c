"""Applying to be registered (/<lang>/apply/)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.access import is_portal_user


@require_safe
def start(request):
    """Who may apply, what to have at hand, and the way in (an account first)."""
    account = request.user._portal_account if is_portal_user(request.user) else None
    return render(request, "portal/apply_start.html", {"account": account})
