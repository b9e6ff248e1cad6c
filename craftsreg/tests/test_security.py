import json
import logging
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.views.defaults import server_error

from craftsreg.tests.test_settings import LEAKY_VARIABLES

BASE_DIR = Path(__file__).resolve().parents[2]


def test_deploy_check_reports_no_issue_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="craftsreg.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="registry.example.om",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_responses_carry_security_headers(client):
    response = client.get("/ar/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"), [("ar", "الصفحة غير موجودة"), ("en", "Page not found")]
)
def test_not_found_page_is_in_the_visitors_language_and_leaks_nothing(client, language, text):
    response = client.get(f"/{language}/no-such-page/<script>/")
    assert response.status_code == 404
    assert text in response.text
    assert "<script>" not in response.text.split("<main", 1)[1]
    assert "Traceback" not in response.text
    assert "urlpatterns" not in response.text


@pytest.mark.parametrize(("language", "text"), [("ar", "حدث خطأ"), ("en", "Something went wrong")])
def test_server_error_page_renders_without_a_database_or_context(language, text):
    request = RequestFactory().get(f"/{language}/")
    with translation.override(language):
        response = server_error(request)
    assert response.status_code == 500
    assert text in response.content.decode()


@pytest.mark.django_db
def test_csrf_and_session_cookies_are_out_of_reach_of_scripts(client, superuser):
    client.get("/en/admin/login/")
    assert client.cookies["csrftoken"]["httponly"] is True
    client.post("/en/admin/login/", {"username": "root", "password": "pw"})
    assert client.cookies["sessionid"]["httponly"] is True


@pytest.mark.django_db
def test_csrf_failure_page_explains_in_arabic(superuser):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/ar/admin/login/", {"username": "root", "password": "pw"})
    assert response.status_code == 403
    assert "انتهت صلاحية النموذج" in response.text


@pytest.mark.django_db
def test_idle_session_is_signed_out(client, superuser, settings):
    client.force_login(superuser)
    assert client.get("/ar/admin/").status_code == 200
    session = client.session
    session["craftsreg_session_last_seen"] = time.time() - (
        settings.CRAFTSREG_SESSION_IDLE_MINUTES * 60 + 5
    )
    session.save()
    response = client.get("/ar/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_session_ends_after_its_absolute_lifetime_even_when_active(client, superuser, settings):
    client.force_login(superuser)
    client.get("/ar/admin/")
    session = client.session
    session["craftsreg_session_started"] = time.time() - (
        settings.CRAFTSREG_SESSION_ABSOLUTE_HOURS * 3600 + 5
    )
    session["craftsreg_session_last_seen"] = time.time()
    session.save()
    assert client.get("/ar/admin/").status_code == 302


@pytest.mark.django_db
def test_a_page_view_within_the_minute_does_not_write_the_session(client, superuser):
    client.force_login(superuser)
    client.get("/ar/admin/")  # records when the session started and was last seen

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/ar/admin/").status_code == 200

    assert not [
        q for q in queries.captured_queries if "UPDATE" in q["sql"] and "session" in q["sql"]
    ]


@pytest.mark.django_db
def test_deactivated_users_session_ends(client, superuser):
    client.force_login(superuser)
    assert client.get("/ar/admin/").status_code == 200
    superuser.is_active = False
    superuser.save()
    assert client.get("/ar/admin/").status_code == 302


@pytest.mark.django_db
def test_new_session_on_login(client, superuser):
    client.get("/ar/admin/login/")
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    client.post("/ar/admin/login/", {"username": "root", "password": "pw", "next": "/ar/admin/"})
    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"


@pytest.mark.django_db
def test_sign_in_events_are_logged_as_json_without_the_password(client, superuser, caplog):
    caplog.set_level(logging.INFO, logger="craftsreg.security")
    client.post("/en/admin/login/", {"username": "root", "password": "wrong-password"})
    client.post("/en/admin/login/", {"username": "root", "password": "pw"})
    events = [json.loads(r.getMessage()) for r in caplog.records if r.name == "craftsreg.security"]
    assert [e["event"] for e in events] == ["login_failed", "login"]
    failed = events[0]
    assert failed["user"] == "root"
    assert failed["ip"] == "127.0.0.1"
    assert failed["path"] == "/en/admin/login/"
    assert failed["time"].endswith("+00:00")
    assert "wrong-password" not in caplog.text


@pytest.mark.django_db
def test_public_pages_do_not_vary_on_cookie_for_anonymous_visitors(client):
    # Shared caches can keep one copy of a public page for every anonymous visitor.
    assert "Cookie" not in client.get("/en/").get("Vary", "")


def _sign_in(client, password, ip="127.0.0.1"):
    return client.post(
        "/en/admin/login/?next=/en/admin/",
        {"username": "root", "password": password},
        REMOTE_ADDR=ip,
    )


@pytest.mark.django_db
def test_repeated_failures_lock_the_username_from_that_address_only(client, superuser, caplog):
    caplog.set_level(logging.INFO, logger="craftsreg.security")
    for _ in range(4):
        assert _sign_in(client, "wrong").status_code == 200  # the form again, with an error
    assert _sign_in(client, "wrong").status_code == 429  # the fifth failure locks
    locked = _sign_in(client, "pw")  # even the right password is refused now
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.text
    assert "_auth_user_id" not in client.session
    assert any('"event": "lockout"' in r.getMessage() for r in caplog.records)

    # The same account from another address is not locked: an attacker cannot lock staff out.
    other = _sign_in(client, "pw", ip="192.0.2.10")
    assert other.status_code == 302
    assert other["Location"] == "/en/admin/"


@pytest.mark.django_db
def test_successful_sign_in_resets_the_failure_count(client, superuser):
    for _ in range(4):
        _sign_in(client, "wrong")
    assert _sign_in(client, "pw").status_code == 302
    client.logout()
    for _ in range(4):
        _sign_in(client, "wrong")
    assert _sign_in(client, "pw").status_code == 302


def _spray(client, usernames, ip, password="Spring2026!"):
    return [
        client.post(
            "/en/admin/login/?next=/en/admin/",
            {"username": username, "password": password},
            REMOTE_ADDR=ip,
        ).status_code
        for username in usernames
    ]


@pytest.mark.django_db
def test_spraying_one_password_over_many_usernames_locks_the_address(
    client, superuser, settings, caplog
):
    """The penetration test's finding: the lockout was per username and address only, so one
    password tried once on each of many accounts was never stopped."""
    caplog.set_level(logging.INFO, logger="craftsreg.security")
    limit = settings.CRAFTSREG_LOGIN_IP_FAILURE_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT  # an office's few typos do not lock it
    # One attempt per username, each far under the per-username limit.
    answers = _spray(client, [f"user{n}" for n in range(limit)], ip="203.0.113.7")
    assert answers[:-1] == [200] * (limit - 1) and answers[-1] == 429
    # Every username is refused from that address now, the right password too.
    assert _sign_in(client, "pw", ip="203.0.113.7").status_code == 429
    assert any('"event": "lockout"' in r.getMessage() for r in caplog.records)
    # Another address is not affected.
    other = _sign_in(client, "pw", ip="198.51.100.20")
    assert other.status_code == 302 and other["Location"] == "/en/admin/"


@pytest.mark.django_db
def test_a_correct_password_does_not_reset_the_address_count(client, superuser, settings):
    """A sprayer who guesses one password (or signs in to their own account) must not wipe
    the failures counted for the address."""
    limit = settings.CRAFTSREG_LOGIN_IP_FAILURE_LIMIT
    ip = "203.0.113.8"
    _spray(client, [f"user{n}" for n in range(limit - 2)], ip=ip)
    assert _sign_in(client, "pw", ip=ip).status_code == 302  # root's correct password
    client.logout()
    assert _spray(client, ["someone", "someone-else"], ip=ip) == [200, 429]


@pytest.mark.django_db
def test_the_per_address_limit_is_a_setting(client, superuser, settings):
    settings.CRAFTSREG_LOGIN_IP_FAILURE_LIMIT = 7
    assert _spray(client, [f"user{n}" for n in range(7)], ip="203.0.113.9")[-2:] == [200, 429]


@pytest.mark.django_db
def test_lockouts_are_visible_to_superusers_only(client, superuser, django_user_model):
    for _ in range(5):
        _sign_in(client, "wrong")
    client.force_login(superuser)
    page = client.get("/en/admin/axes/accessattempt/")
    assert page.status_code == 200
    assert "root" in page.text
    registrar = django_user_model.objects.create_user("reg", password="x", is_staff=True)
    client.force_login(registrar)
    assert client.get("/en/admin/axes/accessattempt/").status_code == 403


@pytest.mark.django_db
def test_content_security_policy_forbids_inline_code_and_other_origins(client):
    policy = client.get("/ar/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_signed_in_users_404s_are_logged_as_denied_access(client, superuser, caplog):
    caplog.set_level(logging.INFO, logger="craftsreg.security")
    client.get("/en/no-such-thing/")  # anonymous: an ordinary broken link, not logged
    client.force_login(superuser)
    client.get("/en/no-such-thing/")
    events = [json.loads(r.getMessage()) for r in caplog.records if r.name == "craftsreg.security"]
    denied = [e for e in events if e["event"] == "access_denied"]
    assert len(denied) == 1
    assert denied[0]["user"] == "root"
    assert denied[0]["status"] == 404
