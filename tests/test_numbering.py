"""Document numbers: one sequence per kind, body and year; never skipped, duplicated or reused."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.build import STATE_DIR, BuildOptions, build
from pipeline.errors import ArchiveError, TemplateError
from pipeline.numbering import NumberRegistry
from tests.fixtures import ROOT

BODY = "Zjazdu Członków Konwentu"


def test_each_kind_body_and_year_has_its_own_sequence(tmp_path):
    registry = NumberRegistry(tmp_path)
    assert registry.assign_text("uchwala", BODY, 2026, "a") == "1/2026"
    assert registry.assign_text("uchwala", BODY, 2026, "b") == "2/2026"
    assert registry.assign_text("protokol", BODY, 2026, "a") == "1/2026"
    assert registry.assign_text("uchwala", "Rady Konwentu", 2026, "a") == "1/2026"
    assert registry.assign_text("uchwala", BODY, 2027, "a") == "1/2027"


def test_the_same_document_key_keeps_its_number_across_registries(tmp_path):
    first = NumberRegistry(tmp_path)
    assert [first.assign("uchwala", BODY, 2026, k) for k in ("a", "b", "c")] == [1, 2, 3]
    again = NumberRegistry(tmp_path)  # a later run
    assert again.assign("uchwala", BODY, 2026, "b") == 2
    assert again.assign("uchwala", BODY, 2026, "d") == 4
    assert again.lookup("uchwala", BODY, 2026, "zzz") is None
    assert again.issued("uchwala", BODY, 2026) == {"a": 1, "b": 2, "c": 3, "d": 4}


def test_a_damaged_registry_is_an_error_not_a_restart_from_one(tmp_path):
    registry = NumberRegistry(tmp_path)
    registry.assign("uchwala", BODY, 2026, "a")
    registry.path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(ArchiveError, match="number registry"):
        registry.assign("uchwala", BODY, 2026, "b")


ASSIGN_MANY = """
import sys
from pathlib import Path
from pipeline.numbering import NumberRegistry
registry = NumberRegistry(Path(sys.argv[1]))
prefix, count = sys.argv[2], int(sys.argv[3])
for i in range(count):
    print(registry.assign("uchwala", "Rady", 2026, f"{prefix}-{i}"), flush=True)
"""


def _assigner(state: Path, prefix: str, count: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", ASSIGN_MANY, str(state), prefix, str(count)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_concurrent_processes_get_distinct_numbers_without_gaps(tmp_path):
    processes = [_assigner(tmp_path, f"p{n}", 25) for n in range(4)]
    outputs = [p.communicate(timeout=120)[0] for p in processes]
    assert all(p.returncode == 0 for p in processes)
    numbers = [int(line) for out in outputs for line in out.split()]
    assert sorted(numbers) == list(range(1, 101))
    issued = NumberRegistry(tmp_path).issued("uchwala", "Rady", 2026)
    assert len(issued) == 100 and sorted(issued.values()) == list(range(1, 101))


def test_a_killed_process_leaves_no_gap_and_no_reused_number(tmp_path):
    process = _assigner(tmp_path, "killed", 1_000_000)
    seen = []
    assert process.stdout is not None
    while len(seen) < 30:
        seen.append(int(process.stdout.readline()))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()
    registry = NumberRegistry(tmp_path)
    issued = registry.issued("uchwala", "Rady", 2026)
    last = max(issued.values())
    assert sorted(issued.values()) == list(range(1, last + 1)), "gap or duplicate"
    assert seen == list(range(1, 31)) and last >= 30
    assert registry.assign("uchwala", "Rady", 2026, "killed-0") == 1  # a rerun keeps its number
    assert registry.assign("uchwala", "Rady", 2026, "after-the-kill") == last + 1
    json.loads(registry.path.read_text(encoding="utf-8"))  # still whole


def test_a_failed_build_does_not_renumber_and_a_new_meeting_continues(example, tmp_path):
    out = tmp_path / "out"
    broken = tmp_path / "broken"
    broken.mkdir()
    shutil.copy(ROOT / "templates" / "uchwala.docx", broken / "uchwala.docx")
    _break_template(broken / "uchwala.docx")
    with pytest.raises(TemplateError, match="uchwala.docx"):
        build(BuildOptions(inputs=example, outputs=out, templates=broken))
    build(BuildOptions(inputs=example, outputs=out))
    meeting = out / "2026-06-12-zjazd"
    assert sorted(p.name for p in meeting.glob("uchwala-*.pdf")) == [
        "uchwala-1-2026.pdf",
        "uchwala-2-2026.pdf",
    ]
    second = example / "posiedzenia" / "2026-11-20-zjazd.yaml"
    shutil.copy(example / "posiedzenia" / "2026-06-12-zjazd.yaml", second)
    build(BuildOptions(inputs=example, outputs=out))
    assert (out / "2026-11-20-zjazd" / "protokol-2-2026.pdf").is_file()
    assert (out / "2026-11-20-zjazd" / "uchwala-3-2026.pdf").is_file()
    assert (out / "2026-11-20-zjazd" / "uchwala-4-2026.pdf").is_file()
    assert (out / STATE_DIR / "numbers.json").is_file()


def _break_template(path: Path) -> None:
    from docx import Document

    doc = Document(path)
    doc.add_paragraph("{{ no_such_variable }}")
    doc.save(path)


def test_registry_lock_is_released_when_a_holder_dies(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl,sys,time; f=open(sys.argv[1],'a+b'); "
            "fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)",
            str(tmp_path / "numbers.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    holder.stdout.close()
    started = time.monotonic()
    assert NumberRegistry(tmp_path).assign("uchwala", BODY, 2026, "a") == 1
    assert time.monotonic() - started < 10


def _set_numbers(example: Path, *numbers: str | None) -> None:
    import yaml

    path = example / "posiedzenia" / "2026-06-12-zjazd.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for resolution, number in zip(data["uchwaly"], numbers, strict=True):
        if number:
            resolution["numer"] = number
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _resolution_numbers(example: Path, state: Path) -> list[str]:
    from pipeline.documents import plan
    from pipeline.inputs import load_konwent

    docs = plan(load_konwent(example), NumberRegistry(state))
    return [d.context["number"] for d in docs if d.kind == "uchwala"]


def test_a_number_written_in_the_data_is_recorded_and_later_numbers_follow_it(example, tmp_path):
    _set_numbers(example, "5/2026", None)
    assert _resolution_numbers(example, tmp_path) == ["5/2026", "6/2026"]
    assert _resolution_numbers(example, tmp_path) == ["5/2026", "6/2026"]  # a rerun


def test_the_same_number_written_twice_is_a_located_error(example, tmp_path):
    from pipeline.errors import InputError

    _set_numbers(example, None, "1/2026")
    with pytest.raises(InputError) as caught:
        _resolution_numbers(example, tmp_path)
    (problem,) = caught.value.problems
    assert problem.path == "uchwaly[2].numer"
    assert problem.file.endswith("2026-06-12-zjazd.yaml")
    assert "1/2026 was already given to 2026-06-12-zjazd.yaml#uchwala#sprawozdanie" in (
        problem.message
    )
