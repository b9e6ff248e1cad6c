import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from craftsreg.env import with_statement_timeout

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = {"ENGINE": "django.db.backends.postgresql", "NAME": "craftsreg"}


def test_statement_timeout_goes_to_postgresql_as_a_connection_option():
    config = with_statement_timeout(dict(POSTGRES), 60)
    assert config["OPTIONS"]["options"] == "-c statement_timeout=60000"


def test_statement_timeout_keeps_other_connection_options():
    config = with_statement_timeout({**POSTGRES, "OPTIONS": {"options": "-c search_path=x"}}, 5)
    assert config["OPTIONS"]["options"] == "-c search_path=x -c statement_timeout=5000"


def test_no_statement_timeout_for_zero_or_for_sqlite():
    assert "OPTIONS" not in with_statement_timeout(dict(POSTGRES), 0)
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}
    assert "OPTIONS" not in with_statement_timeout(dict(sqlite), 30)


def _gunicorn_environment(**env) -> str:
    """DATABASE_STATEMENT_TIMEOUT as gunicorn.conf.py leaves it for the web processes."""
    script = (
        "import os, runpy; runpy.run_path('gunicorn.conf.py');"
        "print(os.environ['DATABASE_STATEMENT_TIMEOUT'])"
    )
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_STATEMENT_TIMEOUT"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_web_processes_get_a_statement_timeout_below_gunicorns_own():
    # Half of gunicorn's timeout: the database gives up before gunicorn kills the worker.
    assert _gunicorn_environment() == "60"
    assert _gunicorn_environment(GUNICORN_TIMEOUT="30") == "15"
    # An operator's own value (0 = no limit) wins.
    assert _gunicorn_environment(DATABASE_STATEMENT_TIMEOUT="0") == "0"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="craftsreg.tests.busy_urls")
def test_a_cancelled_statement_answers_busy_in_the_users_language(client, caplog):
    response = client.get("/slow/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert 'lang="ar"' in html
    assert "مشغول" in html  # "busy"
    assert "pg_sleep" not in html and "statement" not in html  # nothing technical
    assert "statement cancelled (timeout) on GET /slow/" in caplog.text

    english = client.get("/slow/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 503
    assert "The registry is busy" in english.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="craftsreg.tests.busy_urls")
def test_other_database_failures_are_not_called_busy(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
