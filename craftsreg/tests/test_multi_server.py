"""Two app servers behind one proxy: same PostgreSQL, same Redis.

A change made through one server is visible through the other at once, a page cached by one is
invalidated for both, and a session started on one is valid on the other. Runs real gunicorn
processes, so it needs PostgreSQL (CI's database) and Redis.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from artisans.tests.factories import ArtisanFactory
from craftsreg.tests.html import parse, stat

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_answers() -> bool:
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.flushdb()
        return True
    except redis.RedisError:
        return False


class Browser:
    """A cookie-keeping HTTP client; cookies are per host, so it is one user on both servers."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=20) as response:
            return response.read().decode()

    def post_form(self, url: str, data: dict) -> str:
        token = parse(self.get(url)).find("input", name="csrfmiddlewaretoken").attrs["value"]
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        with self.opener.open(url, data=body, timeout=20) as response:
            return response.read().decode()


@pytest.fixture
def servers(reference_data, tmp_path, django_user_model):
    if connection.vendor != "postgresql":
        pytest.skip("several app servers need PostgreSQL; CI runs this test on it")
    assert _redis_answers(), f"Redis does not answer at {REDIS_URL}"
    settings = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "craftsreg.settings",
        "DATABASE_URL": (
            f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        ),
        "CACHE_URL": REDIS_URL,
        "DEBUG": "0",
        "SECRET_KEY": "two-servers-share-this-key-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "CRAFTSREG_REQUIRE_MFA": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR, env=env, check=True, timeout=300,
    )  # fmt: skip
    # The servers run production settings, which do not accept the test suite's MD5 hashes.
    chief = django_user_model(username="chief", is_staff=True, is_superuser=True)
    chief.password = PBKDF2PasswordHasher().encode("pw-long-1234", PBKDF2PasswordHasher().salt())
    chief.save()
    # Written before the servers start: this test process caches in its own memory, not Redis,
    # so only writes made through the servers invalidate what they cache.
    ArtisanFactory.create_batch(2)
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url in urls:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{url}/en/admin/login/", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                raise AssertionError(f"gunicorn at {url} did not start")
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


@pytest.mark.django_db(transaction=True)
def test_two_app_servers_share_data_cache_and_sessions(servers):
    server_a, server_b = servers
    visitor = Browser()
    assert stat(visitor.get(f"{server_a}/en/"), "artisans") == "2"
    assert stat(visitor.get(f"{server_b}/en/"), "crafts") == "15"  # now cached in Redis

    staff = Browser()
    staff.post_form(
        f"{server_a}/en/admin/login/?next=/en/admin/",
        {"username": "chief", "password": "pw-long-1234"},
    )
    # The session started on A is valid on B.
    assert "chief" in staff.get(f"{server_b}/en/admin/")

    # A change made through B …
    staff.post_form(
        f"{server_b}/en/admin/artisans/craft/add/",
        {"code": "silk-weaving", "name_ar": "نسيج الحرير", "name_en": "Silk weaving"},
    )
    # … is seen through both, the cached headline invalidated everywhere.
    assert stat(visitor.get(f"{server_a}/en/"), "crafts") == "16"
    assert stat(visitor.get(f"{server_b}/en/"), "crafts") == "16"
