import io

from django.core.management import call_command

from awards.models import (
    ConflictOfInterest,
    Edition,
    Nomination,
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
