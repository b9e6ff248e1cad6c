import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from designs.models import DepositBatch, Design, DesignImage, Material
from designs.tests.factories import (
    DepositBatchFactory,
    DesignFactory,
    DesignImageFactory,
    image_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_admin():
    """Admin URLs reversed in English (/en/admin/…); the Arabic pages are checked explicitly."""
    with translation.override("en"):
        yield


def design_form_data(design, **changes):
    data = {
        "batch": design.batch_id,
        "suffix": design.suffix,
        "title_ar": design.title_ar,
        "title_en": design.title_en,
        "description_ar": design.description_ar,
        "description_en": design.description_en,
        "product_kind": design.product_kind_id,
        "materials": [m.pk for m in design.materials.all()],
        "locarno_class": design.locarno_class_id,
        "locarno_subclass": design.locarno_subclass,
        "year_created": design.year_created,
        "creator_kind": design.creator_kind,
        "creator_artisan": "",
        "holder_kind": design.holder_kind,
        "holder_artisan": "",
        "status": design.status,
        "status_date": design.status_date.isoformat(),
        # The admin sends the initial value of fields with a callable default, as a browser does.
        "initial-status_date": design.status_date.isoformat(),
        "certificate_number": design.certificate_number,
        "certificate_date": design.certificate_date.isoformat() if design.certificate_date else "",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "images-0-caption_ar": "",
        "images-0-caption_en": "",
        "images-0-position": "0",
    }
    data.update(changes)
    return data


def test_design_officers_group_has_the_register_permissions(design_officer):
    assert design_officer.has_perm("designs.add_design")
    assert design_officer.has_perm("designs.change_depositbatch")
    assert design_officer.has_perm("designs.delete_designimage")
    assert not design_officer.has_perm("designs.delete_design")
    assert not design_officer.has_perm("designs.change_locarnoclass")
    assert not design_officer.has_perm("artisans.change_artisan")


def test_officer_searches_and_filters_the_changelist(client, design_officer):
    palm = Material.objects.get(code="palm-frond")
    wanted = DesignFactory(title_en="Palm-frond lantern", materials=["palm-frond"])
    DesignFactory(title_en="Silver shield")
    hidden = DesignFactory(title_en="Palm-frond tray", materials=["palm-frond"], hidden=True)
    client.force_login(design_officer)
    url = reverse("admin:designs_design_changelist")

    response = client.get(url, {"q": "lantern"})
    assert list(response.context["cl"].result_list) == [wanted]

    response = client.get(url, {"materials__id__exact": palm.pk})
    assert set(response.context["cl"].result_list) == {wanted, hidden}

    response = client.get(url, {"status__exact": "filed"})
    assert list(response.context["cl"].result_list) == [hidden]

    response = client.get(url, {"q": wanted.certificate_number})
    assert list(response.context["cl"].result_list) == [wanted]


def test_changelist_shows_thumbnails_served_to_staff_even_for_hidden_designs(
    client, design_officer
):
    image = DesignImageFactory(design=DesignFactory(hidden=True))
    client.force_login(design_officer)
    response = client.get(reverse("admin:designs_design_changelist"))
    thumbnail_url = reverse("admin:designs_design_thumbnail", args=[image.design_id, image.pk])
    assert thumbnail_url in response.content.decode()
    response = client.get(thumbnail_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_admin_thumbnails_are_not_for_anonymous_visitors(client):
    image = DesignImageFactory()
    response = client.get(
        reverse("admin:designs_design_thumbnail", args=[image.design_id, image.pk])
    )
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_non_image_renamed_jpg_is_refused_in_admin_and_nothing_is_stored(
    client, design_officer, media_root
):
    design = DesignFactory(hidden=True)
    client.force_login(design_officer)
    fake = SimpleUploadedFile("khanjar.jpg", b"MZ\x90\x00 not an image " * 50, "image/jpeg")
    response = client.post(
        reverse("admin:designs_design_change", args=[design.pk]),
        design_form_data(design, **{"images-0-image": fake}),
    )
    assert response.status_code == 200
    assert "This file is not an image we accept" in response.content.decode()
    # The officer reading the admin in Arabic gets the message in Arabic.
    fake.seek(0)
    with translation.override("ar"):
        arabic_url = reverse("admin:designs_design_change", args=[design.pk])
    assert arabic_url.startswith("/ar/")
    response = client.post(arabic_url, design_form_data(design, **{"images-0-image": fake}))
    assert "هذا الملف ليس صورة مقبولة" in response.content.decode()
    assert not DesignImage.objects.exists()
    stored = list((media_root / "designs").rglob("*")) if (media_root / "designs").exists() else []
    assert stored == []


def test_a_real_image_uploaded_in_admin_is_re_encoded_under_a_generated_name(
    client, design_officer
):
    design = DesignFactory(hidden=True)
    client.force_login(design_officer)
    photo = SimpleUploadedFile("my photo.png", image_bytes("PNG"), "image/png")
    response = client.post(
        reverse("admin:designs_design_change", args=[design.pk]),
        design_form_data(design, **{"images-0-image": photo}),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    image = DesignImage.objects.get()
    assert image.is_primary
    assert image.image.name.startswith("designs/images/")
    assert "photo" not in image.image.name
    assert image.image.name.endswith(".png")
    assert (image.width, image.height) == (40, 30)
    assert image.thumbnail.name


def test_changing_the_status_in_admin_dates_it_and_is_in_the_history(client, design_officer):
    design = DesignFactory(hidden=True, status_date=datetime.date(2018, 3, 11))
    client.force_login(design_officer)
    response = client.post(
        reverse("admin:designs_design_change", args=[design.pk]),
        design_form_data(design, status="returned", status_reason="Drawings incomplete"),
    )
    assert response.status_code == 302
    design.refresh_from_db()
    assert design.status == Design.Status.RETURNED
    assert design.status_date == timezone.localdate()
    assert design.status_reason == "Drawings incomplete"
    latest = design.history.first()
    assert latest.history_user == design_officer
    assert latest.history_change_reason == "Drawings incomplete"
    response = client.get(reverse("admin:designs_design_history", args=[design.pk]))
    assert response.status_code == 200
    assert "officer" in response.content.decode()


@pytest.mark.parametrize("status", ["returned", "withdrawn"])
def test_returning_or_withdrawing_without_a_reason_is_refused(client, design_officer, status):
    design = DesignFactory(hidden=True)
    client.force_login(design_officer)
    response = client.post(
        reverse("admin:designs_design_change", args=[design.pk]),
        design_form_data(design, status=status, status_reason="  "),
    )
    assert response.status_code == 200
    assert f"Give the reason the design is {status}." in response.content.decode()
    design.refresh_from_db()
    assert design.status == Design.Status.FILED


def test_marking_deposited_without_certificate_is_refused_in_admin(client, design_officer):
    design = DesignFactory(hidden=True)
    client.force_login(design_officer)
    response = client.post(
        reverse("admin:designs_design_change", args=[design.pk]),
        design_form_data(design, status="deposited"),
    )
    assert response.status_code == 200
    assert "can only be marked deposited with its certificate number" in response.content.decode()
    design.refresh_from_db()
    assert design.status == Design.Status.FILED


def test_batch_page_lists_its_designs_inline(client, design_officer):
    batch = DepositBatchFactory(number="2018-01", filed_on=datetime.date(2018, 3, 11))
    DesignFactory(batch=batch, suffix=1, hidden=True, title_ar="فانوس")
    client.force_login(design_officer)
    response = client.get(reverse("admin:designs_depositbatch_change", args=[batch.pk]))
    content = response.content.decode()
    assert "2018-01-0001" in content
    assert "فانوس" in content
    assert reverse("admin:designs_depositbatch_mark_deposited", args=[batch.pk]) in content


def test_csv_action_marks_designs_deposited_and_reports_row_errors(client, design_officer):
    batch = DepositBatchFactory(number="2018-01", filed_on=datetime.date(2018, 3, 11))
    DesignFactory(batch=batch, suffix=1, hidden=True)
    DesignFactory(batch=batch, suffix=2, hidden=True)
    client.force_login(design_officer)

    response = client.post(
        reverse("admin:designs_depositbatch_changelist"),
        {"action": "mark_deposited_from_csv", "_selected_action": [batch.pk]},
    )
    url = reverse("admin:designs_depositbatch_mark_deposited", args=[batch.pk])
    assert response.status_code == 302
    assert response["Location"] == url

    bad = SimpleUploadedFile(
        "c.csv", b"design_number,certificate_number\n2018-01-0001,C1\n2018-01-0007,C2\n"
    )
    response = client.post(url, {"file": bad, "certificate_date": "2018-06-01"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is no design 2018-01-0007 in batch \u20662018-01\u2069." in content
    assert "Nothing was changed" in content
    assert not Design.objects.filter(status=Design.Status.DEPOSITED).exists()

    good = SimpleUploadedFile(
        "c.csv", b"design_number,certificate_number\n2018-01-0001,C1\n2018-01-0002,C2\n"
    )
    response = client.post(url, {"file": good, "certificate_date": "2018-06-01"}, follow=True)
    assert "Designs of batch \u20662018-01\u2069 marked deposited: 2." in response.content.decode()
    assert Design.objects.filter(status=Design.Status.DEPOSITED).count() == 2
    batch.refresh_from_db()
    assert batch.status == "certificates"


def test_csv_action_is_denied_without_change_permission(client, django_user_model):
    batch = DepositBatchFactory()
    viewer = django_user_model.objects.create_user("viewer2", password="pw", is_staff=True)
    client.force_login(viewer)
    response = client.get(reverse("admin:designs_depositbatch_mark_deposited", args=[batch.pk]))
    assert response.status_code in (403, 404)


def test_deleting_the_primary_view_promotes_the_next_one(client, design_officer):
    design = DesignFactory(hidden=True)
    primary = DesignImageFactory(design=design)
    other = DesignImageFactory(design=design)
    client.force_login(design_officer)
    data = design_form_data(
        design,
        **{
            "images-TOTAL_FORMS": "2",
            "images-INITIAL_FORMS": "2",
            "images-0-id": primary.pk,
            "images-0-design": design.pk,
            "images-0-DELETE": "on",
            "images-0-position": "0",
            "images-1-id": other.pk,
            "images-1-design": design.pk,
            "images-1-caption_ar": "",
            "images-1-caption_en": "",
            "images-1-position": "1",
        },
    )
    response = client.post(reverse("admin:designs_design_change", args=[design.pk]), data)
    assert response.status_code == 302
    assert list(design.images.values_list("pk", "is_primary")) == [(other.pk, True)]


def test_officer_finds_the_creating_artisan_by_name(client, design_officer):
    from artisans.tests.factories import ArtisanFactory

    artisan = ArtisanFactory(name_en="Maryam Al Hinai")
    ArtisanFactory(name_en="Salim Al Said")
    client.force_login(design_officer)
    response = client.get(
        "/en/admin/autocomplete/",
        {
            "app_label": "designs",
            "model_name": "design",
            "field_name": "creator_artisan",
            "term": "Maryam",
        },
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(artisan.pk)]


def _autocomplete(client, term):
    return client.get(
        "/en/admin/autocomplete/",
        {
            "app_label": "designs",
            "model_name": "design",
            "field_name": "creator_artisan",
            "term": term,
        },
    )


def test_officer_cannot_find_an_artisan_by_civil_number(client, design_officer):
    from artisans.tests.factories import ArtisanFactory

    artisan = ArtisanFactory(civil_number="45678912")
    client.force_login(design_officer)
    assert _autocomplete(client, "45678912").json()["results"] == []
    # The registration number works: it is on the artisan's public documents, not personal.
    found = _autocomplete(client, artisan.registration_number).json()["results"]
    assert [row["id"] for row in found] == [str(artisan.pk)]
    assert "45678912" not in _autocomplete(client, artisan.name_en).content.decode()


def test_officer_cannot_open_the_artisans_register(client, design_officer):
    from artisans.tests.factories import ArtisanFactory

    artisan = ArtisanFactory()
    client.force_login(design_officer)
    assert client.get(reverse("admin:artisans_artisan_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:artisans_artisan_change", args=[artisan.pk])).status_code == 403
    )
    export = reverse("admin:artisans_artisan_export", args=["csv"])
    assert client.get(export).status_code in (403, 404)


def test_a_batch_number_in_arabic_indic_digits_is_accepted(client, design_officer):
    client.force_login(design_officer)
    response = client.post(
        reverse("admin:designs_depositbatch_add"),
        {
            "number": "٢٠١٩-٠٣",
            "status": "preparing",
            "filed_on": "",
            "legal_basis_ar": "م",
            "legal_basis_en": "RD",
            "office_ar": "د",
            "office_en": "IP",
            "gazette_issue": "",
            "gazette_date": "",
            "notes": "",
            "designs-TOTAL_FORMS": "0",
            "designs-INITIAL_FORMS": "0",
            "designs-MIN_NUM_FORMS": "0",
            "designs-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert DepositBatch.objects.filter(number="2019-03").exists()


def test_the_design_list_shows_years_without_separators(client, design_officer):
    DesignFactory(year_created=2016)
    client.force_login(design_officer)
    content = client.get(reverse("admin:designs_design_changelist")).content.decode()
    assert "2016" in content and "2,016" not in content


def test_view_on_site_only_for_designs_the_public_can_see(client, design_officer):
    public, hidden = DesignFactory(), DesignFactory(hidden=True)
    client.force_login(design_officer)
    shown = client.get(reverse("admin:designs_design_change", args=[public.pk]))
    assert shown.context["has_absolute_url"]
    not_shown = client.get(reverse("admin:designs_design_change", args=[hidden.pk]))
    assert not not_shown.context["has_absolute_url"]
    assert "viewsitelink" not in not_shown.content.decode()


def test_a_certificate_scan_is_checked_stored_privately_and_shown_to_staff_only(
    client, design_officer, django_user_model
):
    design = DesignFactory()
    client.force_login(design_officer)
    url = reverse("admin:designs_design_change", args=[design.pk])
    data = design_form_data(design, filing_number="IP/2017/٤٤")
    refused = client.post(
        url, {**data, "certificate_scan": SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf")}
    )
    assert refused.status_code == 200
    assert "neither a PDF nor an image" in refused.content.decode()
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
    saved = client.post(url, {**data, "certificate_scan": SimpleUploadedFile("my scan.pdf", pdf)})
    assert saved.status_code == 302
    design.refresh_from_db()
    assert design.filing_number == "IP/2017/44"
    assert design.certificate_scan.name.startswith("designs/certificates/")
    assert "my scan" not in design.certificate_scan.name
    scan_url = reverse("admin:designs_design_certificate_scan", args=[design.pk])
    response = client.get(scan_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    # Another member of staff without the designs register, and the public, are refused.
    registrar = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(registrar)
    assert client.get(scan_url).status_code == 403
    client.logout()
    assert client.get(scan_url).status_code == 302  # to the sign-in page
