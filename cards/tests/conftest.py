import pytest

# The staff of the artisans tests: a registrar of the whole registry, one of Dhofar, a viewer.
from artisans.tests.conftest import dhofar_registrar, registrar, viewer  # noqa: F401
from artisans.tests.factories import ArtisanFactory


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
