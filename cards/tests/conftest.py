import pytest
from django.contrib.auth.models import Group

from artisans import roles
from artisans.models import StaffProfile
from artisans.tests.factories import ArtisanFactory


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
def viewer(db, django_user_model):
    return _staff(django_user_model, "viewer", roles.VIEWER)


@pytest.fixture
def artisan(db):
    return ArtisanFactory(
        name_ar="شيخة بنت حمد المعمري",
        name_en="Shaikha bint Hamad Al Maamari",
        civil_number="87654321",
        phone="+96899123456",
    )


@pytest.fixture
def muscat_artisan(db, muscat):
    return ArtisanFactory(wilayat=muscat.wilayats.get(name_en="Muscat"), civil_number="22222222")
