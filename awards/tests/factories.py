import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from artisans.tests.factories import ArtisanFactory
from awards import services
from awards.models import (
    Category,
    Committee,
    CommitteeKind,
    CommitteeMembership,
    Edition,
    Nomination,
    Stage,
)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True  # the profile hook saves its own row

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")

    @factory.post_generation
    def profile(obj, create, extracted, **kwargs):
        """Everyone on a committee or jury has Arabic and English display names."""
        if create:
            from artisans.models import StaffProfile

            StaffProfile.objects.get_or_create(
                user=obj,
                defaults={
                    "display_name_ar": f"الشخص {obj.pk}",
                    "display_name_en": f"Person {obj.pk}",
                },
            )


class EditionFactory(DjangoModelFactory):
    """An edition with the default categories and criteria; pass ``stage`` to place it."""

    class Meta:
        model = Edition
        django_get_or_create = ["number"]
        skip_postgeneration_save = True

    number = 5
    year = 2017
    title_ar = factory.LazyAttribute(lambda o: f"الدورة {o.number}")
    title_en = factory.LazyAttribute(lambda o: f"Edition {o.number}")
    # Around today: an edition taking nominations is open to portal entries only between its
    # dates (Edition.takes_entries_on).
    nominations_open = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=30)
    )
    nominations_close = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=30)
    )

    @factory.post_generation
    def stage(obj, create, extracted, **kwargs):
        services.edition_setup_defaults(edition=obj)
        if extracted:
            Edition.objects.filter(pk=obj.pk).update(stage=extracted)
            obj.stage = extracted


def category(edition, code=Category.PRODUCT) -> Category:
    return edition.categories.get(code=code)


class NominationFactory(DjangoModelFactory):
    class Meta:
        model = Nomination

    category = factory.LazyFunction(lambda: category(EditionFactory()))
    artisan = factory.SubFactory(ArtisanFactory)
    governorate = factory.LazyAttribute(lambda o: o.artisan.governorate)
    title_ar = factory.Sequence(lambda n: f"عمل رقم {n}")
    title_en = factory.Sequence(lambda n: f"Work {n}")
    submitted_on = datetime.date(2017, 2, 1)


def committee(edition, kind, governorate=None, members=(), chair=None) -> Committee:
    committee, _ = Committee.objects.get_or_create(
        edition=edition, kind=kind, governorate=governorate
    )
    for user in members:
        CommitteeMembership.objects.get_or_create(committee=committee, user=user)
    if chair is not None:
        CommitteeMembership.objects.update_or_create(
            committee=committee, user=chair, defaults={"is_chair": True}
        )
    return committee


def set_stage(edition, stage: str) -> None:
    Edition.objects.filter(pk=edition.pk).update(stage=stage)
    edition.stage = stage


__all__ = ["CommitteeKind", "Stage"]
