import datetime

import factory
from factory.django import DjangoModelFactory

from artisans.models import Artisan, Craft, Governorate, Wilayat


class ArtisanFactory(DjangoModelFactory):
    """An artisan in Dhofar/Salalah practising cotton weaving, unless told otherwise.

    Pass ``wilayat`` alone and the governorate follows it.
    """

    class Meta:
        model = Artisan

    civil_number = factory.Sequence(lambda n: f"{20_000_000 + n}")
    name_ar = factory.Sequence(lambda n: f"حرفي رقم {n}")
    name_en = factory.Sequence(lambda n: f"Artisan {n}")
    gender = Artisan.Gender.FEMALE
    date_of_birth = datetime.date(1980, 5, 17)
    phone = "+96899123456"
    wilayat = factory.LazyFunction(lambda: Wilayat.objects.get(name_en="Salalah"))
    governorate = factory.LazyAttribute(lambda o: o.wilayat.governorate)
    primary_craft = factory.LazyFunction(lambda: Craft.objects.get(code="cotton-weaving"))
    registered_on = datetime.date(2017, 6, 1)
    status = Artisan.Status.ACTIVE


def governorate(code: str) -> Governorate:
    return Governorate.objects.get(code=code)
