"""The version, and shell completion as the guide documents it."""

from __future__ import annotations

import os
import subprocess
import sys

from pipeline import __version__
from pipeline.cli import cli
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
