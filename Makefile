# The two commands: `make run` serves the site, `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The first interpreter found that is Python >= 3.12 (pyenv's shims honour .python-version).
FIND_PYTHON = for p in python3.13 python3.12 python3 python; do \
	  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
	  then echo $$p; break; fi; done

.PHONY: prepare run test serve soak lint format screenshots bench clean

$(PY):
	@base=$$($(FIND_PYTHON)); \
	if [ -z "$$base" ]; then echo "censussite needs Python >= 3.12 (Django 6). Install one, e.g. 'pyenv install 3.12', and retry." >&2; exit 1; fi; \
	echo "Creating $(VENV) with $$base"; $$base -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

# axe-core for the accessibility browser test, exactly as package-lock.json pins it.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime | node_modules/.package-lock.json
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

.secret-key: | $(PY)
	$(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

# Migrate and train the default model only when no version is active yet.
prepare: $(VENV)/.runtime .secret-key
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py retrain --if-none-active

# Each starts the batch worker beside the web server (/batch/ files are scored in the
# background) and stops it when the server stops.
run: prepare
	@echo "Serving http://$(HOST):$(PORT)/ (and the batch worker)"
	$(PY) manage.py batch_worker -v0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Production-like: gunicorn, DEBUG off, static files from whitenoise; plain HTTP on this
# machine's own address (DJANGO_HTTPS=0), as behind no TLS proxy. The workers' Prometheus
# counts go to METRICS_DIR, which gunicorn.conf.py empties of an earlier run's files at start.
METRICS_DIR ?= $(or $(TMPDIR),/tmp)/censussite-metrics-$(PORT)
serve: prepare
	$(PY) manage.py collectstatic --noinput -v0
	mkdir -p "$(METRICS_DIR)"
	DJANGO_HTTPS=0 PROMETHEUS_MULTIPROC_DIR="$(METRICS_DIR)" $(PY) manage.py batch_worker -v0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DJANGO_HTTPS=0 PROMETHEUS_MULTIPROC_DIR="$(METRICS_DIR)" \
	  $(VENV)/bin/gunicorn censussite.wsgi -c gunicorn.conf.py -b $(HOST):$(PORT) -w 2

test: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

# Load and faults: 4 gunicorn workers under concurrent clients, a worker killed, two retrains;
# then every answered prediction is looked up. On SQLite, then on a throwaway PostgreSQL.
SOAK_SECONDS ?= 60
SOAK_CLIENTS ?= 8
soak: $(VENV)/.dev
	$(PY) -m tests.soak.soak --db sqlite --seconds $(SOAK_SECONDS) --clients $(SOAK_CLIENTS)
	$(PY) -m tests.soak.soak --db postgres --seconds $(SOAK_SECONDS) --clients $(SOAK_CLIENTS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

screenshots: $(VENV)/.dev
	$(PY) -m tests.browser.screenshots

# The seed-style Flask app that bench/form_post.py compares against, in a virtualenv of its own.
bench/seed/.venv/.installed: bench/seed/requirements.txt | $(PY)
	$(PY) -m venv bench/seed/.venv
	bench/seed/.venv/bin/pip install -q -r bench/seed/requirements.txt
	touch $@

# Every figure beside its baseline, measured in the same run (about 10 minutes). wrk drives
# the HTTP benchmarks and chromium measures the page weight: Debian's packages, installed here
# when missing.
bench: $(VENV)/.dev bench/seed/.venv/.installed
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	$(PY) bench/scorer.py
	$(PY) bench/form_post.py
	$(PY) bench/api_batch.py
	$(PY) bench/batch_upload.py
	$(PY) bench/retrain.py
	$(PY) bench/page_weight.py
	$(PY) bench/admin_history.py
	$(PY) bench/model_card.py
	$(PY) bench/dashboard.py
	$(PY) bench/challenger.py

clean:
	rm -rf $(VENV) bench/seed/.venv staticfiles .pytest_cache .ruff_cache node_modules
