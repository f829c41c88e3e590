"""A `konwent build` killed with SIGKILL leaves nothing behind once the next build has run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.scratch import stop_processes_using

KONWENT = Path(sys.executable).with_name("konwent")


def _staging(out: Path) -> list[Path]:
    return sorted(p for p in out.glob(".konwent-*") if p.name != ".konwent")


def _running_in(folder: Path) -> bool:
    """A process names a path inside ``folder`` (LibreOffice its profile, konwent its outputs)."""
    needle = os.fsencode(f"{folder}/")
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if needle in cmdline.read_bytes():
                return True
        except OSError:
            continue
    return False


def _published(out: Path) -> bool:
    return any(out.glob("*/*.pdf"))


# The moments a build is killed at, each a state the build is seen to have reached: its staging
# folder made, LibreOffice working in its profile (it goes on after the kill), finished documents
# being moved into the outputs.
MOMENTS: dict[str, Callable[[Path, Path], bool]] = {
    "rendering": lambda out, _tmp: bool(_staging(out)),
    "LibreOffice running": lambda _out, tmp: _running_in(tmp),
    "first PDF published": lambda out, _tmp: _published(out),
}


def _start(example: Path, out: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [str(KONWENT), "build", str(example), "--out", str(out)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_when(process: subprocess.Popen, reached: Callable[[], bool], timeout: float = 120):
    deadline = time.monotonic() + timeout
    while not reached():
        assert process.poll() is None, "the build ended before the moment"
        assert time.monotonic() < deadline, "the moment never came"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.communicate()


@pytest.mark.slow
def test_a_killed_build_is_cleaned_up_by_the_next(example, tmp_path, built):
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    tmp.mkdir()
    env = os.environ | {"TMPDIR": str(tmp)}  # the LibreOffice profiles land here
    try:
        for name, reached in MOMENTS.items():
            process = _start(example, out, env)
            _kill_when(process, lambda reached=reached: reached(out, tmp))
            assert process.returncode == -signal.SIGKILL, name
            assert _staging(out) or list(tmp.iterdir()), f"{name}: nothing left to clean"
        final = subprocess.run(
            [str(KONWENT), "build", str(example), "--out", str(out)],
            env=env, capture_output=True, text=True, timeout=600,
        )
    finally:
        stop_processes_using(tmp)  # LibreOffice of a killed run, should a check fail before
    assert final.returncode == 0, final.stderr
    assert _staging(out) == []
    assert list(tmp.iterdir()) == []  # no LibreOffice profile, no lock file
    assert not _running_in(tmp_path)  # no LibreOffice, no worker of a killed build
    reference, _result = built
    assert _files(out) == _files(reference)
    for pdf in out.rglob("*.pdf"):
        assert len(PdfReader(pdf).pages) >= 1


def _files(root: Path) -> list[str]:
    files = (p for p in root.rglob("*") if p.is_file() and ".konwent" not in p.parts)
    return sorted(str(p.relative_to(root)) for p in files)
