"""Portal accounts: sign-up without enumeration, e-mail verification, sign-in, rate limits,
password reset and the two-factor exemption."""

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import translation

from portal.models import ArtisanAccount
from portal.tests.factories import PASSWORD, AccountFactory

pytestmark = pytest.mark.django_db

SIGN_UP = "/en/portal/sign-up/"
SIGN_IN = "/en/portal/sign-in/"


def _sign_up(client, **changes):
    data = {
        "civil_number": "١٢٣٤٥٦٧٨",  # Arabic-Indic digits
        "name": "Salim Al-Harthi",
        "mobile": "٩١٢٣ ٤٥٦٧",
        "email": "Salim@Example.invalid",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **changes,
    }
    return client.post(SIGN_UP, data)


def _link_in(message) -> str:
    line = next(line for line in message.body.splitlines() if "/verify-email/" in line)
    return line.replace("http://testserver", "")


def test_sign_up_creates_an_unverified_account_and_mails_a_link(client):
    response = _sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:verify_email_sent")
    account = ArtisanAccount.objects.get()
    assert account.civil_number == "12345678"
    assert account.mobile == "+96891234567"
    assert account.user.email == "salim@example.invalid"
    assert account.email_verified_at is None
    assert not account.user.is_staff
    assert [m.to for m in mail.outbox] == [["salim@example.invalid"]]


def test_a_known_address_gets_the_same_answer_and_a_note_instead_of_an_account(client):
    AccountFactory(user__username="salim@example.invalid", user__email="salim@example.invalid")
    first = client.get(SIGN_UP)
    response = _sign_up(client)

    assert first.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:verify_email_sent")
    assert ArtisanAccount.objects.count() == 1
    assert len(mail.outbox) == 1
    assert "already has an account" in mail.outbox[0].body
    assert "/verify-email/" not in mail.outbox[0].body


def test_a_civil_number_already_used_by_an_account_or_the_registry_changes_nothing_visible(
    client,
):
    from artisans.tests.factories import ArtisanFactory

    ArtisanFactory(civil_number="12345678")
    AccountFactory(civil_number="12345678")

    response = _sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:verify_email_sent")
    # Typing a civil number links nothing and proves nothing.
    new = ArtisanAccount.objects.get(user__email="salim@example.invalid")
    assert new.artisan is None


def test_passwords_follow_the_staff_rules(client):
    response = _sign_up(client, password1="salim", password2="salim")

    assert response.status_code == 200
    assert ArtisanAccount.objects.count() == 0
    with translation.override("en"):
        assert response.context["form"].errors["password1"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("civil_number", "12AB"),
        ("civil_number", "123"),
        ("mobile", "+44 20 7946 0000"),
        ("email", "not-an-address"),
        ("name", "   "),
        ("password2", "something-else-entirely"),
    ],
)
def test_bad_sign_up_values_are_refused_with_a_message_and_create_nothing(client, field, value):
    response = _sign_up(client, **{field: value})

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert ArtisanAccount.objects.count() == 0
    assert mail.outbox == []


def test_the_verification_link_verifies_after_one_press(client):
    _sign_up(client)
    link = _link_in(mail.outbox[0])

    page = client.get(link)
    account = ArtisanAccount.objects.get()
    assert page.status_code == 200 and account.email_verified_at is None

    response = client.post(link)
    account.refresh_from_db()
    assert response.status_code == 302
    assert account.email_verified_at is not None


@pytest.mark.parametrize("mangle", ["tamper", "other_address", "expired"])
def test_a_tampered_expired_or_stale_link_verifies_nothing(client, settings, mangle):
    _sign_up(client)
    link = _link_in(mail.outbox[0])
    account = ArtisanAccount.objects.get()
    if mangle == "tamper":
        link = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    elif mangle == "other_address":
        token = signing.dumps(
            {"a": account.pk, "e": "other@example.invalid"}, salt="craftsreg.portal.verify-email"
        )
        link = reverse("portal:verify_email", args=[token])
    else:
        settings.CRAFTSREG_PORTAL_EMAIL_LINK_HOURS = 0

    response = client.post(link)

    account.refresh_from_db()
    assert response.status_code == 400
    assert account.email_verified_at is None


def test_sign_in_with_the_email_in_any_case(client):
    account = AccountFactory(user__username="mona@example.invalid")

    response = client.post(SIGN_IN, {"username": "MONA@example.invalid", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    assert client.session["_auth_user_id"] == str(account.user.pk)


def test_an_unverified_account_is_sent_to_check_its_mail(client):
    account = AccountFactory(email_verified_at=None)
    client.force_login(account.user)

    response = client.get(reverse("portal:home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:verify_email_sent")
    resend = client.post(reverse("portal:verify_email_sent"))
    assert resend.status_code == 302
    assert len(mail.outbox) == 1


def test_staff_cannot_sign_in_to_the_portal_even_with_the_right_password(client, django_user_model):
    django_user_model.objects.create_user(
        "boss@example.invalid", "boss@example.invalid", PASSWORD, is_staff=True
    )

    response = client.post(SIGN_IN, {"username": "boss@example.invalid", "password": PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    with translation.override("en"):
        assert "The e-mail address or the password is wrong." in response.content.decode()


def test_sign_up_is_rate_limited_per_address_with_a_429_in_the_users_language(client, settings):
    settings.CRAFTSREG_PORTAL_SIGNUPS_PER_HOUR = 2

    answers = [_sign_up(client, email=f"p{i}@example.invalid").status_code for i in range(4)]

    assert answers == [302, 302, 429, 429]
    assert ArtisanAccount.objects.count() == 2
    arabic = client.post("/ar/portal/sign-up/", {})
    assert arabic.status_code == 429
    assert "محاولات" in arabic.content.decode()
    assert arabic["Retry-After"] == "3600"


def test_sign_in_is_rate_limited_per_account_from_any_address(client, settings):
    settings.CRAFTSREG_PORTAL_SIGNINS_PER_HOUR = 3
    AccountFactory(user__username="mona@example.invalid")
    answers = []
    for number in range(5):
        response = client.post(
            SIGN_IN,
            {"username": "mona@example.invalid", "password": "wrong"},
            REMOTE_ADDR=f"10.0.0.{number}",
        )
        answers.append(response.status_code)

    assert answers[-1] == 429


def test_with_redis_down_sign_up_works_and_nobody_is_refused(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "craftsreg.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    settings.CRAFTSREG_PORTAL_SIGNUPS_PER_HOUR = 1

    answers = [_sign_up(client, email=f"p{i}@example.invalid").status_code for i in range(3)]

    assert answers == [302, 302, 302]


def test_password_reset_mails_portal_accounts_only_and_answers_the_same(client, django_user_model):
    AccountFactory(user__username="mona@example.invalid", user__email="mona@example.invalid")
    django_user_model.objects.create_user("staff", "staff@example.invalid", PASSWORD, is_staff=True)
    url = reverse("portal:password_reset")

    answers = [
        client.post(url, {"email": address})["Location"]
        for address in ("mona@example.invalid", "staff@example.invalid", "nobody@example.invalid")
    ]

    assert len(set(answers)) == 1
    assert [m.to for m in mail.outbox] == [["mona@example.invalid"]]
    assert "/portal/password-reset/" in mail.outbox[0].body


def test_portal_accounts_owe_no_authenticator_but_staff_still_do(client, settings, registrar):
    settings.CRAFTSREG_REQUIRE_MFA = True
    account = AccountFactory(user__username="mona@example.invalid")

    client.post(SIGN_IN, {"username": "mona@example.invalid", "password": PASSWORD})
    assert client.get(reverse("portal:home")).status_code == 200

    client.force_login(registrar)
    response = client.get("/en/admin/")
    assert response.status_code == 302 and "two-factor" in response["Location"]
    assert account.user.is_staff is False
