"""Staff roles of the registry, as Django groups (created by a data migration).

Registrar: adds, changes and views artisans, runs imports and exports; never deletes.
Viewer: views and exports only. Reference data (governorates, wilayats, crafts) is changed by
superusers only.
"""

from craftsreg import roles

REGISTRAR = "Registrar"
VIEWER = "Viewer"

ROLE_PERMISSIONS = {
    REGISTRAR: [
        ("artisans", "artisan", ["add", "change", "view"]),
        ("artisans", "governorate", ["view"]),
        ("artisans", "wilayat", ["view"]),
        ("artisans", "craft", ["view"]),
        ("artisans", "craftgroup", ["view"]),
    ],
    VIEWER: [
        ("artisans", "artisan", ["view"]),
        ("artisans", "governorate", ["view"]),
        ("artisans", "wilayat", ["view"]),
        ("artisans", "craft", ["view"]),
        ("artisans", "craftgroup", ["view"]),
    ],
}


def sync_roles(group_model, permission_model):
    """Give each of this app's roles exactly its permissions; safe to run again."""
    roles.sync_roles(ROLE_PERMISSIONS, group_model, permission_model)
