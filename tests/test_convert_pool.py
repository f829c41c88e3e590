"""The LibreOffice worker pool: every document exactly once, even when a worker dies or hangs."""

from __future__ import annotations

import os
import signal
import stat
import sys
import threading
import time
from pathlib import Path

import docx
import pytest

from pipeline.convert import ConvertOptions, DocumentsFailed, Pool, convert_batch, soffice_binary
from tests.conftest import pdf_text

pytestmark = pytest.mark.slow


def make_documents(folder: Path, count: int, stuck: int | None = None) -> list[Path]:
    """``count`` distinct one-page DOCX files; number ``stuck`` is named to hang a fake soffice."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number in range(1, count + 1):
        document = docx.Document()
        document.add_paragraph(f"Dokument testowy nr {number} — zażółć gęślą jaźń")
        name = f"dok-{number:02d}" + ("-zawieszony" if number == stuck else "")
        document.save(folder / f"{name}.docx")
        files.append(folder / f"{name}.docx")
    return files


def assert_each_once(report, files: list[Path], out: Path) -> None:
    assert sorted(report.pdfs) == sorted(files)
    produced = sorted(p.name for p in out.iterdir())
    assert produced == sorted(f"{f.stem}.pdf" for f in files)
    for source, pdf in report.pdfs.items():
        number = int(source.stem.split("-")[1])
        assert f"Dokument testowy nr {number} — zażółć gęślą jaźń" in pdf_text(pdf)


def _group_members(pgid: int) -> list[tuple[int, str]]:
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            name = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            members.append((int(entry.name), name))
    return members


def test_batch_converts_every_document_once(tmp_path):
    files = make_documents(tmp_path / "docx", 6)
    with Pool(ConvertOptions(workers=2, timeout=60)) as pool:
        report = pool.convert(files, tmp_path / "pdf")
    assert not report.failed
    assert_each_once(report, files, tmp_path / "pdf")


def test_worker_killed_with_sigkill_mid_batch_still_converts_every_document_once(tmp_path):
    files = make_documents(tmp_path / "docx", 16)
    killed: list[int] = []
    with Pool(ConvertOptions(workers=2, chunk=8, timeout=60)) as pool:

        def kill_one_worker() -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not killed:
                # wait until a worker has finished at least one PDF of its chunk, then kill it
                if any(pool.work_dir.glob("attempt-*/*.pdf")):
                    for pgid in pool.worker_pids():
                        for pid, name in _group_members(pgid):
                            if name.startswith("soffice.bin"):
                                os.kill(pid, signal.SIGKILL)
                                killed.append(pid)
                                return
                time.sleep(0.02)

        killer = threading.Thread(target=kill_one_worker)
        killer.start()
        report = pool.convert(files, tmp_path / "pdf")
        killer.join()
    assert killed, "no LibreOffice worker was running to be killed"
    assert report.restarts >= 1
    assert not report.failed
    assert_each_once(report, files, tmp_path / "pdf")


def _hanging_soffice(folder: Path) -> str:
    """A stand-in for soffice that converts the documents before a "zawieszony" one with the real
    LibreOffice, then hangs (sleeps) the way a stuck LibreOffice does: a test-only wrapper."""
    script = folder / "soffice-hangs"
    script.write_text(
        f"""#!{sys.executable}
import os, subprocess, sys, time
real = {soffice_binary()!r}
args = sys.argv[1:]
files = [a for a in args if a.endswith(".docx")]
options = [a for a in args if not a.endswith(".docx")]
stuck = next((i for i, f in enumerate(files) if "zawieszony" in f), None)
if stuck is None:
    os.execv(real, [real, *args])
if stuck:
    subprocess.run([real, *options, *files[:stuck]], check=False)
time.sleep(3600)
""",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_hanging_document_is_reported_by_name_and_the_others_are_produced(tmp_path):
    files = make_documents(tmp_path / "docx", 6, stuck=3)
    options = ConvertOptions(
        workers=2, chunk=3, timeout=8, retries=1, soffice=_hanging_soffice(tmp_path)
    )
    started = time.monotonic()
    with pytest.raises(DocumentsFailed) as caught:
        convert_batch(files, tmp_path / "pdf", options=options)
    elapsed = time.monotonic() - started
    lines = caught.value.lines()
    assert len(lines) == 1
    assert "dok-03-zawieszony.docx" in lines[0] and "8 s" in lines[0]
    assert elapsed >= 16  # two attempts, each given its full timeout
    produced = sorted(p.name for p in (tmp_path / "pdf").iterdir())
    assert produced == [f"{f.stem}.pdf" for f in files if "zawieszony" not in f.name]
