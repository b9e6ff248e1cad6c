"""Award roles as Django groups (created by a data migration).

The groups grant Django-admin permissions only. Which editions and nominations a person may
judge or chair is decided by committee membership per edition (``awards.permissions``), so a
person can be a juror in one edition and nothing in the next.

- Award staff: register nominations, photos and committees in the admin; view score sheets;
  review the artisans' entries from the portal (accept as a nomination, or decline).
- Award chair: views everything of the award in the admin (acts in the browser screens).
- Award committee member / Award juror: no admin permissions; the groups name the role.
"""

from craftsreg import roles

AWARD_STAFF = "Award staff"
AWARD_CHAIR = "Award chair"
COMMITTEE_MEMBER = "Award committee member"
JUROR = "Award juror"

_VIEW_ALL = [
    ("awards", model, ["view"])
    for model in (
        "edition",
        "stagetransition",
        "category",
        "criterion",
        "nomination",
        "nominationphoto",
        "committee",
        "committeemembership",
        "juryassignment",
        "sitevisit",
        "sitevisitphoto",
        "scoresheet",
        "score",
        "sheetreopening",
        "conflictofinterest",
        "shortlistdecision",
        "categoryresult",
    )
]

ROLE_PERMISSIONS = {
    AWARD_STAFF: [
        *_VIEW_ALL,
        ("awards", "edition", ["add", "change"]),
        ("awards", "category", ["add", "change"]),
        ("awards", "criterion", ["add", "change"]),
        ("awards", "nomination", ["add", "change"]),
        ("awards", "nominationphoto", ["add", "change", "delete"]),
        ("awards", "committee", ["add", "change"]),
        ("awards", "committeemembership", ["add", "change", "delete"]),
        # Entries from the portal: accepted as nominations or declined (awards/admin.py).
        ("awards", "awardentry", ["view", "change"]),
        ("artisans", "artisan", ["view"]),
    ],
    AWARD_CHAIR: [
        *_VIEW_ALL,
        ("awards", "awardentry", ["view"]),
        ("artisans", "artisan", ["view"]),
    ],
    COMMITTEE_MEMBER: [],
    JUROR: [],
}


def sync_roles(group_model, permission_model):
    """Give each of this app's roles exactly its permissions; safe to run again."""
    roles.sync_roles(ROLE_PERMISSIONS, group_model, permission_model)
