"""The command line's own words: usage names (metavars) and progress stage names, Polish by default
and English on request, scanned in the real output of every command."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from pipeline.cli import ProgressBars, cli
from pipeline.cli_i18n import TranslatedParameter
from pipeline.i18n import activate
from tests.fixtures import EXAMPLE_INPUTS

SAME_IN_EVERY_LANGUAGE = {"PDF"}  # an argument named after the format
_OPTION_ROW = re.compile(r"^  (-[\w-]+(?:, -[\w-]+)*)(?: (\S+))?(?: {2,}|$)")
_UPPER_WORD = re.compile(r"\b[A-Z][A-Z0-9_]+\b")  # how click's English usage names look


def _commands(group: click.Command = cli, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command path of the CLI, the top-level group included."""
    yield path
    for name, command in getattr(group, "commands", {}).items():
        yield from _commands(command, (*path, name))


COMMANDS = list(_commands())


def _help(runner, lang: str, path: tuple[str, ...]) -> str:
    result = runner.invoke(cli, ["--lang", lang, *path, "--help"], prog_name="konwent")
    assert result.exit_code == 0, result.output
    return result.output


def usage_names(help_text: str, path: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    """What a help text shows as usage names: the usage line's words after the command, and each
    option with its metavar ("" for a flag)."""
    usage = help_text.splitlines()[0]
    command = " ".join(["konwent", *path])
    assert f" {command} " in usage, usage
    words = usage.partition(f" {command} ")[2].split()
    options = {}
    for line in help_text.splitlines():
        if found := _OPTION_ROW.match(line):
            options[found.group(1)] = found.group(2) or ""
    return words, options


def _upper_words(texts: list[str]) -> set[str]:
    return {word for text in texts for word in _UPPER_WORD.findall(text)}


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(["konwent", *path]))
def test_polish_help_shows_no_english_usage_name(runner, path):
    english = _help(runner, "en", path)
    polish = _help(runner, "pl", path)
    en_words, en_options = usage_names(english, path)
    pl_words, pl_options = usage_names(polish, path)
    assert en_options.keys() == pl_options.keys(), "the same options in both languages"
    assert len(en_words) == len(pl_words)
    en_metavars = [*en_words, *en_options.values()]
    pl_metavars = [*pl_words, *pl_options.values()]
    english_names = _upper_words(en_metavars) - SAME_IN_EVERY_LANGUAGE
    assert "OPTIONS" in english_names  # the scan sees the usage names at all
    leaked = english_names & _upper_words([polish])
    assert not leaked, f"English usage names in the Polish help:\n{polish}"
    for en_metavar, pl_metavar in zip(en_metavars, pl_metavars, strict=True):
        if "|" in en_metavar:  # a choice lists the values to type: the same in every language
            assert pl_metavar == en_metavar
        else:  # a name: upper case, like click's, and only a flag has none
            assert pl_metavar == pl_metavar.upper() and bool(pl_metavar) == bool(en_metavar)


@pytest.mark.parametrize(
    ("path", "english", "polish"),
    [
        (
            (),
            ["Usage: konwent [OPTIONS] COMMAND [ARGS]...", "--lang [pl|en]"],
            ["Użycie: konwent [OPCJE] POLECENIE [ARGUMENTY]...", "--lang [pl|en]"],
        ),
        (
            ("build",),
            [
                "Usage: konwent build [OPTIONS] [INPUTS]",
                "--out PATH ",
                "--templates DIRECTORY ",
                "--timeout FLOAT ",
                "--workers INTEGER ",
            ],
            [
                "Użycie: konwent build [OPCJE] [DANE]",
                "--out ŚCIEŻKA ",
                "--templates KATALOG ",
                "--timeout LICZBA ",
                "--workers LICZBA ",
            ],
        ),
        (
            ("sign",),
            ["Usage: konwent sign [OPTIONS] PDF", "--field TEXT ", "--p12 FILE "],
            ["Użycie: konwent sign [OPCJE] PDF", "--field TEKST ", "--p12 PLIK "],
        ),
        (
            ("approve",),
            ["Usage: konwent approve [OPTIONS] [DOCUMENTS]...", "--by TEXT "],
            ["Użycie: konwent approve [OPCJE] [DOKUMENT]...", "--by TEKST "],
        ),
        (
            ("archive", "record"),
            ["Usage: konwent archive record [OPTIONS] PDFS..."],
            ["Użycie: konwent archive record [OPCJE] PDF..."],
        ),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else None,
)
def test_usage_names_in_each_language(runner, path, english, polish):
    for lang, expected in (("en", english), ("pl", polish)):
        shown = _help(runner, lang, path)
        for text in expected:
            assert text in shown, (lang, text, shown)


def test_english_usage_names_are_clicks_own(runner):
    """Every parameter is declared through ``cli_i18n``, and in English shows what click shows."""
    for path in COMMANDS:
        command = cli
        for name in path:
            command = command.commands[name]
        ctx = click.Context(command, info_name=command.name)
        for param in command.params:
            assert isinstance(param, TranslatedParameter), (path, param.name)
            plain = click.Argument if isinstance(param, click.Argument) else click.Option
            assert param.make_metavar(ctx) == plain.make_metavar(param, ctx), (path, param.name)


@pytest.mark.parametrize(
    ("args", "english", "polish"),
    [
        (
            ["init"],
            ["Usage: konwent init [OPTIONS] FOLDER", "Error: Missing argument 'FOLDER'."],
            ["Użycie: konwent init [OPCJE] KATALOG", "Błąd: Brak argumentu 'KATALOG'."],
        ),
        (
            ["archive", "record"],
            ["Usage: konwent archive record [OPTIONS] PDFS...", "Missing argument 'PDFS...'."],
            ["Użycie: konwent archive record [OPCJE] PDF...", "Brak argumentu 'PDF...'."],
        ),
        (
            ["build", "--workers", "1.5"],
            ["Usage: konwent build [OPTIONS] [INPUTS]", "'1.5' is not a valid integer."],
            ["Użycie: konwent build [OPCJE] [DANE]", "'1.5' to nie jest liczba całkowita."],
        ),
        (
            ["verify", "brak.pdf"],
            ["Invalid value for 'PDF': File 'brak.pdf' does not exist."],
            ["Niepoprawna wartość 'PDF': Plik 'brak.pdf' nie istnieje."],
        ),
        (
            ["templates", "check", "konwent.yaml"],
            ["Invalid value for '[FOLDER]': Directory 'konwent.yaml' is a file."],
            ["Niepoprawna wartość '[KATALOG]': Folder 'konwent.yaml' jest plikiem."],
        ),
    ],
    ids=["missing argument", "missing arguments", "not an integer", "no such file", "not a folder"],
)
def test_usage_errors_name_parameters_in_each_language(
    runner, tmp_path, monkeypatch, args, english, polish
):
    monkeypatch.chdir(tmp_path)
    Path("konwent.yaml").write_text("profil: regionalny\n", encoding="utf-8")
    for lang, expected in (("en", english), ("pl", polish)):
        result = runner.invoke(cli, ["--lang", lang, *args], prog_name="konwent")
        assert result.exit_code == 2
        for line in expected:
            assert line in result.stderr, (lang, line, result.stderr)


def _environment(**values: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    return clean | values


def test_help_as_a_real_subprocess_in_polish_by_default_and_in_english():
    def run(*args: str) -> str:
        command = [sys.executable, "-m", "pipeline", *args, "build", "--help"]
        env = _environment(LANG="C.UTF-8")
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
        assert result.returncode == 0, result.stderr
        return result.stdout

    polish, english = run(), run("--lang", "en")
    assert usage_names(polish, ("build",)) == (
        ["[OPCJE]", "[DANE]"],
        {
            "--out": "ŚCIEŻKA",
            "--templates": "KATALOG",
            "--timeout": "LICZBA",
            "--workers": "LICZBA",
            "--draft": "",
            "--archive": "KATALOG",
            "--only": "TEKST",
            "--help": "",
        },
    )
    assert usage_names(english, ("build",)) == (
        ["[OPTIONS]", "[INPUTS]"],
        {
            "--out": "PATH",
            "--templates": "DIRECTORY",
            "--timeout": "FLOAT",
            "--workers": "INTEGER",
            "--draft": "",
            "--archive": "DIRECTORY",
            "--only": "TEXT",
            "--help": "",
        },
    )


# --- progress bars -------------------------------------------------------------------------------

POLISH_STAGES = ["Tworzenie DOCX", "Przekształcanie do PDF (LibreOffice)", "Przygotowanie PDF/A"]
ENGLISH_STAGES = ["Writing DOCX", "Converting to PDF (LibreOffice)", "Finishing PDF/A"]


@pytest.mark.parametrize(("lang", "labels"), [("pl", POLISH_STAGES), ("en", ENGLISH_STAGES)])
def test_stage_labels_in_each_language(lang, labels):
    activate(lang)
    assert [ProgressBars.label(stage) for stage in ("render", "convert", "pdf")] == labels


def _on_a_terminal(args: list[str], env: dict[str, str], timeout: float = 300) -> tuple[int, str]:
    """Run konwent with stdout and stderr on a pseudo-terminal, as a user at a terminal sees it."""
    main, terminal = os.openpty()
    command = [sys.executable, "-m", "pipeline", *args]
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal, env=env
    )
    os.close(terminal)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if select.select([main], [], [], 1)[0]:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # the terminal is gone: the process has ended
                    break
                if not chunk:
                    break
                chunks.append(chunk)
        return process.wait(timeout=10), b"".join(chunks).decode("utf-8", "replace")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)


def test_progress_bars_of_a_real_build_on_a_terminal_are_polish_by_default(tmp_path):
    args = ["build", str(EXAMPLE_INPUTS), "--out", str(tmp_path / "out")]
    code, shown = _on_a_terminal(args, _environment(LANG="C.UTF-8"))
    assert code == 0, shown
    assert "utworzono" in shown  # the run itself speaks Polish
    for label in POLISH_STAGES:
        assert f"{label}  [" in shown, (label, shown)
    for label in ENGLISH_STAGES:
        assert label not in shown
