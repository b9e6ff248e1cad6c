"""Django settings for craftsreg.

Every deployment-specific value comes from an environment variable (documented in .env.example
and docs/deployment.md). Defaults are safe for a developer's machine: SQLite under var/, DEBUG off.
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from craftsreg.env import (
    env_bool,
    env_cache,
    env_choice,
    env_database,
    env_email,
    env_int,
    env_list,
    env_str,
    with_statement_timeout,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    # django.contrib.admin with the site that scopes every admin URL (craftsreg/admin.py).
    "craftsreg.apps.CraftsregAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "craftsreg",
    "artisans",
    "awards",
    "designs",
    "jobs",
    "cards",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A query cancelled by DATABASE_STATEMENT_TIMEOUT answers 503 "busy", not 500.
    "craftsreg.middleware.DatabaseBusy",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "craftsreg.middleware.SessionTimeouts",
    "django_otp.middleware.OTPMiddleware",
    "craftsreg.mfa.RequireSecondFactor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records which user made each change in the history tables (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "craftsreg.middleware.LogDeniedAccess",
    # Last, as django-axes requires: turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "craftsreg.urls"
WSGI_APPLICATION = "craftsreg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "craftsreg.context_processors.site",
            ],
        },
    },
]

# DATABASE_STATEMENT_TIMEOUT (seconds): gunicorn.conf.py sets it for the web processes only.
DATABASES = {
    "default": with_statement_timeout(
        env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'craftsreg.sqlite3'}"),
        env_int("DATABASE_STATEMENT_TIMEOUT", 0, minimum=0),
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE_URL (or REDIS_URL): Redis shared by every app server in production, so cached figures
# and their invalidation are the same whichever server answers (see artisans/cache.py).
CACHES = {"default": env_cache(("CACHE_URL", "REDIS_URL"))}
SHARED_CACHE = CACHES["default"]["BACKEND"].endswith("RedisCache")
# Public statistics pages are also kept in each worker's memory; a worker checks the shared
# registry version at most this often, so a change shows everywhere within this many seconds.
CRAFTSREG_STATISTICS_VERSION_SECONDS = env_int("CRAFTSREG_STATISTICS_VERSION_SECONDS", 1, minimum=0)

# EMAIL_URL: how mail leaves (password resets, notifications). The console in development;
# smtp+tls://user:password@host:587 in production (docs/deployment.md).
globals().update(env_email("EMAIL_URL", "console://" if DEBUG else "smtp://localhost:25"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "craftsreg <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The artisans' portal (portal app, docs/portal.md).
# Days a registrar's one-time link code stays usable.
CRAFTSREG_PORTAL_LINK_CODE_DAYS = env_int("CRAFTSREG_PORTAL_LINK_CODE_DAYS", 14, minimum=1)
# Hours an e-mail verification link stays valid.
CRAFTSREG_PORTAL_EMAIL_LINK_HOURS = env_int("CRAFTSREG_PORTAL_EMAIL_LINK_HOURS", 48, minimum=1)
# The version of the privacy notice in force (templates/portal/includes/_privacy_notice.html):
# change it when the notice changes, and everyone is asked to consent again before submitting.
CRAFTSREG_PORTAL_PRIVACY_NOTICE_VERSION = env_str("CRAFTSREG_PORTAL_PRIVACY_NOTICE_VERSION", "1")
# Attempts per client address per hour (0 turns a limit off); sign-in and code entry are also
# limited per account (craftsreg.ratelimit; django-axes locks a password after its failures).
CRAFTSREG_PORTAL_SIGNUPS_PER_HOUR = env_int("CRAFTSREG_PORTAL_SIGNUPS_PER_HOUR", 10, minimum=0)
CRAFTSREG_PORTAL_SIGNINS_PER_HOUR = env_int("CRAFTSREG_PORTAL_SIGNINS_PER_HOUR", 30, minimum=0)
CRAFTSREG_PORTAL_CODES_PER_HOUR = env_int("CRAFTSREG_PORTAL_CODES_PER_HOUR", 10, minimum=0)
# Days an applicant has to send the changes a registrar asked for; the due date is stored on
# the application when it is returned, so changing this moves no date already promised.
CRAFTSREG_APPLICATION_CHANGES_DAYS = env_int("CRAFTSREG_APPLICATION_CHANGES_DAYS", 30, minimum=1)
# Days before that due date the applicant is reminded (once); none when returned with less.
CRAFTSREG_APPLICATION_REMINDER_DAYS = env_int("CRAFTSREG_APPLICATION_REMINDER_DAYS", 7, minimum=1)

# Craft cards and public verification (cards app, craftsreg/verification.py).
CRAFTSREG_CARD_VALIDITY_YEARS = env_int("CRAFTSREG_CARD_VALIDITY_YEARS", 3, minimum=1)
# The site's public address printed under QR codes (https://registry.example.om); the address
# the card was printed from when empty.
CRAFTSREG_PUBLIC_URL = env_str("CRAFTSREG_PUBLIC_URL", "")
# Verification page requests per minute from one address (0: no limit).
CRAFTSREG_VERIFY_RATE_PER_MINUTE = env_int("CRAFTSREG_VERIFY_RATE_PER_MINUTE", 30, minimum=0)

AUTHENTICATION_BACKENDS = [
    "craftsreg.auth.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in throttling (django-axes, craftsreg.auth): a username is locked from one IP address after
# CRAFTSREG_LOGIN_FAILURE_LIMIT failures for CRAFTSREG_LOGIN_COOLOFF_MINUTES. Locking on the pair
# means an attacker cannot lock a colleague out from elsewhere by failing on purpose. An address
# is locked for every username after CRAFTSREG_LOGIN_IP_FAILURE_LIMIT failures over all usernames
# tried from it (password spraying: one password tried on many accounts); that limit is higher,
# because a whole office may sign in from one address.
AXES_FAILURE_LIMIT = env_int("CRAFTSREG_LOGIN_FAILURE_LIMIT", 5, minimum=1)
CRAFTSREG_LOGIN_IP_FAILURE_LIMIT = env_int("CRAFTSREG_LOGIN_IP_FAILURE_LIMIT", 20, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CRAFTSREG_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "craftsreg.auth.LoginThrottleHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "locked_out.html"
AXES_CLIENT_IP_CALLABLE = "craftsreg.security_log.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Arabic is the default language, English is complete.
LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Muscat"
USE_TZ = True
# Omani readers expect Latin digits grouped with commas in both languages; Django's stock
# Arabic formats group with "." which reads as a decimal point here (craftsreg/formats/).
FORMAT_MODULE_PATH = ["craftsreg.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

LOGIN_URL = "admin:login"

# Every uploaded image (design views, award photos): largest accepted upload in bytes, and largest
# pixel count (width × height) Pillow may decode, so a small "decompression bomb" file cannot
# exhaust memory.
CRAFTSREG_IMAGE_MAX_BYTES = env_int("CRAFTSREG_IMAGE_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
CRAFTSREG_IMAGE_MAX_PIXELS = env_int("CRAFTSREG_IMAGE_MAX_PIXELS", 40_000_000, minimum=1)

# --- HTTPS and browser security headers -------------------------------------------------------
# On by default whenever DEBUG is off; each can be turned off for a plain-HTTP test server.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (see docs/deployment.md). Only
# enable when the proxy strips the header from clients, or anyone can claim HTTPS.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF cookie (forms carry the token in a hidden field), so scripts
# injected by anyone else cannot read it either.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp): everything from this origin, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Two-factor sign-in (craftsreg.mfa): mandatory for every signed-in user when on; when off, only
# users who enrolled an authenticator are asked for a code. On by default in production.
CRAFTSREG_REQUIRE_MFA = env_bool("CRAFTSREG_REQUIRE_MFA", not DEBUG)
# How a user without an authenticator gets to enrol one: "code" (production default) asks first
# for a one-time enrolment code an administrator issued on the user's admin page, so a stolen
# password cannot bind the thief's phone; "open" (the demo's default, DEBUG on) enrols at the
# first password sign-in. A code expires after CRAFTSREG_MFA_ENROLMENT_CODE_HOURS.
CRAFTSREG_MFA_ENROLMENT = env_choice(
    "CRAFTSREG_MFA_ENROLMENT", "open" if DEBUG else "code", choices=("code", "open")
)
CRAFTSREG_MFA_ENROLMENT_CODE_HOURS = env_int("CRAFTSREG_MFA_ENROLMENT_CODE_HOURS", 72, minimum=1)
OTP_TOTP_ISSUER = "craftsreg"

# --- Sessions ----------------------------------------------------------------------------------
# A signed-in user is signed out after this many minutes without a request (idle) and this many
# hours after signing in (absolute), whatever they do (craftsreg.middleware.SessionTimeouts).
CRAFTSREG_SESSION_IDLE_MINUTES = env_int("CRAFTSREG_SESSION_IDLE_MINUTES", 30, minimum=1)
CRAFTSREG_SESSION_ABSOLUTE_HOURS = env_int("CRAFTSREG_SESSION_ABSOLUTE_HOURS", 10, minimum=1)
SESSION_COOKIE_AGE = CRAFTSREG_SESSION_ABSOLUTE_HOURS * 3600
# Sessions live in the database, so any app server can serve any signed-in user; with a shared
# cache they are read through it (cached_db writes to both, so losing Redis loses no session).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if SHARED_CACHE
    else "django.contrib.sessions.backends.db"
)

# Largest uploaded import file, in bytes (artisans import; configurable per deployment).
CRAFTSREG_IMPORT_MAX_BYTES = env_int("CRAFTSREG_IMPORT_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
# Bounds on what an uploaded table may hold once read (craftsreg/readers.py): data rows (the whole
# registry is about 20,000 artisans), characters in one cell, and bytes an XLSX archive unpacks to.
CRAFTSREG_IMPORT_MAX_ROWS = env_int("CRAFTSREG_IMPORT_MAX_ROWS", 100_000, minimum=1)
CRAFTSREG_IMPORT_MAX_CELL_CHARS = env_int("CRAFTSREG_IMPORT_MAX_CELL_CHARS", 1000, minimum=1)
CRAFTSREG_IMPORT_MAX_UNPACKED_BYTES = env_int(
    "CRAFTSREG_IMPORT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024, minimum=1
)
# Days an import file that was never imported (rejected, or a preview nobody confirmed) keeps its
# content; then `manage.py purge_import_files` (daily on beat) deletes it, keeping its SHA-256
# digest and report. Imported files are kept as the record of what was imported.
CRAFTSREG_IMPORT_RETENTION_DAYS = env_int("CRAFTSREG_IMPORT_RETENTION_DAYS", 30, minimum=1)
# Days the record of who read whose personal data (craftsreg.access_log) is kept; then
# `manage.py purge_access_log` (daily on beat) deletes the older rows.
CRAFTSREG_ACCESS_LOG_DAYS = env_int("CRAFTSREG_ACCESS_LOG_DAYS", 730, minimum=1)

# --- Background jobs (Celery; docs/deployment.md) ----------------------------------------------
# CELERY_BROKER_URL: Redis in production (a database number of its own, never the cache's: the
# cache may be flushed). The demo (DEBUG on, nothing set) uses kombu's filesystem transport
# under var/celery/, so `make demo` needs no Redis.
CELERY_BROKER_URL = env_str(
    "CELERY_BROKER_URL", "filesystem://localhost/" if DEBUG else "redis://127.0.0.1:6379/2"
)
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue = Path(env_str("CELERY_FILESYSTEM_FOLDER", str(BASE_DIR / "var" / "celery")))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue / "queue"),
        "data_folder_out": str(_queue / "queue"),
        "control_folder": str(_queue / "control"),
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A message not acknowledged this long after delivery goes to another worker. Jobs are
        # acknowledged when they end (acks_late), and a job that outlives this is simply not
        # run twice (jobs.services.job_claim), so it only needs to exceed a worker restart.
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1),
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
# Job state lives in the product's database (jobs.Job), never in a result backend.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
# A job's message is acknowledged when the job ends; a worker that dies mid-job hands it back.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Muscat"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# With the broker down, queuing a job fails within about two seconds (the page then says so)
# instead of hanging the request.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# Tests and single-process set-ups can run jobs inside the request (never in production).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# Periodic work for `celery -A craftsreg beat` (or cron calling the same commands).
CELERY_BEAT_SCHEDULE = {
    "purge-expired-job-files": {
        "task": "jobs.purge",
        "schedule": 60 * 60,
    },
    "fail-interrupted-jobs": {
        "task": "jobs.reap",
        "schedule": 60,
    },
    # Jurors and committee members with sheets still open, three days before the deadline.
    "award-judging-reminders": {
        "task": "jobs.command",
        "schedule": crontab(hour=8, minute=0),
        "args": ["award_reminders", "--days", "3"],
    },
    # The content of import files never imported, past CRAFTSREG_IMPORT_RETENTION_DAYS.
    "purge-import-files": {
        "task": "jobs.command",
        "schedule": crontab(hour=3, minute=15),
        "args": ["purge_import_files"],
    },
    # Registration applications returned for changes: remind before the due date, close those
    # past it (portal; docs/portal.md).
    "application-deadlines": {
        "task": "jobs.command",
        "schedule": crontab(hour=6, minute=30),
        "args": ["application_deadlines"],
    },
    # Who read whose personal data, past CRAFTSREG_ACCESS_LOG_DAYS.
    "purge-access-log": {
        "task": "jobs.command",
        "schedule": crontab(hour=3, minute=30),
        "args": ["purge_access_log"],
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = env_str(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / "var" / "celerybeat-schedule")
)

# Job result files (exports, certificate batches): outside MEDIA_ROOT, served only to their
# owner by jobs.views. Shared by web servers and workers (a network folder with several hosts).
CRAFTSREG_JOB_FILES_ROOT = Path(env_str("CRAFTSREG_JOB_FILES_ROOT", str(BASE_DIR / "var" / "jobs")))
# How long a finished job's file can be downloaded, and how long the job is listed.
CRAFTSREG_JOB_FILE_DAYS = env_int("CRAFTSREG_JOB_FILE_DAYS", 7, minimum=1)
CRAFTSREG_JOB_KEEP_DAYS = env_int("CRAFTSREG_JOB_KEEP_DAYS", 90, minimum=1)
# A running job whose worker has not reported for this long is marked failed (the worker died);
# jobs report progress at least every few seconds.
CRAFTSREG_JOB_STALE_SECONDS = env_int("CRAFTSREG_JOB_STALE_SECONDS", 600, minimum=1)
# After a registry change the statistics figures are recomputed by a worker while visitors get
# the previous figures; only with a shared cache (a worker's own memory helps no web server).
# A refresh that no worker has done within this many seconds is done by the next visitor.
CRAFTSREG_STATISTICS_REFRESH_JOB = env_bool("CRAFTSREG_STATISTICS_REFRESH_JOB", SHARED_CACHE)
CRAFTSREG_STATISTICS_REFRESH_WAIT = env_int("CRAFTSREG_STATISTICS_REFRESH_WAIT", 120, minimum=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Sign-ins, sign-outs, failures and denied access, one JSON object per line
        # (craftsreg.security); ship this logger to the SIEM in production.
        "craftsreg.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # axes' own chatter duplicates craftsreg.security; keep its warnings only.
        "axes": {"level": "WARNING"},
    },
}
