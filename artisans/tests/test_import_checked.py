"""The confirmation of an import writes the preview's checked rows when the registry has not
changed under them (artisans.importing.checked), and checks the file again when it has."""

import datetime
import zlib

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from artisans import importing, services
from artisans.importing import run
from artisans.models import Artisan, Craft, ImportBatch
from artisans.tests.factories import ArtisanFactory
from artisans.tests.importdata import OTHER_PERSON, csv_file, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def checks(monkeypatch):
    """How many times the file was checked row by row (the plan made from the file)."""
    calls = []
    make_plan = run.make_plan

    def counted(*args, **kwargs):
        calls.append(1)
        return make_plan(*args, **kwargs)

    monkeypatch.setattr(run, "make_plan", counted)
    return calls


def _registered(**fields):
    """An artisan already registered, as the preview will find it."""
    artisan = ArtisanFactory(**fields)
    return Artisan.objects.get(pk=artisan.pk)


def _preview(registrar, data):
    batch = services.import_batch_create(
        file_name="artisans.csv", data=data, by=registrar, governorate=None
    )
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.report
    return batch


def _confirm(batch, registrar, **kwargs):
    return services.import_batch_confirm(batch=batch, by=registrar, **kwargs)


def _state():
    """Everything an import writes, comparable between two runs."""
    artisans = [
        (
            a.civil_number,
            a.registration_number,
            a.name_ar,
            a.name_en,
            a.gender,
            a.date_of_birth,
            a.phone,
            a.governorate_id,
            a.wilayat_id,
            a.primary_craft_id,
            a.registered_on,
            a.status,
            a.search_key,
            a.version,
            sorted(a.other_crafts.values_list("code", flat=True)),
        )
        for a in Artisan.objects.order_by("civil_number")
    ]
    history = [
        (
            h.civil_number,
            h.history_type,
            h.history_change_reason,
            h.history_user_id,
            h.name_ar,
            h.version,
            sorted(h.other_crafts.values_list("craft__code", flat=True)),
        )
        for h in Artisan.history.order_by("civil_number", "history_date", "history_id")
    ]
    return artisans, history


@pytest.mark.parametrize("kept", [True, False], ids=["kept-rows", "checked-again"])
def test_confirm_writes_the_kept_rows_exactly_as_checking_again_would(registrar, checks, kept):
    _registered(civil_number="33333333", name_ar="قديم", registered_on=datetime.date(2015, 1, 1))
    same = _registered(civil_number="44444444")
    unchanged = {
        "civil_number": same.civil_number,
        "name_ar": same.name_ar,
        "name_en": same.name_en,
        "gender": same.gender,
        "birth_date": same.date_of_birth.isoformat() if same.date_of_birth else "",
        "governorate": same.governorate.code,
        "wilayat": same.wilayat.name_en,
        "primary_craft": same.primary_craft.code,
        "other_crafts": "; ".join(same.other_crafts.values_list("code", flat=True)),
        "registered_on": same.registered_on.isoformat(),
        "phone": same.phone[-8:],
        "status": same.status,
    }
    data = csv_file(
        [
            row(),
            row(**OTHER_PERSON, registered_on="", other_crafts="pottery"),
            row(
                civil_number="33333333",
                name_ar="قديم",
                name_en="Fatma Updated",
                registered_on="2015-01-01",
                other_crafts="pottery",
            ),
            unchanged,
        ]
    )
    batch = _preview(registrar, data)
    assert batch.checked_rows
    if not kept:
        ImportBatch.objects.filter(pk=batch.pk).update(checked_rows=b"")
    checks.clear()

    report = _confirm(batch, registrar)

    assert report.applied
    assert (report.to_create, report.to_update, report.unchanged) == (2, 1, 1)
    assert len(checks) == (0 if kept else 1)
    artisans, history = _state()
    created = Artisan.objects.get(civil_number=OTHER_PERSON["civil_number"])
    assert created.registered_on == timezone.localdate()  # no date in the file: today
    assert created.search_key  # the kept key, as the people search reads it
    assert [a[0] for a in artisans] == ["12345678", "22222222", "33333333", "44444444"]
    assert artisans[2][3] == "Fatma Updated" and artisans[2][-1] == ["pottery"]
    assert artisans[2][13] == 2  # an import is a save: the version moved on
    assert [(h[0], h[1]) for h in history] == [
        ("12345678", "+"),
        ("22222222", "+"),
        ("33333333", "+"),
        ("33333333", "~"),
        ("44444444", "+"),
    ]
    assert history[3][2] and history[3][2] == history[0][2] == history[1][2]  # the file's name
    assert history[3][3] == registrar.pk and history[3][6] == ["pottery"]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.checked_rows == b""
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (2, 1, 1)


def test_an_artisan_changed_since_the_preview_is_checked_again_and_keeps_the_change(
    registrar, checks
):
    artisan = _registered(civil_number="12345678", workshop_address="")
    batch = _preview(registrar, csv_file([row(name_en="From the file")]))
    # A registrar edits the artisan meanwhile, in a field the file does not hold.
    artisan.workshop_address = "Souq Salalah"
    artisan.save()
    checks.clear()

    report = _confirm(batch, registrar)

    assert report.applied and report.to_update == 1 and len(checks) == 1
    artisan.refresh_from_db()
    # Writing the kept row would have put back the address the preview saw.
    assert artisan.workshop_address == "Souq Salalah"
    assert artisan.name_en == "From the file"


def test_an_artisan_left_unchanged_but_edited_since_the_preview_is_updated_from_the_file(
    registrar, checks
):
    _confirm(_preview(registrar, csv_file([row()])), registrar)
    batch = _preview(registrar, csv_file([row()]))
    assert batch.unchanged_count == 1
    artisan = Artisan.objects.get()
    artisan.name_en = "Edited meanwhile"
    artisan.save()
    checks.clear()

    report = _confirm(batch, registrar)

    assert report.applied and (report.to_update, report.unchanged) == (1, 0)
    assert len(checks) == 1
    assert Artisan.objects.get().name_en == row()["name_en"]


def test_a_civil_number_registered_since_the_preview_is_checked_again(registrar, checks):
    batch = _preview(registrar, csv_file([row(), row(**OTHER_PERSON)]))
    assert batch.created_count == 2
    ArtisanFactory(civil_number=OTHER_PERSON["civil_number"])
    checks.clear()

    report = _confirm(batch, registrar)

    # Not an IntegrityError on the civil number: the row is now an update, as before kept rows.
    assert report.applied and (report.to_create, report.to_update) == (1, 1)
    assert len(checks) == 1
    assert Artisan.objects.count() == 2


def test_a_possible_duplicate_registered_since_the_preview_stops_the_kept_rows_too(
    registrar, checks
):
    batch = _preview(registrar, csv_file([row()]))
    assert batch.report["possible_duplicates"] == 0
    # The same person registered meanwhile under another civil number.
    namesake = row()
    ArtisanFactory(
        civil_number="87654321",
        name_ar=namesake["name_ar"],
        name_en=namesake["name_en"],
        date_of_birth=datetime.date.fromisoformat(namesake["birth_date"]),
    )
    checks.clear()

    report = _confirm(batch, registrar)

    assert len(checks) == 0  # the rows still hold; only the duplicates are looked up again
    assert not report.applied and report.needs_confirmation
    assert report.warnings[0].registration_numbers == [
        Artisan.objects.get(civil_number="87654321").registration_number
    ]
    assert Artisan.objects.count() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED and batch.checked_rows

    confirmed = _confirm(batch, registrar, duplicates_confirmed=True)

    assert confirmed.applied and len(checks) == 0
    assert Artisan.objects.count() == 2


def _another_day(monkeypatch):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)


def _craft_renamed(monkeypatch):
    Craft.objects.filter(code="pottery").update(name_en="Pottery and clay")


def _other_rules(monkeypatch):
    from artisans.importing import checked

    monkeypatch.setattr(checked, "_rules_digest", lambda: "rules of another release")


@pytest.mark.parametrize(
    "change", [_another_day, _craft_renamed, _other_rules], ids=["day", "reference", "rules"]
)
def test_kept_rows_are_checked_again_on_another_day_or_reference_data_or_rules(
    registrar, checks, monkeypatch, change
):
    batch = _preview(registrar, csv_file([row(registered_on="")]))
    change(monkeypatch)
    checks.clear()

    report = _confirm(batch, registrar)

    assert report.applied and len(checks) == 1
    assert Artisan.objects.get().registered_on == timezone.localdate()


@pytest.mark.parametrize(
    "blob",
    [b"not zlib", zlib.compress(b"not json"), zlib.compress(b'{"format": 0}')],
    ids=["garbage", "not-json", "old-format"],
)
def test_unreadable_kept_rows_mean_checking_again(registrar, checks, blob):
    batch = _preview(registrar, csv_file([row()]))
    ImportBatch.objects.filter(pk=batch.pk).update(checked_rows=blob)
    checks.clear()

    report = _confirm(batch, registrar)

    assert report.applied and len(checks) == 1 and Artisan.objects.count() == 1


def test_kept_rows_of_another_file_are_not_used(registrar, checks):
    one = _preview(registrar, csv_file([row()]))
    other = _preview(registrar, csv_file([row(**OTHER_PERSON)]))
    ImportBatch.objects.filter(pk=other.pk).update(checked_rows=one.checked_rows)
    checks.clear()

    report = _confirm(other, registrar)

    assert report.applied and len(checks) == 1
    assert list(Artisan.objects.values_list("civil_number", flat=True)) == [
        OTHER_PERSON["civil_number"]
    ]


def test_a_rejected_file_keeps_no_checked_rows(registrar):
    batch = services.import_batch_create(
        file_name="bad.csv", data=csv_file([row(gender="?")]), by=registrar, governorate=None
    )

    assert batch.status == ImportBatch.Status.REJECTED and batch.checked_rows == b""


def test_checked_rows_are_purged_with_the_files_content(registrar, settings):
    batch = _preview(registrar, csv_file([row()]))
    later = batch.created_at + datetime.timedelta(days=settings.CRAFTSREG_IMPORT_RETENTION_DAYS + 1)

    services.import_batches_purge(now=later)

    batch.refresh_from_db()
    assert batch.content_deleted_at is not None and batch.checked_rows == b""


def test_the_database_keeps_checked_rows_only_for_a_file_waiting_for_confirmation(registrar):
    batch = _preview(registrar, csv_file([row()]))
    _confirm(batch, registrar)

    with pytest.raises(IntegrityError), transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(checked_rows=b"rows")


def test_the_write_job_reports_the_rows_written_from_kept_rows(client, registrar, checks):
    from django.urls import reverse

    from jobs.models import Job

    client.force_login(registrar)
    preview = client.post(
        reverse("admin:artisans_artisan_import"),
        {"file": _upload_file(csv_file([row(), row(**OTHER_PERSON)]))},
        follow=True,
    )
    checks.clear()

    client.post(preview.redirect_chain[-1][0], follow=True)

    job = Job.objects.get(kind="artisans.import_write")
    assert job.status == Job.Status.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert len(checks) == 0 and Artisan.objects.count() == 2


def _upload_file(data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("artisans.csv", data, "text/csv")


def test_check_import_keeps_nothing_for_a_file_that_cannot_be_read():
    report, kept = importing.check_import(b"\x00\x01 not a table")

    assert not report.ok and kept == b""
