import pytest
from django.core.management import CommandError, call_command

from artisans.models import Artisan
from artisans.tests.factories import ArtisanFactory
from artisans.tests.importdata import OTHER_PERSON, csv_file, row, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def good_csv(tmp_path):
    path = tmp_path / "artisans.csv"
    path.write_bytes(csv_file([row(), row(**OTHER_PERSON)]))
    return path


def test_command_imports_and_reports(good_csv, capsys):
    call_command("import_artisans", str(good_csv))
    out = capsys.readouterr().out
    assert "create: 2" in out and "Imported." in out
    assert Artisan.objects.count() == 2
    assert {e.history_change_reason for e in Artisan.history.all()} == {
        "import_artisans artisans.csv"
    }


def test_dry_run_writes_nothing(good_csv, capsys):
    call_command("import_artisans", str(good_csv), "--dry-run")
    out = capsys.readouterr().out
    assert "to create: 2" in out and "nothing was written" in out
    assert not Artisan.objects.exists()


def test_second_run_changes_nothing(good_csv, capsys):
    call_command("import_artisans", str(good_csv))
    call_command("import_artisans", str(good_csv))
    assert "unchanged: 2" in capsys.readouterr().out
    assert Artisan.objects.count() == 2


def test_rejected_rows_are_printed_and_nothing_is_written(tmp_path, capsys):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx_file([row(), row(**OTHER_PERSON, primary_craft="juggling")]))

    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_artisans", str(path))

    captured = capsys.readouterr()
    assert "rejected: 1" in captured.out
    assert "line 3, primary_craft" in captured.err
    assert not Artisan.objects.exists()


def test_governorate_option_limits_the_import(tmp_path, capsys):
    path = tmp_path / "mixed.csv"
    path.write_bytes(csv_file([row(), row(**OTHER_PERSON, governorate="OM-MA", wilayat="Muscat")]))
    with pytest.raises(CommandError):
        call_command("import_artisans", str(path), "--governorate", "OM-ZU")
    assert "line 3, governorate" in capsys.readouterr().err
    assert not Artisan.objects.exists()


def test_user_option_is_recorded(good_csv, superuser):
    call_command("import_artisans", str(good_csv), "--user", superuser.username)
    assert {e.history_user for e in Artisan.history.all()} == {superuser}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "missing.csv"),
        (["artisans.txt"], "expected a .csv or .xlsx"),
        (["{good}", "--governorate", "OM-XX"], "Unknown governorate"),
        (["{good}", "--user", "nobody"], "Unknown user"),
    ],
)
def test_bad_arguments_are_explained(good_csv, args, message):
    args = [a.replace("{good}", str(good_csv)) for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("import_artisans", *args)


def test_file_error_is_printed(tmp_path, capsys):
    path = tmp_path / "latin.csv"
    path.write_bytes("civil_number,name_ar\n1,\u0627".encode("cp1256"))
    with pytest.raises(CommandError):
        call_command("import_artisans", str(path))
    assert "UTF-8" in capsys.readouterr().err


def test_updates_existing_artisans(tmp_path, capsys):
    ArtisanFactory(civil_number="12345678", name_en="Old")
    path = tmp_path / "u.csv"
    path.write_bytes(csv_file([row()]))
    call_command("import_artisans", str(path))
    assert "update: 1" in capsys.readouterr().out
    assert Artisan.objects.get().name_en == row()["name_en"]
