import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from artisans import roles
from artisans.demo import seed_artisans
from artisans.models import StaffProfile
from artisans.pagecache import pages


def _staff(django_user_model, username, role, governorate=None):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    if governorate is not None:
        StaffProfile.objects.create(user=user, governorate=governorate)
    return user


@pytest.fixture
def registrar(db, django_user_model):
    """A registrar of the whole registry."""
    return _staff(django_user_model, "registrar", roles.REGISTRAR)


@pytest.fixture
def dhofar_registrar(db, django_user_model, dhofar):
    """A registrar of the Dhofar regional department."""
    return _staff(django_user_model, "dhofar-registrar", roles.REGISTRAR, dhofar)


@pytest.fixture
def viewer(db, django_user_model):
    return _staff(django_user_model, "viewer", roles.VIEWER)


@pytest.fixture
def muscat_wilayat(muscat):
    return muscat.wilayats.get(name_en="Muscat")


@pytest.fixture
def fresh_statistics_cache(settings):
    """Statistics pages computed afresh: no cached page or figure before or after the test, and
    the registry's version checked on every request (production: at most once a second)."""
    settings.CRAFTSREG_STATISTICS_VERSION_SECONDS = 0
    cache.clear()
    pages.clear_local()
    yield
    cache.clear()
    pages.clear_local()


@pytest.fixture
def demo_registry(reference_data, fresh_statistics_cache):
    """The demo registry (the 2017 figures), for browser tests on a live server."""
    seed_artisans()
