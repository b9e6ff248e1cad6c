"""The artisan's award entries: what is open, whether they may enter (and why not), the entry
form, following an entry, editing or withdrawing it while it waits for review.

Whose entries these are comes from ``portal.access``; an entry id in the URL is looked up among
the signed-in artisan's entries only, so another artisan's entry is a 404.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from awards import services
from awards.models import AwardEntry, Category, Edition, Stage, entry_refusals
from craftsreg.files import serve_private_file
from craftsreg.forms_services import call_service_on_form
from portal.access import artisan_required, own_or_404
from portal.views.actions import withdraw_view


def _own_entry(request, pk) -> AwardEntry:
    return own_or_404(request, AwardEntry.objects.for_lists(), pk)


@require_safe
@artisan_required
def award_home(request):
    artisan = request.portal_account.artisan
    open_categories = [
        {"category": category, "refusals": entry_refusals(artisan=artisan, category=category)}
        for category in Category.objects.filter(edition__stage=Stage.NOMINATIONS)
        .select_related("edition")
        .order_by("-edition__number", "position", "pk")
    ]
    entries = list(
        AwardEntry.objects.of_artisan(artisan)
        .for_lists()
        .prefetch_related("photos")
        .order_by("-submitted_at", "-pk")
    )
    return render(
        request,
        "portal/award_home.html",
        {
            "open_categories": open_categories,
            "editions": Edition.objects.filter(stage=Stage.NOMINATIONS).order_by("-number"),
            "entries": entries,
            "title": _("The Sultan Qaboos Award"),
            "heading": _("The Sultan Qaboos Award for Craft Excellence"),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@artisan_required
def entry_new(request, category_pk):
    from portal.forms.requests import EntryForm

    artisan = request.portal_account.artisan
    category = get_object_or_404(
        Category.objects.select_related("edition"),
        pk=category_pk,
        edition__stage=Stage.NOMINATIONS,
    )
    refusals = entry_refusals(artisan=artisan, category=category)
    if refusals:
        # Explained before any typing: the form is not shown at all.
        return render(
            request,
            "portal/entry_form.html",
            {"category": category, "refusals": refusals, "form": None, "title": _("Enter a work")},
        )
    posted = request.method == "POST"
    form = EntryForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        category=category,
        artisan=artisan,
    )
    if request.method == "POST" and form.is_valid():
        done, entry = call_service_on_form(
            form,
            services.entry_submit,
            artisan=artisan,
            category=category,
            by=request.user,
            photos=form.cleaned_data["photos"],
            **form.entrant_fields(),
        )
        if done:
            messages.success(
                request,
                _("Your entry is submitted (number %(n)s). Award staff will review it.")
                % {"n": entry.pk},
            )
            return redirect("portal:entry_detail", entry.pk)
    return render(
        request,
        "portal/entry_form.html",
        {"category": category, "form": form, "refusals": [], "title": _("Enter a work")},
    )


@require_safe
@artisan_required
def entry_detail(request, pk):
    entry = _own_entry(request, pk)
    return render(
        request,
        "portal/entry_detail.html",
        {"entry": entry, "photos": list(entry.photos.all()), "title": entry.title},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@artisan_required
def entry_edit(request, pk):
    from portal.forms.requests import EntryForm

    entry = _own_entry(request, pk)
    if not entry.is_open_to_entrant:
        messages.error(
            request,
            _("This entry can no longer be changed: it has been reviewed or nominations closed."),
        )
        return redirect("portal:entry_detail", entry.pk)
    posted = request.method == "POST"
    form = EntryForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=entry,
        category=entry.category,
        artisan=entry.artisan,
    )
    if request.method == "POST" and form.is_valid():
        done, _entry = call_service_on_form(
            form,
            services.entry_update,
            entry=entry,
            by=request.user,
            photos=form.cleaned_data["photos"],
            remove_photo_ids=[p.pk for p in form.cleaned_data.get("remove_photos") or []],
            **form.entrant_fields(),
        )
        if done:
            messages.success(request, _("Your entry is changed."))
            return redirect("portal:entry_detail", entry.pk)
    return render(
        request,
        "portal/entry_form.html",
        {
            "category": entry.category,
            "form": form,
            "entry": entry,
            "refusals": [],
            "title": _("Change my entry"),
        },
    )


entry_withdraw = withdraw_view(
    services.entry_withdraw,
    own=_own_entry,
    argument="entry",
    done=gettext_lazy("Your entry is withdrawn."),
    to="portal:award",
)


@require_safe
@artisan_required
def entry_photo(request, pk, photo_pk):
    entry = _own_entry(request, pk)
    photo = entry.photos.filter(pk=photo_pk).first()
    if photo is None:
        raise Http404
    return serve_private_file(photo.image)
