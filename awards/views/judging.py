"""Screens of committee members and jurors: their list, the score sheet, conflicts, visits."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from awards import permissions, reports, services
from awards.forms import ConflictForm, JudgingFilterForm, ScoreSheetForm, SiteVisitForm
from awards.models import (
    CommitteeKind,
    Criterion,
    ScoreSheet,
    ScoringStage,
    SiteVisit,
)
from awards.results import sheet_total
from awards.views.base import AwardLoginRequired, call_service


class JudgingHomeView(AwardLoginRequired, TemplateView):
    template_name = "awards/judging_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        status = JudgingFilterForm(self.request.GET).chosen()
        context["status"] = status
        sections = reports.judging_home(user, status)
        for section in sections:
            counts = section["counts"]
            section["all_count"] = sum(counts.values())
            section["filters"] = [
                (value, label, counts[value]) for value, label in JudgingFilterForm.STATUSES
            ]
        context["sections"] = sections
        context["memberships"] = reports.member_overview(user)
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
        # An empty criterion is not a zero: until every one is scored the total is "incomplete".
        empty = sum(1 for c in self.criteria if scores.get(c.pk) is None)
        context.update(
            form=form,
            sheet=self.sheet,
            criteria=self.criteria,
            saved_total=saved_total,
            empty_criteria=empty,
            next_nomination=reports.next_to_score(self.request.user, self.nomination),
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
        ok, sheet = call_service(
            request,
            services.score_sheet_save,
            form=form,
            judge=request.user,
            nomination=self.nomination,
            values=form.values(),
            comment=form.cleaned_data["comment"],
            submit=form.submitting,
        )
        if not ok:
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
        if (
            form.is_valid()
            and call_service(
                request,
                services.conflict_declare,
                form=form,
                judge=request.user,
                nomination=nomination,
                reason=form.cleaned_data["reason"],
            )[0]
        ):
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
        if (
            form.is_valid()
            and call_service(
                request,
                services.site_visit_record,
                form=form,
                nomination=self.nomination,
                by=request.user,
                visited_on=form.cleaned_data["visited_on"],
                members=form.cleaned_data["members_present"],
                notes=form.cleaned_data["notes"],
                photos=form.cleaned_data["photos"],
            )[0]
        ):
            messages.success(request, _("The visit has been recorded."))
            return redirect("awards:score", number=self.kwargs["number"], pk=self.nomination.pk)
        return self._render(form, status=400)
