# Two commands for a newcomer: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# What the app needs at run time: Pango and HarfBuzz-subset (font subsetting) for WeasyPrint, a Times-metric font with full Vietnamese,
# gettext to compile the translations.
APP_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 gettext
# What the tests need besides: Chromium for the browser tests, poppler-utils to read PDFs.
TEST_PACKAGES := chromium poppler-utils
DEV_ENV := DEBUG=1
# The port `make demo` serves on: `make demo PORT=8001` when 8000 is taken.
PORT ?= 8000

.PHONY: demo test install system-packages test-packages migrate messages lint typecheck worker clean

demo: install migrate
	$(DEV_ENV) $(BIN)/python manage.py load_demo
	@echo "Open http://127.0.0.1:$(PORT) — demo accounts are listed in README.md"
	@echo "Two-factor sign-in is off in the demo (TWO_FACTOR_REQUIRED=0) so the README passwords work; set it up from the user menu."
	$(DEV_ENV) TWO_FACTOR_REQUIRED=0 SITE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install test-packages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: system-packages $(VENV)/.installed locale/vi/LC_MESSAGES/django.mo

system-packages:
	@scripts/debian-packages.sh $(APP_PACKAGES)

test-packages:
	@scripts/debian-packages.sh $(TEST_PACKAGES)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

locale/vi/LC_MESSAGES/django.mo: locale/vi/LC_MESSAGES/django.po
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -l vi -v0

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput -v0

# Refresh the catalogue after changing user-facing strings, then translate the new entries.
messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=staticfiles
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -l vi -v0

lint: install typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Strict on core/ and every calculations, services, selectors and tasks module (pyproject.toml).
typecheck: install
	$(BIN)/mypy .

# With REDIS_URL set, a worker runs the background jobs (PDF rendering, reminders, integrity checks).
worker: install
	$(BIN)/celery -A config worker --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

# Scoring benchmark of issue 3 (not a test): needs PostgreSQL. It creates and drops the database
# thidua_bench (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/thidua_bench);
# wrk drives the load when installed, Python threads otherwise. BENCH_SECONDS, BENCH_ROUNDS tune it.
.PHONY: bench-scoring
bench-scoring: install
	-@scripts/debian-packages.sh wrk
	$(BIN)/python -m bench.run

# Dossier benchmark of issue 11 (not a test): needs PostgreSQL and Redis. It creates and drops the database
# thidua_bench_dossier (BENCH_DOSSIER_DATABASE_URL), queues on redis://127.0.0.1:6379/13 (BENCH_REDIS_URL)
# and starts its own Celery workers. BENCH_RUNS, BENCH_ROUNDS tune it.
.PHONY: bench-dossier
bench-dossier: install
	$(BIN)/python -m bench.dossier

# National-scale benchmark of issue 12 (not a test): needs PostgreSQL. It builds thidua_scale_big (34 provinces,
# ~12.9 million score lines, with COPY) and thidua_scale_small (one province) and times the key pages on both.
# The databases are kept: BENCH_SCALE_ARGS=--reuse measures again without rebuilding. BENCH_ROUNDS, BENCH_RUNS tune it.
.PHONY: bench-scale
bench-scale: install
	$(BIN)/python -m bench.scale $(BENCH_SCALE_ARGS)
