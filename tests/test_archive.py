"""The archive's manifest, verify and registers, on files made here (no LibreOffice)."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from pipeline import archive
from pipeline.archive import Entry, Manifest
from pipeline.cli import cli
from pipeline.inputs import load_konwent
from tests.fixtures import EXAMPLE_INPUTS


def _archive_with(root, files: dict[str, bytes]) -> Manifest:
    manifest = Manifest()
    for relpath, data in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        manifest.files[relpath] = Entry(
            path=relpath, sha256=archive.sha256_file(path), size=len(data), kind="uchwala"
        )
    archive.save_manifest(root, manifest)
    return manifest


def test_verify_reports_missing_changed_and_unlisted_files_by_path(tmp_path, runner):
    _archive_with(tmp_path, {"2026/z/a.pdf": b"%PDF-a", "2026/z/b.pdf": b"%PDF-b",
                             "2026/z/c.pdf": b"%PDF-c"})  # fmt: skip
    assert archive.verify(tmp_path).ok
    (tmp_path / "2026/z/a.pdf").unlink()
    (tmp_path / "2026/z/b.pdf").write_bytes(b"%PDF-B")  # same size, one byte differs
    (tmp_path / "2026/z/extra.pdf").write_bytes(b"x")
    report = archive.verify(tmp_path)
    assert (report.missing, report.changed, report.unlisted) == (
        ["2026/z/a.pdf"], ["2026/z/b.pdf"], ["2026/z/extra.pdf"])  # fmt: skip
    result = runner.invoke(cli, ["archive", "verify", str(tmp_path)])
    assert result.exit_code == 4
    assert f"{tmp_path / '2026/z/a.pdf'}: missing" in result.stderr
    assert f"{tmp_path / '2026/z/b.pdf'}: changed" in result.stderr
    assert f"{tmp_path / '2026/z/extra.pdf'}: unlisted" in result.stderr
    assert "c.pdf" not in result.stderr and "Traceback" not in result.stderr


def test_verify_of_a_folder_without_manifest_fails(tmp_path, runner):
    result = runner.invoke(cli, ["archive", "verify", str(tmp_path)])
    assert result.exit_code == 4
    assert "no manifest.json" in result.stderr


def test_a_correction_is_named_korekta_and_numbered_after_the_original():
    assert archive.final_path(2026, "z", "uchwala-1-2026", 0) == "2026/z/uchwala-1-2026.pdf"
    assert (
        archive.final_path(2026, "z", "uchwala-1-2026", 1) == "2026/z/uchwala-1-2026-korekta-1.pdf"
    )


def test_stale_temporary_files_are_removed_and_unlisted_until_then(tmp_path):
    _archive_with(tmp_path, {"2026/z/a.pdf": b"%PDF-a"})
    stale = tmp_path / "2026/z/.a.pdf.x1y2.part"
    stale.write_bytes(b"half")
    assert archive.verify(tmp_path).unlisted == ["2026/z/.a.pdf.x1y2.part"]
    assert archive.remove_stale_parts(tmp_path) == [stale]
    assert archive.verify(tmp_path).ok


HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_registers_in_xlsx_and_csv_never_carry_a_formula(tmp_path):
    manifest = Manifest()
    for number, subject in enumerate(HOSTILE, start=1):
        manifest.files[f"2026/z/u{number}.pdf"] = Entry(
            path=f"2026/z/u{number}.pdf", sha256="0" * 64, size=1, kind="uchwala",
            number=f"{number}/2026", meta={"w_sprawie": subject, "za": 5, "data": "2026-06-12"},
        )  # fmt: skip
    written = archive.write_registers(tmp_path, manifest, [])
    assert set(written) >= {"rejestry/rejestr-uchwal.xlsx", "rejestry/rejestr-uchwal.csv"}
    sheet = load_workbook(tmp_path / "rejestry/rejestr-uchwal.xlsx").active
    header = [c.value for c in sheet[1]]
    column = header.index("w_sprawie")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["'" + h for h in HOSTILE]
    assert all(c.data_type == "s" for c in cells)
    assert [row[header.index("za")].value for row in sheet.iter_rows(min_row=2)] == [5] * 6
    text = (tmp_path / "rejestry/rejestr-uchwal.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert [r["w_sprawie"] for r in rows] == ["'" + h for h in HOSTILE]
    assert [r["numer"] for r in rows] == [f"{n}/2026" for n in range(1, 7)]
    archive.save_manifest(tmp_path, manifest)
    report = archive.verify(tmp_path)  # the registers are listed, whole; the PDFs were never made
    assert (report.unlisted, report.changed) == ([], [])
    assert len(report.missing) == 6


def test_member_register_keeps_polish_names(tmp_path):
    members = load_konwent(EXAMPLE_INPUTS).members.members
    archive.write_registers(tmp_path, Manifest(), members)
    sheet = load_workbook(tmp_path / "rejestry/czlonkowie.xlsx").active
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert names == [m.name for m in members]
    assert any(ch in "".join(names) for ch in "ąćęłńóśźż")
