import datetime
import io

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory
from PIL import Image

from designs.models import DepositBatch, Design, DesignImage, LocarnoClass, ProductKind


def image_bytes(fmt="JPEG", size=(40, 30), colour=(200, 120, 40), **save_kwargs) -> bytes:
    output = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, colour).save(output, fmt, **save_kwargs)
    return output.getvalue()


class DepositBatchFactory(DjangoModelFactory):
    class Meta:
        model = DepositBatch
        django_get_or_create = ["number"]

    number = "2017-01"
    filed_on = datetime.date(2017, 2, 20)
    status = DepositBatch.Status.FILED


class DesignFactory(DjangoModelFactory):
    """A deposited (public) silver shield in batch 2017-01, unless told otherwise."""

    class Meta:
        model = Design
        skip_postgeneration_save = True

    batch = factory.SubFactory(DepositBatchFactory)
    suffix = factory.Sequence(lambda n: n + 1)
    title_ar = factory.Sequence(lambda n: f"درع فضي رقم {n}")
    title_en = factory.Sequence(lambda n: f"Silver shield {n}")
    description_ar = "درع تذكاري بنقش ظفاري"
    description_en = "A commemorative shield with a Dhofari pattern"
    product_kind = factory.LazyFunction(lambda: ProductKind.objects.get(code="shields"))
    locarno_class = factory.LazyFunction(lambda: LocarnoClass.objects.get(number=11))
    year_created = 2016
    status = Design.Status.DEPOSITED
    status_date = datetime.date(2017, 5, 14)
    certificate_number = factory.Sequence(lambda n: f"CR-T-{n:05d}")
    certificate_date = datetime.date(2017, 5, 14)

    @factory.post_generation
    def materials(self, create, extracted, **kwargs):
        from designs.models import Material

        if not create:
            return
        codes = extracted if extracted is not None else ["silver"]
        self.materials.set(Material.objects.filter(code__in=codes))

    class Params:
        hidden = factory.Trait(
            status=Design.Status.FILED, certificate_number="", certificate_date=None
        )


class DesignImageFactory(DjangoModelFactory):
    class Meta:
        model = DesignImage

    design = factory.SubFactory(DesignFactory)
    image = factory.LazyFunction(lambda: ContentFile(image_bytes(), name="view.jpg"))
    caption_ar = "المنظر الأمامي"
    caption_en = "Front view"


def preparing_batch(number: str, designs: int = 3) -> DepositBatch:
    """A batch still in preparation holding ``designs`` draft designs (numbered 1, 2, …)."""
    batch = DepositBatchFactory(number=number, status=DepositBatch.Status.PREPARING, filed_on=None)
    for suffix in range(1, designs + 1):
        DesignFactory(
            batch=batch,
            suffix=suffix,
            status=Design.Status.DRAFT,
            certificate_number="",
            certificate_date=None,
            status_date=datetime.date(int(number[:4]), 1, 5),
        )
    return batch
