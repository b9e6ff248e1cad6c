"""Project-wide pytest fixtures.

Reference data (governorates, wilayats, crafts, roles) comes from data migrations, so it exists in
every test database; fixtures below only look it up.
"""

import pytest


@pytest.fixture
def dhofar(db):
    from artisans.models import Governorate

    return Governorate.objects.get(code="OM-ZU")


@pytest.fixture
def muscat(db):
    from artisans.models import Governorate

    return Governorate.objects.get(code="OM-MA")


@pytest.fixture
def salalah(dhofar):
    return dhofar.wilayats.get(name_en="Salalah")


@pytest.fixture
def cotton_weaving(db):
    from artisans.models import Craft

    return Craft.objects.get(code="cotton-weaving")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.invalid", "pw")
