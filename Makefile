# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The map page's libraries: npm packages pinned in package-lock.json, copied into the package (not committed).
VENDOR := rasd/web/static/vendor
DEMO_DB := out/demo.sqlite

.PHONY: demo serve test lint bench clean vendor

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(VENDOR)/.copied: package-lock.json
	npm ci --silent --no-audit --no-fund
	mkdir -p $(VENDOR)/images
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css $(VENDOR)/
	cp node_modules/leaflet/dist/images/*.png $(VENDOR)/images/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
		node_modules/leaflet.markercluster/dist/MarkerCluster.css \
		node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css $(VENDOR)/
	cp node_modules/leaflet/LICENSE $(VENDOR)/LICENSE.leaflet
	cp node_modules/leaflet.markercluster/MIT-LICENCE.txt $(VENDOR)/LICENSE.markercluster
	touch $@

vendor: $(VENDOR)/.copied

demo: $(BIN)/.installed $(VENDOR)/.copied
	$(BIN)/rasd extract --input examples/reports.jsonl --format table
	$(BIN)/rasd ingest examples/reports.jsonl --db $(DEMO_DB)
	$(BIN)/rasd users add demo --role reviewer --db $(DEMO_DB)
	@echo "Next: make serve   (the map, timeline and review page of $(DEMO_DB) at http://127.0.0.1:8000)"

serve: $(BIN)/.installed $(VENDOR)/.copied
	$(BIN)/rasd serve --db $(DEMO_DB)

test: $(BIN)/.installed $(VENDOR)/.copied
	$(BIN)/pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check rasd tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache node_modules $(VENDOR)
