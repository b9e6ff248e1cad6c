"""Settings for the test suite: the real settings with a fixed key and a fast hasher."""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-key-not-secret-0123456789-abcdefghijklmnop")

from craftsreg.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests must not depend on collectstatic having run.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# The test client and live_server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# Two-factor sign-in is tested on its own (craftsreg/tests/test_mfa.py); elsewhere tests sign in
# with a password only, as with `make demo`.
CRAFTSREG_REQUIRE_MFA = False
# Jobs run inside the test by default; the worker tests (jobs/tests/test_worker.py) start real
# worker processes against Redis.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
CRAFTSREG_JOB_FILES_ROOT = BASE_DIR / "var" / "test-jobs"  # noqa: F405
