"""The version, and shell completion as the guide documents it."""

from __future__ import annotations

import os
import subprocess
import sys

import click
import pytest

from pipeline import __version__
from pipeline.cli import cli
from pipeline.i18n import _, activate
from tests.fixtures import ROOT


def test_version_in_both_languages(runner):
    polish = runner.invoke(cli, ["--lang", "pl", "--version"])
    english = runner.invoke(cli, ["--lang", "en", "--version"])
    assert polish.exit_code == english.exit_code == 0
    assert polish.output == f"konwent, wersja {__version__}\n"
    assert english.output == f"konwent, version {__version__}\n"


def _complete(words: str, cword: int) -> list[str]:
    env = os.environ | {
        "_KONWENT_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
    }
    script = "from pipeline.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_bash_completion_completes_commands_and_profiles():
    assert "plain,build" in _complete("konwent bu", 1)
    assert "plain,init" in _complete("konwent in", 1)
    assert _complete("konwent init moj --profil ", 4) == ["plain,regionalny", "plain,krajowy"]


def test_completion_is_documented_in_the_guide():
    guide = (ROOT / "docs" / "przewodnik.md").read_text(encoding="utf-8")
    assert 'eval "$(_KONWENT_COMPLETE=bash_source konwent)"' in guide
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/przewodnik.md" in readme


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    yield path, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


def _shown_default(param: click.Parameter) -> str | None:
    """What --help must show as the default of ``param``; None when it has none to show."""
    if isinstance(param, click.Option) and isinstance(param.show_default, str):
        return f"({_(param.show_default)})"
    default = param.default
    if isinstance(default, bool) or not isinstance(default, str | int | float):
        return None  # a flag that is off, or no default at all
    return str(default)


@pytest.mark.parametrize("language, word", [("en", "default"), ("pl", "domyślnie")])
def test_every_default_is_shown_in_help(runner, language, word):
    checked = 0
    for path, command in _commands(cli):
        result = runner.invoke(cli, ["--lang", language, *path, "--help"])
        assert result.exit_code == 0, result.output
        shown = " ".join(result.output.split())  # help text wraps where it likes
        activate(language)
        for param in command.params:
            default = _shown_default(param)
            if default is not None:
                assert f"[{word}: {default}]" in shown, (path, param.name, shown)
                checked += 1
    assert checked >= 15  # inputs, --out, --archive, --timeout, --workers, --format, --profil, …
