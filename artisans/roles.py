"""Staff roles of the registry, as Django groups (created by a data migration).

Registrar: adds, changes and views artisans, runs imports and exports; never deletes.
Viewer: views and exports only. Reference data (governorates, wilayats, crafts) is changed by
superusers only.
"""

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
    """Give each role exactly its permissions; safe to run again."""
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        codenames = []
        for app_label, model, actions in grants:
            for action in actions:
                codenames.append((app_label, f"{action}_{model}"))
        permissions = [
            permission_model.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codenames
        ]
        group.permissions.set(permissions)
