# Two commands from a fresh clone:  make run  |  make test
# Each creates .venv and installs exactly the pinned requirements it needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint validate bench bench-map load load-replicas profile system clean assets

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt constraints.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt constraints.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@ $(VENV)/.run-installed

assets: $(VENV)/.run-installed  ## the map's atlas for the server's data and its scripts as one file, under static/build/ (scripts/build_assets.py)
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

bench-map: $(VENV)/.dev-installed system  ## ours / naive st_folium app / floor: cold, filter, bytes, CPU, RSS, both load modes (bench/README.md)
	$(PY) bench/bench_map.py

load: $(VENV)/.dev-installed  ## concurrent readers over the websocket on loopback: who stay, then new visitors (bench/README.md)
	$(PY) bench/load.py --mode stay --sessions 10 --seconds 30
	$(PY) bench/load.py --mode new --sessions 10 --seconds 30 --alone 3

profile: $(VENV)/.dev-installed system  ## py-spy flame graphs: new-session views, a filter change, load, validation (bench/README.md)
	$(PY) bench/profiling.py --load 30 --validate 100000

load-replicas: $(VENV)/.dev-installed system  ## the same load (both modes) through HAProxy (deploy/haproxy.cfg) and 2 replicas vs 1 replica
	$(PY) bench/bench_replicas.py --mode stay --sessions 10 --seconds 30
	$(PY) bench/bench_replicas.py --mode new --sessions 10 --seconds 30

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
