"""Staff roles are Django groups, declared by each app in ``<app>/roles.py`` as
``ROLE_PERMISSIONS = {group name: [(app label, model, [actions]), …]}`` and created by a data
migration (``role_migration``); this module does the work for all of them."""

import functools
import importlib

from django.contrib.auth.management import create_permissions
from django.db import migrations


def sync_roles(
    role_permissions: dict, group_model, permission_model, *, missing_ok: bool = False
) -> None:
    """Give each role exactly its permissions; safe to run again.

    ``missing_ok`` is for data migrations: an early role migration runs with today's
    declarations against the models of its own time, so a permission of a model added later
    does not exist yet; the later model's migration runs the roles again (e.g.
    ``awards/0009_award_entries``). Everywhere else an unknown permission is an error."""
    for role, grants in role_permissions.items():
        group, _ = group_model.objects.get_or_create(name=role)
        permissions = []
        for app_label, model, actions in grants:
            for action in actions:
                found = permission_model.objects.filter(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                ).first()
                if found is None and not missing_ok:
                    raise permission_model.DoesNotExist(f"{app_label}.{action}_{model}")
                if found is not None:
                    permissions.append(found)
        group.permissions.set(permissions)


def _create_permissions(apps) -> None:
    """Permissions are normally created after all migrations; make sure they exist now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _roles_operation(roles_module: str, apply, unapply) -> migrations.RunPython:
    """A data-migration operation over a roles module's ``ROLE_PERMISSIONS``: ``apply`` and
    ``unapply`` are called with it and the migration state's Group and Permission models."""

    def call(function, apps):
        function(
            importlib.import_module(roles_module).ROLE_PERMISSIONS,
            apps.get_model("auth", "Group"),
            apps.get_model("auth", "Permission"),
        )

    def forwards(apps, schema_editor):
        _create_permissions(apps)
        call(apply, apps)

    def backwards(apps, schema_editor):
        call(unapply, apps)

    return migrations.RunPython(forwards, backwards)


def _remove_roles(role_permissions: dict, group_model, permission_model) -> None:
    group_model.objects.filter(name__in=list(role_permissions)).delete()


def role_migration(roles_module: str) -> migrations.RunPython:
    """The data-migration operation that creates (and on reverse removes) a module's roles."""
    return _roles_operation(
        roles_module, functools.partial(sync_roles, missing_ok=True), _remove_roles
    )


def grant_roles(role_permissions: dict, group_model, permission_model) -> None:
    """Add permissions to roles another app declared, leaving the rest of each role as it is.

    For an app that extends a role (the portal gives Registrars its applications): the role's
    own app keeps declaring, and syncing, the role's core.
    """
    for role, grants in role_permissions.items():
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.add(
            *(
                permission_model.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                )
                for app_label, model, actions in grants
                for action in actions
            )
        )


def _take_back_grants(role_permissions: dict, group_model, permission_model) -> None:
    for role, grants in role_permissions.items():
        group = group_model.objects.filter(name=role).first()
        if group is None:
            continue
        for app_label, model, actions in grants:
            group.permissions.remove(
                *permission_model.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


def grant_migration(roles_module: str) -> migrations.RunPython:
    """The data-migration operation that adds (and on reverse takes back) a module's grants."""
    return _roles_operation(roles_module, grant_roles, _take_back_grants)
