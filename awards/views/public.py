"""Pages anyone may see: the editions, the winners, certificates, the transparency report, and the
sign-in page of committee members, jurors and the chair."""

import json

from django.contrib.auth import views as auth_views
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView
from PIL import Image

from awards import certificates, exports, permissions, reports
from awards.models import (
    CategoryResult,
    CommitteeMembership,
    Edition,
    Nomination,
    NominationPhoto,
    NominationStatus,
    ScoringStage,
)
from craftsreg import tabular, verification
from craftsreg.files import serve_private_file

# --- Sign-in ------------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Committee members, jurors and the chair are not staff, so they sign in here rather than
    in the admin."""

    template_name = "awards/login.html"
    redirect_authenticated_user = True
    extra_context = {
        "title": gettext_lazy("Sign in to judging"),
        "lead": gettext_lazy("For members of the award's committees and jury."),
    }

    def get_default_redirect_url(self):
        # The chair's work is the dashboard of the newest edition they chair; everyone else's
        # is their judging home.
        chaired = permissions.chaired_editions(self.request.user).order_by("-number").first()
        if chaired is not None and not self.request.user.is_superuser:
            return reverse("awards:dashboard", args=[chaired.number])
        return reverse("awards:judging_home")


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("awards:edition_list")


# --- Public -------------------------------------------------------------------------------------


class EditionListView(ListView):
    template_name = "awards/edition_list.html"
    context_object_name = "editions"
    extra_context = {
        "title": gettext_lazy("Sultan Qaboos Award for Craft Excellence"),
        "lead": gettext_lazy(
            "The award honours Omani artisans for excellent craft products and craft projects. "
            "Committees in the governorates visit and evaluate the nominations; a jury judges "
            "the finalists; the main committee announces the winners."
        ),
    }

    def get_queryset(self):
        return Edition.objects.public().order_by("-number")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chaired"] = list(permissions.chaired_editions(self.request.user))
        context["judging"] = (
            self.request.user.is_authenticated
            and CommitteeMembership.objects.filter(user=self.request.user).exists()
        )
        return context


def _winners(edition):
    """Per category: its winners in place order, and its other finalists (who get a
    finalist's certificate)."""
    finalists = list(
        Nomination.objects.finalists(edition)
        .with_registry()
        .prefetch_related(Prefetch("photos", queryset=NominationPhoto.objects.order_by("pk")))
        .order_by("category__position", "category_id", "rank", "title_ar", "pk")
    )
    categories = []
    for category in edition.categories.order_by("position", "pk"):
        rows = [n for n in finalists if n.category_id == category.pk]
        winners = [n for n in rows if n.status == NominationStatus.WINNER]
        if winners:
            others = [n for n in rows if n.status != NominationStatus.WINNER]
            categories.append((category, winners, others))
    return categories


# --- Photos ---------------------------------------------------------------------------------------
# Served by the application, not by the web server from MEDIA_ROOT, so that a nomination's photos
# stay private until it is announced as a winner, and visit photos stay private for good.


def nomination_photo(request, pk):
    photo, public = permissions.get_nomination_photo(request.user, pk)
    return serve_private_file(photo.image, public=public)


def visit_photo(request, pk):
    return serve_private_file(permissions.get_visit_photo(request.user, pk).image)


def _thumbnail(photo, *, public=False):
    try:
        photo.ensure_thumbnail()
    except (OSError, ValueError, Image.DecompressionBombError):
        # The photo itself is missing or unreadable: serve_private_file logs it and answers 404.
        return serve_private_file(photo.image, public=public)
    return serve_private_file(photo.thumbnail, public=public)


def nomination_photo_thumbnail(request, pk):
    photo, public = permissions.get_nomination_photo(request.user, pk)
    return _thumbnail(photo, public=public)


def visit_photo_thumbnail(request, pk):
    return _thumbnail(permissions.get_visit_photo(request.user, pk))


class WinnersView(TemplateView):
    template_name = "awards/winners.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = permissions.get_announced_edition(self.kwargs["number"])
        context.update(
            title=_("Winners — %(title)s") % {"title": edition.title},
            edition=edition,
            categories=_winners(edition),
        )
        return context


class CertificateView(TemplateView):
    template_name = "awards/certificate.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = permissions.get_announced_edition(self.kwargs["number"])
        # Winners and the other finalists of an announced edition have a certificate.
        nomination = get_object_or_404(
            Nomination.objects.finalists(edition).with_registry(), pk=self.kwargs["pk"]
        )
        context.update(
            certificates.certificate_context(
                nomination,
                edition=edition,
                approval=CategoryResult.objects.filter(category=nomination.category).first(),
                chair=certificates.chair_of(edition),
                base_url=verification.public_base_url(self.request),
            )
        )
        # The certificate is the page (no site heading): the title is the browser tab's only.
        context["title"] = f"{_('Certificate')} — {nomination.artisan.name}"
        return context


class TransparencyView(TemplateView):
    """Public once the edition is announced (no judge is named); the chair sees it earlier."""

    template_name = "awards/transparency.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = get_object_or_404(Edition, number=self.kwargs["number"])
        is_chair = permissions.is_chair(self.request.user, edition)
        if not (edition.is_announced or is_chair):
            raise Http404
        public = not is_chair
        context.update(
            title=_("Transparency report — %(title)s") % {"title": edition.title},
            edition=edition,
            public=public,
            report=reports.transparency(edition, public=public),
        )
        return context


class TransparencyTableView(View):
    """The transparency report's ranking table as open data (CSV and JSON twins, as the
    statistics pages offer): the final stage's finalists with what the public page shows of them
    — no judge, no normalisation. Only once the edition is announced: the chair's earlier
    preview of the page has its own download (``RankingCsvView``), so before, a 404 for all."""

    fmt = "csv"

    def get(self, request, number):
        edition = permissions.get_announced_edition(number)
        table = exports.results_table(edition, ScoringStage.FINAL, public=True)
        filename = f"sqa-{edition.number}-results"
        if self.fmt == "json":
            response = HttpResponse(
                json.dumps(table.as_json(), ensure_ascii=False),
                content_type="application/json; charset=utf-8",
            )
        else:
            # Whole, not streamed: one row per finalist.
            response = tabular.csv_response(
                table.csv_rows(), filename=f"{filename}.csv", stream=False
            )
        # Open data, as the statistics downloads.
        response["Access-Control-Allow-Origin"] = "*"
        return response
