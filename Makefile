# The two commands of the quick start: `make run` and `make test`. Everything else is a step
# they call, usable on its own.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
SERVICES := eval "$$($(PY) scripts/services.py)"
DEMO_PASSWORD ?= pesnet-demo-2026
PORT ?= 8000

.PHONY: run test bench install system-packages python-packages assets messages compile-messages lint services migrate demo

run: install
	@$(SERVICES) && export DEBUG=$${DEBUG:-True} PATH="$(CURDIR)/$(VENV)/bin:$$PATH" && \
	  $(PY) manage.py migrate --no-input && \
	  $(PY) manage.py seed_pesnet && \
	  $(PY) manage.py seed_demo --password '$(DEMO_PASSWORD)' && \
	  $(PY) manage.py rebuild_search_index && \
	  echo "" && \
	  echo "  OIC-PESNET portal: http://127.0.0.1:$(PORT)/en/  (/ar/, /fr/)" && \
	  echo "  Demo accounts, password '$(DEMO_PASSWORD)':" && \
	  echo "    secretariat@demo.pesnet.test (secretariat, sets up two-factor authentication at first sign-in)" && \
	  echo "    chair@demo.pesnet.test (chair, likewise)" && \
	  echo "    fp.tur@ fp.mar@ fp.idn@ fp.nga@ fp.pse@demo.pesnet.test (focal points)" && \
	  echo "  E-mails are printed in this log. Ctrl-C stops the web server, the worker and beat." && \
	  echo "" && \
	  exec $(VENV)/bin/honcho start --port $(PORT)

test: install
	@$(SERVICES) && CACHE_KEY_PREFIX=$${CACHE_KEY_PREFIX:-pesnet-test} $(PY) -m pytest $(PYTEST_ARGS)

bench: install
	@export PESNET_DB_NAME=pesnet_bench CACHE_KEY_PREFIX=pesnet-bench && $(SERVICES) && $(PY) bench/run.py

install: system-packages python-packages assets compile-messages

system-packages:
	@bash scripts/system_packages.sh

python-packages: $(VENV)/.installed
$(VENV)/.installed: requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/pip install -q --disable-pip-version-check uv
	@$(VENV)/bin/uv pip install -q --python $(PY) -r requirements.lock
	@touch $@

assets: node_modules/.installed
node_modules/.installed: package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

compile-messages: python-packages
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# Refresh the catalogues after changing user-visible strings (msgids are the English text).
messages: python-packages
	@$(PY) manage.py makemessages -l ar -l fr --no-location --no-obsolete \
	  --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests --ignore=bench
	@$(PY) manage.py makemessages -d djangojs -l ar -l fr --no-location --no-obsolete \
	  --ignore=.venv --ignore=node_modules --ignore=staticfiles

# ruff (lint and format) and the import contracts of pyproject.toml (import-linter).
lint: python-packages
	@$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/lint-imports
