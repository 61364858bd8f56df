# Cocon — the two commands are `make run` and `make test`; everything else supports them.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

# Django 6 needs Python >= 3.12. `python3` on these machines is 3.11, so look for 3.13/3.12 on PATH,
# then under pyenv, newest first. The check runs only when the virtualenv is created.
find-python = $(shell \
  for c in python3.13 python3.12; do \
    p=$$(command -v $$c 2>/dev/null) && $$p -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && { echo $$p; exit 0; }; \
  done; \
  for p in $$(ls -d $$HOME/.pyenv/versions/3.1[3-9]* $$HOME/.pyenv/versions/3.12* 2>/dev/null | sort -rV); do \
    [ -x $$p/bin/python ] && $$p/bin/python -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && { echo $$p/bin/python; exit 0; }; \
  done)

$(PY):
	@PYBIN="$(call find-python)"; \
	if [ -z "$$PYBIN" ]; then \
	  echo "Cocon needs Python 3.12 or newer (Django 6). Install python3.12 or python3.13 (e.g. 'pyenv install 3.12')"; \
	  echo "and run this command again."; exit 1; \
	fi; \
	echo "Creating $(VENV) with $$PYBIN"; \
	$$PYBIN -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PIP) install --disable-pip-version-check -q --upgrade pip
	$(PIP) install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $(STAMP)

.PHONY: install
install: $(STAMP) messages

.PHONY: messages
messages: $(STAMP)
	@$(PY) scripts/compile_messages.py

.PHONY: migrate
migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py createcachetable

.PHONY: demo
demo: export DEBUG ?= 1
demo: migrate
	$(PY) manage.py seed_demo --if-empty

# Web, Celery worker and Celery beat in one go (honcho); Ctrl-C stops all three.
.PHONY: run
run: export DEBUG ?= 1
run: demo
	$(PY) manage.py collectstatic --noinput -v 0
	@$(PY) manage.py demo_banner
	$(VENV)/bin/honcho -f Procfile.dev start

.PHONY: test
test: install
	@mkdir -p var
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

.PHONY: test-fast
test-fast: install
	$(VENV)/bin/pytest -m "not browser and not worker" $(PYTEST_ARGS)

.PHONY: lint
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates cases network safetyplans capacity reminders insight cocon --lint

.PHONY: format
format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: makemessages
makemessages: install
	@for d in . cases network safetyplans capacity reminders insight cocon/accounts cocon/audit; do \
	  (cd $$d && $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages -l nl_BE --no-obsolete \
	    $$( [ $$d = . ] && echo "--ignore=cases --ignore=network --ignore=safetyplans --ignore=capacity --ignore=reminders --ignore=insight --ignore=cocon/accounts --ignore=cocon/audit --ignore=.venv --ignore=var --ignore=static --ignore=bench" ) \
	    --ignore=tests -v 0 ); \
	done

.PHONY: bench
bench: install
	$(PY) bench/run.py

.PHONY: clean
clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
