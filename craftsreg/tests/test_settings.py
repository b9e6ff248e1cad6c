import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from craftsreg.env import env_bool, env_cache, env_database, env_email, env_int, env_list

BASE_DIR = Path(__file__).resolve().parents[2]
# Variables the test process may carry (the browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE) that
# must not reach a Django started as production would be.
LEAKY_VARIABLES = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")


def _start(env_overrides: dict) -> subprocess.CompletedProcess:
    """Start Django with the production settings module in a clean process."""
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_VARIABLES}
    env.update({"DJANGO_SETTINGS_MODULE": "craftsreg.settings", **env_overrides})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"DEBUG": "0"}, "SECRET_KEY"),
        ({"DEBUG": "perhaps", "SECRET_KEY": "x" * 50}, "DEBUG"),
        ({"DEBUG": "1", "DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"),
        ({"DEBUG": "1", "DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"DEBUG": "1", "ALLOWED_HOSTS": "example.om,,"}, "ALLOWED_HOSTS"),
        ({"DEBUG": "1", "CRAFTSREG_IMPORT_MAX_BYTES": "ten"}, "CRAFTSREG_IMPORT_MAX_BYTES"),
        ({"DEBUG": "1", "CACHE_URL": "memcached://127.0.0.1:11211"}, "CACHE_URL"),
        ({"DEBUG": "1", "EMAIL_URL": "sendmail://localhost"}, "EMAIL_URL"),
        ({"DEBUG": "1", "EMAIL_URL": "smtp://host:port"}, "EMAIL_URL"),
        ({"DEBUG": "1", "CRAFTSREG_REQUIRE_MFA": "sometimes"}, "CRAFTSREG_REQUIRE_MFA"),
        ({"DEBUG": "1", "CRAFTSREG_MFA_ENROLMENT": "anyone"}, "CRAFTSREG_MFA_ENROLMENT"),
        ({"DEBUG": "1", "CRAFTSREG_LOGIN_IP_FAILURE_LIMIT": "0"}, "CRAFTSREG_LOGIN_IP_FAILURE"),
        ({"DEBUG": "1", "CRAFTSREG_IMPORT_RETENTION_DAYS": "x"}, "CRAFTSREG_IMPORT_RETENTION_DAYS"),
        (
            {"DEBUG": "1", "CRAFTSREG_APPLICATION_CHANGES_DAYS": "0"},
            "CRAFTSREG_APPLICATION_CHANGES_DAYS",
        ),
        (
            {"DEBUG": "1", "CRAFTSREG_APPLICATION_CHANGES_DAYS": "a month"},
            "CRAFTSREG_APPLICATION_CHANGES_DAYS",
        ),
    ],
)
def test_bad_setting_stops_start_up_naming_the_variable(overrides, variable):
    result = _start(overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


def test_good_settings_start():
    result = _start({"DEBUG": "0", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "registry.example"})
    assert result.returncode == 0, result.stderr


def test_env_bool_reads_common_spellings(monkeypatch):
    for raw, expected in [("1", True), ("TRUE", True), ("on", True), ("0", False), ("no", False)]:
        monkeypatch.setenv("FLAG", raw)
        assert env_bool("FLAG") is expected
    monkeypatch.delenv("FLAG")
    assert env_bool("FLAG", True) is True


def test_env_int_rejects_text_and_values_below_minimum(monkeypatch):
    monkeypatch.setenv("SIZE", "12")
    assert env_int("SIZE", 1) == 12
    monkeypatch.setenv("SIZE", "0")
    with pytest.raises(ImproperlyConfigured, match="SIZE must be at least 1"):
        env_int("SIZE", 1, minimum=1)
    monkeypatch.setenv("SIZE", "1e3")
    with pytest.raises(ImproperlyConfigured, match="SIZE must be a whole number"):
        env_int("SIZE", 1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.om, b.om")
    assert env_list("HOSTS", []) == ["a.om", "b.om"]


def test_env_database_parses_postgres_and_sqlite(monkeypatch):
    monkeypatch.setenv("DB", "postgres://postgres@127.0.0.1:5432/craftsreg")
    config = env_database("DB", "")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "craftsreg"
    monkeypatch.setenv("DB", "sqlite:////tmp/x.sqlite3")
    assert env_database("DB", "")["NAME"] == "/tmp/x.sqlite3"


def test_env_cache_picks_redis_for_a_shared_cache(monkeypatch):
    monkeypatch.delenv("CACHE_URL", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    config = env_cache(("CACHE_URL", "REDIS_URL"))
    assert config["BACKEND"] == "craftsreg.cache.ResilientRedisCache"
    assert config["LOCATION"] == "redis://127.0.0.1:6379/1"
    monkeypatch.delenv("REDIS_URL")
    assert "LocMemCache" in env_cache(("CACHE_URL", "REDIS_URL"))["BACKEND"]


def test_env_email_reads_console_and_smtp_urls(monkeypatch):
    monkeypatch.delenv("EMAIL_URL", raising=False)
    assert env_email("EMAIL_URL", "console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    monkeypatch.setenv("EMAIL_URL", "smtp+tls://mailer%40paci.om:p%2Fss@mail.example.om")
    config = env_email("EMAIL_URL", "console://")
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("mail.example.om", 587)
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == ("mailer@paci.om", "p/ss")
    assert config["EMAIL_USE_TLS"] and not config["EMAIL_USE_SSL"]
    monkeypatch.setenv("EMAIL_URL", "smtps://mail.example.om")
    assert env_email("EMAIL_URL", "console://")["EMAIL_PORT"] == 465
