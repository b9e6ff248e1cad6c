"""What the registry's roles may do with the portal's applications (added to the roles that
artisans/roles.py declares, by a data migration).

Registrar: sees the applications of their governorate (all, for headquarters registrars) and
decides them: approve, ask for changes, reject. Viewer: sees them. Which applications a
limited registrar sees is the governorate scope (artisans.permissions), as for artisans.
"""

from artisans.roles import REGISTRAR, VIEWER
from craftsreg import roles

ROLE_PERMISSIONS = {
    REGISTRAR: [("portal", "application", ["view", "decide"])],
    VIEWER: [("portal", "application", ["view"])],
}


def sync_roles(group_model, permission_model):
    """Add the portal's permissions to the roles; safe to run again."""
    roles.grant_roles(ROLE_PERMISSIONS, group_model, permission_model)
