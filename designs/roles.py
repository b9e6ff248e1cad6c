"""The "Design officers" group (created by a data migration).

Design officers run the design unit's register: batches, designs and their images, and the
product kinds and materials lists. They never delete designs or batches (a design leaves the
register by being withdrawn, which keeps its history); they may remove a wrong image. They may
look artisans up by name or registration number to name one as a design's creator or holder
(the admin's autocomplete only: no artisan list or record, so no civil number or phone).
"""

from craftsreg import roles

DESIGN_OFFICERS = "Design officers"

ROLE_PERMISSIONS = {
    DESIGN_OFFICERS: [
        ("designs", "depositbatch", ["add", "change", "view"]),
        ("designs", "design", ["add", "change", "view"]),
        ("designs", "designimage", ["add", "change", "delete", "view"]),
        ("designs", "productkind", ["add", "change", "view"]),
        ("designs", "material", ["add", "change", "view"]),
        ("designs", "locarnoclass", ["view"]),
        ("artisans", "artisan", ["lookup"]),
        ("artisans", "craft", ["view"]),
    ],
}


def sync_roles(group_model, permission_model):
    """Give each of this app's roles exactly its permissions; safe to run again."""
    roles.sync_roles(ROLE_PERMISSIONS, group_model, permission_model)
