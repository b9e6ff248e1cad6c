"""The linked artisan's own requests, award entries and data: each artisan sees only their own
(404 otherwise), registrars of another governorate can neither see nor decide, decisions go
through the record's normal save path, and bad input changes nothing."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from artisans import roles as artisan_roles
from artisans.models import Craft, Governorate, StaffProfile, Wilayat
from artisans.tests.factories import ArtisanFactory
from awards import services as award_services
from awards.models import AwardEntry, EntryStatus, Stage
from awards.tests.factories import EditionFactory, category
from cards.services import card_issue
from designs.tests.factories import image_bytes
from portal import services_requests as services
from portal.models import CardRequest, ChangeKind, ChangeRequest, RequestStatus
from portal.tests.factories import linked_user


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def linked(django_user_model, username, artisan):
    return linked_user(username, artisan)


@pytest.fixture
def two(db, django_user_model):
    """Two linked artisans: one in Dhofar, one in Muscat."""
    muscat_wilayat = Wilayat.objects.get(name_en="Muscat")
    salalah = ArtisanFactory(registered_on=datetime.date(2010, 1, 1))
    muscat = ArtisanFactory(wilayat=muscat_wilayat, registered_on=datetime.date(2010, 1, 1))
    return {
        "dhofar": (salalah, linked(django_user_model, "salalah", salalah)),
        "muscat": (muscat, linked(django_user_model, "muscat", muscat)),
    }


def registrar(django_user_model, username, governorate=None):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=artisan_roles.REGISTRAR))
    if governorate:
        StaffProfile.objects.create(
            user=user, governorate=Governorate.objects.get(code=governorate)
        )
    return user


def photo_upload(name="face.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, image_bytes(), content_type="image/jpeg")


# --- change requests ----------------------------------------------------------------------------


def test_a_change_request_shows_current_and_proposed_and_refuses_a_second_open_one(client, two):
    _artisan, user = two["dhofar"]
    client.force_login(user)
    response = client.post("/en/portal/requests/change/phone/", {"phone": "٩٩٧٧٧٧٧٧"})
    change = ChangeRequest.objects.get()
    assert response.status_code == 302 and change.phone == "+96899777777"
    # The same phone as on record is refused with a message (the factory's is +96899123456).
    change.status = RequestStatus.WITHDRAWN
    change.save()
    page = client.post("/en/portal/requests/change/phone/", {"phone": "99123456"})
    assert "nothing to change" in page.content.decode()
    client.post("/en/portal/requests/change/phone/", {"phone": "99111111"})
    again = client.get("/en/portal/requests/change/phone/")
    assert "already have a request for this change waiting" in again.content.decode()
    client.post("/en/portal/requests/change/phone/", {"phone": "99222222"})
    assert ChangeRequest.objects.pending().count() == 1
    detail = client.get(f"/en/portal/requests/{ChangeRequest.objects.pending().get().pk}/")
    body = detail.content.decode()
    assert "+968 9912 3456" in body and "+968 9911 1111" in body


def _one_of_each(artisan, user, **change):
    """A pending change request (``change``), card request and award entry of ``artisan``."""
    change_request = services.change_request_submit(artisan=artisan, by=user, **change)
    card_issue(artisan=artisan, by=user)
    card_request = services.card_request_submit(artisan=artisan, by=user, kind="renewal")
    edition = EditionFactory(number=6, year=2018, stage=Stage.NOMINATIONS)
    entry = award_services.entry_submit(
        artisan=artisan,
        category=category(edition),
        by=user,
        photos=[ContentFile(image_bytes(), name="w.jpg")],
        craft=artisan.primary_craft,
        title="Muscat work",
        description="d",
    )
    return change_request, card_request, entry


def test_an_artisan_cannot_see_another_artisans_request_entry_or_photo(client, two):
    _dhofar, dhofar_user = two["dhofar"]
    muscat, muscat_user = two["muscat"]
    change, card_request, entry = _one_of_each(
        muscat,
        muscat_user,
        kind=ChangeKind.PHOTO,
        photo=ContentFile(image_bytes(), name="x.jpg"),
    )
    client.force_login(dhofar_user)
    for url in (
        f"/en/portal/requests/{change.pk}/",
        f"/en/portal/requests/{change.pk}/photo/",
        f"/en/portal/award/entries/{entry.pk}/",
        f"/en/portal/award/entries/{entry.pk}/edit/",
        f"/en/portal/award/entries/{entry.pk}/photos/{entry.photos.get().pk}/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/en/portal/requests/{change.pk}/withdraw/",
        f"/en/portal/requests/card/{card_request.pk}/withdraw/",
        f"/en/portal/award/entries/{entry.pk}/withdraw/",
    ):
        assert client.post(url).status_code == 404, url
    change.refresh_from_db()
    card_request.refresh_from_db()
    entry.refresh_from_db()
    assert change.is_pending and card_request.is_pending
    assert entry.status == EntryStatus.SUBMITTED
    # Their own data download holds nothing of the other artisan.
    data = client.get("/en/portal/my-data/download.json")
    assert muscat.civil_number not in data.content.decode("utf-8")
    assert "Muscat work" not in data.content.decode("utf-8")
    # The owner sees them.
    client.force_login(muscat_user)
    assert client.get(f"/en/portal/requests/{change.pk}/photo/").status_code == 200
    assert client.get(f"/en/portal/award/entries/{entry.pk}/").status_code == 200


def test_the_owner_withdraws_a_request_a_card_request_and_an_entry(client, two):
    muscat, muscat_user = two["muscat"]
    change, card_request, entry = _one_of_each(
        muscat, muscat_user, kind=ChangeKind.PHONE, phone="99111111"
    )
    client.force_login(muscat_user)
    for url, back, said in (
        (f"/en/portal/requests/{change.pk}/withdraw/", "/en/portal/requests/", "request is"),
        (
            f"/en/portal/requests/card/{card_request.pk}/withdraw/",
            "/en/portal/requests/",
            "card request is",
        ),
        (f"/en/portal/award/entries/{entry.pk}/withdraw/", "/en/portal/award/", "entry is"),
    ):
        assert client.get(url).status_code == 405, url
        response = client.post(url, follow=True)
        assert response.redirect_chain[0][0] == back, url
        assert [str(m) for m in response.context["messages"]] == [f"Your {said} withdrawn."]
    change.refresh_from_db()
    card_request.refresh_from_db()
    entry.refresh_from_db()
    assert not change.is_pending and not card_request.is_pending
    assert entry.status == EntryStatus.WITHDRAWN


def test_a_registrar_of_another_governorate_cannot_see_or_decide_a_request(
    client, two, django_user_model
):
    artisan, user = two["dhofar"]
    change = services.change_request_submit(
        artisan=artisan, by=user, kind=ChangeKind.PHONE, phone="+96899111111"
    )
    card_issue(artisan=artisan, by=user)
    card_request = services.card_request_submit(artisan=artisan, by=user, kind="lost")
    client.force_login(registrar(django_user_model, "muscat-registrar", "OM-MA"))
    for base in (
        f"/en/admin/portal/changerequest/{change.pk}/",
        f"/en/admin/portal/cardrequest/{card_request.pk}/",
    ):
        for suffix in ("change/", "history/"):
            assert client.get(base + suffix).status_code == 404
    for url in (
        f"/en/admin/portal/changerequest/{change.pk}/approve/",
        f"/en/admin/portal/changerequest/{change.pk}/decline/",
        f"/en/admin/portal/cardrequest/{card_request.pk}/fulfil/",
        f"/en/admin/portal/cardrequest/{card_request.pk}/decline/",
    ):
        assert client.post(url, {"reason": "x", "seen_version": 1}).status_code == 404
    listing = client.get("/en/admin/portal/changerequest/")
    assert listing.status_code == 200 and artisan.name_en not in listing.content.decode()
    change.refresh_from_db()
    card_request.refresh_from_db()
    assert change.is_pending and card_request.is_pending


def test_approval_writes_through_the_records_save_path_with_history_and_lock(
    client, two, django_user_model, django_capture_on_commit_callbacks
):
    artisan, user = two["dhofar"]
    pottery = Craft.objects.exclude(pk=artisan.primary_craft_id).order_by("pk").first()
    change = services.change_request_submit(
        artisan=artisan, by=user, kind=ChangeKind.CRAFTS, primary_craft=pottery, other_crafts=[]
    )
    client.force_login(registrar(django_user_model, "dhofar-registrar", "OM-ZU"))
    page = client.get(f"/en/admin/portal/changerequest/{change.pk}/change/")
    assert "Approve and change the record" in page.content.decode()
    # A stale version (someone saved the record meanwhile) is refused and changes nothing.
    client.post(
        f"/en/admin/portal/changerequest/{change.pk}/approve/",
        {"seen_version": artisan.version - 1},
    )
    artisan.refresh_from_db()
    assert artisan.primary_craft != pottery
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/admin/portal/changerequest/{change.pk}/approve/",
            {"seen_version": artisan.version},
        )
    artisan.refresh_from_db()
    change.refresh_from_db()
    assert artisan.primary_craft == pottery and change.status == RequestStatus.APPROVED
    latest = artisan.history.latest("history_date")
    assert latest.history_change_reason == f"Changed from portal request {change.pk}"
    assert latest.history_user.username == "dhofar-registrar"
    assert mail.outbox[-1].to == ["salalah@example.invalid"]
    assert "approved" in mail.outbox[-1].body


def test_declining_needs_a_reason_and_the_artisan_reads_it(client, two, django_user_model):
    artisan, user = two["dhofar"]
    change = services.change_request_submit(
        artisan=artisan, by=user, kind=ChangeKind.PHONE, phone="+96899111111"
    )
    client.force_login(registrar(django_user_model, "r"))
    client.post(f"/en/admin/portal/changerequest/{change.pk}/decline/", {"reason": ""})
    change.refresh_from_db()
    assert change.is_pending
    client.post(f"/en/admin/portal/changerequest/{change.pk}/decline/", {"reason": "Call us"})
    change.refresh_from_db()
    assert change.status == RequestStatus.DECLINED
    client.force_login(user)
    assert "Call us" in client.get(f"/en/portal/requests/{change.pk}/").content.decode()


def test_an_address_in_another_governorate_is_refused(client, two):
    _artisan, user = two["dhofar"]
    client.force_login(user)
    muscat = Wilayat.objects.get(name_en="Muscat")
    response = client.post(
        "/en/portal/requests/change/address/",
        {"wilayat": muscat.pk, "workshop_address": "Souq"},
    )
    assert response.status_code == 200 and not ChangeRequest.objects.exists()
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/en/portal/requests/change/phone/", {"phone": "12"}),
        ("/en/portal/requests/change/phone/", {"phone": "\x00"}),
        ("/en/portal/requests/change/address/", {"wilayat": "x" * 300, "workshop_address": ""}),
        ("/en/portal/requests/change/crafts/", {"primary_craft": "99999999999999999999"}),
        ("/en/portal/requests/change/photo/", {"photo": "not a file"}),
        ("/en/portal/requests/card/", {"kind": "stolen"}),
        ("/en/portal/requests/change/nothing/", {}),
    ],
)
def test_bad_input_to_request_forms_changes_nothing(client, two, url, data):
    client.force_login(two["dhofar"][1])
    response = client.post(url, data)
    assert response.status_code in (200, 404)
    assert not ChangeRequest.objects.exists() and not CardRequest.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused_with_a_message(client, two):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(two["dhofar"][1])
    response = client.post(
        "/en/portal/requests/change/photo/",
        {"photo": SimpleUploadedFile("face.jpg", b"<script>", content_type="image/jpeg")},
    )
    assert "not an image we accept" in response.content.decode()
    assert not ChangeRequest.objects.exists()


# --- card requests ------------------------------------------------------------------------------


def test_card_request_is_met_with_the_card_services(client, two, django_user_model):
    artisan, user = two["dhofar"]
    old = card_issue(artisan=artisan, by=user)
    client.force_login(user)
    client.post("/en/portal/requests/card/", {"kind": "lost", "note": "Lost at the souq"})
    card_request = CardRequest.objects.get()
    assert card_request.card == old
    # A second request while one waits is refused.
    page = client.get("/en/portal/requests/card/")
    assert "already have a card request waiting" in page.content.decode()
    client.force_login(registrar(django_user_model, "r", "OM-ZU"))
    client.post(f"/en/admin/portal/cardrequest/{card_request.pk}/fulfil/")
    card_request.refresh_from_db()
    old.refresh_from_db()
    assert card_request.status == RequestStatus.APPROVED
    assert old.replacement == "lost" and card_request.issued_card.replaces == old
    client.force_login(user)
    assert card_request.issued_card.number in client.get("/en/portal/requests/").content.decode()


def test_renewal_without_a_card_is_explained(client, two):
    _artisan, user = two["dhofar"]
    client.force_login(user)
    client.post("/en/portal/requests/card/", {"kind": "renewal"})
    assert not CardRequest.objects.exists()
    response = client.post("/en/portal/requests/card/", {"kind": "issue"})
    assert response.status_code == 302 and CardRequest.objects.get().kind == "issue"


# --- award entries ------------------------------------------------------------------------------


@pytest.fixture
def edition(db):
    return EditionFactory(number=6, year=2018, stage=Stage.NOMINATIONS)


def test_eligibility_is_explained_before_the_form(client, two, edition):
    artisan, user = two["dhofar"]
    edition.minimum_years_registered = 30
    edition.save()
    client.force_login(user)
    page = client.get("/en/portal/award/").content.decode()
    assert "registered for at least 30 years" in page and "Enter a work" not in page
    form = client.get(f"/en/portal/award/enter/{category(edition).pk}/").content.decode()
    assert "You cannot enter this category now" in form and "<textarea" not in form
    response = client.post(
        f"/en/portal/award/enter/{category(edition).pk}/",
        {"title": "t", "description": "d", "craft": artisan.primary_craft_id},
    )
    assert response.status_code == 200 and not AwardEntry.objects.exists()


def test_an_entry_is_submitted_with_photos_and_followed(client, two, edition):
    artisan, user = two["dhofar"]
    client.force_login(user)
    project = category(edition, "project")
    response = client.post(
        f"/en/portal/award/enter/{project.pk}/",
        {
            "craft": artisan.primary_craft_id,
            "title": "Weaving workshop",
            "description": "Ten looms",
            "workforce": "١٠",
            "trainees": "4",
            "omani_materials_percent": "90",
            "photos": [photo_upload("a.jpg"), photo_upload("b.png")],
        },
    )
    entry = AwardEntry.objects.get()
    assert response.status_code == 302
    assert entry.workforce == 10 and entry.photos.count() == 2
    page = client.get(f"/en/portal/award/entries/{entry.pk}/").content.decode()
    assert "Submitted, awaiting review" in page and "Withdraw my entry" in page


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "description": "d"},
        {"title": "t", "description": "d", "craft": "\x00"},
        {"title": "x" * 300, "description": "d"},
        {"title": "t", "description": ""},
    ],
)
def test_bad_entry_input_changes_nothing(client, two, edition, data):
    artisan, user = two["dhofar"]
    client.force_login(user)
    data = {"craft": artisan.primary_craft_id, "photos": [photo_upload()], **data}
    response = client.post(f"/en/portal/award/enter/{category(edition).pk}/", data)
    assert response.status_code == 200
    assert not AwardEntry.objects.exists()


def test_requests_and_award_pages_query_count_does_not_grow(client, two, edition):
    artisan, user = two["dhofar"]
    client.force_login(user)
    client.get("/en/portal/")  # the first page view records the session's start

    def counted(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(n):
        for i in range(n):
            change = services.change_request_submit(
                artisan=artisan, by=user, kind=ChangeKind.PHONE, phone=f"+9689900{i:04d}"
            )
            services.change_request_withdraw(change=change, by=user)
            for code in ("product", "project"):
                facts = {"workforce": 1, "trainees": 1, "omani_materials_percent": 5}
                entry = award_services.entry_submit(
                    artisan=artisan,
                    category=category(edition, code),
                    by=user,
                    photos=[ContentFile(image_bytes(), name="w.jpg")],
                    craft=artisan.primary_craft,
                    title=f"Work {i}",
                    description="d",
                    **(facts if code == "project" else {}),
                )
                award_services.entry_withdraw(entry=entry, by=user)

    add(1)
    small = (counted("/en/portal/requests/"), counted("/en/portal/award/"))
    add(4)
    assert (counted("/en/portal/requests/"), counted("/en/portal/award/")) == small


def test_my_data_downloads_hold_the_record_and_requests(client, two):
    artisan, user = two["dhofar"]
    services.change_request_submit(
        artisan=artisan, by=user, kind=ChangeKind.PHONE, phone="+96899111111"
    )
    client.force_login(user)
    data = json.loads(client.get("/en/portal/my-data/download.json").content)
    assert data["Registry record"][0]["civil_number"] == artisan.civil_number
    assert data["Change requests"][0]["phone"] == "+96899111111"
    assert "password" not in json.dumps(data)
    csv = client.get("/en/portal/my-data/download.csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert artisan.civil_number in csv.content.decode("utf-8")
    assert client.get("/en/portal/my-data/download.json")["Cache-Control"] == "private, no-store"


def test_anonymous_and_staff_get_no_portal_data(client, two, django_user_model):
    for url in ("/en/portal/my-data/download.json", "/en/portal/requests/", "/en/portal/award/"):
        assert client.get(url).status_code == 302
    client.force_login(registrar(django_user_model, "r"))
    assert client.get("/en/portal/my-data/download.json").status_code == 302


def test_the_registrars_request_lists_query_count_does_not_grow(client, db, django_user_model):
    client.force_login(registrar(django_user_model, "r"))
    client.get("/en/admin/")  # the first page view records the session's start

    def counted():
        sizes = []
        for url in ("/en/admin/portal/changerequest/", "/en/admin/portal/cardrequest/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            sizes.append(len(queries))
        return sizes

    def add(n):
        for i in range(n):
            artisan = ArtisanFactory()
            user = linked(django_user_model, f"a{artisan.pk}", artisan)
            services.change_request_submit(
                artisan=artisan, by=user, kind=ChangeKind.PHONE, phone=f"+9689911{i:04d}"
            )
            services.card_request_submit(artisan=artisan, by=user, kind="issue")

    add(2)
    small = counted()
    add(5)
    assert counted() == small


def test_the_home_page_counts_waiting_requests_and_lists_entries(client, two, edition):
    artisan, user = two["dhofar"]
    services.change_request_submit(
        artisan=artisan, by=user, kind=ChangeKind.PHONE, phone="+96899111111"
    )
    award_services.entry_submit(
        artisan=artisan,
        category=category(edition),
        by=user,
        photos=[ContentFile(image_bytes(), name="w.jpg")],
        craft=artisan.primary_craft,
        title="My bisht",
        description="d",
    )
    client.force_login(user)
    page = client.get("/en/portal/").content.decode()
    assert "1 request is waiting for the registrar." in page
    assert "My bisht" in page and "Enter a work in Edition 6" in page
    # Another artisan's home shows none of it.
    client.force_login(two["muscat"][1])
    page = client.get("/en/portal/").content.decode()
    assert "0 requests are waiting" in page and "My bisht" not in page


def test_the_record_says_where_the_artisans_card_is(client, two, django_user_model):
    from cards.services import card_hand_over, cards_mark_printed
    from craftsreg.tests.html import parse

    artisan, user = two["dhofar"]
    officer = registrar(django_user_model, "officer")
    card = card_issue(artisan=artisan, by=officer, today=datetime.date(2026, 3, 1))
    client.force_login(user)

    def where():
        page = parse(client.get("/en/portal/record/").content.decode())
        return page.find("div", data_delivery=card.delivery).text

    assert "Being printed" in where()
    cards_mark_printed(cards=[card], by=officer, today=datetime.date(2026, 3, 2))
    card.refresh_from_db()
    assert "Printed on 2 March 2026: ready for collection" in where()
    card_hand_over(card=card, by=officer, today=datetime.date(2026, 3, 5))
    card.refresh_from_db()
    assert "Collected on 5 March 2026." in where()
