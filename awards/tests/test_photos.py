"""Award photos are served by the application, by the same rules as the nominations."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
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
