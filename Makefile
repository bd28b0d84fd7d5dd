# Two commands on a fresh machine: `make run` serves the API with seeded data,
# `make test` runs the whole test suite. Both create .venv and install what they need.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint format check seed bench db-start db-stop clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed --if-empty
	PORT=$(PORT) $(PY) manage.py serve

test: lint check
	$(PY) -m pytest; status=$$?; $(PY) -m reelfake.db.embedded stop >/dev/null 2>&1 || true; exit $$status

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(STAMP)
	$(PY) manage.py check

seed: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed --reset --scale $${SCALE:-small}

db-start: $(STAMP)
	$(PY) -m reelfake.db.embedded start

db-stop: $(STAMP)
	$(PY) -m reelfake.db.embedded stop

clean:
	-$(PY) -m reelfake.db.embedded stop
	rm -rf $(VENV) .pgdata .staticfiles
