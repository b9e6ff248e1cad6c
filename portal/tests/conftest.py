import pytest
from django.contrib.auth.models import Group

from artisans import roles
from artisans.models import StaffProfile
from portal.tests.factories import AccountFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _staff(django_user_model, username, role, governorate=None):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    if governorate is not None:
        StaffProfile.objects.create(user=user, governorate=governorate)
    return user


@pytest.fixture
def registrar(db, django_user_model):
    return _staff(django_user_model, "registrar", roles.REGISTRAR)


@pytest.fixture
def dhofar_registrar(db, django_user_model, dhofar):
    return _staff(django_user_model, "dhofar-registrar", roles.REGISTRAR, dhofar)


@pytest.fixture
def muscat_registrar(db, django_user_model, muscat):
    return _staff(django_user_model, "muscat-registrar", roles.REGISTRAR, muscat)


@pytest.fixture
def viewer(db, django_user_model):
    return _staff(django_user_model, "viewer", roles.VIEWER)


@pytest.fixture
def account(db):
    """A verified portal account, not linked."""
    return AccountFactory()


@pytest.fixture
def portal_client(client, account):
    client.force_login(account.user)
    return client
