"""The data-migration operations of craftsreg.roles: roles created and removed, grants added
and taken back."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from artisans import roles as artisan_roles
from craftsreg import roles
from designs import roles as design_roles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def permissions_exist(monkeypatch):
    # The test database has every permission already; the operations' own creation of them
    # works on a migration's state and would mark the live app registry's modules.
    monkeypatch.setattr(roles, "_create_permissions", lambda apps: None)


def _codenames(role: str) -> set[str]:
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_a_role_migration_creates_its_roles_and_removes_them_on_reverse():
    operation = roles.role_migration("designs.roles")
    Group.objects.filter(name=design_roles.DESIGN_OFFICERS).delete()

    operation.code(apps, None)

    assert "change_design" in _codenames(design_roles.DESIGN_OFFICERS)
    assert "delete_design" not in _codenames(design_roles.DESIGN_OFFICERS)

    operation.reverse_code(apps, None)

    assert not Group.objects.filter(name=design_roles.DESIGN_OFFICERS).exists()


def test_a_grant_migration_adds_to_another_apps_role_and_takes_only_that_back():
    artisan_roles.sync_roles(Group, Permission)
    operation = roles.grant_migration("portal.roles")
    before = _codenames(artisan_roles.REGISTRAR) - {"view_application", "decide_application"}

    operation.code(apps, None)

    assert {"view_application", "decide_application"} <= _codenames(artisan_roles.REGISTRAR)

    operation.reverse_code(apps, None)

    assert _codenames(artisan_roles.REGISTRAR) == before
