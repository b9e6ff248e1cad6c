"""The portal's models: accounts and linking (accounts.py), registration applications
(applications.py); change requests, card renewals and award entries live in their own modules."""

from portal.models.accounts import ArtisanAccount, LinkCode, LinkCodeQuerySet
from portal.models.applications import (
    Application,
    ApplicationEvent,
    ApplicationQuerySet,
    ApplicationStatus,
)
from portal.models.changes import (
    CardRequest,
    CardRequestKind,
    ChangeKind,
    ChangeRequest,
    RequestQuerySet,
    RequestStatus,
)

__all__ = [
    "Application",
    "ApplicationEvent",
    "ApplicationQuerySet",
    "ApplicationStatus",
    "ArtisanAccount",
    "CardRequest",
    "CardRequestKind",
    "ChangeKind",
    "ChangeRequest",
    "LinkCode",
    "LinkCodeQuerySet",
    "RequestQuerySet",
    "RequestStatus",
]
