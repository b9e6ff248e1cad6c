"""The award chair's screens: dashboard, stage moves, shortlist, jury assignments, sheets and
results. Every view loads its edition through ``ChairMixin`` (404 for anyone but its chair)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from awards import reports, services
from awards.forms import (
    AggregationForm,
    ApprovalForm,
    AssignmentForm,
    CategoryForm,
    CommitteeConfirmForm,
    ReopenForm,
    ShortlistForm,
    StageForm,
    StepBackForm,
)
from awards.models import (
    Category,
    CategoryResult,
    Committee,
    CommitteeKind,
    CommitteeMembership,
    ConflictOfInterest,
    JuryAssignment,
    Nomination,
    NominationStatus,
    ScoreSheet,
    ScoringStage,
    Stage,
)
from awards.results import stage_results
from awards.views.base import ChairAction, ChairMixin
from craftsreg.views import call_service


class DashboardView(ChairMixin, TemplateView):
    template_name = "awards/chair_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.edition
        next_stage = edition.next_stage
        board = reports.dashboard(edition)
        problems = services.edition_advance_problems(edition, next_stage) if next_stage else []
        user = self.request.user
        context.update(
            title=_("Chair dashboard — edition %(number)s") % {"number": edition.number},
            heading=_("Chair dashboard — %(title)s") % {"title": edition.title},
            edition=edition,
            board=board,
            next_stage=Stage(next_stage) if next_stage else None,
            stage_problems=problems,
            incomplete=services.edition_advance_incomplete(edition, board)
            if next_stage and not problems
            else [],
            stage_form=StageForm(initial={"to": next_stage}),
            step_back_form=StepBackForm()
            if user.is_superuser
            and edition.previous_stage
            and not (edition.is_announced or edition.has_approved_results)
            else None,
            previous_stage=Stage(edition.previous_stage) if edition.previous_stage else None,
            transitions=list(edition.transitions.select_related("by__staff_profile")),
            stages=[
                {"value": s.value, "label": s.label, "reached": edition.stage_reached(s)}
                for s in Stage
            ],
            reopen_form=ReopenForm(),
        )
        return context


class StageAdvanceView(ChairAction):
    form_class = StageForm
    invalid_message = gettext_lazy("Unknown stage.")
    service = staticmethod(services.edition_advance)

    def service_arguments(self, form):
        return {
            "edition": self.edition,
            "to": form.cleaned_data["to"],
            "confirmed": form.cleaned_data["confirm"],
        }

    def success_message(self, form, result):
        return _("The edition is now in the stage “%(stage)s”.") % {
            "stage": Stage(form.cleaned_data["to"]).label
        }


class StageBackView(ChairAction):
    """A superuser moves the edition one stage back (the service refuses anyone else)."""

    form_class = StepBackForm
    invalid_message = gettext_lazy("Give the reason for moving the edition back.")
    service = staticmethod(services.edition_step_back)

    def success_message(self, form, edition):
        return _("The edition is back in the stage “%(stage)s”; every sheet was kept.") % {
            "stage": edition.get_stage_display()
        }


class ConfirmFinalistsView(ChairAction):
    """The chair confirms a governorate committee's signed-off list in one step."""

    form_class = CommitteeConfirmForm
    invalid_message = gettext_lazy("Unknown committee.")
    service = staticmethod(services.finalists_confirm)

    def service_arguments(self, form):
        self.committee = get_object_or_404(
            Committee.objects.select_related("governorate"),
            edition=self.edition,
            kind=CommitteeKind.INITIAL,
            pk=form.cleaned_data["committee"],
        )
        return {
            "prefix": self.committee.governorate.name,
            "committee": self.committee,
        }

    def success_message(self, form, count):
        return _("%(count)s decision(s) recorded from the %(governorate)s committee's list.") % {
            "count": count,
            "governorate": self.committee.governorate.name,
        }


class ShortlistView(ChairAction):
    form_class = ShortlistForm
    invalid_message = gettext_lazy("Choose a decision for the nomination.")
    service = staticmethod(services.shortlist_decide)
    nomination = None

    def service_arguments(self, form):
        self.nomination = get_object_or_404(
            Nomination.objects.of_edition(self.edition), pk=form.cleaned_data["nomination"]
        )
        return {
            "prefix": self.nomination.title,
            "nomination": self.nomination,
            "recommended": form.cleaned_data["decision"] == ShortlistForm.RECOMMEND,
            "reason": form.cleaned_data["reason"],
        }

    def success_message(self, form, result):
        return _("Decision recorded for “%(title)s”.") % {"title": self.nomination.title}

    def next_url(self):
        # Back to the decided nomination's row of the dashboard.
        url = super().next_url()
        return f"{url}#n{self.nomination.pk}" if self.nomination else url


class AssignmentView(ChairMixin, TemplateView):
    template_name = "awards/assignments.html"

    def _load(self):
        self.jurors = list(
            CommitteeMembership.objects.filter(
                committee__edition=self.edition, committee__kind=CommitteeKind.JURY
            )
            .select_related("user__staff_profile")
            .order_by("user__username")
        )
        self.finalists = list(
            Nomination.objects.of_edition(self.edition)
            .filter(status=NominationStatus.FINALIST)
            .with_registry()
            .order_by("category__position", "pk")
        )
        self.conflicts = ConflictOfInterest.objects.of_edition(self.edition).pairs()

    def get_context_data(self, form=None, ticked=None, **kwargs):
        """``ticked``: boxes to show instead of the saved assignments (a suggestion, or a
        refused save the chair corrects without ticking everything again)."""
        context = super().get_context_data(**kwargs)
        users = [m.user for m in self.jurors]
        saved = set(
            JuryAssignment.objects.filter(nomination__category__edition=self.edition).values_list(
                "juror_id", "nomination_id"
            )
        )
        ticked = saved if ticked is None else ticked
        minimum = self.edition.minimum_sheets_for(ScoringStage.FINAL)
        rows = []
        for n in self.finalists:
            free = [u for u in users if (u.pk, n.pk) not in self.conflicts]
            count = sum(1 for u in users if (u.pk, n.pk) in ticked)
            rows.append(
                {
                    "nomination": n,
                    "cells": [
                        {
                            "value": f"{u.pk}-{n.pk}",
                            "checked": (u.pk, n.pk) in ticked,
                            "conflict": (u.pk, n.pk) in self.conflicts,
                            "user": u,
                        }
                        for u in users
                    ],
                    "count": count,
                    # Without assignments every juror without a conflict judges it.
                    "short": bool(ticked) and count < min(minimum, len(free)),
                }
            )
        if ticked != saved:
            lead = _("Not saved yet: check the ticked boxes, then save them.")
        elif saved:
            lead = _("Jurors see only the finalists ticked for them.")
        else:
            lead = _(
                "No assignment yet: every juror judges every finalist. Tick boxes to assign "
                "jurors to finalists instead."
            )
        context.update(
            title=_("Jury assignments"),
            lead=lead,
            edition=self.edition,
            jurors=[{"user": u, "load": sum(1 for j, _n in ticked if j == u.pk)} for u in users],
            rows=rows,
            minimum=minimum,
            short=sum(1 for row in rows if row["short"]),
            assigned_mode=bool(ticked),
            form=form,
            editable=self.edition.stage in (Stage.INITIAL, Stage.FINAL),
        )
        return context

    def get(self, request, *args, **kwargs):
        self._load()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self._load()
        if "balance" in request.POST:
            return self.render_to_response(self.get_context_data(ticked=self._balanced()))
        form = AssignmentForm(
            request.POST, jurors=[m.user for m in self.jurors], finalists=self.finalists
        )
        if not form.is_valid():
            messages.error(request, _("The assignments could not be read; nothing was changed."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        pairs = set() if "clear" in request.POST else form.cleaned_pairs()
        if call_service(
            request, services.jury_assign, edition=self.edition, pairs=pairs, by=request.user
        )[0]:
            messages.success(request, _("Assignments saved."))
            return redirect("awards:assignments", number=self.edition.number)
        return self.render_to_response(self.get_context_data(form=form, ticked=pairs), status=400)

    def _balanced(self) -> set[tuple[int, int]]:
        return reports.balanced_assignment(
            [m.user_id for m in self.jurors],
            [n.pk for n in self.finalists],
            per_finalist=self.edition.minimum_sheets_for(ScoringStage.FINAL),
            conflicts=self.conflicts,
        )


class ReopenView(ChairAction):
    form_class = ReopenForm
    invalid_message = gettext_lazy("Give the reason for reopening the sheet.")
    service = staticmethod(services.score_sheet_reopen)
    redirect_name = "awards:sheets"

    def post(self, request, *args, **kwargs):
        self.sheet = get_object_or_404(
            ScoreSheet.objects.filter(nomination__category__edition=self.edition),
            pk=kwargs["pk"],
        )
        return super().post(request, *args, **kwargs)

    def service_arguments(self, form):
        return {"sheet": self.sheet, "reason": form.cleaned_data["reason"]}

    def success_message(self, form, result):
        return _("The sheet is open again for its judge.")

    def next_url(self):
        return f"{super().next_url()}?category={self.sheet.nomination.category_id}"


class ResultsView(ChairMixin, TemplateView):
    template_name = "awards/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.edition
        results = stage_results(edition, ScoringStage.FINAL)
        approvals = {
            a.category_id: a
            for a in CategoryResult.objects.filter(category__edition=edition).select_related(
                "approved_by__staff_profile"
            )
        }
        categories = []
        for result in results:
            form = None
            if edition.stage == Stage.REVIEW and result.category.pk not in approvals:
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
            title=_("Results review — edition %(number)s") % {"number": edition.number},
            heading=_("Results review — %(title)s") % {"title": edition.title},
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
        categories = (
            Category.objects.filter(edition=self.edition)
            .select_related("edition")
            .order_by("position", "pk")
        )
        form = CategoryForm(self.request.GET or None, categories=categories)
        if form.is_bound and not form.is_valid():
            messages.error(self.request, _("Unknown category: showing the first one."))
        category = form.cleaned_data["category"] if form.is_valid() else categories.first()
        if category is None:
            raise Http404
        (result,) = stage_results(self.edition, ScoringStage.FINAL, category=category)
        for row in result.rows:
            for sheet in row.sheets:
                sheet.ordered_values = [sheet.values.get(c.pk) for c in result.criteria]
        context.update(
            title=_("Score sheets — %(name)s") % {"name": result.category.name},
            edition=self.edition,
            form=CategoryForm(initial={"category": category}, categories=categories),
            result=result,
            reopenable=self.edition.scoring_stage == ScoringStage.FINAL,
        )
        return context


class AggregationView(ChairAction):
    form_class = AggregationForm
    invalid_message = gettext_lazy("Choose one of the aggregation methods.")
    service = staticmethod(services.edition_set_aggregation)
    redirect_name = "awards:results"

    def success_message(self, form, result):
        return _("The ranking now uses the method chosen.")


class ApproveView(ChairMixin, View):
    def post(self, request, *args, **kwargs):
        category = get_object_or_404(Category, edition=self.edition, pk=kwargs["category_pk"])
        (result,) = stage_results(self.edition, ScoringStage.FINAL, category=category)
        form = ApprovalForm(
            request.POST, category=category, rows=result.rows, prefix=f"c{category.pk}"
        )
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, f"{category.name}: {message}")
        elif call_service(
            request,
            services.category_approve,
            prefix=category.name,
            category=category,
            order=form.cleaned_data["order"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )[0]:
            messages.success(
                request,
                _("The winners of “%(category)s” are approved.") % {"category": category.name},
            )
        return redirect(reverse("awards:results", args=[self.edition.number]) + f"#c{category.pk}")
