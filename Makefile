# Two commands from a fresh clone:  make run  |  make test
# Each creates .venv and installs exactly the pinned requirements it needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint validate bench bench-map load system clean assets

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt constraints.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt constraints.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@ $(VENV)/.run-installed

assets: $(VENV)/.run-installed  ## the map's atlas for the server's data, under static/build/ (scripts/build_assets.py)
	$(PY) scripts/build_assets.py

run: $(VENV)/.run-installed assets  ## start the app on the bundled data (http://localhost:$(PORT))
	$(PY) -m streamlit run app.py --server.port $(PORT)

system:  ## Debian packages the tests need: chromium, haproxy, fonts-noto-cjk (scripts/ensure_system_packages.sh)
	@bash scripts/ensure_system_packages.sh

validate: $(VENV)/.run-installed
	$(PY) -m loaders.validate data/stations.geojson

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: $(VENV)/.dev-installed system assets  ## every test: data validation, lint, unit, app and browser tests
	$(PY) -m loaders.validate data/stations.geojson
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

bench: $(VENV)/.dev-installed
	$(PY) bench/bench_load.py
	$(PY) bench/bench_exports.py

bench-map: $(VENV)/.dev-installed system  ## ours vs a naive st_folium app: cold, filter, bytes, RSS, load (bench/README.md)
	$(PY) bench/bench_map.py

load: $(VENV)/.dev-installed  ## concurrent readers over the websocket on loopback (bench/README.md)
	$(PY) bench/load.py --sessions 10 --seconds 30

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
