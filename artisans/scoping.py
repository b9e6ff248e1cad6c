"""Governorate scope in the admin, for every ModelAdmin whose rows belong to a governorate (the
artisans themselves, their cards, portal applications and requests, award entries).

The rule itself is ``artisans.permissions.governorate_scope``; this is where an admin applies it.
The site's one object lookup (craftsreg.admin) goes through ``get_queryset``, so scoping the
queryset scopes every page of the admin: another governorate's row is a 404.
"""

from artisans.permissions import governorate_scope


class GovernorateScopedAdmin:
    """On a ModelAdmin (before the admin class): a staff user limited to a governorate sees that
    governorate's rows only. ``governorate_field`` is the lookup from the model to the
    governorate (``"artisan__governorate"`` for what belongs to an artisan).

    ``scoped_choices`` maps a foreign key of the form to the lookup from the model it points to
    to the governorate (``"pk"`` when it points to the governorate itself): its choices are
    limited the same way. The autocomplete widget lists
    only what the related admin shows, but the form field would accept any id posted to it.
    """

    governorate_field = "governorate"
    scoped_choices: dict[str, str] = {}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = governorate_scope(request.user)
        if scope is not None:
            queryset = queryset.filter(**{self.governorate_field: scope})
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        lookup = self.scoped_choices.get(db_field.name)
        scope = governorate_scope(request.user) if lookup else None
        if scope is not None:
            # By id, so that the lookup may also be the governorate's own ("pk").
            related = db_field.related_model._default_manager
            kwargs["queryset"] = related.filter(**{lookup: scope.pk})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
