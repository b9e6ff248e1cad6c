"""Who may add, change and delete through the core's ModelAdmin bases (one may_write())."""

from types import SimpleNamespace

import pytest
from django.contrib import admin

from craftsreg.admin import ReadOnlyAdmin, SuperuserOnlyChangesAdmin
from designs.models import LocarnoClass


def _request(*, superuser: bool):
    return SimpleNamespace(user=SimpleNamespace(is_superuser=superuser))


def _writes(model_admin, request) -> list[bool]:
    return [
        model_admin.has_add_permission(request),
        model_admin.has_change_permission(request, None),
        model_admin.has_delete_permission(request, None),
    ]


@pytest.mark.parametrize("superuser", [True, False])
def test_a_read_only_admin_writes_nothing_even_for_a_superuser(superuser):
    model_admin = ReadOnlyAdmin(LocarnoClass, admin.site)

    assert _writes(model_admin, _request(superuser=superuser)) == [False, False, False]


def test_reference_data_is_changed_by_superusers_only():
    model_admin = SuperuserOnlyChangesAdmin(LocarnoClass, admin.site)

    assert _writes(model_admin, _request(superuser=True)) == [True, True, True]
    assert _writes(model_admin, _request(superuser=False)) == [False, False, False]
