# konwent: two commands on a fresh Debian/Ubuntu machine.
#   make demo   installs what is missing, then builds the bundled example (inputs/ → outputs/)
#   make test   installs what is missing, then runs the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := python3 python3-venv libreoffice-writer-nogui libreoffice-calc-nogui \
	fonts-liberation2 fonts-dejavu-core poppler-utils chromium qpdf

.PHONY: demo test system venv benchmark clean

demo: system venv
	$(BIN)/konwent build inputs --out outputs

test: system venv
	$(BIN)/python -m pytest

# Debian packages: installed only when one is missing, so a warm machine pays nothing.
system:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

venv: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

# Performance: N generated declarations through the whole pipeline, against plain LibreOffice.
N ?= 1000
benchmark: system venv
	$(BIN)/python -m benchmarks.run --count $(N)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
