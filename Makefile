# konwent: two commands on a fresh Debian/Ubuntu machine.
#   make demo   installs what is missing, then builds the bundled example (inputs/ → outputs/)
#   make test   installs what is missing, then runs the whole test suite
#   make install  makes `konwent` a command you can type (a link in ~/.local/bin)
#   make messages  re-extracts the interface messages and merges them into the catalogs
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := python3 python3-venv libreoffice-writer-nogui libreoffice-calc-nogui \
	fonts-liberation2 fonts-dejavu-core poppler-utils chromium qpdf

.PHONY: demo test system venv install uninstall benchmark clean messages

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

LOCALE := pipeline/locale
CATALOGS := $(wildcard $(LOCALE)/*/LC_MESSAGES/konwent.po)

venv: $(BIN)/.installed $(CATALOGS:.po=.mo)

$(BIN)/.installed: pyproject.toml setup.py
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

# `konwent` as a command: a link in BINDIR (on PATH for most users) to this checkout's virtualenv.
# A file there that is not such a link (another installation) is never replaced.
BINDIR ?= $(HOME)/.local/bin
COMMAND := $(abspath $(BIN))/konwent

install: system venv
	@mkdir -p "$(BINDIR)"
	@if [ -e "$(BINDIR)/konwent" ] && [ ! -L "$(BINDIR)/konwent" ]; then \
	  echo "$(BINDIR)/konwent exists and is not a link made by make install; left as it is" >&2; \
	  exit 1; \
	fi
	@ln -sfn "$(COMMAND)" "$(BINDIR)/konwent"
	@echo "installed: $(BINDIR)/konwent -> $(COMMAND)"
	@case ":$$PATH:" in *":$(BINDIR):"*) echo "try: konwent --help" ;; \
	*) echo "$(BINDIR) is not on your PATH yet. To use konwent in this terminal now:"; \
	   echo '  export PATH="$(BINDIR):$$PATH"'; \
	   echo "and for every new terminal (Debian and Ubuntu also add ~/.local/bin at the next login):"; \
	   echo "  echo 'export PATH=\"$(BINDIR):\$$PATH\"' >> ~/.bashrc" ;; \
	esac

uninstall:
	@if [ -L "$(BINDIR)/konwent" ] && [ "$$(readlink "$(BINDIR)/konwent")" = "$(COMMAND)" ]; then \
	  rm "$(BINDIR)/konwent" && echo "removed: $(BINDIR)/konwent"; \
	fi

# Performance: N generated declarations through the whole pipeline, against plain LibreOffice.
N ?= 1000
benchmark: system venv
	$(BIN)/python -m benchmarks.run --count $(N) $(ARGS)

# Interface translations, compiled from the committed catalogs (the .mo files are not committed).
$(LOCALE)/%/LC_MESSAGES/konwent.mo: $(LOCALE)/%/LC_MESSAGES/konwent.po $(BIN)/.installed
	$(BIN)/pybabel -q compile -d $(LOCALE) -D konwent -l $*

# After adding or changing a message in the code: extract, merge, then translate the new entries
# in $(LOCALE)/pl/LC_MESSAGES/konwent.po (tests/test_i18n.py lists what is missing).
messages: $(BIN)/.installed
	$(BIN)/pybabel extract -F babel.cfg -o $(LOCALE)/konwent.pot --project konwent \
	  --no-location --sort-output --omit-header pipeline
	$(BIN)/pybabel update -i $(LOCALE)/konwent.pot -d $(LOCALE) -D konwent \
	  --ignore-pot-creation-date

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
