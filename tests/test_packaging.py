"""The wheel carries everything konwent needs: installed into a fresh virtualenv from a clean
checkout, it builds the example and speaks Polish."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.fixtures import EXAMPLE_INPUTS, ROOT

LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "PYTHONPATH")


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


def _clean_checkout(target: Path) -> Path:
    """The files git would give a fresh clone (tracked, or new and not ignored): no compiled
    catalog, no virtualenv, no build leftovers."""
    listed = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT)
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = _clean_checkout(tmp_path_factory.mktemp("checkout"))
    assert not list(source.rglob("*.mo"))
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-w", str(dist)])
    (found,) = dist.glob("konwent-*.whl")
    return found


def test_the_wheel_carries_templates_catalogs_profiles_and_starters(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = {f"pipeline/templates/{p.name}" for p in (ROOT / "templates").glob("*.docx")}
    assert bundled and bundled <= names
    assert "pipeline/locale/pl/LC_MESSAGES/konwent.mo" in names
    assert {"pipeline/profiles/regionalny.yaml", "pipeline/profiles/krajowy.yaml"} <= names
    assert "pipeline/starter/krajowy/konwent.yaml" in names


@pytest.mark.slow
def test_installed_wheel_builds_the_example_in_polish(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    # the dependencies come from the index, as for a user's `pip install` (no bytecode compiled
    # ahead: it costs more than the few modules one build imports)
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-compile"]
    _run([*pip, str(wheel)])
    env = {k: v for k, v in os.environ.items() if k not in LANGUAGE_VARIABLES}
    work = tmp_path / "work"
    shutil.copytree(EXAMPLE_INPUTS, work / "inputs")

    imported = "import pipeline; print(pipeline.__file__)"
    where = _run([str(python), "-c", imported], cwd=work, env=env)
    assert Path(where.stdout.strip()).is_relative_to(venv)  # not the source tree

    konwent = str(venv / "bin" / "konwent")
    built = _run([konwent, "build", "inputs", "--out", "outputs"], cwd=work, env=env)
    assert "utworzono plików: " in built.stdout
    packets = [line.removeprefix("pakiet: ") for line in built.stdout.splitlines()
               if line.startswith("pakiet: ")]
    assert len(packets) == 4
    assert all(Path(packet).read_bytes().startswith(b"%PDF") for packet in packets)
    started = _run([konwent, "init", "nowy", "--profil", "krajowy"], cwd=work, env=env)
    assert "utworzono: " in started.stdout
    assert "nie znaleziono problemów" in _run([konwent, "check", "nowy"], cwd=work, env=env).stdout
