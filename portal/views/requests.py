"""The artisan's change and card requests: ask, follow, withdraw.

Whose requests these are comes from ``portal.access`` (the signed-in user's linked artisan);
a request id in the URL is looked up among that artisan's requests only, so anyone else's is a
404.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from cards.models import ArtisanCard
from craftsreg.files import serve_private_file
from craftsreg.forms_services import call_service_on_form
from portal import services_requests as services
from portal.access import artisan_required, own_or_404
from portal.forms.requests import CardRequestForm, change_form
from portal.models import CardRequest, ChangeKind, ChangeRequest
from portal.views.actions import withdraw_view


def _own_change(request, pk) -> ChangeRequest:
    return own_or_404(
        request,
        ChangeRequest.objects.select_related("wilayat", "primary_craft").prefetch_related(
            "other_crafts"
        ),
        pk,
    )


def _own_card_request(request, pk) -> CardRequest:
    return own_or_404(request, CardRequest.objects, pk)


@require_safe
@artisan_required
def request_list(request):
    artisan = request.portal_account.artisan
    changes = list(
        ChangeRequest.objects.of_artisan(artisan)
        .select_related("wilayat", "primary_craft")
        .prefetch_related("other_crafts")
    )
    card_requests = list(
        CardRequest.objects.of_artisan(artisan).select_related(
            "issued_card__artisan", "card__artisan"
        )
    )
    pending_kinds = {c.kind for c in changes if c.is_pending}
    return render(
        request,
        "portal/requests.html",
        {
            "changes": changes,
            "card_requests": card_requests,
            "kinds": [
                {"value": kind.value, "label": kind.label, "pending": kind.value in pending_kinds}
                for kind in ChangeKind
            ],
            "card_refusals": services.card_request_refusals(artisan),
            "title": _("My requests"),
            "lead": _(
                "Ask your governorate's registrar to change your details or to renew your craft "
                "card. You are told by e-mail when they decide."
            ),
        },
    )


def _submitted(request, form, service, **kwargs):
    """The signed-in artisan's request made from a valid form through ``service``; None when the
    form is invalid or the service refuses (its reasons are then on the form, shown again)."""
    if not form.is_valid():
        return None
    done, made = call_service_on_form(
        form,
        service,
        artisan=request.portal_account.artisan,
        by=request.user,
        **kwargs,
        **form.cleaned_data,
    )
    return made if done else None


@require_http_methods(["GET", "HEAD", "POST"])
@artisan_required
def change_new(request, kind):
    if kind not in ChangeKind.values:
        raise Http404
    artisan = request.portal_account.artisan
    pending = ChangeRequest.objects.of_artisan(artisan).pending().filter(kind=kind).first()
    if request.method == "POST" and pending is None:
        form = change_form(kind, artisan, request.POST, request.FILES)
        change = _submitted(request, form, services.change_request_submit, kind=kind)
        if change is not None:
            messages.success(
                request,
                _("Your request is sent to your governorate's registrar (number %(n)s).")
                % {"n": change.pk},
            )
            return redirect("portal:change_detail", change.pk)
    else:
        form = change_form(kind, artisan)
    return render(
        request,
        "portal/change_form.html",
        {
            "form": form,
            "kind": ChangeKind(kind),
            "pending": pending,
            "title": _("Change: %(kind)s") % {"kind": ChangeKind(kind).label},
            "current": ChangeRequest(
                kind=kind, current=services.snapshot(artisan)
            ).current_values(),
        },
    )


@require_safe
@artisan_required
def change_detail(request, pk):
    change = _own_change(request, pk)
    return render(
        request,
        "portal/change_detail.html",
        {
            "change": change,
            "rows": list(zip(change.current_values(), change.proposed(), strict=True)),
            "title": _("Change request %(number)s") % {"number": change.pk},
        },
    )


change_withdraw = withdraw_view(
    services.change_request_withdraw,
    own=_own_change,
    argument="change",
    done=gettext_lazy("Your request is withdrawn."),
    to="portal:requests",
)


@require_safe
@artisan_required
def change_photo(request, pk):
    change = _own_change(request, pk)
    if not change.photo:
        raise Http404
    return serve_private_file(change.photo)


@require_http_methods(["GET", "HEAD", "POST"])
@artisan_required
def card_new(request):
    artisan = request.portal_account.artisan
    refusals = services.card_request_refusals(artisan)
    if request.method == "POST" and not refusals:
        form = CardRequestForm(request.POST)
        if _submitted(request, form, services.card_request_submit) is not None:
            messages.success(request, _("Your card request is sent to your governorate's office."))
            return redirect("portal:requests")
    else:
        has_card = ArtisanCard.objects.filter(artisan=artisan).current().exists()
        form = CardRequestForm(initial={"kind": "renewal" if has_card else "issue"})
    return render(
        request,
        "portal/card_request_form.html",
        {
            "form": form,
            "refusals": refusals,
            "card": ArtisanCard.objects.filter(artisan=artisan).current().first(),
            "title": _("Renew or replace my craft card"),
        },
    )


card_withdraw = withdraw_view(
    services.card_request_withdraw,
    own=_own_card_request,
    argument="card_request",
    done=gettext_lazy("Your card request is withdrawn."),
    to="portal:requests",
)
