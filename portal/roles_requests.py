"""What the registry's roles may do with artisans' change and card requests from the portal
(added to the roles artisans/roles.py declares, by portal/0003's data migration).

Registrar: sees the requests of their governorate (all, for headquarters registrars) and decides
them. Viewer: sees them. Which requests a limited registrar sees is the governorate scope
(artisans.permissions), as for the artisans themselves.
"""

from artisans.roles import REGISTRAR, VIEWER
from craftsreg import roles

ROLE_PERMISSIONS = {
    REGISTRAR: [
        ("portal", "changerequest", ["view", "change"]),
        ("portal", "cardrequest", ["view", "change"]),
    ],
    VIEWER: [
        ("portal", "changerequest", ["view"]),
        ("portal", "cardrequest", ["view"]),
    ],
}


def sync_roles(group_model, permission_model):
    """Add these permissions to the roles; safe to run again."""
    roles.grant_roles(ROLE_PERMISSIONS, group_model, permission_model)
