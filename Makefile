# Förderlotse: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Interpreters: Python 3.11 for the application, Python 3.10 for Rasa 3.6 (see README).
PYTHON311 ?= $(shell command -v python3.11 || command -v python3)
PYTHON310 ?= $(shell (command -v pyenv >/dev/null 2>&1 && ls -d "$$(pyenv root)"/versions/3.10.*/bin/python 2>/dev/null | tail -n1) || command -v python3.10)

VENV := .venv
RASA_VENV := .venv-rasa
PY := $(VENV)/bin/python
RASA := $(RASA_VENV)/bin/rasa
MODEL := models/foerderlotse.tar.gz
TRAINING_FILES := config.yml $(shell find domain data nlu_components -type f -not -path '*/__pycache__/*')

export RASA_TELEMETRY_ENABLED := false
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PYTHONPATH := $(CURDIR)

.PHONY: help run run-cluster bench-cluster test setup browser train kb search eval eval-nlu eval-search kb-report admin-user retention bench lint validate pytest stories lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

run: setup $(MODEL) kb ## Set everything up and start the bot (web chat on http://localhost:8080)
	$(PY) -m stack run

run-cluster: setup $(MODEL) kb ## Several Rasa processes and action servers on PostgreSQL + Redis (DATABASE_URL, REDIS_URL, RASA_PROCESSES, ACTION_SERVERS)
	$(PY) -m stack cluster

test: setup browser $(MODEL) kb lint validate pytest stories ## Set everything up and run all tests

setup: $(VENV)/.installed $(RASA_VENV)/.installed ## Create both Python environments

$(VENV)/.installed: requirements/app.txt
	@test -n "$(PYTHON311)" || { echo "Python 3.11 not found (see README)"; exit 1; }
	test -x $(PY) || $(PYTHON311) -m venv $(VENV)
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -r requirements/app.txt
	touch $@

$(RASA_VENV)/.installed: requirements/rasa.txt
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found (see README)"; exit 1; }
	test -x $(RASA_VENV)/bin/python || $(PYTHON310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/python -m pip install --quiet -r requirements/rasa.txt
	touch $@

browser: ## Install Debian's Chromium and axe-core (npm) for the browser tests (if missing)
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@test -f tests/browser/node_modules/axe-core/axe.min.js || npm ci --prefix tests/browser --no-audit --no-fund

train: $(MODEL) ## Train the Rasa model (only when training data or config changed)

$(MODEL): $(RASA_VENV)/.installed $(TRAINING_FILES)
	$(RASA) train --config config.yml --domain domain --data data --out models --fixed-model-name foerderlotse
	touch $@

kb: $(VENV)/.installed ## Start-up step: seed an empty knowledge base, migrate or re-embed (never overwrites edits)
	$(PY) -m knowledge ensure

search: kb ## Search the knowledge base: make search Q="Zuschuss IT-Sicherheit Bayern"
	@$(PY) -m knowledge search "$(Q)"

eval: setup $(MODEL) kb ## Dev and test split of evaluation/conversations.yaml through /api/chat, side by side
	$(PY) -m evaluation.dialogue --split all --json var/results/dialogue.json

eval-nlu: $(RASA_VENV)/.installed ## 5-fold cross-validated intent and entity F1 (takes a while)
	$(RASA) test nlu --config config.yml --nlu data/nlu --cross-validation --folds 5 --out var/results/nlu
	$(PY) -m evaluation.nlu_report var/results/nlu

eval-search: kb ## Recall@1/@3 and MRR of semantic, lexical and hybrid search
	$(PY) -m knowledge.evaluate --embedders e5-small,minilm

kb-report: kb ## Entries ended, ending soon, paused or not checked for 180 days
	@$(PY) -m knowledge stale

admin-user: $(VENV)/.installed ## Create a staff account for /admin: make admin-user NAME=anna
	$(PY) -m console create-user $(NAME)

retention: $(VENV)/.installed ## Delete conversations and records older than ADMIN_RETENTION_DAYS (180)
	$(PY) -m console retention

bench: setup $(MODEL) kb ## Latency, throughput, parts of an answer, memory, index cost -> bench/results.json
	$(PY) -m bench

bench-cluster: setup $(MODEL) kb ## Single stack vs cluster (saturated, user-paced, CPU per answer) and the fault run
	$(PY) -m bench.cluster

lint: $(VENV)/.installed ## ruff lint and format check, mypy type check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

validate: $(RASA_VENV)/.installed ## Check Rasa's training data and domain
	$(RASA) data validate --config config.yml --domain domain --data data --fail-on-warnings

pytest: setup $(MODEL) ## Unit and integration tests
	$(PY) -m pytest

stories: setup $(MODEL) ## Rasa test stories against a real action server
	$(PY) -m stack stories

lock: ## Re-pin both environments after changing requirements/*.in
	$(PY) -m pip install -r requirements/app.in && $(PY) -m pip freeze > requirements/app.txt
	$(RASA_VENV)/bin/python -m pip install -r requirements/rasa.in && $(RASA_VENV)/bin/python -m pip freeze > requirements/rasa.txt

clean: ## Remove environments, models and runtime data
	rm -rf $(VENV) $(RASA_VENV) var models/*.tar.gz
