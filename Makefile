# Hechtbot: every target sets up what it needs itself, and is safe to run again.
#   make run    set up, train if needed, start the bot (REST on localhost:5005)
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
SPACY_READY := build/spacy/.ready
CONTENT_FILES := $(wildcard bot/content/*.yml bot/content/topics/*.yml bot/content/conversation/*.yml)
GENERATED := data/nlu.yml data/intent_rules.yml domain.yml tests/nlu_test_set.yml tests/test_intent_stories.yml
export TF_CPP_MIN_LOG_LEVEL ?= 2
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1

.PHONY: help setup content content-check validate train run chat test test-unit test-nlu test-stories test-e2e benchmark lock clean

help:
	@echo "make run    - set up, train if needed, start the bot"
	@echo "make test   - set up, train if needed, run all tests"
	@echo "make chat   - chat with the running bot in this terminal"
	@echo "make content - regenerate Rasa's files after editing bot/content/"
	@echo "make benchmark - our NLU pipeline vs a TF-IDF + linear SVM baseline"

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

setup: $(INSTALLED) $(SPACY_READY)

# Regenerate Rasa's files from the content files.
content: $(INSTALLED)
	$(PY) -m bot content build

content-check: $(INSTALLED)
	$(PY) -m bot content check

validate: setup content-check
	$(RASA) data validate --fail-on-warnings

# Rasa fingerprints config, domain and data: --dry-run exits 0 when the newest model
# is current, so an unchanged bot is not retrained.
train: setup content-check
	@if $(RASA) train --dry-run >/dev/null 2>&1 && ls models/*.tar.gz >/dev/null 2>&1; then \
		echo "Model is up to date: $$(ls -t models/*.tar.gz | head -1)"; \
	else \
		$(RASA) train; \
	fi

run: train
	$(PY) -m bot run

chat: $(INSTALLED)
	$(PY) -m bot chat

test-unit: setup content-check
	$(PY) -m pytest tests -m "not needs_model" -q

test-nlu: train
	$(PY) -m pytest tests -m "needs_model and not e2e" -q

test-stories: train
	$(RASA) test core --stories tests/ --fail-on-prediction-errors --out results/core

test-e2e: train
	$(PY) -m pytest tests -m e2e -q

test: validate train
	$(PY) -m pytest tests -q
	$(RASA) test core --stories tests/ --fail-on-prediction-errors --out results/core

benchmark: setup
	$(PY) benchmarks/nlu_vs_baseline.py

# Re-pin every dependency after changing requirements.txt.
lock: | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip freeze --exclude-editable | sort > constraints.txt

clean:
	rm -rf models results build .rasa
