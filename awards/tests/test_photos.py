"""Award photos are served by the application, by the same rules as the nominations."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from awards.models import NominationPhoto, NominationStatus, SiteVisit, SiteVisitPhoto
from awards.tests.factories import set_stage


def _jpeg(colour="red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), colour).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def photos(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    nomination = world.dhofar_nomination
    photo = NominationPhoto(nomination=nomination)
    photo.image.save("my holiday (1).JPG", ContentFile(_jpeg()), save=True)
    visit = SiteVisit.objects.create(
        nomination=nomination, stage="initial", visited_on="2017-04-02", recorded_by=world.chair
    )
    visit_photo = SiteVisitPhoto(visit=visit)
    visit_photo.image.save("loom.jpg", ContentFile(_jpeg("blue")), save=True)
    return photo, visit_photo


def _status(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


def test_stored_under_a_generated_name(photos):
    photo, _ = photos
    assert "holiday" not in photo.image.name
    assert photo.image.name.endswith(".jpg")


def test_before_announcement_only_the_committee_and_chair_see_photos(client, world, photos):
    photo, visit_photo = photos
    nomination_url = reverse("awards:nomination_photo", args=[photo.pk])
    visit_url = reverse("awards:visit_photo", args=[visit_photo.pk])
    for url in (nomination_url, visit_url):
        assert _status(client, None, url) == 404
        assert _status(client, world.outsider, url) == 404
        assert _status(client, world.muscat_member, url) == 404  # another governorate
        assert _status(client, world.registrar, url) == 404
        assert _status(client, world.dhofar_member, url) == 200
        assert _status(client, world.chair, url) == 200


def test_an_announced_winners_photo_is_public_but_visit_photos_never_are(client, world, photos):
    photo, visit_photo = photos
    nomination = world.dhofar_nomination
    nomination.status = NominationStatus.WINNER
    nomination.rank = 1
    nomination.save()
    set_stage(world.edition, "announced")
    response = client.get(reverse("awards:nomination_photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert b"".join(response.streaming_content) == photo.image.open("rb").read()
    assert _status(client, None, reverse("awards:visit_photo", args=[visit_photo.pk])) == 404


def test_a_photo_of_a_nomination_that_did_not_win_stays_private(client, world, photos):
    photo, _ = photos
    set_stage(world.edition, "announced")
    assert world.dhofar_nomination.status != NominationStatus.WINNER
    assert _status(client, None, reverse("awards:nomination_photo", args=[photo.pk])) == 404


def test_visit_photos_are_re_encoded_and_a_renamed_file_is_refused(
    client, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.dhofar_member)
    url = reverse("awards:visit", args=[5, world.dhofar_nomination.pk])
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera Maker"
    Image.new("RGB", (30, 20), "green").save(buffer, "JPEG", exif=exif)
    good = ContentFile(buffer.getvalue(), name="IMG_0001.jpg")
    renamed = ContentFile(b"%PDF-1.4 not an image", name="report.jpg")

    refused = client.post(
        url,
        {"visited_on": "2017-04-02", "members_present": [world.dhofar_member.pk],
         "photos": [good, renamed]},
    )  # fmt: skip
    assert refused.status_code == 400
    assert "not an image" in str(refused.context["form"].errors["photos"])
    assert not SiteVisit.objects.exists()

    good.seek(0)
    accepted = client.post(
        url,
        {"visited_on": "2017-04-02", "members_present": [world.dhofar_member.pk],
         "photos": [good]},
    )  # fmt: skip
    assert accepted.status_code == 302
    stored = SiteVisitPhoto.objects.get()
    assert "IMG_0001" not in stored.image.name
    assert b"Secret Camera Maker" not in stored.image.open("rb").read()


def _jpeg_of_size(width, height, colour="red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def test_thumbnail_is_a_small_jpeg_made_once_under_the_same_rules(
    client, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    photo = NominationPhoto(nomination=world.dhofar_nomination)
    photo.image.save("big.jpg", ContentFile(_jpeg_of_size(1600, 1200)), save=True)
    url = reverse("awards:nomination_photo_thumbnail", args=[photo.pk])
    assert _status(client, None, url) == 404
    assert _status(client, world.muscat_member, url) == 404
    assert not NominationPhoto.objects.get(pk=photo.pk).thumbnail  # nothing made for them

    client.force_login(world.dhofar_member)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as thumbnail:
        assert thumbnail.size == (320, 240)
    stored = NominationPhoto.objects.get(pk=photo.pk).thumbnail.name
    assert stored and "thumbnails" in stored
    client.get(url)
    assert NominationPhoto.objects.get(pk=photo.pk).thumbnail.name == stored  # made once


def test_thumbnail_of_a_visit_photo_is_never_public(client, world, photos):
    _, visit_photo = photos
    url = reverse("awards:visit_photo_thumbnail", args=[visit_photo.pk])
    assert _status(client, None, url) == 404
    assert _status(client, world.outsider, url) == 404
    assert _status(client, world.dhofar_member, url) == 200


def test_thumbnail_of_a_photo_missing_from_storage_is_a_404(client, world, photos):
    photo, _ = photos
    photo.image.storage.delete(photo.image.name)
    client.force_login(world.dhofar_member)
    response = client.get(reverse("awards:nomination_photo_thumbnail", args=[photo.pk]))
    assert response.status_code == 404


def test_score_sheet_shows_the_photos_as_a_gallery_of_thumbnails(client, world, photos):
    photo, visit_photo = photos
    photo.caption_en = "The khanjar from the front"
    photo.save()
    client.force_login(world.dhofar_member)
    with translation.override("en"):
        page = client.get(reverse("awards:score", args=[5, world.dhofar_nomination.pk]))
    html = page.content.decode()
    full = reverse("awards:nomination_photo", args=[photo.pk])
    thumb = reverse("awards:nomination_photo_thumbnail", args=[photo.pk])
    # Without JavaScript the thumbnail is a link to the full photo; the large view is a dialog.
    assert f'href="{full}"' in html
    assert f'src="{thumb}" alt="The khanjar from the front"' in html
    assert reverse("awards:visit_photo_thumbnail", args=[visit_photo.pk]) in html
    assert html.count("<dialog") == 2  # the work's photos and the visit's
    assert "Photo {n} of {total}" in html
    assert "js/gallery.js" in html


def test_award_staff_of_another_governorate_see_neither_photos_nor_visits(
    client, world, photos, muscat, dhofar, django_user_model
):
    from django.contrib.auth.models import Group

    from artisans.models import StaffProfile
    from awards import roles

    photo, visit_photo = photos  # of a Dhofar nomination
    visit = visit_photo.visit

    def staff(username, governorate):
        user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=roles.AWARD_STAFF))
        StaffProfile.objects.create(user=user, governorate=governorate)
        return user

    urls = [
        reverse("awards:nomination_photo", args=[photo.pk]),
        reverse("awards:visit_photo", args=[visit_photo.pk]),
        reverse("admin:awards_sitevisit_change", args=[visit.pk]),
    ]
    muscat_staff, dhofar_staff = staff("muscat-award", muscat), staff("dhofar-award", dhofar)
    for url in urls:
        assert _status(client, muscat_staff, url) == 404, url
        assert _status(client, dhofar_staff, url) == 200, url
    listing = client.get(reverse("admin:awards_sitevisit_changelist"))
    assert listing.context["cl"].result_count == 1
    client.force_login(muscat_staff)
    listing = client.get(reverse("admin:awards_sitevisit_changelist"))
    assert listing.context["cl"].result_count == 0
