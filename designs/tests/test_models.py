import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from designs.models import DepositBatch, Design, DesignImage, LocarnoClass, Material, ProductKind
from designs.tests.factories import DepositBatchFactory, DesignFactory, DesignImageFactory

pytestmark = pytest.mark.django_db


def test_reference_data_is_loaded_by_migration():
    assert LocarnoClass.objects.count() == 32
    assert LocarnoClass.objects.get(number=11).heading_en == "Articles of adornment"
    assert ProductKind.objects.filter(code="khanjar-belts").exists()
    assert ProductKind.objects.count() == 12
    # Materials point at the registry's crafts where one applies.
    assert Material.objects.get(code="palm-frond").craft.code == "palm-frond"
    assert Material.objects.get(code="bone").craft.code == "bone-carving"
    assert Material.objects.get(code="coconut-shell").craft.code == "coconut-shell"
    assert Material.objects.get(code="gemstones-beads").craft is None


def test_design_number_is_batch_number_and_suffix():
    design = DesignFactory(suffix=7)
    assert design.number == "2017-01-0007"
    assert design.get_absolute_url() == "/en/designs/2017-01-0007/"


def test_deposited_design_needs_certificate_number_and_date():
    design = DesignFactory.build(
        batch=DepositBatchFactory(), certificate_number="", certificate_date=None
    )
    with pytest.raises(ValidationError) as error:
        design.full_clean(exclude=["materials"])
    assert "certificate_number" in error.value.message_dict
    assert "certificate_date" in error.value.message_dict


def test_database_refuses_deposited_design_without_certificate():
    design = DesignFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Design.objects.filter(pk=design.pk).update(certificate_number="")


def test_certificate_numbers_are_unique_when_present():
    DesignFactory(certificate_number="CR-2017-0001")
    duplicate = DesignFactory.build(
        batch=DepositBatch.objects.get(), certificate_number="CR-2017-0001"
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean(exclude=["materials"])
    assert "Another design already has this deposit certificate number." in error.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_several_designs_may_wait_without_a_certificate():
    DesignFactory(hidden=True)
    DesignFactory(hidden=True)
    assert Design.objects.filter(certificate_number="").count() == 2


def test_design_number_is_unique_in_its_batch():
    DesignFactory(suffix=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        DesignFactory(suffix=3)


def test_filed_design_may_be_deposited_but_deposit_is_final():
    design = DesignFactory(hidden=True)
    design = Design.objects.get(pk=design.pk)
    design.status = Design.Status.DEPOSITED
    design.certificate_number = "CR-9"
    design.certificate_date = datetime.date(2017, 6, 1)
    design.full_clean()
    design.save()

    design = Design.objects.get(pk=design.pk)
    design.status = Design.Status.WITHDRAWN
    with pytest.raises(ValidationError) as error:
        design.full_clean()
    assert "status" in error.value.message_dict


def test_draft_cannot_jump_to_deposited():
    design = DesignFactory(status=Design.Status.DRAFT, certificate_number="", certificate_date=None)
    design = Design.objects.get(pk=design.pk)
    design.status = Design.Status.DEPOSITED
    design.certificate_number = "CR-10"
    design.certificate_date = datetime.date(2017, 6, 1)
    with pytest.raises(ValidationError) as error:
        design.full_clean()
    assert "status" in error.value.message_dict


def test_designs_of_a_batch_in_preparation_cannot_be_filed():
    batch = DepositBatchFactory(
        number="2018-02", status=DepositBatch.Status.PREPARING, filed_on=None
    )
    design = DesignFactory.build(batch=batch, hidden=True)
    with pytest.raises(ValidationError) as error:
        design.full_clean(exclude=["materials"])
    assert "status" in error.value.message_dict


def test_filed_batch_needs_a_filing_date():
    batch = DepositBatch(number="2019-01", status=DepositBatch.Status.FILED)
    with pytest.raises(ValidationError) as error:
        batch.full_clean()
    assert "filed_on" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        batch.save()


def test_batch_number_format_is_checked():
    with pytest.raises(ValidationError):
        DepositBatch(number="17-1", filed_on=datetime.date(2017, 1, 1)).full_clean()


def test_locarno_subclass_must_belong_to_the_class():
    design = DesignFactory.build(batch=DepositBatchFactory(), locarno_subclass="06-01")
    with pytest.raises(ValidationError) as error:
        design.full_clean(exclude=["materials"])
    assert "locarno_subclass" in error.value.message_dict
    design.locarno_subclass = "11-01"
    design.full_clean(exclude=["materials"])


def test_artisan_creator_must_be_named():
    design = DesignFactory.build(batch=DepositBatchFactory(), creator_kind=Design.Party.ARTISAN)
    with pytest.raises(ValidationError) as error:
        design.full_clean(exclude=["materials"])
    assert "creator_artisan" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        design.save()


def test_certificate_date_cannot_precede_filing_or_be_in_the_future():
    design = DesignFactory.build(
        batch=DepositBatchFactory(), certificate_date=datetime.date(2017, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        design.full_clean(exclude=["materials"])
    assert "certificate_date" in error.value.message_dict
    design.certificate_date = timezone.localdate() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError):
        design.full_clean(exclude=["materials"])


def test_first_image_becomes_primary_and_only_one_primary_is_allowed():
    first = DesignImageFactory()
    assert first.is_primary
    second = DesignImageFactory(design=first.design)
    assert not second.is_primary
    assert first.design.primary_image == first
    with pytest.raises(IntegrityError), transaction.atomic():
        DesignImage.objects.filter(pk=second.pk).update(is_primary=True)


def test_image_thumbnail_is_generated_once(media_root):
    image = DesignImageFactory()
    assert image.thumbnail.name.startswith("designs/thumbnails/")
    first = image.thumbnail.name
    image.ensure_thumbnail()
    assert image.thumbnail.name == first
    # A lost thumbnail file is made again on demand.
    image.thumbnail.storage.delete(first)
    image.ensure_thumbnail()
    assert image.thumbnail.name != first
    assert DesignImage.objects.get(pk=image.pk).thumbnail.name == image.thumbnail.name


def test_history_records_every_change():
    design = DesignFactory(hidden=True)
    design = Design.objects.get(pk=design.pk)
    before = design.history.count()
    design.title_en = "Renamed shield"
    design.save()
    assert design.history.count() == before + 1
    latest = design.history.first()
    assert latest.title_en == "Renamed shield"
    assert latest.prev_record.title_en != "Renamed shield"
    # Materials are part of the history too.
    assert [m.material.code for m in latest.materials.all()] == ["silver"]
