import io

from django.core.management import call_command

from awards.models import (
    ConflictOfInterest,
    Edition,
    Nomination,
    NominationPhoto,
    ScoreSheet,
    ScoringStage,
    SheetStatus,
    SiteVisit,
    Stage,
)


def test_demo_seeds_the_two_editions_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("seed_demo", i_know_this_is_not_production=True, stdout=out)
    e4, e5 = Edition.objects.get(number=4), Edition.objects.get(number=5)
    assert e4.stage == Stage.ANNOUNCED and e5.stage == Stage.FINAL
    assert Nomination.objects.winners(e4).count() == 6
    # Each winner's card shows a picture of its own.
    photos = NominationPhoto.objects.filter(nomination__in=Nomination.objects.winners(e4))
    assert len({photo.image.open("rb").read() for photo in photos}) == photos.count() == 6
    finalists = Nomination.objects.finalists(e5)
    assert finalists.filter(category__code="product").count() > 40
    assert finalists.filter(category__code="project").count() == 5
    assert not Nomination.objects.awaiting_initial_decision(e5).exists()
    # Initial evaluations with visits in every governorate that has nominations.
    governorates = set(Nomination.objects.of_edition(e5).values_list("governorate", flat=True))
    visited = set(
        SiteVisit.objects.filter(nomination__category__edition=e5, stage="initial").values_list(
            "nomination__governorate", flat=True
        )
    )
    assert governorates == visited and len(governorates) == 11
    final = ScoreSheet.objects.of_edition(e5, ScoringStage.FINAL)
    assert final.filter(status=SheetStatus.DRAFT, judge__username="judge").exists()
    assert final.filter(status=SheetStatus.SUBMITTED, judge__username="judge").exists()
    assert final.filter(judge__username="judge2").exists()
    assert ConflictOfInterest.objects.filter(nomination__category__edition=e5).count() == 1
    assert "judge2-demo-2017" in out.getvalue()

    counts = {m: m.objects.count() for m in (Nomination, ScoreSheet, SiteVisit, Edition)}
    call_command("seed_demo", i_know_this_is_not_production=True, stdout=io.StringIO())
    assert counts == {m: m.objects.count() for m in counts}


def test_pictures_of_works_differ_for_the_same_craft_and_carry_no_text(monkeypatch):
    from PIL import Image, ImageChops, ImageDraw, ImageStat

    from awards.demo import CRAFT_COLOURS, _photo

    def no_text(*args, **kwargs):
        raise AssertionError("text drawn into a demo picture")

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", no_text)
    pictures = {}
    for seed, craft in enumerate([*CRAFT_COLOURS, "wool-weaving", "unknown-craft"]):
        with Image.open(_photo(seed, craft)) as image:
            pictures[(seed, craft)] = image.convert("RGB")
    first, second = pictures[(0, "wool-weaving")], pictures[(len(CRAFT_COLOURS), "wool-weaving")]
    assert first.size == (960, 640)
    assert sum(ImageStat.Stat(ImageChops.difference(first, second)).mean) / 3 > 3
