"""Scratch folders: a dead run's are swept away, a live run's are never touched (real processes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.scratch import ScratchDir, sweep

# A run that makes a scratch folder, says where, and keeps it until its stdin closes (or it dies).
HOLDER = """
import sys
from pathlib import Path
from pipeline.scratch import ScratchDir
with ScratchDir("konwent-test-", Path(sys.argv[1])) as folder:
    (folder / "work.txt").write_text("in progress")
    print(folder, flush=True)
    sys.stdin.read()
"""


def _holder(parent: Path) -> tuple[subprocess.Popen, Path]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(parent)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    return process, Path(process.stdout.readline().strip())


def test_a_live_runs_folder_is_left_alone(tmp_path):
    process, folder = _holder(tmp_path)
    try:
        assert sweep("konwent-test-", tmp_path) == []
        with ScratchDir("konwent-test-", tmp_path) as mine:
            assert mine != folder
        assert (folder / "work.txt").read_text() == "in progress"
    finally:
        process.communicate("")
    assert process.returncode == 0
    assert list(tmp_path.iterdir()) == []  # a run that ends removes its own


def test_a_killed_runs_folder_is_removed_by_the_next_run(tmp_path):
    process, folder = _holder(tmp_path)
    process.kill()
    process.communicate()
    assert (folder / "work.txt").exists()  # what SIGKILL leaves behind
    with ScratchDir("konwent-test-", tmp_path) as mine:
        assert sorted(tmp_path.iterdir()) == [mine, mine.with_name(mine.name + ".lock")]
    assert list(tmp_path.iterdir()) == []


def test_a_dead_runs_worker_still_in_its_folder_is_stopped(tmp_path):
    """LibreOffice outlives a killed build, working in the dead run's profile: it is stopped
    before the folder goes, so nothing is written there afterwards."""
    process, folder = _holder(tmp_path)
    worker = subprocess.Popen(
        ["sh", "-c", 'while :; do touch "$0/still-working"; sleep 0.05; done', str(folder)],
        start_new_session=True,
    )
    try:
        process.kill()
        process.communicate()
        assert sweep("konwent-test-", tmp_path) == [folder]
        assert worker.poll() == -9  # the sweep waited for it to end
        assert not folder.exists()
    finally:
        worker.kill()
        worker.wait()


def test_folders_of_other_programs_are_left_alone(tmp_path):
    other = tmp_path / "konwent-test-notours"  # no lock file beside it: not made by a scratch run
    other.mkdir()
    assert sweep("konwent-test-", tmp_path) == []
    assert other.is_dir()
