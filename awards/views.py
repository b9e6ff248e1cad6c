"""Award screens. Thin: who may see what is in ``awards.permissions``, writes in
``awards.services``, figures in ``awards.results`` / ``awards.reports``."""

import csv
import io

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from awards import permissions, reports, services
from awards.forms import (
    AggregationForm,
    ApprovalForm,
    AssignmentForm,
    CategoryForm,
    ConflictForm,
    ReopenForm,
    ScoreSheetForm,
    ShortlistForm,
    SiteVisitForm,
    StageForm,
)
from awards.models import (
    Category,
    CategoryResult,
    CommitteeKind,
    CommitteeMembership,
    ConflictOfInterest,
    Criterion,
    Edition,
    JuryAssignment,
    Nomination,
    NominationPhoto,
    ScoreSheet,
    ScoringStage,
    SheetStatus,
    SiteVisit,
    Stage,
)
from awards.results import sheet_total, stage_results
from craftsreg.files import serve_private_file

LOGIN_URL = reverse_lazy("awards:login")


class AwardLoginRequired(LoginRequiredMixin):
    login_url = LOGIN_URL


def _error_messages(error: ValidationError) -> list[str]:
    return list(error.messages)


# --- Sign-in ------------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Committee members, jurors and the chair are not staff, so they sign in here rather than
    in the admin."""

    template_name = "awards/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("awards:judging_home")


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("awards:edition_list")


# --- Public -------------------------------------------------------------------------------------


class EditionListView(ListView):
    template_name = "awards/edition_list.html"
    context_object_name = "editions"

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
    winners = list(
        Nomination.objects.winners(edition)
        .with_registry()
        .prefetch_related(Prefetch("photos", queryset=NominationPhoto.objects.order_by("pk")))
        .order_by("category__position", "category_id", "rank")
    )
    categories = []
    for category in edition.categories.order_by("position", "pk"):
        rows = [w for w in winners if w.category_id == category.pk]
        if rows:
            categories.append((category, rows))
    return categories


# --- Photos ---------------------------------------------------------------------------------------
# Served by the application, not by the web server from MEDIA_ROOT, so that a nomination's photos
# stay private until it is announced as a winner, and visit photos stay private for good.


def nomination_photo(request, pk):
    photo, public = permissions.get_nomination_photo(request.user, pk)
    return serve_private_file(photo.image, public=public)


def visit_photo(request, pk):
    return serve_private_file(permissions.get_visit_photo(request.user, pk).image)


class WinnersView(TemplateView):
    template_name = "awards/winners.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = permissions.get_announced_edition(self.kwargs["number"])
        context.update(edition=edition, categories=_winners(edition))
        return context


class CertificateView(TemplateView):
    template_name = "awards/certificate.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = permissions.get_announced_edition(self.kwargs["number"])
        winner = get_object_or_404(
            Nomination.objects.winners(edition).with_registry(), pk=self.kwargs["pk"]
        )
        approval = CategoryResult.objects.filter(category=winner.category).first()
        context.update(edition=edition, winner=winner, approval=approval)
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
            edition=edition,
            public=public,
            report=reports.transparency(edition, public=public),
        )
        return context


# --- Judging (committee members and jurors) -----------------------------------------------------


class JudgingHomeView(AwardLoginRequired, TemplateView):
    template_name = "awards/judging_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        sections = []
        for edition in permissions.judging_editions(user):
            stage = edition.scoring_stage
            nominations = list(
                permissions.assignable_nominations(user, edition)
                .with_registry()
                .order_by("category__position", "governorate__code", "pk")
            )
            statuses = dict(
                ScoreSheet.objects.filter(
                    judge=user, stage=stage, nomination__in=[n.pk for n in nominations]
                ).values_list("nomination_id", "status")
            )
            conflicts = set(
                ConflictOfInterest.objects.filter(
                    judge=user, nomination__in=[n.pk for n in nominations]
                ).values_list("nomination_id", flat=True)
            )
            rows = []
            for nomination in nominations:
                if nomination.pk in conflicts:
                    status = "conflict"
                else:
                    status = statuses.get(nomination.pk, "not_started")
                rows.append({"nomination": nomination, "status": status})
            counted = [r for r in rows if r["status"] != "conflict"]
            submitted = sum(1 for r in counted if r["status"] == SheetStatus.SUBMITTED)
            sections.append(
                {
                    "edition": edition,
                    "stage": ScoringStage(stage),
                    "rows": rows,
                    "total": len(counted),
                    "submitted": submitted,
                    "drafts": sum(1 for r in counted if r["status"] == SheetStatus.DRAFT),
                    "percent": round(100 * submitted / len(counted)) if counted else 0,
                }
            )
        context["sections"] = sections
        context["chaired"] = list(permissions.chaired_editions(user))
        return context


def _nomination_context(nomination, stage):
    visits = list(
        SiteVisit.objects.filter(nomination=nomination)
        .prefetch_related("members_present", "photos")
        .order_by("visited_on", "pk")
    )
    return {
        "nomination": nomination,
        "edition": nomination.category.edition,
        "photos": list(nomination.photos.all()),
        "visits": visits,
        "stage": ScoringStage(stage),
    }


class ScoreView(AwardLoginRequired, View):
    template_name = "awards/score_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.nomination = None

    def _load(self):
        self.nomination = permissions.get_nomination_for_scoring(
            self.request.user, self.kwargs["number"], self.kwargs["pk"]
        )
        self.stage = self.nomination.category.edition.scoring_stage
        self.criteria = list(Criterion.objects.for_stage(self.nomination.category, self.stage))
        self.sheet = (
            ScoreSheet.objects.filter(
                judge=self.request.user, nomination=self.nomination, stage=self.stage
            )
            .prefetch_related("scores")
            .first()
        )

    def _render(self, form, status=200):
        saved_total = None
        scores = {}
        if self.sheet is not None:
            scores = {s.criterion_id: s.value for s in self.sheet.scores.all()}
            saved_total = sheet_total(scores, self.criteria)
        context = _nomination_context(self.nomination, self.stage)
        context.update(
            form=form,
            sheet=self.sheet,
            criteria=self.criteria,
            saved_total=saved_total,
            weight_sum=sum(c.weight for c in self.criteria),
            score_rows=[(c, scores.get(c.pk)) for c in self.criteria],
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        self._load()
        form = ScoreSheetForm(criteria=self.criteria, sheet=self.sheet)
        return self._render(form)

    def post(self, request, *args, **kwargs):
        self._load()
        form = ScoreSheetForm(request.POST, criteria=self.criteria, sheet=self.sheet)
        if self.sheet is not None and self.sheet.is_submitted:
            messages.error(
                request,
                _(
                    "This score sheet has been submitted and is locked. Only the chair can reopen "
                    "it."
                ),
            )
            return redirect(request.path)
        if not form.is_valid():
            messages.error(request, _("Nothing was saved: correct the errors below."))
            return self._render(form, status=400)
        try:
            sheet = services.score_sheet_save(
                judge=request.user,
                nomination=self.nomination,
                values=form.values(),
                comment=form.cleaned_data["comment"],
                submit=form.submitting,
            )
        except ValidationError as error:
            for message in _error_messages(error):
                form.add_error(None, message)
            messages.error(request, _("Nothing was saved: correct the errors below."))
            self._load()
            return self._render(form, status=400)
        if sheet.is_submitted:
            messages.success(request, _("Your score sheet has been submitted. Thank you."))
        else:
            messages.success(request, _("Draft saved. You can come back and change it."))
        return redirect(request.path)


class ConflictView(AwardLoginRequired, View):
    template_name = "awards/conflict_form.html"

    def _load(self):
        return permissions.get_nomination_for_conflict(
            self.request.user, self.kwargs["number"], self.kwargs["pk"]
        )

    def get(self, request, *args, **kwargs):
        nomination = self._load()
        return render(
            request, self.template_name, {"nomination": nomination, "form": ConflictForm()}
        )

    def post(self, request, *args, **kwargs):
        nomination = self._load()
        form = ConflictForm(request.POST)
        if form.is_valid():
            try:
                services.conflict_declare(
                    judge=request.user, nomination=nomination, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                for message in _error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _(
                        "Your conflict of interest has been recorded; this nomination is no "
                        "longer yours to score."
                    ),
                )
                return redirect("awards:judging_home")
        return render(
            request, self.template_name, {"nomination": nomination, "form": form}, status=400
        )


class VisitView(AwardLoginRequired, View):
    template_name = "awards/visit_form.html"

    def _load(self):
        self.nomination = permissions.get_nomination_for_scoring(
            self.request.user, self.kwargs["number"], self.kwargs["pk"]
        )
        edition = self.nomination.category.edition
        kind = (
            CommitteeKind.INITIAL
            if edition.scoring_stage == ScoringStage.INITIAL
            else CommitteeKind.JURY
        )
        committees = edition.committees.filter(kind=kind)
        if kind == CommitteeKind.INITIAL:
            committees = committees.filter(governorate=self.nomination.governorate)
        self.members = (
            get_user_model()
            .objects.filter(award_memberships__committee__in=committees)
            .distinct()
            .order_by("username")
        )

    def _render(self, form, status=200):
        context = _nomination_context(
            self.nomination, self.nomination.category.edition.scoring_stage
        )
        context["form"] = form
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        self._load()
        form = SiteVisitForm(
            members=self.members,
            initial={"visited_on": timezone.localdate(), "members_present": [request.user.pk]},
        )
        return self._render(form)

    def post(self, request, *args, **kwargs):
        self._load()
        form = SiteVisitForm(request.POST, request.FILES, members=self.members)
        if form.is_valid():
            try:
                services.site_visit_record(
                    nomination=self.nomination,
                    by=request.user,
                    visited_on=form.cleaned_data["visited_on"],
                    members=form.cleaned_data["members_present"],
                    notes=form.cleaned_data["notes"],
                    photos=form.cleaned_data["photos"],
                )
            except ValidationError as error:
                for message in _error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("The visit has been recorded."))
                return redirect("awards:score", number=self.kwargs["number"], pk=self.nomination.pk)
        return self._render(form, status=400)


# --- Chair --------------------------------------------------------------------------------------


class ChairMixin(AwardLoginRequired):
    """Loads ``self.edition`` for the award chair of that edition; 404 for anyone else."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.edition = permissions.get_edition_for_chair(request.user, kwargs["number"])
        return super().dispatch(request, *args, **kwargs)


class DashboardView(ChairMixin, TemplateView):
    template_name = "awards/chair_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.edition
        next_stage = edition.next_stage
        context.update(
            edition=edition,
            board=reports.dashboard(edition),
            next_stage=Stage(next_stage) if next_stage else None,
            stage_problems=services.edition_advance_problems(edition, next_stage)
            if next_stage
            else [],
            transitions=list(edition.transitions.select_related("by")),
            stages=[
                {"value": s.value, "label": s.label, "reached": edition.stage_reached(s)}
                for s in Stage
            ],
            reopen_form=ReopenForm(),
        )
        return context


class StageAdvanceView(ChairMixin, View):
    def post(self, request, *args, **kwargs):
        form = StageForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Unknown stage."))
        else:
            try:
                services.edition_advance(
                    edition=self.edition, to=form.cleaned_data["to"], by=request.user
                )
            except ValidationError as error:
                for message in _error_messages(error):
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _("The edition is now in the stage “%(stage)s”.")
                    % {"stage": Stage(form.cleaned_data["to"]).label},
                )
        return redirect("awards:dashboard", number=self.edition.number)


class ShortlistView(ChairMixin, View):
    def post(self, request, *args, **kwargs):
        form = ShortlistForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a decision for the nomination."))
            return redirect("awards:dashboard", number=self.edition.number)
        nomination = get_object_or_404(
            Nomination.objects.of_edition(self.edition), pk=form.cleaned_data["nomination"]
        )
        rows = [
            row
            for result in stage_results(
                self.edition,
                ScoringStage.INITIAL,
                nominations=Nomination.objects.filter(pk=nomination.pk),
            )
            for row in result.rows
        ]
        total = rows[0].aggregate if rows else None
        try:
            services.shortlist_decide(
                nomination=nomination,
                recommended=form.cleaned_data["decision"] == "recommend",
                reason=form.cleaned_data["reason"],
                by=request.user,
                initial_total=total,
            )
        except ValidationError as error:
            for message in _error_messages(error):
                messages.error(request, f"{nomination.title}: {message}")
        else:
            messages.success(
                request, _("Decision recorded for “%(title)s”.") % {"title": nomination.title}
            )
        return redirect(
            reverse("awards:dashboard", args=[self.edition.number]) + f"#n{nomination.pk}"
        )


class AssignmentView(ChairMixin, TemplateView):
    template_name = "awards/assignments.html"

    def _load(self):
        self.jurors = list(
            CommitteeMembership.objects.filter(
                committee__edition=self.edition, committee__kind=CommitteeKind.JURY
            )
            .select_related("user")
            .order_by("user__username")
        )
        self.finalists = list(
            Nomination.objects.of_edition(self.edition)
            .filter(status="finalist")
            .with_registry()
            .order_by("category__position", "pk")
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        users = [m.user for m in self.jurors]
        existing = set(
            JuryAssignment.objects.filter(nomination__category__edition=self.edition).values_list(
                "juror_id", "nomination_id"
            )
        )
        loads = {u.pk: sum(1 for j, _n in existing if j == u.pk) for u in users}
        rows = [
            {
                "nomination": n,
                "cells": [
                    {"value": f"{u.pk}-{n.pk}", "checked": (u.pk, n.pk) in existing, "user": u}
                    for u in users
                ],
                "count": sum(1 for u in users if (u.pk, n.pk) in existing),
            }
            for n in self.finalists
        ]
        context.update(
            edition=self.edition,
            jurors=[{"user": u, "load": loads[u.pk]} for u in users],
            rows=rows,
            assigned_mode=bool(existing),
            form=form,
            editable=self.edition.stage in (Stage.INITIAL, Stage.FINAL),
        )
        return context

    def get(self, request, *args, **kwargs):
        self._load()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self._load()
        form = AssignmentForm(
            request.POST, jurors=[m.user for m in self.jurors], finalists=self.finalists
        )
        if form.is_valid():
            pairs = set() if "clear" in request.POST else form.cleaned_pairs()
            try:
                services.jury_assign(edition=self.edition, pairs=pairs, by=request.user)
            except ValidationError as error:
                for message in _error_messages(error):
                    messages.error(request, message)
            else:
                messages.success(request, _("Assignments saved."))
                return redirect("awards:assignments", number=self.edition.number)
        else:
            messages.error(request, _("The assignments could not be read; nothing was changed."))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ReopenView(ChairMixin, View):
    def post(self, request, *args, **kwargs):
        sheet = get_object_or_404(
            ScoreSheet.objects.filter(nomination__category__edition=self.edition),
            pk=kwargs["pk"],
        )
        form = ReopenForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the reason for reopening the sheet."))
        else:
            try:
                services.score_sheet_reopen(
                    sheet=sheet, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                for message in _error_messages(error):
                    messages.error(request, message)
            else:
                messages.success(request, _("The sheet is open again for its judge."))
        return redirect(
            reverse("awards:sheets", args=[self.edition.number])
            + f"?category={sheet.nomination.category_id}"
        )


class ResultsView(ChairMixin, TemplateView):
    template_name = "awards/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.edition
        results = stage_results(edition, ScoringStage.FINAL)
        approvals = {
            a.category_id: a
            for a in CategoryResult.objects.filter(category__edition=edition).select_related(
                "approved_by"
            )
        }
        categories = []
        for result in results:
            form = None
            if edition.stage == Stage.REVIEW:
                form = ApprovalForm(
                    category=result.category, rows=result.rows, prefix=f"c{result.category.pk}"
                )
            categories.append(
                {
                    "result": result,
                    "approval": approvals.get(result.category.pk),
                    "form": form,
                    "ties": result.unresolved_ties_within(result.category.places),
                }
            )
        context.update(
            edition=edition,
            categories=categories,
            aggregation_form=AggregationForm(
                initial={
                    "aggregation": edition.aggregation,
                    "show_normalised": edition.show_normalised,
                }
            )
            if edition.stage in (Stage.FINAL, Stage.REVIEW) and not approvals
            else None,
        )
        return context


class SheetsView(ChairMixin, TemplateView):
    """Every counted sheet of one category, with the chair's reopen action."""

    template_name = "awards/sheets.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        categories = Category.objects.filter(edition=self.edition).order_by("position", "pk")
        form = CategoryForm(self.request.GET or None, categories=categories)
        if form.is_bound and not form.is_valid():
            messages.error(self.request, _("Unknown category: showing the first one."))
        category = form.cleaned_data["category"] if form.is_valid() else categories.first()
        if category is None:
            raise Http404
        result = next(
            r for r in stage_results(self.edition, ScoringStage.FINAL) if r.category == category
        )
        for row in result.rows:
            for sheet in row.sheets:
                sheet.ordered_values = [sheet.values.get(c.pk) for c in result.criteria]
        context.update(
            edition=self.edition,
            form=CategoryForm(initial={"category": category}, categories=categories),
            result=result,
            reopenable=self.edition.scoring_stage == ScoringStage.FINAL,
        )
        return context


class AggregationView(ChairMixin, View):
    def post(self, request, *args, **kwargs):
        form = AggregationForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose one of the aggregation methods."))
        else:
            try:
                services.edition_set_aggregation(
                    edition=self.edition,
                    aggregation=form.cleaned_data["aggregation"],
                    show_normalised=form.cleaned_data["show_normalised"],
                    by=request.user,
                )
            except ValidationError as error:
                for message in _error_messages(error):
                    messages.error(request, message)
            else:
                messages.success(request, _("The ranking now uses the method chosen."))
        return redirect("awards:results", number=self.edition.number)


class ApproveView(ChairMixin, View):
    def post(self, request, *args, **kwargs):
        category = get_object_or_404(Category, edition=self.edition, pk=kwargs["category_pk"])
        rows = next(
            (
                r.rows
                for r in stage_results(self.edition, ScoringStage.FINAL)
                if r.category.pk == category.pk
            ),
            [],
        )
        form = ApprovalForm(request.POST, category=category, rows=rows, prefix=f"c{category.pk}")
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, f"{category.name}: {message}")
        else:
            try:
                services.category_approve(
                    category=category,
                    order=form.cleaned_data["order"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ValidationError as error:
                for message in _error_messages(error):
                    messages.error(request, f"{category.name}: {message}")
            else:
                messages.success(
                    request,
                    _("The winners of “%(category)s” are approved.") % {"category": category.name},
                )
        return redirect(reverse("awards:results", args=[self.edition.number]) + f"#c{category.pk}")


def _safe_cell(value):
    """Spreadsheet programs run cells that start with = + - @ as formulas; quote them."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class ExportCsvView(ChairMixin, View):
    def get(self, request, *args, **kwargs):
        buffer = io.StringIO()
        buffer.write("\ufeff")  # so Excel opens the Arabic text as UTF-8
        writer = csv.writer(buffer)
        for row in reports.export_rows(self.edition):
            writer.writerow([_safe_cell(v) for v in row])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="award-{self.edition.number}-score-sheets.csv"'
        )
        return response


class ExportXlsxView(ChairMixin, View):
    def get(self, request, *args, **kwargs):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=f"Edition {self.edition.number}")
        for row in reports.export_rows(self.edition):
            sheet.append([_safe_cell(v) for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="award-{self.edition.number}-score-sheets.xlsx"'
        )
        return response
