"""Screens of committee members and jurors: their list, the score sheet, conflicts, visits."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from awards import permissions, reports, services
from awards.forms import (
    ConflictForm,
    JudgingFilterForm,
    RecommendationForm,
    ScoreSheetForm,
    SignOffForm,
    SiteVisitForm,
)
from awards.models import (
    CommitteeKind,
    CommitteeRecommendation,
    CommitteeSignOff,
    Criterion,
    Nomination,
    NominationStatus,
    ResultAssent,
    ScoreSheet,
    ScoringStage,
    SiteVisit,
    Stage,
)
from awards.people import members_of
from awards.results import sheet_total, stage_results
from awards.views.base import AwardLoginRequired, submit_form
from craftsreg.views import call_service


class JudgingHomeView(AwardLoginRequired, TemplateView):
    template_name = "awards/judging_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        status = JudgingFilterForm(self.request.GET).chosen()
        context["title"] = _("My judging")
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
        context["committees"] = list(permissions.member_committees(user).select_related("sign_off"))
        context["assenting"] = list(permissions.assenting_editions(user))
        return context


def _nomination_context(nomination, stage):
    visits = list(
        SiteVisit.objects.filter(nomination=nomination)
        .prefetch_related("members_present__staff_profile", "photos")
        .order_by("visited_on", "pk")
    )
    edition = nomination.category.edition
    return {
        "nomination": nomination,
        "edition": edition,
        "deadline": edition.deadline(stage),
        "days_left": edition.days_to_deadline(stage),
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
            title=_("Score: %(title)s") % {"title": self.nomination.title},
            heading=_("Score sheet — %(stage)s") % {"stage": ScoringStage(self.stage).label},
            subtitle=context["edition"].title,
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
    title = gettext_lazy("Declare a conflict of interest")

    def _load(self):
        return permissions.get_nomination_for_conflict(
            self.request.user, self.kwargs["number"], self.kwargs["pk"]
        )

    def get(self, request, *args, **kwargs):
        nomination = self._load()
        return render(
            request,
            self.template_name,
            {"nomination": nomination, "form": ConflictForm(), "title": self.title},
        )

    def post(self, request, *args, **kwargs):
        nomination = self._load()
        form = ConflictForm(request.POST)
        if submit_form(
            request, form, services.conflict_declare, judge=request.user, nomination=nomination
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
            request,
            self.template_name,
            {"nomination": nomination, "form": form, "title": self.title},
            status=400,
        )


class VisitView(AwardLoginRequired, View):
    template_name = "awards/visit_form.html"

    def _load(self):
        self.nomination = permissions.get_nomination_for_scoring(
            self.request.user, self.kwargs["number"], self.kwargs["pk"]
        )
        edition = self.nomination.category.edition
        kind = CommitteeKind.scoring_in(edition.scoring_stage)
        committees = edition.committees.filter(kind=kind)
        if kind == CommitteeKind.INITIAL:
            committees = committees.filter(governorate=self.nomination.governorate)
        self.members = members_of(committees)

    def _render(self, form, status=200):
        context = _nomination_context(
            self.nomination, self.nomination.category.edition.scoring_stage
        )
        context["form"] = form
        context["title"] = _("Record a site visit")
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
        if submit_form(
            request,
            form,
            services.site_visit_record,
            nomination=self.nomination,
            by=request.user,
        ):
            messages.success(request, _("The visit has been recorded."))
            return redirect("awards:score", number=self.kwargs["number"], pk=self.nomination.pk)
        return self._render(form, status=400)


class CommitteeView(AwardLoginRequired, View):
    """A governorate committee's list: each nomination's initial scores and the committee's
    recommendation, then the sign-off with minutes. Members act; the chair reads."""

    template_name = "awards/committee.html"

    def _load(self):
        self.committee = permissions.get_committee_for_member(
            self.request.user, self.kwargs["number"], self.kwargs["pk"]
        )
        self.edition = self.committee.edition
        self.is_member = permissions.is_committee_member(self.request.user, self.committee)
        self.members = members_of([self.committee])

    def _render(self, sign_off_form=None, status=200):
        committee = self.committee
        sign_off = (
            CommitteeSignOff.objects.filter(committee=committee)
            .select_related("signed_by__staff_profile")
            .prefetch_related("members_present__staff_profile")
            .first()
        )
        nominations = (
            Nomination.objects.of_edition(self.edition)
            .filter(governorate=committee.governorate)
            .exclude(status=NominationStatus.WITHDRAWN)
        )
        recommendations = {
            r.nomination_id: r for r in CommitteeRecommendation.objects.filter(committee=committee)
        }
        categories = [
            {
                "category": result.category,
                "rows": [
                    {
                        "result": row,
                        "recommendation": recommendations.get(row.nomination.pk),
                        "against": services.decision_against_scores(
                            self.edition,
                            recommendations[row.nomination.pk].qualify,
                            row.aggregate,
                        )
                        if row.nomination.pk in recommendations
                        else False,
                    }
                    for row in result.rows
                ],
            }
            for result in stage_results(
                self.edition, ScoringStage.INITIAL, nominations=nominations, include_names=False
            )
            if result.rows
        ]
        editable = self.is_member and self.edition.stage == Stage.INITIAL and sign_off is None
        if sign_off_form is None and editable:
            sign_off_form = SignOffForm(
                members=self.members,
                initial={
                    "met_on": timezone.localdate(),
                    "members_present": [m.pk for m in self.members],
                },
            )
        governorate = committee.governorate.name
        context = {
            "title": _("%(governorate)s committee — recommendations")
            % {"governorate": governorate},
            "heading": _("%(governorate)s initial evaluation committee")
            % {"governorate": governorate},
            "subtitle": self.edition.title,
            "committee": committee,
            "edition": self.edition,
            "categories": categories,
            "sign_off": sign_off,
            "editable": editable,
            "sign_off_form": sign_off_form,
            "members": list(self.members),
            "missing": sum(
                1 for block in categories for row in block["rows"] if not row["recommendation"]
            ),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        self._load()
        return self._render()

    def post(self, request, *args, **kwargs):
        self._load()
        if not self.is_member:
            raise Http404
        if request.POST.get("action") == "sign_off":
            form = SignOffForm(request.POST, members=self.members)
            if submit_form(
                request,
                form,
                services.committee_sign_off,
                committee=self.committee,
                by=request.user,
            ):
                messages.success(request, _("The committee's list is signed off."))
                return redirect(request.path)
            messages.error(request, _("The list was not signed off: correct the errors below."))
            return self._render(sign_off_form=form, status=400)
        form = RecommendationForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a recommendation for the nomination."))
            return redirect(request.path)
        nomination = get_object_or_404(
            Nomination.objects.of_edition(self.edition), pk=form.cleaned_data["nomination"]
        )
        if call_service(
            request,
            services.committee_recommend,
            prefix=nomination.title,
            committee=self.committee,
            nomination=nomination,
            qualify=form.cleaned_data["recommendation"] == RecommendationForm.QUALIFY,
            reason=form.cleaned_data["reason"],
            by=request.user,
        )[0]:
            messages.success(
                request,
                _("Recommendation recorded for “%(title)s”.") % {"title": nomination.title},
            )
        return redirect(f"{request.path}#n{nomination.pk}")


class AssentView(AwardLoginRequired, View):
    """Main committee members read the approved results and assent to them."""

    template_name = "awards/assent.html"

    def _context(self):
        edition = permissions.get_edition_for_assent(self.request.user, self.kwargs["number"])
        needed, given = services.assent_count(edition)
        winners = list(
            Nomination.objects.winners(edition)
            .with_registry()
            .order_by("category__position", "rank")
        )
        return {
            "title": _("Results of edition %(number)s — main committee")
            % {"number": edition.number},
            "heading": _("Approved results — %(title)s") % {"title": edition.title},
            "edition": edition,
            "categories": [
                (category, [n for n in winners if n.category_id == category.pk])
                for category in edition.categories.order_by("position", "pk")
            ],
            "assents": list(
                ResultAssent.objects.filter(edition=edition).select_related("member__staff_profile")
            ),
            "mine": ResultAssent.objects.filter(edition=edition, member=self.request.user).exists(),
            "is_member": permissions.is_main_member(self.request.user, edition),
            "needed": needed,
            "given": given,
        }

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, self._context())

    def post(self, request, *args, **kwargs):
        context = self._context()
        ok, _assent = call_service(
            request, services.result_assent, edition=context["edition"], by=request.user
        )
        if ok:
            messages.success(request, _("Your assent to the results has been recorded."))
        return redirect(request.path)
