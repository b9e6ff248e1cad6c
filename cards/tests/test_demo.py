import io

from artisans.tests.factories import ArtisanFactory
from cards import demo
from cards.models import ArtisanCard


def test_the_demo_shows_every_status_once_and_runs_once(db, muscat):
    for n in range(6):
        ArtisanFactory(civil_number=f"3000000{n}")

    demo.seed(io.StringIO())
    demo.seed(io.StringIO())  # idempotent

    statuses = {status for status, _path in demo.example_paths()}
    assert statuses == {"valid", "expired", "revoked", "replaced"}
    assert ArtisanCard.objects.count() == 7  # six artisans, one renewed
    assert all(path.startswith("/verify/") for _status, path in demo.example_paths())
