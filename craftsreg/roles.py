"""Staff roles are Django groups, declared by each app in ``<app>/roles.py`` as
``ROLE_PERMISSIONS = {group name: [(app label, model, [actions]), …]}`` and created by a data
migration (``role_migration``); this module does the work for all of them."""

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


def role_migration(roles_module: str) -> migrations.RunPython:
    """The data-migration operation that creates (and on reverse removes) a module's roles."""

    def create(apps, schema_editor):
        # Permissions are normally created after all migrations; make sure they exist now.
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
        module = importlib.import_module(roles_module)
        sync_roles(
            module.ROLE_PERMISSIONS,
            apps.get_model("auth", "Group"),
            apps.get_model("auth", "Permission"),
            missing_ok=True,
        )

    def remove(apps, schema_editor):
        module = importlib.import_module(roles_module)
        apps.get_model("auth", "Group").objects.filter(
            name__in=list(module.ROLE_PERMISSIONS)
        ).delete()

    return migrations.RunPython(create, remove)


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


def grant_migration(roles_module: str) -> migrations.RunPython:
    """The data-migration operation that adds (and on reverse takes back) a module's grants."""

    def create(apps, schema_editor):
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
        module = importlib.import_module(roles_module)
        grant_roles(
            module.ROLE_PERMISSIONS,
            apps.get_model("auth", "Group"),
            apps.get_model("auth", "Permission"),
        )

    def remove(apps, schema_editor):
        module = importlib.import_module(roles_module)
        permission_model = apps.get_model("auth", "Permission")
        for role, grants in module.ROLE_PERMISSIONS.items():
            group = apps.get_model("auth", "Group").objects.filter(name=role).first()
            if group is None:
                continue
            for app_label, model, actions in grants:
                group.permissions.remove(
                    *permission_model.objects.filter(
                        content_type__app_label=app_label,
                        codename__in=[f"{action}_{model}" for action in actions],
                    )
                )

    return migrations.RunPython(create, remove)
