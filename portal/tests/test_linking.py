"""Linking an account to a registered artisan with a registrar's one-time code."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from artisans.tests.factories import ArtisanFactory
from portal import services
from portal.models import ArtisanAccount, LinkCode
from portal.models.accounts import hash_link_code
from portal.tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


def _code_page(artisan) -> str:
    return reverse("admin:artisans_artisan_portal_code", args=[artisan.pk])


@pytest.fixture
def artisan(salalah):
    return ArtisanFactory(wilayat=salalah)


def _issue(client, user, artisan) -> str:
    client.force_login(user)
    response = client.post(_code_page(artisan))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.context["code"].replace(" ", "")


def test_a_registrar_issues_a_code_shown_once_and_stored_hashed(client, dhofar_registrar, artisan):
    code = _issue(client, dhofar_registrar, artisan)

    stored = LinkCode.objects.get()
    assert len(code) == 12 and code.isdigit()
    assert stored.code_hash == hash_link_code(code) and code not in stored.code_hash
    assert stored.created_by == dhofar_registrar
    assert stored.expires_at > timezone.now() + datetime.timedelta(days=13)
    again = client.get(_code_page(artisan))
    assert code not in again.content.decode().replace(" ", "")


def test_another_governorates_registrar_gets_404_and_a_viewer_cannot_issue(
    client, muscat_registrar, viewer, artisan
):
    client.force_login(muscat_registrar)
    assert client.get(_code_page(artisan)).status_code == 404
    assert client.post(_code_page(artisan)).status_code == 404

    client.force_login(viewer)
    assert client.get(_code_page(artisan)).status_code == 200
    assert client.post(_code_page(artisan)).status_code == 403
    assert not LinkCode.objects.exists()


def test_the_artisan_links_their_account_with_the_code_in_arabic_digits(
    client, dhofar_registrar, artisan
):
    code = _issue(client, dhofar_registrar, artisan)
    account = AccountFactory()
    client.force_login(account.user)
    arabic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    response = client.post(reverse("portal:link"), {"code": f"{arabic[:4]} {arabic[4:]}"})

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:record")
    account.refresh_from_db()
    assert account.artisan == artisan and account.linked_at is not None
    used = LinkCode.objects.get()
    assert used.used_by == account and used.used_at is not None
    record = client.get(reverse("portal:record"))
    assert artisan.registration_number in record.content.decode()


def _try(client, code):
    return client.post(reverse("portal:link"), {"code": code})


def _assert_refused(response, account):
    assert response.status_code == 200
    # One refusal for every reason (no hint for anyone guessing codes).
    assert [e.code for e in response.context["form"].errors.as_data()["code"]] == ["bad_code"]
    account.refresh_from_db()
    assert account.artisan is None


def test_a_wrong_code_is_refused(client, artisan, dhofar_registrar):
    _issue(client, dhofar_registrar, artisan)
    account = AccountFactory()
    client.force_login(account.user)

    _assert_refused(_try(client, "000000000000"), account)


def test_an_expired_code_is_refused(client, artisan, dhofar_registrar):
    code = _issue(client, dhofar_registrar, artisan)
    LinkCode.objects.update(
        created_at=timezone.now() - datetime.timedelta(days=30),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    account = AccountFactory()
    client.force_login(account.user)

    _assert_refused(_try(client, code), account)


def test_a_used_code_cannot_link_a_second_account(client, artisan, dhofar_registrar):
    code = _issue(client, dhofar_registrar, artisan)
    services.account_link(account=AccountFactory(), code=code)
    account = AccountFactory()
    client.force_login(account.user)

    _assert_refused(_try(client, code), account)


def test_a_new_code_withdraws_the_old_one(client, artisan, dhofar_registrar):
    old = _issue(client, dhofar_registrar, artisan)
    _issue(client, dhofar_registrar, artisan)
    account = AccountFactory()
    client.force_login(account.user)

    _assert_refused(_try(client, old), account)
    assert LinkCode.objects.usable().count() == 1


def test_a_malformed_code_gets_its_own_message(client, account):
    client.force_login(account.user)

    response = _try(client, "12ab")

    assert [e.code for e in response.context["form"].errors.as_data()["code"]] == ["format"]


def test_code_entry_is_rate_limited_per_account(client, settings, account):
    settings.CRAFTSREG_PORTAL_CODES_PER_HOUR = 3
    client.force_login(account.user)

    answers = [
        client.post(
            reverse("portal:link"), {"code": "000000000000"}, REMOTE_ADDR=f"10.0.0.{n}"
        ).status_code
        for n in range(5)
    ]

    assert answers == [200, 200, 200, 429, 429]


def test_a_civil_number_alone_never_links(client, artisan):
    account = AccountFactory(civil_number=artisan.civil_number)
    client.force_login(account.user)

    assert client.get(reverse("portal:record")).status_code == 302
    account.refresh_from_db()
    assert account.artisan is None


def test_a_linked_record_gets_no_new_code(client, dhofar_registrar, artisan):
    services.account_link(
        account=AccountFactory(),
        code=_issue(client, dhofar_registrar, artisan),
    )

    response = client.post(_code_page(artisan))

    assert response.status_code == 302
    assert LinkCode.objects.count() == 1
    assert ArtisanAccount.objects.filter(artisan=artisan).count() == 1
