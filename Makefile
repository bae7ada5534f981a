# 全会档案 — `make run` serves the archive, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := plenums.settings

.PHONY: install system-deps node-deps run fixtures lint test test-sqlite test-postgres a11y \
	test-haystack clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Debian packages the tests drive for real: chromium (browser tests), postgresql (second run),
# a Java runtime and npm (the accessibility checkers).
system-deps:
	bash scripts/system-deps.sh

# The accessibility checkers (axe-core, the Nu HTML Checker), pinned by package-lock.json, into
# node_modules/. --ignore-scripts: vnu-jar would otherwise fetch its own Java; Debian's is used.
node-deps: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

run: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py bootstrap
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production server: gunicorn (sized in gunicorn.conf.py) with whitenoise; settings from the
# environment — DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS at least (README "Serving").
serve: install
	mkdir -p "$${ARCHIVE_VAR_DIR:-var}"
	$(BIN)/python manage.py bootstrap
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py

# Speed against the limits on a synthetic corpus in a scratch directory (SESSIONS=10000).
bench: install
	bash bench/ensure-wrk.sh
	$(BIN)/python bench/run.py --sessions $(or $(SESSIONS),10000)

# The same bench at each size (SIZES), one table and one SVG plot from every size saved so far
# (var/bench/ladder.md, ladder.svg); bench-ladder-render redraws them without running anything.
SIZES ?= 1000 10000 100000

bench-ladder: install
	bash bench/ensure-wrk.sh
	$(BIN)/python bench/ladder.py --sizes $(SIZES)

bench-ladder-render: install
	$(BIN)/python bench/ladder.py --render

.PHONY: serve bench bench-ladder bench-ladder-render

fixtures: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py build_fixtures

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

test: install system-deps node-deps lint test-haystack test-sqlite test-postgres

test-sqlite: install node-deps
	$(BIN)/pytest

test-postgres: install node-deps
	bash scripts/with-postgres.sh $(BIN)/pytest

# The accessibility gate alone (README "Accessibility").
a11y: install node-deps
	$(BIN)/pytest tests/browser/test_accessibility.py

# django-haystack's own Whoosh suite against the archive's engine (tests/haystack_suite/), from
# the sdist of the installed version, fetched with pip into var/ once per version.
HAYSTACK_SDISTS := var/haystack-sdist

test-haystack: install
	version=$$($(BIN)/python -c 'from importlib.metadata import version; print(version("django-haystack"))') && \
	dir=$(HAYSTACK_SDISTS)/django-haystack-$$version && \
	if [ ! -d "$$dir" ]; then \
		rm -rf "$$dir.tmp" && mkdir -p "$$dir.tmp" && \
		$(BIN)/pip download --quiet --no-deps --no-binary :all: "django-haystack==$$version" -d "$$dir.tmp" && \
		tar -xzf "$$dir.tmp"/*.tar.gz -C "$$dir.tmp" --strip-components=1 && \
		mv "$$dir.tmp" "$$dir"; \
	fi && \
	$(BIN)/python -m tests.haystack_suite.run --sdist "$$dir"

clean:
	rm -rf $(VENV) var node_modules .pytest_cache .ruff_cache
