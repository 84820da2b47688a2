# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# CI's exact versions of every package (pyproject.toml declares ranges); `make lock` renews them.
CONSTRAINTS := constraints.txt
# The map page's libraries, committed with their licences; `make vendor` renews them from npm (package-lock.json).
VENDOR := rasd/web/static/vendor
DEMO_DB := out/demo.sqlite

.PHONY: demo serve test lint clean vendor lock fuzz audit

$(BIN)/.installed: pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e '.[dev]'
	touch $@

vendor:
	npm ci --silent --no-audit --no-fund
	mkdir -p $(VENDOR)/images
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css $(VENDOR)/
	cp node_modules/leaflet/dist/images/*.png $(VENDOR)/images/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
		node_modules/leaflet.markercluster/dist/MarkerCluster.css \
		node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css $(VENDOR)/
	cp node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/
	cp node_modules/topojson-client/dist/topojson-client.min.js node_modules/world-atlas/countries-50m.json $(VENDOR)/
	cp node_modules/leaflet/LICENSE $(VENDOR)/LICENSE.leaflet
	cp node_modules/chart.js/LICENSE.md $(VENDOR)/LICENSE.chartjs
	cp node_modules/leaflet.markercluster/MIT-LICENCE.txt $(VENDOR)/LICENSE.markercluster
	cp node_modules/topojson-client/LICENSE $(VENDOR)/LICENSE.topojson-client
	cp node_modules/world-atlas/LICENSE $(VENDOR)/LICENSE.world-atlas
	chmod 644 $(VENDOR)/*.* $(VENDOR)/LICENSE.* $(VENDOR)/images/*
	# axe-core checks the page's accessibility in the browser test only; it is never served.
	mkdir -p tests/vendor
	cp node_modules/axe-core/axe.min.js tests/vendor/
	cp node_modules/axe-core/LICENSE tests/vendor/LICENSE.axe-core
	chmod 644 tests/vendor/*

# The newest releases within pyproject.toml's ranges, installed in a scratch environment and written down.
lock:
	rm -rf out/lock-venv
	$(PYTHON) -m venv out/lock-venv
	out/lock-venv/bin/pip install --quiet --upgrade pip
	out/lock-venv/bin/pip install --quiet '.[dev]'
	{ sed -n '1,2p' $(CONSTRAINTS); out/lock-venv/bin/pip freeze --exclude rasd; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf out/lock-venv

demo: $(BIN)/.installed
	$(BIN)/rasd extract --input examples/reports.jsonl --format table
	$(BIN)/rasd ingest examples/reports.jsonl --db $(DEMO_DB)
	$(BIN)/rasd users add demo --role reviewer --db $(DEMO_DB)
	@echo "Next: make serve   (the map, timeline and review page of $(DEMO_DB) at http://127.0.0.1:8000)"

serve: $(BIN)/.installed
	$(BIN)/rasd serve --db $(DEMO_DB)

test: $(BIN)/.installed
	$(BIN)/pytest

# Generated inputs through extract, ingest (SQLite, and PostgreSQL when RASD_TEST_PG or a local server is there)
# and the API's schema, with a nightly-sized budget; CI runs the same tests with a few examples.
fuzz: $(BIN)/.installed
	RASD_FUZZ_EXAMPLES=$${RASD_FUZZ_EXAMPLES:-2000} $(BIN)/pytest -p no:cacheprovider tests/reliability

# Known vulnerabilities in the pinned versions of constraints.txt (pip-audit); fails on a finding, warns and goes on
# when the vulnerability service cannot be reached. CI runs it after the tests.
audit: $(BIN)/.installed
	$(BIN)/python .ci/audit.py $(CONSTRAINTS)

lint: $(BIN)/.installed
	$(BIN)/ruff check rasd tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache node_modules
