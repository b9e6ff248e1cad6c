"""The portal's home page and the artisan's own record (read-only)."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cards.models import ArtisanCard
from portal import navigation
from portal.access import artisan_required, is_portal_user, verified_account_required


@require_safe
def home(request):
    """Anyone: what the portal is, sign in or create an account. A verified account: its
    applications and, once linked, its record and what hangs off it (navigation.HOME_SECTIONS)."""
    if not is_portal_user(request.user):
        return render(
            request,
            "portal/welcome.html",
            {
                "title": _("Artisans' portal"),
                "lead": _(
                    "Apply to be registered as an artisan, follow your application, and see your "
                    "own record in the registry."
                ),
            },
        )
    return _account_home(request)


@verified_account_required
def _account_home(request):
    account = request.portal_account
    return render(
        request,
        "portal/home.html",
        {
            "account": account,
            "sections": navigation.home_sections(request, account),
            "title": _("My portal"),
            "heading": _("Welcome, %(name)s") % {"name": account.name},
        },
    )


@require_safe
@artisan_required
def record(request):
    artisan = (
        type(request.portal_account.artisan)
        .objects.select_related("governorate", "wilayat", "primary_craft")
        .prefetch_related("other_crafts")
        .get(pk=request.portal_account.artisan_id)
    )
    cards = list(ArtisanCard.objects.filter(artisan=artisan).order_by("-sequence")[:5])
    return render(
        request,
        "portal/record.html",
        {
            "artisan": artisan,
            "cards": cards,
            "current_card": next((c for c in cards if c.is_current), None),
            "title": _("My record"),
            "heading": _("My record in the registry"),
            "lead": _(
                "This is what the registry holds about you. To correct something, contact your "
                "governorate's office."
            ),
        },
    )


@require_safe
def privacy(request):
    from django.conf import settings

    return render(
        request,
        "portal/privacy.html",
        {"version": settings.CRAFTSREG_PORTAL_PRIVACY_NOTICE_VERSION, "title": _("Privacy notice")},
    )
