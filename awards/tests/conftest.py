"""An edition with every role: Dhofar and Muscat initial committees, a jury of two, the chair."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group

from artisans import roles as artisan_roles
from artisans.tests.factories import ArtisanFactory
from awards.models import Category, CommitteeKind, NominationStatus, Stage
from awards.tests.factories import (
    EditionFactory,
    NominationFactory,
    UserFactory,
    category,
    committee,
)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (reverse() then gives /en/ URLs too); the Arabic
    catalogue is checked by the project's translation test."""
    from django.utils import translation

    with translation.override("en"):
        yield


@dataclass
class World:
    edition: object
    product: object
    project: object
    dhofar_member: object
    muscat_member: object
    juror: object
    juror2: object
    chair: object
    registrar: object
    outsider: object
    dhofar_nomination: object
    muscat_nomination: object
    dhofar_project: object

    def sign_off(self, qualify=(), reason="Seen by the committee"):
        """Both governorate committees recommend and sign off (as before the chair's
        decisions): the nominations in ``qualify`` qualify, the others do not."""
        import datetime

        from django.utils import timezone

        from awards.models import Committee, CommitteeRecommendation, CommitteeSignOff

        qualify = {n.pk for n in qualify}
        for initial in Committee.objects.filter(edition=self.edition, kind=CommitteeKind.INITIAL):
            member = initial.memberships.first().user
            for nomination in (self.dhofar_nomination, self.muscat_nomination, self.dhofar_project):
                if nomination.governorate_id != initial.governorate_id:
                    continue
                CommitteeRecommendation.objects.create(
                    committee=initial,
                    nomination=nomination,
                    qualify=nomination.pk in qualify,
                    reason=reason,
                    recorded_by=member,
                    recorded_at=timezone.now(),
                )
            sign_off = CommitteeSignOff.objects.create(
                committee=initial,
                met_on=datetime.date(2017, 5, 1),
                minutes="Met and agreed the list.",
                signed_by=member,
                signed_at=timezone.now(),
            )
            sign_off.members_present.set([member])

    def finalise(self):
        """Make every nomination a finalist (as after the initial decisions)."""
        for n in (self.dhofar_nomination, self.muscat_nomination, self.dhofar_project):
            n.status = NominationStatus.FINALIST
            n.save()


# An edition taking nominations, and a portal user entering it (award entries' tests).
@pytest.fixture
def edition(db):
    return EditionFactory(number=6, year=2018, stage=Stage.NOMINATIONS)


@pytest.fixture
def entrant(db, django_user_model):
    return django_user_model.objects.create_user("entrant", "entrant@example.invalid", "pw")


@pytest.fixture
def world(db, dhofar, muscat):
    edition = EditionFactory(number=5, stage="initial")
    product = category(edition, Category.PRODUCT)
    project = category(edition, Category.PROJECT)
    users = {
        name: UserFactory(username=name)
        for name in (
            "dhofar_member",
            "muscat_member",
            "juror",
            "juror2",
            "chair",
            "registrar",
            "outsider",
        )
    }
    users["registrar"].is_staff = True
    users["registrar"].save()
    users["registrar"].groups.add(Group.objects.get(name=artisan_roles.REGISTRAR))
    committee(edition, CommitteeKind.INITIAL, dhofar, members=[users["dhofar_member"]])
    committee(edition, CommitteeKind.INITIAL, muscat, members=[users["muscat_member"]])
    committee(edition, CommitteeKind.JURY, members=[users["juror"], users["juror2"]])
    committee(edition, CommitteeKind.MAIN, chair=users["chair"])
    muscat_artisan = ArtisanFactory(wilayat=muscat.wilayats.first())
    return World(
        edition=edition,
        product=product,
        project=project,
        dhofar_nomination=NominationFactory(category=product),
        muscat_nomination=NominationFactory(category=product, artisan=muscat_artisan),
        dhofar_project=NominationFactory(category=project),
        **users,
    )
