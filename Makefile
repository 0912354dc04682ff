# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint demo clean bench bench-intake package soak deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# The Debian/Ubuntu packages a fresh machine needs (as root): Python's venv, make, and the
# libraries Qt loads, for the tests (offscreen) and for the board's window (X11).
deps:
	apt-get install -y $(DEB_PACKAGES)

DEB_PACKAGES := python3 python3-venv make libegl1 libgl1 libfontconfig1 libxkbcommon0 \
	libglib2.0-0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
	libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0

run: $(STAMP)
	$(BIN)/desk-app --demo-if-new

# ruff, the type checker (mypy --strict, configured in pyproject.toml), the whole suite,
# then the installed program: sdist and wheel built, the wheel
# installed into a fresh virtual environment outside the checkout and run from there.
test: $(STAMP)
	$(BIN)/ruff check desk_app tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q
	bash packaging/wheel_check.sh $(BIN)/python

# The reliability tests at full strength (200 kills, 500 racing saves per process,
# thousands of generated inputs); about 13 minutes on two cores.
soak: $(STAMP)
	DESK_SOAK=1 $(BIN)/python -m pytest -q --durations=20 tests/reliability

# The one-folder bundle (dist/detainer-desk), then its smoke test; slow, so not in `test`.
package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[package]"
	bash packaging/build.sh

# The performance budgets on ten years of generated data (about 10 minutes); exits 1
# when a budget is missed. Not part of `test`. See bench/README.md.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python -m bench.run; status=$$?; \
	$(BIN)/python -m bench.intake_bench || status=1; exit $$status

# Only the form reader's accuracy and speed, on 100 fine and 100 standard faxes.
bench-intake: $(STAMP)
	$(BIN)/python -m bench.intake_bench

clean:
	rm -rf $(VENV)
