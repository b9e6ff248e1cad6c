"""The Sultan Qaboos Award for Craft Excellence (جائزة السلطان قابوس للإجادة الحرفية).

An edition moves through stages (see ``Stage``); governorate committees score nominations in the
initial evaluation, a jury scores the finalists, the main committee's chair approves and announces
the winners. Scores and decisions keep an unchangeable history (django-simple-history).

The models live in one module per part of the process; everything is importable from
``awards.models`` (migrations refer to ``awards.models._photo_path``).
"""

from awards.models.committee import (
    Committee,
    CommitteeKind,
    CommitteeMembership,
    CommitteeRecommendation,
    CommitteeSignOff,
    JuryAssignment,
    ResultAssent,
    SiteVisit,
    SiteVisitPhoto,
)
from awards.models.edition import (
    Aggregation,
    Category,
    Criterion,
    CriterionQuerySet,
    Edition,
    EditionQuerySet,
    ScoringStage,
    Stage,
    StageTransition,
)
from awards.models.entry import (
    OPEN_STATUSES,
    AwardEntry,
    AwardEntryPhoto,
    AwardEntryQuerySet,
    EntryStatus,
    entry_refusals,
)
from awards.models.nomination import (
    FINALIST_STATUSES,
    Nomination,
    NominationPhoto,
    NominationQuerySet,
    NominationStatus,
    _photo_path,
)
from awards.models.scoring import (
    CategoryResult,
    ConflictOfInterest,
    ResultCorrection,
    Score,
    ScoreSheet,
    ScoreSheetQuerySet,
    SheetReopening,
    SheetStatus,
    ShortlistDecision,
)

__all__ = [
    "FINALIST_STATUSES",
    "OPEN_STATUSES",
    "Aggregation",
    "AwardEntry",
    "AwardEntryPhoto",
    "AwardEntryQuerySet",
    "Category",
    "CategoryResult",
    "Committee",
    "CommitteeKind",
    "CommitteeMembership",
    "CommitteeRecommendation",
    "CommitteeSignOff",
    "ConflictOfInterest",
    "Criterion",
    "CriterionQuerySet",
    "Edition",
    "EditionQuerySet",
    "EntryStatus",
    "JuryAssignment",
    "Nomination",
    "NominationPhoto",
    "NominationQuerySet",
    "NominationStatus",
    "ResultAssent",
    "ResultCorrection",
    "Score",
    "ScoreSheet",
    "ScoreSheetQuerySet",
    "ScoringStage",
    "SheetReopening",
    "SheetStatus",
    "ShortlistDecision",
    "SiteVisit",
    "SiteVisitPhoto",
    "Stage",
    "StageTransition",
    "_photo_path",
    "entry_refusals",
]
