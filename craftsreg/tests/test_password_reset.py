"""Staff reset a forgotten password by e-mail, without the form revealing who has an account."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

RESET = "admin_password_reset"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "registrar", "registrar@example.invalid", "old-password-2017", is_staff=True
    )


def _reset_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+/password-reset/\S+/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_sign_in_page_offers_the_password_reset(client):
    page = client.get(reverse("admin:login")).content.decode()

    assert reverse(RESET) in page


def test_a_reset_mail_is_sent_and_its_link_sets_a_new_password(client, staff):
    response = client.post(reverse(RESET), {"email": "Registrar@Example.invalid"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["registrar@example.invalid"]
    link = _reset_link(message)
    assert link.startswith("/ar/")  # in the language the reset was asked in

    # The link leads to the new-password form (Django swaps the token for a session key).
    form_page = client.get(link, follow=True)
    assert "new_password1" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")
    staff.refresh_from_db()
    assert staff.check_password("a-new-long-passphrase")

    # The link works once only.
    again = client.get(link, follow=True).content.decode()
    assert "new_password1" not in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, staff):
    known = client.post(reverse(RESET), {"email": "registrar@example.invalid"})
    mail.outbox.clear()

    unknown = client.post(reverse(RESET), {"email": "nobody@example.invalid"})

    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert mail.outbox == []


def test_a_tampered_link_is_refused_and_changes_nothing(client, staff):
    client.post(reverse(RESET), {"email": "registrar@example.invalid"})
    link = _reset_link(mail.outbox[0])
    tampered = link.rstrip("/")[:-3] + "xyz/"

    page = client.get(tampered, follow=True).content.decode()

    assert "new_password1" not in page
    staff.refresh_from_db()
    assert staff.check_password("old-password-2017")


def test_a_malformed_address_is_explained_in_the_users_language(client):
    response = client.post(reverse(RESET), {"email": "not-an-address"})

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["أدخِل عنوان بريد إلكتروني صحيح."]
    assert mail.outbox == []
