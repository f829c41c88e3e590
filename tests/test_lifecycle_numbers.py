"""One number per document through its whole life: build, draft, final, the minutes and the annex
citing it, the packet and the register; whatever the order of approval, the file's name or the
items' order. With the real LibreOffice, read back from the PDFs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from pipeline import archive
from pipeline.approvals import FinalizeOptions, approve, finalize
from pipeline.build import BuildOptions, build
from pipeline.pdfa import extract_text
from pipeline.review import ReviewOptions, review

pytestmark = pytest.mark.slow
CHAIR = "Małgorzata Żółkiewska"
MEETING = "2026-06-12-zjazd"
REPORT, CHANGE = f"{MEETING}/uchwala-sprawozdanie", f"{MEETING}/uchwala-zmiana-regulaminu"
MEETING_FILE = Path("posiedzenia") / f"{MEETING}.yaml"


def _text(path: Path) -> str:
    return extract_text(path)  # reading order, not the page layout: table cells stay whole


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _review_approve_finalize(inputs: Path, out: Path, arch: Path, ids: list[str]) -> None:
    review(ReviewOptions(inputs=inputs, outputs=out, archive=arch))
    approve(out, ids, CHAIR, everything=not ids)
    finalize(FinalizeOptions(inputs=inputs, outputs=out, archive=arch))


def _manifest(arch: Path) -> dict[str, dict]:
    files = json.loads((arch / "manifest.json").read_text(encoding="utf-8"))["files"]
    return {e["doc_id"]: e for e in files.values() if e["final"]}


def _register(arch: Path) -> list[dict[str, str]]:
    with open(arch / "rejestry" / "rejestr-uchwal.csv", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_approving_in_reverse_order_changes_no_number_and_every_output_agrees(example, tmp_path):
    out, arch = tmp_path / "out", tmp_path / "archiwum"
    _review_approve_finalize(example, out, arch, [CHANGE])  # the second resolution goes first
    finals = _manifest(arch)
    assert (finals[CHANGE]["number"], finals[CHANGE]["seq"]) == ("2/2026", 2)
    assert "UCHWAŁA NR 2/2026" in _text(arch / finals[CHANGE]["path"])
    assert f"{MEETING}/pakiet" not in finals  # the meeting's packet waits for all its finals

    _review_approve_finalize(example, out, arch, [])  # then everything else
    finals = _manifest(arch)
    assert finals[REPORT]["number"] == "1/2026"
    protocol = _text(arch / finals[f"{MEETING}/protokol"]["path"])
    assert "Uchwała nr 1/2026 w sprawie przyjęcia sprawozdania" in protocol
    assert "Uchwała nr 2/2026 w sprawie zmiany Regulaminu" in protocol
    annex = _text(arch / finals[f"{MEETING}/aneks-1"]["path"])
    assert "uchwałą nr 2/2026" in annex and "…/" not in annex
    assert [(r["numer"], r["w_sprawie"][:9]) for r in _register(arch)] == [
        ("1/2026", "przyjęcia"), ("2/2026", "zmiany Re"),
    ]  # fmt: skip
    for entry in finals.values():
        assert "…/" not in _text(arch / entry["path"]), entry["path"]
    packet = finals[f"{MEETING}/pakiet"]  # every document final: the packet, from the finals
    assert packet["path"] == f"2026/{MEETING}/pakiet-{MEETING}.pdf"
    meeting_finals = [k for k in finals if k.startswith(f"{MEETING}/") and k != packet["doc_id"]]
    assert sorted(packet["meta"]["dokumenty"]) == sorted(meeting_finals)
    assert len(meeting_finals) == 7
    text = _text(arch / packet["path"])
    assert "UCHWAŁA NR 1/2026" in text and "UCHWAŁA NR 2/2026" in text and "ANEKS NR 1" in text
    assert len(PdfReader(arch / packet["path"]).outline) >= 6  # a bookmark per document
    assert archive.verify(arch).ok

    build(BuildOptions(inputs=example, outputs=out))  # working copies keep the finals' numbers
    packet = _text(out / MEETING / f"pakiet-{MEETING}.pdf")
    assert "UCHWAŁA NR 1/2026" in packet and "UCHWAŁA NR 2/2026" in packet
    assert (out / MEETING / "uchwala-2-2026.pdf").is_file()


def test_renaming_the_file_and_swapping_resolutions_moves_no_final_number(example, tmp_path):
    out, arch = tmp_path / "out", tmp_path / "archiwum"
    _review_approve_finalize(example, out, arch, [])
    renamed = example / "posiedzenia" / "zjazd-czerwiec.yaml"
    (example / MEETING_FILE).rename(renamed)
    _edit(renamed, lambda data: data["uchwaly"].reverse())
    build(BuildOptions(inputs=example, outputs=out))
    report = _text(out / MEETING / "uchwala-1-2026.pdf")
    assert "przyjęcia sprawozdania" in report  # still 1/2026, though listed second now
    assert "zmiany Regulaminu" in _text(out / MEETING / "uchwala-2-2026.pdf")
    review(ReviewOptions(inputs=example, outputs=out))  # the archive found through the outputs
    drafts = json.loads((out / ".konwent" / "drafts.json").read_text(encoding="utf-8"))
    assert {REPORT, CHANGE} <= set(drafts)  # the same identities: the approvals still hold
    html = (out / "przeglad.html").read_text(encoding="utf-8")
    assert html.count("final") >= 2


def test_a_rejected_resolution_is_recorded_in_the_minutes_only(example, tmp_path):
    out, arch = tmp_path / "out", tmp_path / "archiwum"

    def reject_report(data):
        data["uchwaly"][0]["glosowanie"] = {"za": 2, "przeciw": 6, "wstrzymalo_sie": 1}

    _edit(example / MEETING_FILE, reject_report)
    _review_approve_finalize(example, out, arch, [])
    finals = _manifest(arch)
    assert REPORT not in finals
    assert finals[CHANGE]["number"] == "1/2026"
    protocol = _text(arch / finals[f"{MEETING}/protokol"]["path"])
    assert "Projekt uchwały w sprawie przyjęcia sprawozdania" in protocol
    assert "Uchwała nr 1/2026 w sprawie zmiany Regulaminu" in protocol
    assert [r["numer"] for r in _register(arch)] == ["1/2026"]
    assert not list(arch.rglob("uchwala-2-2026*.pdf"))
