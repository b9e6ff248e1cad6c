import hashlib
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
    # Every design has a picture of its own (none shared by a kind or a material).
    digests = {
        hashlib.sha256(image.image.open("rb").read()).hexdigest()
        for image in DesignImage.objects.all()
    }
    assert len(digests) == DesignImage.objects.count()

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


def _pixels(jpeg: bytes):
    from PIL import Image

    with Image.open(io.BytesIO(jpeg)) as image:
        image.load()
        return image.convert("RGB")


def _differs(a, b) -> float:
    """Mean absolute difference of two pictures, per channel (0–255)."""
    from PIL import ImageChops, ImageStat

    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def test_demo_drawings_differ_between_designs_of_the_same_kind_and_material():
    # Designs 1 and 2 of the batch plan are both palm-frond khanjar belts, say: same kind,
    # same material — the pictures must still be told apart at a glance.
    first = _pixels(demo.draw("khanjar-belts", "palm-frond", 1, "palm"))
    second = _pixels(demo.draw("khanjar-belts", "palm-frond", 2, "palm"))
    other_motif = _pixels(demo.draw("khanjar-belts", "palm-frond", 1, "dhow"))
    assert first.size == (demo.IMAGE_SIZE, demo.IMAGE_SIZE)
    assert _differs(first, second) > 3
    assert _differs(first, other_motif) > 0.5


def test_demo_drawings_are_smooth_not_pixelated():
    # Anti-aliased edges: a drawing has many in-between tones, not just its few flat colours.
    picture = _pixels(demo.draw("shields", "silver", 3, "geometric"))
    assert len(picture.getcolors(maxcolors=1 << 20)) > 2000


def test_demo_drawings_carry_no_text(monkeypatch):
    from PIL import ImageDraw

    def no_text(*args, **kwargs):
        raise AssertionError("text drawn into a demo picture")

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", no_text)
    for number, (kind, material) in enumerate(zip(demo.KINDS, demo.MATERIAL_LOOK, strict=False)):
        motif = demo.MOTIFS[number % len(demo.MOTIFS)][0]
        demo.draw(kind, material, number, motif)
