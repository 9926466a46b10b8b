# Two commands: `make run` and `make test`. Everything they need is installed by the targets below.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Development defaults; production sets DEBUG=0 and a SECRET_KEY (see .env.example).
export DEBUG ?= 1

.PHONY: install system-packages frontend messages browser run test lint format migrate demo worker benchmark benchmark-reports report-samples stop-db clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[dev]"
	touch $@

# Debian packages the app needs at run time: fonts that draw every script in PDF reports
# (reports/writers/fonts.py), libmagic to type evidence uploads by content, gettext to compile the
# interface translations. Installed once, only when missing.
system-packages:
	@missing=""; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing="$$missing fonts-wqy-microhei"; \
	ldconfig -p | grep -q 'libmagic\.so\.1' || missing="$$missing libmagic1"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		apt-get update && apt-get install -y --no-install-recommends $$missing; \
	fi

install: $(BIN)/.installed system-packages

# Front-end libraries (htmx, axe-core) come from the npm registry, pinned in package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json | system-packages
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend: node_modules/.package-lock.json

# Interface translations: locale/*/LC_MESSAGES/django.po are committed, the .mo files are built here.
messages: install
	@$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --ignore=var --verbosity 0

# The browser tests drive Debian's Chromium through Playwright (never `playwright install`).
/usr/bin/chromium:
	apt-get update && apt-get install -y chromium

browser: /usr/bin/chromium

migrate: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_reference_data

demo: migrate
	$(MANAGE) seed_demo

# Development settings for every shell: `make run` writes them to .env once, so that `manage.py` commands
# work afterwards without `make` (settings.py reads .env; the environment wins over it). It names the
# database and broker only when they were given. An existing .env (a production one) is never touched,
# and without one DEBUG stays off.
# seed_demo follows up Slovenia when the shared data files are beside the repository (DEMO_DATA_DIR).
DEMO_DATA_DIR ?= ../shared/data
DEMO_STATE := $(if $(wildcard $(DEMO_DATA_DIR)/ohchr/slovenia_cycles2-3_thematic_list.csv),SVN,KEN)

.env:
	@{ echo "# Development settings, written by make run. Production writes its own (see .env.example)."; \
	  echo "DEBUG=1"; \
	  echo "# The demo runs as the NMRF of the state it follows up (Slovenia with the shared data, else"; \
	  echo "# Kenya): the home page, dashboards, plans and reports centre on it. Empty: every state."; \
	  echo "TRACKER_STATE=$(DEMO_STATE)"; \
	  [ -z "$$DATABASE_URL" ] || echo "DATABASE_URL=$$DATABASE_URL"; \
	  [ -z "$$REDIS_URL" ] || echo "REDIS_URL=$$REDIS_URL"; } > $@
	@echo "Wrote .env with development settings: manage.py now works in any shell of this folder."

# Quiet steps, then the server ends its start-up with one summary (address, demo accounts, TOTP code).
# Links in e-mails point at this server unless SITE_URL says otherwise.
run: .env install frontend messages
	@echo "Preparing the database, reference data and demo (first run: about a minute)..."
	@$(MANAGE) migrate --noinput --verbosity 0
	@$(MANAGE) load_reference_data --verbosity 0
	@$(MANAGE) seed_demo --verbosity 0
	@$(MANAGE) collectstatic --noinput --verbosity 0
	@SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" $(MANAGE) serve $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint frontend messages browser
	$(BIN)/pytest

worker: install
	$(BIN)/celery -A upr_tracker worker --beat --loglevel INFO

benchmark: migrate
	$(BIN)/python benchmarks/import_upr_info.py

# Reports: grid of 10,000 (XLSX, DOCX, PDF) and the open-data CSV of 1,000,000 rows, in bench_reports.
benchmark-reports: install
	$(BIN)/python benchmarks/reports.py

# One sample of every report kind and format for the demo data, each page rendered to PNG under
# var/report-samples, to look at: LibreOffice renders DOCX and XLSX, poppler PDF (Debian packages,
# installed when missing).
report-samples: demo
	@missing=""; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer libreoffice-calc"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		apt-get update && apt-get install -y --no-install-recommends $$missing; \
	fi
	$(MANAGE) report_samples

# Stops the embedded PostgreSQL that `make run` or `make test` started (a server DATABASE_URL names is
# never touched).
stop-db:
	@$(BIN)/python -m upr_tracker.embedded_pg stop

clean:
	rm -rf $(VENV) var/staticfiles
