"""Duplicates at the door: the add form and the import warn of possible duplicates."""

import datetime
import io

import pytest
from django.urls import reverse

from artisans import importing
from artisans.models import Artisan, Craft, ImportBatch, NotDuplicate, Wilayat
from artisans.tests.factories import ArtisanFactory
from artisans.tests.importdata import csv_file, row
from artisans.tests.test_admin_artisans import _form_data

pytestmark = pytest.mark.django_db

ADD = "admin:artisans_artisan_add"


def _registered(**fields):
    """Maryam of the add form's data, already registered under another civil number."""
    values = {
        "civil_number": "11111111",
        "name_ar": "مريم بنت سعيد الكثيري",
        "date_of_birth": datetime.date(1982, 4, 2),
        **fields,
    }
    return ArtisanFactory(**values)


# --- the rule ---------------------------------------------------------------------------------


def test_same_folded_name_and_birth_date_with_another_civil_number_is_a_possible_duplicate():
    existing = _registered(name_ar="مريم بنت سعيد الكثيرى")  # alef maqsura
    found = Artisan.objects.possible_duplicates(
        name_ar="مريم ابنة سعيد الكثيري",
        date_of_birth=datetime.date(1982, 4, 2),
        civil_number="98765432",
    )
    assert list(found) == [existing]


def test_same_name_another_birth_date_is_someone_else():
    _registered()
    found = Artisan.objects.possible_duplicates(
        name_ar="مريم بنت سعيد الكثيري", date_of_birth=datetime.date(1990, 1, 1)
    )
    assert not found.exists()


def test_without_birth_date_same_name_wilayat_and_craft():
    existing = _registered(date_of_birth=None)
    same_place = {"wilayat_id": existing.wilayat_id, "primary_craft_id": existing.primary_craft_id}
    elsewhere = Wilayat.objects.get(name_en="Muscat")

    assert list(Artisan.objects.possible_duplicates(name_ar=existing.name_ar, **same_place)) == [
        existing
    ]
    # Known birth date here, unknown there: the place decides.
    assert list(
        Artisan.objects.possible_duplicates(
            name_ar=existing.name_ar, date_of_birth=datetime.date(1982, 4, 2), **same_place
        )
    ) == [existing]
    assert not Artisan.objects.possible_duplicates(
        name_ar=existing.name_ar,
        wilayat_id=elsewhere.pk,
        primary_craft_id=existing.primary_craft_id,
    ).exists()


def test_the_same_civil_number_is_not_a_possible_duplicate():
    existing = _registered()
    assert not Artisan.objects.possible_duplicates(
        name_ar=existing.name_ar,
        date_of_birth=existing.date_of_birth,
        civil_number=existing.civil_number,
    ).exists()


# --- the add form -----------------------------------------------------------------------------


def test_add_form_lists_candidates_with_links_and_saves_nothing(client, registrar):
    existing = _registered()
    client.force_login(registrar)

    response = client.post(reverse(ADD), _form_data())

    assert response.status_code == 200
    assert not Artisan.objects.filter(civil_number="98765432").exists()
    page = response.content.decode()
    assert "data-possible-duplicates" in page
    assert reverse("admin:artisans_artisan_change", args=[existing.pk]) in page
    assert 'name="confirm_different_person"' in page
    errors = response.context["adminform"].form.errors.as_data()["__all__"]
    assert [error.code for error in errors] == ["possible_duplicate"]


def test_add_form_saves_when_told_it_is_a_different_person(client, registrar):
    _registered()
    client.force_login(registrar)

    response = client.post(reverse(ADD), _form_data(confirm_different_person="on"))

    assert response.status_code == 302
    assert Artisan.objects.filter(civil_number="98765432").exists()


def test_add_form_without_candidates_saves_without_asking(client, registrar):
    _registered(date_of_birth=datetime.date(1970, 1, 1))
    client.force_login(registrar)

    response = client.post(reverse(ADD), _form_data())

    assert response.status_code == 302


def test_candidates_of_another_governorate_are_named_but_not_linked(
    client, dhofar_registrar, muscat_wilayat
):
    existing = _registered(wilayat=muscat_wilayat)
    client.force_login(dhofar_registrar)

    response = client.post(reverse(ADD), _form_data())

    page = response.content.decode()
    assert existing.registration_number in page
    assert reverse("admin:artisans_artisan_change", args=[existing.pk]) not in page
    assert not Artisan.objects.filter(civil_number="98765432").exists()


def test_changing_an_artisan_does_not_ask_about_duplicates(client, registrar):
    _registered()
    twin = ArtisanFactory(civil_number="98765432", name_ar="مريم بنت سعيد الكثيري")
    client.force_login(registrar)

    data = _form_data(seen_version=twin.version, name_en="Maryam S. Al Kathiri")
    response = client.post(reverse("admin:artisans_artisan_change", args=[twin.pk]), data)

    assert response.status_code == 302


# --- the import -------------------------------------------------------------------------------

IMPORT = "admin:artisans_artisan_import"


def _twin_row(**changes):
    """A file row for Maryam (as _registered) under the civil number 12345678."""
    return row(
        name_ar="مريم بنت سعيد الكثيرى",
        name_en="Maryam Al Kathiri",
        birth_date="1982-04-02",
        **changes,
    )


def test_import_preview_lists_possible_duplicates_with_line_column_and_number():
    existing = _registered()
    other = _registered(civil_number="33333333", date_of_birth=None, name_ar="سالم الحارثي")

    report = importing.plan_import(
        csv_file(
            [
                row(civil_number="22222222"),
                _twin_row(),
                row(
                    civil_number="44444444",
                    name_ar="سالم الحارثي",
                    birth_date="",
                    wilayat=other.wilayat.name_ar,
                    governorate=other.governorate.code,
                    primary_craft=other.primary_craft.code,
                    other_crafts="",
                ),
            ]
        )
    )

    assert report.ok and report.needs_confirmation
    assert [(w.line, w.column, w.registration_numbers) for w in report.warnings] == [
        (3, "name_ar", [existing.registration_number]),
        (4, "name_ar", [other.registration_number]),
    ]
    assert importing.ImportReport.from_dict(report.as_dict()).warnings == report.warnings


def test_import_with_possible_duplicates_needs_confirmation():
    _registered()
    data = csv_file([_twin_row()])

    refused = importing.import_artisans(data=data)
    assert not refused.applied and not Artisan.objects.filter(civil_number="12345678").exists()

    confirmed = importing.import_artisans(data=data, duplicates_confirmed=True)
    assert confirmed.applied and Artisan.objects.filter(civil_number="12345678").exists()


def test_updating_an_artisan_by_import_is_not_a_duplicate():
    _registered()
    ArtisanFactory(civil_number="12345678", name_ar="مريم بنت سعيد الكثيري")

    report = importing.plan_import(csv_file([_twin_row()]))

    assert report.to_update == 1 and not report.warnings


def test_admin_import_preview_shows_warnings_and_confirms_only_when_ticked(client, registrar):
    from artisans.tests.test_admin_import_export import _upload

    existing = _registered()
    client.force_login(registrar)
    preview = _upload(client, csv_file([_twin_row()]))
    url = preview.redirect_chain[-1][0]
    page = preview.content.decode()

    assert "data-import-warnings" in page and existing.registration_number in page
    assert 'name="confirm_different_people"' in page

    unticked = client.post(url, follow=True)
    assert not Artisan.objects.filter(civil_number="12345678").exists()
    assert [m.level_tag for m in unticked.context["messages"]] == ["error"]
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEWED

    ticked = client.post(url, {"confirm_different_people": "on"}, follow=True)
    assert ticked.context["report"].applied
    assert Artisan.objects.filter(civil_number="12345678").exists()


def test_import_command_needs_confirm_duplicates(tmp_path):
    from django.core.management import CommandError, call_command

    _registered()
    path = tmp_path / "artisans.csv"
    path.write_bytes(csv_file([_twin_row()]))

    with pytest.raises(CommandError, match="confirm-duplicates"):
        call_command("import_artisans", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    call_command(
        "import_artisans",
        str(path),
        "--confirm-duplicates",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert Artisan.objects.filter(civil_number="12345678").exists()


# --- the possible-duplicates page ---------------------------------------------------------------

DUPLICATES = "admin:artisans_artisan_duplicates"


def _pair(wilayat=None, name="مريم بنت سعيد الكثيري", **second):
    """Two records of one person: the name spelt two ways, one birth date, two civil numbers."""
    same = {"date_of_birth": datetime.date(1982, 4, 2), **({"wilayat": wilayat} if wilayat else {})}
    first = ArtisanFactory(name_ar=name, **same)
    twin = ArtisanFactory(name_ar=name.replace("ي", "ى"), **same, **second)
    return first, twin


def _pairs(response):
    return [(a.pk, b.pk) for a, b, _score in response.context["pairs"]]


def test_duplicates_page_lists_pairs_of_the_chosen_governorate(client, registrar, dhofar):
    first, twin = _pair()
    _registered(civil_number="55555555", name_ar="سالم الحارثي")  # nobody like him
    client.force_login(registrar)

    response = client.get(reverse(DUPLICATES), {"governorate": dhofar.pk})

    assert _pairs(response) == [(first.pk, twin.pk)]
    assert "data-duplicate-pairs" in response.content.decode()


def test_a_limited_registrar_sees_only_their_governorate(
    client, dhofar_registrar, muscat_wilayat, muscat
):
    dhofar_pair = _pair()
    _pair(wilayat=muscat_wilayat, name="سالم بن علي الحارثي")
    client.force_login(dhofar_registrar)

    response = client.get(reverse(DUPLICATES), {"governorate": muscat.pk})

    assert _pairs(response) == [(dhofar_pair[0].pk, dhofar_pair[1].pk)]


def test_not_a_duplicate_is_remembered(client, registrar, dhofar):
    first, twin = _pair()
    client.force_login(registrar)
    url = reverse(DUPLICATES) + f"?governorate={dhofar.pk}"

    client.post(url, {"first": twin.pk, "second": first.pk, "decision": "not_duplicate"})

    assert _pairs(client.get(url)) == []
    assert NotDuplicate.objects.get().first == first  # stored in order, once


def test_retiring_a_duplicate_moves_its_crafts_and_keeps_it_marked(client, registrar, dhofar):
    pottery = Craft.objects.get(code="pottery")
    first, twin = _pair(primary_craft=pottery)
    twin.other_crafts.set([Craft.objects.get(code="embroidery")])
    client.force_login(registrar)
    url = reverse(DUPLICATES) + f"?governorate={dhofar.pk}"

    client.post(url, {"first": first.pk, "second": twin.pk, "decision": "retire_second"})

    twin.refresh_from_db()
    first.refresh_from_db()
    assert twin.retired_into == first and twin.status == Artisan.Status.INACTIVE
    assert set(first.other_crafts.values_list("code", flat=True)) == {"pottery", "embroidery"}
    assert first.registration_number in twin.history.first().history_change_reason
    assert twin.registration_number in first.history.first().history_change_reason
    assert _pairs(client.get(url)) == []


def test_a_limited_registrar_cannot_decide_on_another_governorates_pair(
    client, dhofar_registrar, muscat_wilayat
):
    first, twin = _pair(wilayat=muscat_wilayat)
    client.force_login(dhofar_registrar)

    response = client.post(
        reverse(DUPLICATES), {"first": first.pk, "second": twin.pk, "decision": "retire_second"}
    )

    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.retired_into is None and not NotDuplicate.objects.exists()


@pytest.mark.parametrize(
    "data", [{}, {"first": "x", "second": "\x00", "decision": "retire_second"}, {"decision": "?"}]
)
def test_bad_decisions_change_nothing(client, registrar, data):
    _pair()
    client.force_login(registrar)

    response = client.post(reverse(DUPLICATES), data)

    assert response.status_code == 302
    assert not NotDuplicate.objects.exists()
    assert not Artisan.objects.filter(retired_into__isnull=False).exists()


def test_viewers_and_anonymous_users_cannot_use_the_page(client, viewer):
    assert client.get(reverse(DUPLICATES)).status_code == 302  # to the sign-in page
    client.force_login(viewer)
    assert client.get(reverse(DUPLICATES)).status_code == 403


def test_duplicates_page_query_count_does_not_grow(
    client, registrar, dhofar, django_assert_num_queries
):
    client.force_login(registrar)
    url = reverse(DUPLICATES) + f"?governorate={dhofar.pk}"
    _pair()
    client.get(url)  # warm caches (content types, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _pair(name="سالم بن علي الحارثي")
    _pair(name="شيخة بنت حمد الشحري")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["pairs"]) == 3


# --- Duplicates within one import file -----------------------------------------------------------


def test_the_same_civil_number_twice_in_a_file_rejects_the_second_row_saying_where():
    from django.utils import translation

    report = importing.plan_import(csv_file([row(), row(name_ar="سالم الحارثي")]))

    assert not report.ok and report.rejected == 1
    [error] = report.errors
    assert (error.line, error.column) == (3, "civil_number")
    with translation.override("en"):
        report = importing.plan_import(csv_file([row(), row(name_ar="سالم الحارثي")]))
    assert "12345678 is already on line 2 of this file" in report.errors[0].message


def test_the_same_person_twice_in_a_file_is_a_warning_on_both_rows():
    # Line 2 and line 4: the same name, spelt with a final alef maqsura on line 4, and the same
    # birth date under two civil numbers. Line 3 is someone else.
    report = importing.plan_import(
        csv_file(
            [
                row(civil_number="22222222", name_ar="مريم بنت سعيد الكثيري"),
                row(civil_number="33333333", name_ar="سالم بن علي الحارثي"),
                row(civil_number="44444444", name_ar="مريم بنت سعيد الكثيرى"),
            ]
        )
    )

    assert report.ok and report.needs_confirmation and report.possible_duplicates == 2
    assert [(w.line, w.registration_numbers, w.lines) for w in report.warnings] == [
        (2, [], [4]),
        (4, [], [2]),
    ]
    assert importing.ImportReport.from_dict(report.as_dict()).warnings == report.warnings


def test_in_a_file_a_row_without_birth_date_matches_the_same_name_wilayat_and_craft():
    report = importing.plan_import(
        csv_file(
            [
                row(civil_number="22222222", name_ar="سالم الحارثي", birth_date=""),
                row(civil_number="33333333", name_ar="سالم الحارثي", birth_date="1970-01-01"),
                # Another craft: not the same person by this rule.
                row(
                    civil_number="44444444",
                    name_ar="سالم الحارثي",
                    birth_date="",
                    primary_craft="wool-weaving",
                    other_crafts="",
                ),
                # Two birth dates that differ: two people.
                row(civil_number="55555555", name_ar="سالم الحارثي", birth_date="1971-01-01"),
            ]
        )
    )

    assert [(w.line, w.lines) for w in report.warnings] == [(2, [3, 5]), (3, [2]), (5, [2])]


def test_a_file_row_can_be_both_registered_and_repeated_in_the_file():
    existing = _registered()
    report = importing.plan_import(csv_file([_twin_row(), _twin_row(civil_number="22222222")]))

    assert [(w.line, w.registration_numbers, w.lines) for w in report.warnings] == [
        (2, [existing.registration_number], [3]),
        (3, [existing.registration_number], [2]),
    ]


def test_an_import_repeating_a_person_needs_the_confirmation():
    data = csv_file([_twin_row(), _twin_row(civil_number="22222222")])

    refused = importing.import_artisans(data=data)
    assert not refused.applied and not Artisan.objects.exists()

    confirmed = importing.import_artisans(data=data, duplicates_confirmed=True)
    assert confirmed.applied and Artisan.objects.count() == 2


@pytest.mark.parametrize(("language", "text"), [
    ("en", "The person on line 3 of this file"),
    ("ar", "الشخص في السطر 3 من هذا الملف"),
])  # fmt: skip
def test_admin_import_preview_names_the_other_line_of_the_file(client, registrar, language, text):
    from django.utils import translation

    from artisans.tests.test_admin_import_export import _upload

    client.force_login(registrar)
    with translation.override(language):
        preview = _upload(client, csv_file([_twin_row(), _twin_row(civil_number="22222222")]))
    page = preview.content.decode()

    assert 'data-same-file-lines="3"' in page and text in page
    assert 'name="confirm_different_people"' in page
