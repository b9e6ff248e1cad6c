"""Who may see and do what in the award — written once, used by every view and service.

Roles are per edition and come from committee membership (admin → Committees):
- an **initial-committee member** scores and visits the nominations of their committee's
  governorate while the edition is in the initial evaluation;
- a **juror** (member of the edition's jury) scores and visits the finalists (all of them, or the
  ones the chair assigned) while the edition is in final judging;
- the **award chair** chairs the edition's main committee: dashboard, shortlist, assignments,
  reopening sheets, results review, approval, stage moves, exports; a superuser may do the same.

Everything a user may not see raises Http404, never 403, so the existence of a nomination, a
score or an unannounced result does not leak. The award groups created by the data migration
(``awards.roles``) only grant Django-admin permissions to staff; they open no browser screen.
"""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from artisans.permissions import governorate_scope
from awards.models import (
    Committee,
    CommitteeKind,
    CommitteeMembership,
    ConflictOfInterest,
    Edition,
    JuryAssignment,
    Nomination,
    NominationPhoto,
    NominationStatus,
    ScoringStage,
    SiteVisitPhoto,
    Stage,
)


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_superuser(user) -> bool:
    """Corrections of approved results and moving an edition back are a superuser's alone."""
    return _authenticated(user) and user.is_superuser


def is_chair(user, edition: Edition) -> bool:
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    return CommitteeMembership.objects.filter(
        user=user, is_chair=True, committee__edition=edition, committee__kind=CommitteeKind.MAIN
    ).exists()


def _main_committee_editions(user, *, as_chair: bool):
    """Editions whose main committee the user sits on, as its chair or as another member."""
    return Edition.objects.filter(
        committees__kind=CommitteeKind.MAIN,
        committees__memberships__user=user,
        committees__memberships__is_chair=as_chair,
    ).distinct()


def chaired_editions(user):
    """Editions whose chair dashboard the user may open."""
    if not _authenticated(user):
        return Edition.objects.none()
    if user.is_superuser:
        return Edition.objects.all()
    return _main_committee_editions(user, as_chair=True)


def get_edition_for_chair(user, number) -> Edition:
    edition = get_object_or_404(Edition, number=number)
    if not is_chair(user, edition):
        raise Http404
    return edition


def initial_governorate_ids(user, edition: Edition) -> set[int]:
    if not _authenticated(user):
        return set()
    return set(
        Committee.objects.filter(
            edition=edition, kind=CommitteeKind.INITIAL, memberships__user=user
        ).values_list("governorate_id", flat=True)
    )


def is_juror(user, edition: Edition) -> bool:
    if not _authenticated(user):
        return False
    return Committee.objects.filter(
        edition=edition, kind=CommitteeKind.JURY, memberships__user=user
    ).exists()


def is_committee_member(user, committee: Committee) -> bool:
    if not _authenticated(user):
        return False
    return CommitteeMembership.objects.filter(committee=committee, user=user).exists()


def get_committee_for_member(user, number, pk) -> Committee:
    """A governorate committee's page: for its members, and for the edition's chair (who
    confirms the finalists from it); 404 for anyone else or before the initial evaluation."""
    if not _authenticated(user):
        raise Http404
    committee = get_object_or_404(
        Committee.objects.select_related("edition", "governorate"),
        pk=pk,
        edition__number=number,
        kind=CommitteeKind.INITIAL,
    )
    if not committee.edition.stage_reached(Stage.INITIAL):
        raise Http404
    if not (is_committee_member(user, committee) or is_chair(user, committee.edition)):
        raise Http404
    return committee


def member_committees(user):
    """Initial committees the user sits on, of editions in the initial evaluation or later."""
    if not _authenticated(user):
        return Committee.objects.none()
    return (
        Committee.objects.filter(kind=CommitteeKind.INITIAL, memberships__user=user)
        .exclude(edition__stage__in=[Stage.DRAFT, Stage.NOMINATIONS])
        .select_related("edition", "governorate")
        .order_by("-edition__number", "governorate__code")
    )


def is_main_member(user, edition: Edition) -> bool:
    """A member of the edition's main committee other than its chair (whose approval is the
    chair's own act): they assent to the results before the announcement."""
    if not _authenticated(user):
        return False
    return CommitteeMembership.objects.filter(
        user=user, committee__edition=edition, committee__kind=CommitteeKind.MAIN, is_chair=False
    ).exists()


def assenting_editions(user):
    """Editions in the results review whose main committee the user sits on (not as chair)."""
    if not _authenticated(user):
        return Edition.objects.none()
    return _main_committee_editions(user, as_chair=False).filter(stage=Stage.REVIEW)


def get_edition_for_assent(user, number) -> Edition:
    edition = get_object_or_404(Edition, number=number)
    if not (is_main_member(user, edition) or is_chair(user, edition)):
        raise Http404
    return edition


def assignable_nominations(user, edition: Edition):
    """Nominations the user is to score in the edition's open stage, conflicts included (the
    judge sees them listed as "conflict" but cannot open them). Empty outside scoring stages."""
    stage = edition.scoring_stage
    if stage == ScoringStage.INITIAL:
        governorates = initial_governorate_ids(user, edition)
        if not governorates:
            return Nomination.objects.none()
        return Nomination.objects.of_edition(edition).filter(
            governorate_id__in=governorates, status=NominationStatus.SUBMITTED
        )
    if stage == ScoringStage.FINAL:
        if not is_juror(user, edition):
            return Nomination.objects.none()
        finalists = Nomination.objects.of_edition(edition).filter(status=NominationStatus.FINALIST)
        if JuryAssignment.objects.filter(nomination__category__edition=edition).exists():
            finalists = finalists.filter(assignments__juror=user)
        return finalists
    return Nomination.objects.none()


def scorable_nominations(user, edition: Edition):
    """What the user may open, score and visit now: assigned and free of a declared conflict."""
    conflicts = ConflictOfInterest.objects.filter(judge=user, nomination=OuterRef("pk"))
    return assignable_nominations(user, edition).exclude(Exists(conflicts))


def _judged_nomination_or_404(user, number, pk, nominations) -> Nomination:
    """Nomination ``pk`` of edition ``number`` if it is among ``nominations(user, edition)``;
    404 otherwise (for anonymous users too)."""
    if not _authenticated(user):
        raise Http404
    edition = get_object_or_404(Edition, number=number)
    nomination = nominations(user, edition).filter(pk=pk).first()
    if nomination is None:
        raise Http404
    return nomination


def get_nomination_for_scoring(user, number, pk) -> Nomination:
    """The nomination if the user may score it in the open stage; 404 otherwise."""
    return _judged_nomination_or_404(
        user,
        number,
        pk,
        lambda user, edition: (
            scorable_nominations(user, edition).with_registry().select_related("category__edition")
        ),
    )


def get_nomination_for_conflict(user, number, pk) -> Nomination:
    """A judge may declare a conflict on anything assigned to them, once."""
    return _judged_nomination_or_404(user, number, pk, assignable_nominations)


def judging_editions(user):
    """Editions in a scoring stage in which the user holds the committee of that stage."""
    if not _authenticated(user):
        return Edition.objects.none()
    return (
        Edition.objects.filter(
            Q(stage=Stage.INITIAL, committees__kind=CommitteeKind.INITIAL)
            | Q(stage=Stage.FINAL, committees__kind=CommitteeKind.JURY),
            committees__memberships__user=user,
        )
        .distinct()
        .order_by("-number")
    )


def get_announced_edition(number) -> Edition:
    """Public results exist only once the edition is announced; before, a 404."""
    edition = get_object_or_404(Edition, number=number)
    if not edition.is_announced:
        raise Http404
    return edition


def _may_see_nomination_files(user, nomination: Nomination) -> bool:
    """The chair, award staff in the admin, and whoever may open the nomination to score it."""
    if not _authenticated(user):
        return False
    edition = nomination.category.edition
    if user.is_staff and user.has_perm("awards.view_nomination"):
        # As in the admin: staff limited to a governorate see that governorate's files only.
        scope = governorate_scope(user)
        if scope is None or scope.pk == nomination.governorate_id:
            return True
    if is_chair(user, edition):
        return True
    return assignable_nominations(user, edition).filter(pk=nomination.pk).exists()


def get_nomination_photo(user, pk) -> tuple[NominationPhoto, bool]:
    """A nomination photo and whether it is public (an announced winner's); 404 otherwise."""
    photo = get_object_or_404(
        NominationPhoto.objects.select_related("nomination__category__edition"), pk=pk
    )
    nomination = photo.nomination
    if nomination.category.edition.is_announced and nomination.status == NominationStatus.WINNER:
        return photo, True
    if _may_see_nomination_files(user, nomination):
        return photo, False
    raise Http404


def get_visit_photo(user, pk) -> SiteVisitPhoto:
    """Visit photos are the committees' working papers: never public."""
    photo = get_object_or_404(
        SiteVisitPhoto.objects.select_related("visit__nomination__category__edition"), pk=pk
    )
    if _may_see_nomination_files(user, photo.visit.nomination):
        return photo
    raise Http404


def may_export_results(user, edition: Edition) -> bool:
    """The score sheets export names every judge's marks: the results as the chair sees them.
    Only the chair (and superusers) see them — before the announcement and after it, since the
    public report never names a judge. Checked when the export is asked for and again when the
    background job runs (a chair replaced meanwhile gets nothing)."""
    return is_chair(user, edition)


def may_print_certificates(user, edition: Edition) -> bool:
    """The edition's certificates printed as one file (awards.tasks).

    Once announced, the certificates are public one by one; award staff (staff allowed to change
    editions: they prepare the ceremony), the chair and superusers print them in a batch. Before
    the announcement the certificates name results that are not yet public: only the chair and
    superusers, who may see the results then, may print them (their QR codes verify from the
    announcement on).
    """
    if not _authenticated(user):
        return False
    if is_chair(user, edition):
        return True
    return edition.is_announced and user.is_staff and user.has_perm("awards.change_edition")


def get_edition_for_certificates(user, pk) -> Edition:
    """The edition whose certificates the user may print as one file; 404 otherwise."""
    edition = get_object_or_404(Edition, pk=pk)
    if not may_print_certificates(user, edition):
        raise Http404
    return edition
