"""Whose data a portal page shows: written once, here.

Every portal view gets the account and the artisan from the signed-in user — never from an id
in the URL or the form — so one person can never open another's record, application or entry by
changing a number. An object that belongs to someone else is looked up through the user's own
account (``Application.objects.of_account(account)``) and is a plain 404 otherwise.
"""

from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode

from portal.models import ArtisanAccount


def is_portal_user(user) -> bool:
    """A signed-in person with a portal account (never staff: those sign in to the admin)."""
    if not user.is_authenticated or user.is_staff or user.is_superuser:
        return False
    # Asked on every request by the two-factor middleware: once per user object.
    if not hasattr(user, "_portal_account"):
        user._portal_account = (
            ArtisanAccount.objects.select_related("artisan").filter(user=user).first()
        )
    return user._portal_account is not None


def portal_account(request) -> ArtisanAccount:
    """The signed-in user's own portal account; 404 for anyone without one."""
    if not is_portal_user(request.user):
        raise Http404("No portal account.")
    return request.user._portal_account


def portal_artisan(request):
    """The signed-in user's own linked artisan; 404 while the account is not linked."""
    account = portal_account(request)
    if account.artisan is None:
        raise Http404("The account is not linked to a registered artisan.")
    return account.artisan


def own_or_404(request, queryset, pk):
    """The object ``pk`` of ``queryset`` (a change or card request, an award entry: anything the
    linked artisan owns, with an ``of_artisan`` QuerySet method) if it is the signed-in artisan's
    own; anyone else's is the same 404 as one that does not exist. For ``artisan_required`` views.
    """
    return get_object_or_404(queryset.of_artisan(request.portal_account.artisan), pk=pk)


def sign_in_url(request) -> str:
    return f"{reverse('portal:sign_in')}?{urlencode({'next': request.get_full_path()})}"


def _gate(*, verified: bool, linked: bool):
    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not is_portal_user(request.user):
                # Staff and judges are signed in, but not as an artisan: the portal's sign-in
                # page says so rather than a bare 404.
                return redirect(sign_in_url(request))
            account = request.user._portal_account
            if verified and not account.email_verified:
                return redirect("portal:verify_email_sent")
            if linked and not account.is_linked:
                return redirect("portal:home")
            request.portal_account = account
            return view(request, *args, **kwargs)

        return guarded

    return decorator


# A signed-in portal user, e-mail verified or not (the "check your e-mail" pages).
account_required = _gate(verified=False, linked=False)
# A portal user whose e-mail is verified: may apply, see applications, link a record.
verified_account_required = _gate(verified=True, linked=False)
# A verified portal user linked to a registered artisan: their own record and what hangs off it.
artisan_required = _gate(verified=True, linked=True)
