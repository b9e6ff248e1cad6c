"""Portal accounts and applications for tests: a verified account that consented, and an
application in Dhofar/Salalah (cotton weaving) unless told otherwise."""

import datetime
import io

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from artisans.models import Craft, Wilayat
from portal.models import Application, ApplicationEvent, ArtisanAccount

PASSWORD = "a-Long-pass-9876"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def jpeg_bytes(colour="red", size=(40, 50)) -> bytes:
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, "JPEG")
    return output.getvalue()


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}@example.invalid")
    email = factory.LazyAttribute(lambda o: o.username)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AccountFactory(DjangoModelFactory):
    class Meta:
        model = ArtisanAccount

    user = factory.SubFactory(UserFactory)
    civil_number = factory.Sequence(lambda n: f"{70_000_000 + n}")
    name = factory.Sequence(lambda n: f"مقدم طلب {n}")
    mobile = "+96891234567"
    email_verified_at = factory.LazyFunction(timezone.now)
    privacy_consent_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = "1"
    language = "en"


def linked_user(username, artisan):
    """A portal user whose account is linked to ``artisan``'s record (as after linking)."""
    user = get_user_model().objects.create_user(username, f"{username}@example.invalid", "pw")
    ArtisanAccount.objects.create(
        user=user,
        artisan=artisan,
        linked_at=timezone.now(),
        civil_number=artisan.civil_number,
        name=artisan.name_en,
        mobile="+96899000000",
        email_verified_at=timezone.now(),
        language="en",
    )
    return user


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    account = factory.SubFactory(AccountFactory)
    civil_number = factory.LazyAttribute(lambda o: o.account.civil_number)
    name_ar = factory.LazyAttribute(lambda o: o.account.name)
    name_en = "Applicant"
    gender = "female"
    date_of_birth = datetime.date(1985, 4, 3)
    phone = "+96891234567"
    wilayat = factory.LazyFunction(lambda: Wilayat.objects.get(name_en="Salalah"))
    governorate = factory.LazyAttribute(lambda o: o.wilayat.governorate)
    primary_craft = factory.LazyFunction(lambda: Craft.objects.get(code="cotton-weaving"))
    workshop_address = "Salalah, near the souq"
    photo = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="p.jpg"))
    id_copy = factory.LazyFunction(lambda: ContentFile(PDF, name="id.pdf"))
    privacy_consent_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = "1"

    @factory.post_generation
    def submitted(obj, create, extracted, **kwargs):
        if create:
            ApplicationEvent.objects.create(
                application=obj, action=ApplicationEvent.Action.SUBMITTED, by=obj.account.user
            )
