import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every designs test writes its images to its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def design_reference_data(reference_data):
    """Designs reference data again, for transactional tests (they empty every table)."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    from designs import reference, roles

    reference.load(
        apps.get_model("designs", "ProductKind"),
        apps.get_model("designs", "Material"),
        apps.get_model("designs", "LocarnoClass"),
        apps.get_model("artisans", "Craft"),
    )
    roles.sync_roles(Group, Permission)


@pytest.fixture
def design_officer(db, django_user_model):
    from django.contrib.auth.models import Group

    from designs.roles import DESIGN_OFFICERS

    user = django_user_model.objects.create_user(
        "officer", "officer@example.invalid", "officer-pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name=DESIGN_OFFICERS))
    return user


@pytest.fixture(autouse=True)
def english_messages():
    """Messages outside a request are in English here; Arabic ones are checked explicitly.

    A request leaves its page's language active in the thread: it is cleared afterwards, so
    the next test (of any app) starts with none.
    """
    from django.utils import translation

    with translation.override("en"):
        yield
    translation.deactivate()
