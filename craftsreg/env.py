"""Typed readers for settings that come from environment variables.

A malformed value stops start-up with ImproperlyConfigured naming the variable, so a typo in a
deployment never silently falls back to a default.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean (1/0, true/false, yes/no, on/off), got {raw!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(
            f"{name} must be a comma-separated list without empty items, got {raw!r}."
        )
    return items


def env_database(name: str, default: str) -> dict:
    """Parse a database URL (postgres://…, sqlite:///path) into a DATABASES entry."""
    import dj_database_url

    raw = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj_database_url raises several types for bad URLs
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    engine = config.get("ENGINE", "")
    if engine not in (
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    ):
        raise ImproperlyConfigured(
            f"{name} must point to PostgreSQL (postgres://) or SQLite (sqlite:///), got {raw!r}."
        )
    if engine == "django.db.backends.sqlite3":
        # SQLite connections are cheap and persistent ones break with threads in tests.
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name} names no SQLite file: {raw!r}.")
    return config


def env_cache(names: tuple[str, ...]) -> dict:
    """The default cache from the first of ``names`` that is set.

    ``redis://host:6379/0`` (shared by every app server: needed for more than one), ``locmem://``
    (one process only; the default) or ``dummy://`` (no caching).
    """
    for name in names:
        raw = os.environ.get(name)
        if raw:
            break
    else:
        name, raw = names[0], "locmem://"
    scheme = raw.split("://", 1)[0].lower() if "://" in raw else ""
    if scheme in ("redis", "rediss", "unix"):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": raw,
            "KEY_PREFIX": "craftsreg",
            "TIMEOUT": 24 * 3600,
        }
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "craftsreg",
            "TIMEOUT": 24 * 3600,
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"{name} must be redis://…, rediss://…, unix://…, locmem:// or dummy://, got {raw!r}."
    )
