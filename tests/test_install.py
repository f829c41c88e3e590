"""`make install` makes `konwent` a command a user can type, as the README and the guide say."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.fixtures import ROOT


def _make(target: str, bindir: Path, path: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "-s", "-C", str(ROOT), target, f"BINDIR={bindir}"],
        env=os.environ | {"PATH": path},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_make_install_links_konwent_and_says_how_to_reach_it(tmp_path):
    bindir = tmp_path / "bin"
    first = _make("install", bindir, os.environ["PATH"])
    assert first.returncode == 0, first.stderr
    assert f"{bindir} is not on your PATH" in first.stdout
    assert f'export PATH="{bindir}:$PATH"' in first.stdout
    command = bindir / "konwent"
    assert command.resolve() == (ROOT / ".venv" / "bin" / "konwent").resolve()

    on_path = f"{bindir}:{os.environ['PATH']}"
    again = _make("install", bindir, on_path)  # the set-up can be run again
    assert again.returncode == 0, again.stderr
    assert "not on your PATH" not in again.stdout
    typed = subprocess.run(
        ["konwent", "--lang", "pl", "--version"],
        env=os.environ | {"PATH": on_path},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert typed.stdout.startswith("konwent, wersja ")

    assert _make("uninstall", bindir, on_path).returncode == 0
    assert not command.exists() and not command.is_symlink()


def test_make_install_never_replaces_another_konwent(tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    other = bindir / "konwent"
    other.write_text("#!/bin/sh\necho another installation\n")
    refused = _make("install", bindir, os.environ["PATH"])
    assert refused.returncode != 0
    assert "is not a link made by make install" in refused.stderr
    assert other.read_text() == "#!/bin/sh\necho another installation\n"
