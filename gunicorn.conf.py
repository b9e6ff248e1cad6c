"""gunicorn settings for craftsreg (read automatically from the working directory).

Every value can be overridden with the usual GUNICORN_CMD_ARGS or the environment variables
below; docs/deployment.md explains the choices.
"""

import multiprocessing
import os

wsgi_app = "craftsreg.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")

# Synchronous workers: the app is CPU-light and database-bound; (2 × cores) + 1 is gunicorn's
# rule of thumb. WEB_CONCURRENCY overrides it (e.g. on a shared host).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = 1
# A 10 MB artisans import (about 70,000 rows) is checked while its upload waits and written while
# its confirmation waits: allow for that on a busy server (docs/import.md).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
# The database cancels a web request's statement after this many seconds (craftsreg.env
# with_statement_timeout), well before gunicorn's timeout kills the worker: a killed worker's
# query would go on running in PostgreSQL with nobody waiting for it. Set here, in the web
# server's own configuration, so workers, beat and manage.py commands (exports, migrations) keep
# no limit. 0 turns it off.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", str(max(timeout // 2, 1)))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never grow a worker without bound.
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Access log to stdout with the time each request took (microseconds) for latency tracking.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'
# Behind the TLS proxy on the same host; the proxy sets X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def _without_server_header() -> None:
    """No ``Server: gunicorn`` header: it tells a scanner which software (and, with probing,
    which version) to aim at. gunicorn has no setting for it, so its response class's default
    headers are filtered here, once, when the master process reads this file (workers fork
    from it)."""
    from gunicorn.http import wsgi

    headers = wsgi.Response.default_headers

    def default_headers(self):
        return [line for line in headers(self) if not line.lower().startswith("server:")]

    wsgi.Response.default_headers = default_headers


_without_server_header()
