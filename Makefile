# Two commands do all set-up on a fresh Debian/Ubuntu machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMPS := .stamps
# PP-OCR's wheel (models inside), without its dependency on the full OpenCV: see pyproject's [rapid]
RAPIDOCR := rapidocr-onnxruntime==1.4.4

.PHONY: run test bench lint screenshots clean system-deps system-deps-test package install-desktop

run: system-deps $(STAMPS)/venv
	$(VENV)/bin/netcapture

test: system-deps-test $(STAMPS)/venv tests/js/node_modules/ical.js
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: system-deps-test $(STAMPS)/venv
	$(PY) -m tests.bench.run_all

# ruff, and the layer contract in pyproject.toml ([tool.importlinter]): ui -> netcapture -> ocr,
# and ui never imports netcapture.store or ocr.
lint: $(STAMPS)/venv
	$(VENV)/bin/ruff check netcapture ui ocr tests
	$(VENV)/bin/lint-imports

screenshots: system-deps-test $(STAMPS)/venv
	$(PY) packaging/screenshots.py

system-deps:
	@bash packaging/install-system-deps.sh run

system-deps-test:
	@bash packaging/install-system-deps.sh test

$(STAMPS)/venv: pyproject.toml
	@mkdir -p $(STAMPS)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	$(PY) -m pip install -q --no-binary tesserocr -e '.[warm]' || \
	  echo "tesserocr could not be built: cards are read by the tesseract program instead (slower)" >&2
	$(PY) -m pip install -q -e '.[rapid]' && $(PY) -m pip install -q --no-deps '$(RAPIDOCR)' || \
	  echo "PP-OCR ($(RAPIDOCR)) could not be installed: cards are read by Tesseract alone (NETCAPTURE_ENGINE=rapidocr falls back to it)" >&2
	@touch $@

clean:
	rm -rf $(VENV) $(STAMPS) build *.egg-info .pytest_cache .ruff_cache

# The PyInstaller bundle in dist/netcapture (not built in CI: it takes minutes). A smoke test runs
# the built binary: --version and `read` on a sample card.
package: $(STAMPS)/venv
	$(PY) -m pip install -q 'pyinstaller>=6.5'
	$(VENV)/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build packaging/netcapture.spec
	du -sh dist/netcapture
	dist/netcapture/netcapture --version
	dist/netcapture/netcapture read resources/samples/03-qr-code.jpg > /dev/null

install-desktop: $(STAMPS)/venv
	$(VENV)/bin/netcapture --install-desktop

# ical.js (Thunderbird's vCard parser) checks the exports in the tests; skipped there without npm.
tests/js/node_modules/ical.js: tests/js/package.json
	-command -v npm >/dev/null && npm install --prefix tests/js --no-audit --no-fund --no-package-lock --silent
