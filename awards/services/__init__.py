"""Writes of the award: every change of stage, score and decision goes through here.

Each function is keyword-only, checks its own rules (the views check who may call it, these
functions check that the action is allowed *now*), validates with ``full_clean()`` and runs in one
transaction. A refused action raises ``ValidationError`` with a message for the user and changes
nothing. One module per part of the process; everything is importable from ``awards.services``.
"""

from awards.services.committees import (
    committee_recommend,
    committee_sign_off,
    decision_against_scores,
    finalists_confirm,
    initial_total,
)
from awards.services.decisions import (
    category_approve,
    edition_set_aggregation,
    jury_assign,
    result_assent,
    result_correct,
    shortlist_decide,
)
from awards.services.entries import (
    entry_accept,
    entry_decline,
    entry_submit,
    entry_update,
    entry_withdraw,
)
from awards.services.scoring import (
    conflict_declare,
    score_sheet_reopen,
    score_sheet_save,
    site_visit_record,
)
from awards.services.stages import (
    CRITERIA_CSV,
    DEFAULT_CATEGORIES,
    assent_count,
    edition_advance,
    edition_advance_incomplete,
    edition_advance_problems,
    edition_setup_defaults,
    edition_step_back,
)

__all__ = [
    "CRITERIA_CSV",
    "DEFAULT_CATEGORIES",
    "assent_count",
    "category_approve",
    "committee_recommend",
    "committee_sign_off",
    "conflict_declare",
    "decision_against_scores",
    "edition_advance",
    "edition_advance_incomplete",
    "edition_advance_problems",
    "edition_set_aggregation",
    "edition_setup_defaults",
    "edition_step_back",
    "entry_accept",
    "entry_decline",
    "entry_submit",
    "entry_update",
    "entry_withdraw",
    "finalists_confirm",
    "initial_total",
    "jury_assign",
    "result_assent",
    "result_correct",
    "score_sheet_reopen",
    "score_sheet_save",
    "shortlist_decide",
    "site_visit_record",
]
