# Hechtbot: every target sets up what it needs itself, and is safe to run again.
#   make run    set up, train if needed, start the bot (REST on localhost:5005)
#               and the web chat (http://localhost:8080)
#   make test   set up, train if needed, run every test and quality gate
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Rasa 3.6 needs Python 3.8-3.10: take python3.10 from PATH, else from pyenv.
PYTHON310 ?= $(firstword $(shell command -v python3.10 2>/dev/null) \
	$(wildcard $(HOME)/.pyenv/versions/3.10*/bin/python3.10))
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
INSTALLED := $(VENV)/.installed
# Front-end packages of the web chat (socket.io-client; axe-core for the tests), pinned in
# package-lock.json and served from node_modules by our own server: no CDN.
NPM ?= npm
NPM_READY := node_modules/.installed
# The browser tests drive Debian's Chromium; Playwright never downloads a browser.
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
SPACY_READY := build/spacy/.ready
export TF_CPP_MIN_LOG_LEVEL ?= 2
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1

.PHONY: help setup content content-check validate train run chat test test-unit test-nlu test-stories test-e2e test-browser chromium benchmark classifier-variants risk-cv risk-vocabulary signal-cv safety-ablation benchmark-big-messages benchmark-question-focus report lint types format check test-scale deploy-run benchmark-latency lock clean

help:
	@echo "make run    - set up, train if needed, start the bot and the web chat (http://localhost:8080)"
	@echo "make test   - set up, train if needed, run all tests"
	@echo "make chat   - chat with the running bot in this terminal"
	@echo "make content - regenerate Rasa's files after editing bot/content/"
	@echo "make check - the fast loop: content rules, lint, types, unit tests, NLU gate on the newest model"
	@echo "make format - rewrite the Python files in the project's style (ruff)"
	@echo "make deploy-run - the production profile locally: PostgreSQL, Redis, 2 Rasa replicas x 2 workers, nginx (docs/deploy.md)"
	@echo "make test-scale - the production profile under load, a replica killed mid-run (part of make test)"
	@echo "make report - what users asked that the bot could not answer (last 7 days, HTML; docs/report.md)"
	@echo "make benchmark - our NLU pipeline vs a TF-IDF + linear SVM baseline"
	@echo "make classifier-variants - classifier settings by cross-validation on training data only"
	@echo "make risk-cv - the safety net's risk model and thresholds by cross-validation (training data only)"
	@echo "make risk-vocabulary - words the risk model knows only from disclosures (where none.txt needs lines)"
	@echo "make signal-cv - the described-behaviour recogniser's threshold by cross-validation (training data only)"
	@echo "make safety-ablation - safety net: patterns alone, risk model alone, both"
	@echo "make benchmark-question-focus - long messages: how much weighing the question helps (development figure)"
	@echo "make benchmark-latency - REST latency and throughput vs the rasa init bot, embedded and production (docs/deploy.md)"
	@echo "make benchmark-big-messages - 200 KB / 1 MB messages: their time and another conversation's"

$(PY):
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found: see README (pyenv install 3.10.13)"; exit 1; }
	$(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip<24.1"

# Reinstall only when the pins change.
$(INSTALLED): requirements.txt constraints.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(SPACY_READY): $(INSTALLED) bot/language/pipeline.py bot/language/setup.py
	$(PY) -m bot language setup
	touch $@

# Reinstall only when the front-end pins change (npm ci installs exactly the lock file).
$(NPM_READY): package.json package-lock.json
	@command -v $(NPM) >/dev/null || { echo "npm not found: install Node.js (apt-get install nodejs npm)"; exit 1; }
	$(NPM) ci --no-audit --no-fund
	touch $@

# Only when it is missing: apt-get installs Debian's Chromium (CI runs as root).
$(CHROMIUM):
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver

chromium: $(CHROMIUM)

setup: $(INSTALLED) $(SPACY_READY) $(NPM_READY)

# Regenerate Rasa's files from the content files.
content: $(INSTALLED)
	$(PY) -m bot content build

content-check: $(INSTALLED)
	$(PY) -m bot content check

validate: setup content-check
	$(RASA) data validate --fail-on-warnings

# A model is current when it was trained from the present config, domain, data and our
# component code: their digest is stored beside it (models/<model>.tar.gz.inputs). Rasa's
# `train --dry-run` is not enough: it asks whether its training cache holds every component,
# not whether the newest model was built from these files (a run-time setting in config.yml,
# a response in domain.yml, or going back to an earlier config all pass it unnoticed).
# Retraining reuses Rasa's cache, so only changed components are trained again.
TRAINING_INPUTS = config.yml domain.yml data bot
train: setup content-check
	@digest=$$(find $(TRAINING_INPUTS) -type f \( -name '*.py' -o -name '*.yml' -o -name '*.txt' \) \
		-not -path '*/__pycache__/*' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16); \
	newest=$$(ls -t models/*.tar.gz 2>/dev/null | head -1); \
	if [ -n "$$newest" ] && [ "$$(cat $$newest.inputs 2>/dev/null)" = "$$digest" ]; then \
		echo "Model is up to date: $$newest"; \
	else \
		$(RASA) train && echo "$$digest" > "$$(ls -t models/*.tar.gz | head -1).inputs"; \
	fi

run: train
	$(PY) -m bot run

chat: $(INSTALLED)
	$(PY) -m bot chat

# Lint and format check (ruff) and types (mypy); settings in pyproject.toml.
lint: $(INSTALLED)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

types: $(INSTALLED)
	$(PY) -m mypy

format: $(INSTALLED)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# The fast loop (docs/maintainers.md): no servers, no training, two processes. With a
# trained model it includes the NLU and safety gates on the newest model.
check: setup content-check lint types
	@if ls models/*.tar.gz >/dev/null 2>&1; then \
		$(PY) -m pytest tests -n 2 -q -p no:cacheprovider -m "not e2e and not browser"; \
	else echo "No trained model yet: the model gates are skipped (make train)"; \
		$(PY) -m pytest tests -n 2 -q -p no:cacheprovider -m "not needs_model"; fi

test-unit: setup content-check
	$(PY) -m pytest tests -m "not needs_model" -q

test-nlu: train
	$(PY) -m pytest tests -m "needs_model and not e2e and not browser" -q

test-stories: train
	$(RASA) test core --stories tests/ --fail-on-prediction-errors --out results/core

test-e2e: train
	$(PY) -m pytest tests -m e2e -q

test-scale: train
	$(PY) -m pytest tests -m scale -q -p no:cacheprovider

deploy-run: train
	$(PY) -m bot.deploy run

test-browser: train $(CHROMIUM)
	$(PY) -m pytest tests -m browser -q

# Two workers, one module at a time each (module fixtures start servers once); the longest
# modules start first (tests/conftest.py). Sequential, pytest took 24-27 min in CI; this, 14-15.
test: validate lint types train $(CHROMIUM)
	$(PY) -m pytest tests -q -n 2 --dist loadfile --no-loadscope-reorder --durations=15
	$(RASA) test core --stories tests/ --fail-on-prediction-errors --out results/core

benchmark: setup
	$(PY) benchmarks/nlu_vs_baseline.py

classifier-variants: setup
	$(PY) benchmarks/classifier_variants.py

risk-cv: setup
	$(PY) benchmarks/risk_model_cv.py

risk-vocabulary: setup
	$(PY) benchmarks/risk_vocabulary.py

signal-cv: setup
	$(PY) benchmarks/signal_cv.py

safety-ablation: setup
	$(PY) benchmarks/safety_ablation.py tests/safety/*.yml

benchmark-question-focus: setup
	$(PY) benchmarks/question_focus.py

benchmark-latency: setup
	@ls models/*.tar.gz >/dev/null 2>&1 || $(MAKE) train
	$(PY) benchmarks/latency.py

benchmark-big-messages: setup
	@ls models/*.tar.gz >/dev/null 2>&1 || $(MAKE) train
	$(PY) benchmarks/big_messages.py

# One self-contained HTML page from the tracker store (docs/report.md).
report: $(INSTALLED)
	$(PY) -m bot report

# Re-pin every dependency after changing requirements.txt.
lock: | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip freeze --exclude-editable | sort > constraints.txt

clean:
	rm -rf models results build .rasa
