"""The "Design officers" group (created by a data migration).

Design officers run the design unit's register: batches, designs and their images, and the
product kinds and materials lists. They never delete designs or batches (a design leaves the
register by being withdrawn, which keeps its history); they may remove a wrong image. They may
look artisans up, read-only, to name an artisan as a design's creator or holder.
"""

DESIGN_OFFICERS = "Design officers"

ROLE_PERMISSIONS = {
    DESIGN_OFFICERS: [
        ("designs", "depositbatch", ["add", "change", "view"]),
        ("designs", "design", ["add", "change", "view"]),
        ("designs", "designimage", ["add", "change", "delete", "view"]),
        ("designs", "productkind", ["add", "change", "view"]),
        ("designs", "material", ["add", "change", "view"]),
        ("designs", "locarnoclass", ["view"]),
        ("artisans", "artisan", ["view"]),
        ("artisans", "craft", ["view"]),
    ],
}


def sync_roles(group_model, permission_model):
    """Give each role exactly its permissions; safe to run again."""
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        permissions = [
            permission_model.objects.get(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            )
            for app_label, model, actions in grants
            for action in actions
        ]
        group.permissions.set(permissions)
