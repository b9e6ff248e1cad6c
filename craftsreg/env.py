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


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {raw!r}.")
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


def with_statement_timeout(config: dict, seconds: int) -> dict:
    """Ask PostgreSQL to cancel any statement of this process that runs longer than ``seconds``.

    Set for the web processes only (gunicorn.conf.py): when gunicorn kills a worker that took
    too long, its query goes on running in PostgreSQL with nobody waiting for it, holding a
    core. Cancelled first by the database, the request ends with the "busy" page instead
    (craftsreg.middleware.DatabaseBusy). 0 means no limit, as for workers and commands, whose
    exports and migrations may rightly run for minutes. SQLite has no such setting.
    """
    if seconds and config.get("ENGINE") == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        flag = f"-c statement_timeout={seconds * 1000}"
        options["options"] = f"{options['options']} {flag}" if options.get("options") else flag
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
            # Django's RedisCache, made to answer like a miss when Redis is down (craftsreg.cache).
            "BACKEND": "craftsreg.cache.ResilientRedisCache",
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


def env_email(name: str, default: str) -> dict:
    """E-mail settings from a URL: the same one variable on every machine.

    ``console://`` (print to the console: the demo), ``locmem://`` (tests), ``dummy://`` (drop),
    ``file:///path/to/dir``, ``smtp://user:password@host:25``, ``smtp+tls://…:587`` (STARTTLS)
    or ``smtps://…:465`` (implicit TLS). User and password may be percent-encoded.
    """
    from urllib.parse import unquote, urlsplit

    raw = os.environ.get(name) or default
    try:
        url = urlsplit(raw)
        port = url.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid e-mail URL: {exc}") from None
    scheme = url.scheme.lower()
    simple = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if scheme in simple:
        return {"EMAIL_BACKEND": simple[scheme]}
    if scheme == "file":
        if not url.path:
            raise ImproperlyConfigured(f"{name} names no directory: {raw!r}.")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": url.path,
        }
    if scheme in ("smtp", "smtp+tls", "smtps"):
        if not url.hostname:
            raise ImproperlyConfigured(f"{name} names no SMTP host: {raw!r}.")
        default_port = {"smtp": 25, "smtp+tls": 587, "smtps": 465}[scheme]
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": url.hostname,
            "EMAIL_PORT": port or default_port,
            "EMAIL_HOST_USER": unquote(url.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(url.password or ""),
            "EMAIL_USE_TLS": scheme == "smtp+tls",
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_TIMEOUT": 10,
        }
    raise ImproperlyConfigured(
        f"{name} must be console://, locmem://, dummy://, file:///dir, smtp://…, smtp+tls://… "
        f"or smtps://…, got {raw!r}."
    )
