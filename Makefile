# craftsreg — the two commands a newcomer needs are `make demo` and `make test`.
# Everything is installed into ./.venv from the committed uv.lock; only python3.11 and make are
# needed on the machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
PY := $(BIN)/python
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000

export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON := $(abspath $(BIN)/python)
export UV_NO_PROGRESS := 1

.PHONY: help install demo serve collectstatic backup restore serve-demo test test-fast test-browser bench bench-quick lint format messages check-messages clean

help:
	@echo "make demo   - install, build the SQLite demo database, serve http://$(HOST):$(PORT) and run a jobs worker"
	@echo "make test   - install test requirements and run the whole test suite"
	@echo "make lint   - ruff check + format check"
	@echo "make bench  - the benchmark suite at 1 M artisans; results into docs/performance.md"

$(UV):
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# The installed packages are rebuilt whenever the lock changes.
$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --all-groups
	@touch $@

install: $(VENV)/.synced locale/ar/LC_MESSAGES/django.mo locale/ar/LC_MESSAGES/djangojs.mo

locale/ar/LC_MESSAGES/django.mo: locale/ar/LC_MESSAGES/django.po $(VENV)/.synced
	$(PY) -c "import polib; polib.pofile('$<').save_as_mofile('$@')"

# The admin's JavaScript strings Django's own Arabic catalogue lacks (the two-box picker).
locale/ar/LC_MESSAGES/djangojs.mo: locale/ar/LC_MESSAGES/djangojs.po $(VENV)/.synced
	$(PY) -c "import polib; polib.pofile('$<').save_as_mofile('$@')"

demo: install
	mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@echo ""
	@echo "Serving the demo on http://$(HOST):$(PORT)/ with a background-jobs worker (Ctrl+C stops both)"
	@# The worker (exports, imports, statistics refresh) takes its jobs from var/celery/ (kombu's
	@# filesystem transport): nothing else to install. Ctrl+C or the server's end stops it too.
	DEBUG=1 $(BIN)/celery -A craftsreg worker --pool=solo --loglevel=WARNING \
		--without-gossip --without-mingle --without-heartbeat & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Production-like serving on this machine: DEBUG off, hashed static files, gunicorn, whatever
# DATABASE_URL / CACHE_URL point at. Plain HTTP on 127.0.0.1, so HTTPS-only settings are off;
# a real deployment keeps them on behind the TLS proxy (docs/deployment.md).
SERVE_ENV = DEBUG=0 SECRET_KEY="$$(cat var/secret_key)" SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 \
	SECURE_HSTS_SECONDS=0 CRAFTSREG_REQUIRE_MFA=$${CRAFTSREG_REQUIRE_MFA:-0}

var/secret_key:
	mkdir -p var
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

collectstatic: install var/secret_key
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0

serve: collectstatic
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) BIND=$(HOST):$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py

test: install
	$(PY) -m pytest

# The benchmark suite (bench/run.py): builds a 1 M-artisan registry on the PostgreSQL server at
# 127.0.0.1 (craftsreg_bench_* databases, dropped afterwards), measures every page and the
# import against its target, runs a bounded wrk load test, and rewrites the suite's section of
# docs/performance.md. About 15 minutes; needs PostgreSQL, redis-server and wrk. Never run by
# `make test`. bench-quick is a few-minute try-out at 100 k artisans.
bench: install
	$(PY) -m bench.run

bench-quick: install
	$(PY) -m bench.run --quick

# Everything except the real-browser tests, for a quick loop while coding.
test-fast: install
	$(PY) -m pytest -m "not browser"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the Arabic catalogue from the code and templates (needs GNU gettext's xgettext).
# Without source locations and sorted by message, so branches that add messages rarely conflict.
messages: install
	DEBUG=1 $(PY) manage.py makemessages --locale ar --no-obsolete --no-location --ignore ".venv/*" --ignore "var/*" --ignore "bench/*"
	$(PY) -c "import polib; po = polib.pofile('locale/ar/LC_MESSAGES/django.po', wrapwidth=100); po.metadata.pop('POT-Creation-Date', None); po.sort(key=lambda e: (e.msgid, e.msgctxt or '')); po.save()"

# Whole-database backup of DATABASE_URL (pg_dump -Fc on PostgreSQL) into var/backups/.
backup: install
	$(PY) manage.py backup_db

# make restore FILE=var/backups/craftsreg-….dump — replaces the database's content (asks first).
restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=path/to/backup"; exit 2; }
	$(PY) manage.py restore_db "$(FILE)"

clean:
	rm -rf $(VENV) var/static
