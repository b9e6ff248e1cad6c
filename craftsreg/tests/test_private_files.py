"""Stored files are private: MEDIA_ROOT is never mounted, files leave only through app views."""

import importlib
import io
import logging
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import clear_url_caches, reverse

from craftsreg import files, images

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _jpeg(colour="red") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), colour).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """Requests to /ar/ pages leave Arabic active in this thread; later tests expect none."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def stored(media, django_user_model, dhofar, design_reference):
    """One of every kind of file the product stores, and one user of every role."""
    from artisans import roles as artisan_roles
    from awards import roles as award_roles
    from awards.models import CommitteeKind, NominationPhoto, SiteVisit, SiteVisitPhoto
    from awards.tests.factories import EditionFactory, NominationFactory, committee
    from designs.roles import DESIGN_OFFICERS
    from designs.tests.factories import DesignFactory, DesignImageFactory

    public = DesignImageFactory(design=DesignFactory())
    public.ensure_thumbnail()
    draft = DesignFactory(hidden=True, batch__number="2018-01")
    hidden_image = DesignImageFactory(design=draft)
    deposited = DesignFactory()
    deposited.certificate_scan.save("scan.pdf", ContentFile(PDF), save=True)

    def user(name, group=None, **extra):
        account = django_user_model.objects.create_user(name, password="pw", **extra)
        if group:
            account.groups.add(Group.objects.get(name=group))
        return account

    roles = {
        "anonymous": None,
        "superuser": django_user_model.objects.create_superuser("root", password="pw"),
        "design officer": user("officer", DESIGN_OFFICERS, is_staff=True),
        "registrar": user("registrar", artisan_roles.REGISTRAR, is_staff=True),
        "viewer": user("viewer", artisan_roles.VIEWER, is_staff=True),
        "award staff": user("awardstaff", award_roles.AWARD_STAFF, is_staff=True),
        "committee member": user("member"),
        "chair": user("chair"),
    }
    edition = EditionFactory(number=5, stage="initial")
    committee(edition, CommitteeKind.INITIAL, dhofar, members=[roles["committee member"]])
    committee(edition, CommitteeKind.MAIN, chair=roles["chair"])
    nomination = NominationFactory(category=edition.categories.first())
    photo = NominationPhoto(nomination=nomination)
    photo.image.save("photo.jpg", ContentFile(_jpeg()), save=True)
    visit = SiteVisit.objects.create(
        nomination=nomination, stage="initial", visited_on="2017-04-02", recorded_by=roles["chair"]
    )
    visit_photo = SiteVisitPhoto(visit=visit)
    visit_photo.image.save("visit.jpg", ContentFile(_jpeg("blue")), save=True)
    artisan = nomination.artisan
    artisan.photo.save("face.jpg", ContentFile(_jpeg("green")), save=True)
    return {
        "roles": roles,
        "public": public,
        "hidden_image": hidden_image,
        "deposited": deposited,
        "photo": photo,
        "visit_photo": visit_photo,
    }


@pytest.fixture
def design_reference(db):
    """The designs reference data comes from its data migration (nothing to load)."""


def _media_urls(media: Path) -> list[str]:
    urls = []
    for path in sorted(p for p in media.rglob("*") if p.is_file()):
        relative = path.relative_to(media).as_posix()
        urls += [f"/media/{relative}", f"/ar/media/{relative}", f"/en/media/{relative}"]
    return urls


def _assert_never_served(client, roles, urls):
    for role, account in roles.items():
        client.logout()
        if account is not None:
            client.force_login(account)
        for url in urls:
            response = client.get(url, follow=True)
            assert response.status_code != 200, (role, url)


def test_no_stored_file_is_served_from_media_url_to_anyone(client, stored, media):
    urls = _media_urls(media)
    # Design image, its thumbnail, the hidden design's image and thumbnail, the certificate
    # scan, a nomination photo, a visit photo and an artisan's card photo: eight files, three
    # addresses each.
    assert len(urls) == 8 * 3
    _assert_never_served(client, stored["roles"], urls)


def test_media_url_is_not_mounted_even_with_debug(client, stored, media, settings):
    import craftsreg.urls

    settings.DEBUG = True
    try:
        importlib.reload(craftsreg.urls)
        clear_url_caches()
        _assert_never_served(client, stored["roles"], _media_urls(media))
    finally:
        settings.DEBUG = False
        importlib.reload(craftsreg.urls)
        clear_url_caches()


def test_the_same_files_are_served_by_their_views_to_who_may_see_them(client, stored):
    roles = stored["roles"]
    public, hidden, design = stored["public"], stored["hidden_image"], stored["deposited"]
    scan_url = reverse("admin:designs_design_certificate_scan", args=[design.pk])
    hidden_url = reverse("admin:designs_design_image", args=[hidden.design_id, hidden.pk])
    visit_url = reverse("awards:visit_photo", args=[stored["visit_photo"].pk])

    response = client.get(public.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == files.PUBLIC_CACHE
    assert client.get(hidden.get_absolute_url()).status_code == 404

    client.force_login(roles["design officer"])
    for url in (scan_url, hidden_url):
        response = client.get(url)
        assert response.status_code == 200
        # The admin never lets a browser keep its pages; never a shared cache either way.
        assert response["Cache-Control"].startswith("private")
        assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(scan_url)["Content-Type"] == "application/pdf"

    client.force_login(roles["chair"])
    assert client.get(visit_url).status_code == 200
    assert client.get(visit_url)["Cache-Control"] == files.PRIVATE_CACHE


def test_the_admins_file_links_go_to_the_views_not_to_media(client, stored):
    from awards.models import SiteVisit

    client.force_login(stored["roles"]["superuser"])
    design = stored["deposited"]
    hidden = stored["hidden_image"]
    pages = [
        reverse("admin:designs_design_change", args=[design.pk]),
        reverse("admin:designs_design_change", args=[hidden.design_id]),
        reverse("admin:awards_nomination_change", args=[stored["photo"].nomination_id]),
        reverse("admin:awards_sitevisit_change", args=[SiteVisit.objects.get().pk]),
    ]
    html = [client.get(page).content.decode() for page in pages]
    assert all("/media/" not in page for page in html)
    assert reverse("admin:designs_design_certificate_scan", args=[design.pk]) in html[0]
    assert reverse("admin:designs_design_image", args=[hidden.design_id, hidden.pk]) in html[1]
    assert reverse("awards:nomination_photo", args=[stored["photo"].pk]) in html[2]
    assert reverse("awards:visit_photo", args=[stored["visit_photo"].pk]) in html[3]


def test_a_missing_file_is_logged_and_a_404(db, media, caplog):
    from designs.models import Design

    field = Design(certificate_scan="designs/certificates/gone.pdf").certificate_scan
    with caplog.at_level(logging.ERROR, logger="craftsreg.files"), pytest.raises(Http404):
        files.serve_private_file(field)
    assert "designs/certificates/gone.pdf" in caplog.text


def test_a_download_of_any_kind_is_an_attachment_never_cached(db, media):
    from django.core.files.storage import default_storage

    from designs.models import Design

    name = default_storage.save("exports/report.txt", ContentFile(b"a,b\n"))
    field = Design(certificate_scan=name).certificate_scan
    response = files.serve_private_file(field, download_name="report.txt", as_attachment=True)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == files.DOWNLOAD_CACHE
    with pytest.raises(Http404):
        files.serve_private_file(field)  # never shown inline


def test_upload_path_keeps_only_a_known_extension_under_a_random_name():
    first = files.upload_path("designs/images", "my holiday (1).JPG")
    second = files.upload_path("designs/images", "my holiday (1).JPG")
    assert first.startswith("designs/images/") and first.endswith(".jpg")
    assert first != second and "holiday" not in first
    assert files.upload_path("awards/x/", "evil.php").endswith(".jpg")
    assert files.upload_path("c", "scan.PDF", extensions=("pdf", "jpg")).endswith(".pdf")


def test_validate_document_accepts_a_pdf_and_an_image():
    stored = files.validate_document(SimpleUploadedFile("x.bin", PDF))
    assert stored.name.endswith(".pdf") and stored.read() == PDF
    image = files.validate_document(SimpleUploadedFile("scan.pdf", _jpeg()))
    assert image.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"GIF89a not a scan at all", "not_a_document"),
        (b"%PDF-1.4\n1 0 obj << >> endobj\n", "corrupt"),
        (
            b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
            b"\nendobj\n%%EOF\n",
            "active_content",
        ),
    ],
)
def test_validate_document_refuses_what_is_not_a_plain_scan(content, code):
    with pytest.raises(ValidationError) as error:
        files.validate_document(SimpleUploadedFile("scan.pdf", content))
    assert error.value.code == code


def test_validate_document_ignores_js_bytes_inside_a_compressed_stream():
    pdf = b"%PDF-1.4\n1 0 obj << /Length 4 >>\nstream\n/JS \nendstream\nendobj\n%%EOF\n"
    assert files.validate_document(SimpleUploadedFile("scan.pdf", pdf)).name.endswith(".pdf")


def test_validate_document_refuses_a_scan_that_is_too_large(settings):
    big = SimpleUploadedFile("scan.pdf", b"%PDF-" + b"0" * files.DOCUMENT_MAX_BYTES)
    with pytest.raises(ValidationError) as error:
        files.validate_document(big)
    assert error.value.code == "too_large"


@pytest.mark.parametrize(
    ("field", "accept", "stored_as"),
    [
        (files.ScannedDocumentField, "application/pdf,image/jpeg,image/png,image/webp", ".pdf"),
        (images.ReencodedImageField, "image/jpeg,image/png,image/webp", None),
    ],
)
def test_checked_upload_fields_offer_their_types_and_store_only_what_passed(
    field, accept, stored_as
):
    form_field = field(required=False)

    assert form_field.widget.attrs["accept"] == accept
    assert form_field.clean(None) is None
    if stored_as:
        assert form_field.clean(SimpleUploadedFile("x.bin", PDF)).name.endswith(stored_as)
    stored = form_field.clean(SimpleUploadedFile("photo.exe", _jpeg()))
    assert stored.name.endswith(".jpg") and "photo" not in stored.name
    with pytest.raises(ValidationError):
        form_field.clean(SimpleUploadedFile("scan.pdf", b"GIF89a not a scan at all"))
