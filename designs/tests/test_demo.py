import io

import pytest

from designs import demo
from designs.models import DepositBatch, Design, DesignImage

pytestmark = pytest.mark.django_db


def test_demo_seeds_the_2017_batch_idempotently():
    demo.seed(io.StringIO())
    public = Design.objects.public()
    assert public.count() == 143
    assert public.exclude(batch__number="2017-01").count() == 0
    assert public.filter(certificate_number="").count() == 0
    for material in ("palm-frond", "bone", "coconut-shell"):
        assert public.filter(materials__code=material).exists(), material
    assert DepositBatch.objects.get(number="2017-01").status == "certificates"
    hidden = Design.objects.exclude(status=Design.Status.DEPOSITED)
    assert set(hidden.values_list("status", flat=True)) == {
        "draft",
        "filed",
        "returned",
        "withdrawn",
    }
    assert DesignImage.objects.count() == Design.objects.count()
    assert not Design.objects.filter(images__is_primary=True).count() < Design.objects.count()

    snapshot = list(Design.objects.order_by("number").values_list("number", "title_en", "status"))
    images = list(DesignImage.objects.order_by("pk").values_list("image", flat=True))
    output = io.StringIO()
    demo.seed(output)
    assert "0 created" in output.getvalue()
    assert (
        list(Design.objects.order_by("number").values_list("number", "title_en", "status"))
        == snapshot
    )
    assert list(DesignImage.objects.order_by("pk").values_list("image", flat=True)) == images


def test_demo_drawings_are_deterministic_jpegs():
    first = demo.draw("rosaries", "coconut-shell", 5)
    assert first[:2] == b"\xff\xd8"
    assert first == demo.draw("rosaries", "coconut-shell", 5)
    assert first != demo.draw("rosaries", "bone", 5)
