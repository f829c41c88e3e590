"""The batch fast path: declarations joined into few LibreOffice jobs, then cut back apart."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from pypdf import PdfReader

from benchmarks.generate import generate
from pipeline import batch, join, pdfa
from pipeline.build import BuildOptions, build
from pipeline.convert import ConvertOptions, Pool
from pipeline.signing import field_names
from tests.conftest import outline_titles
from tests.test_packet import page_text

pytestmark = pytest.mark.slow
COUNT = 12


@pytest.fixture(scope="module")
def batch_build(tmp_path_factory):
    inputs = generate(COUNT, tmp_path_factory.mktemp("gen") / "inputs")
    out = tmp_path_factory.mktemp("out")
    return inputs, out, build(BuildOptions(inputs=inputs, outputs=out))


def test_declarations_go_through_the_joined_path(batch_build):
    _inputs, _out, result = batch_build
    assert result.joined == COUNT


def test_each_declaration_is_its_own_pdf_with_its_own_text_footer_and_field(batch_build):
    _inputs, out, _result = batch_build
    for number in range(1, COUNT + 1):
        pdf = out / "deklaracje" / f"deklaracja-cis-b{number:04d}.pdf"
        text = page_text(pdf, 1)
        name = f"Centrum Integracji Społecznej nr {number} w miejscowości"
        assert f"Zdzisław Wężyk-{number} " in text + " "
        # the template's own footer names this member, not the first one of the batch
        assert f"Deklaracja partnerska – {name}" in text
        assert "Strona 1 z 1" in text
        assert len(PdfReader(pdf).pages) == 1
        assert field_names(pdf, signed=False) == ["podpis_kierownik"]
    assert pdfa.check(out / "deklaracje" / "deklaracja-cis-b0007.pdf") == []


def test_declaration_packet_has_a_bookmark_field_and_page_number_per_declaration(batch_build):
    _inputs, out, _result = batch_build
    packet = out / "deklaracje" / "pakiet-deklaracje.pdf"
    assert len(outline_titles(packet)) == COUNT
    assert len(PdfReader(packet).pages) == COUNT
    assert "Strona 1 z 1" in page_text(packet, 3)  # each declaration numbers its own pages
    assert "nr 3 w miejscowości" in page_text(packet, 3)
    assert len(field_names(packet, signed=False)) == COUNT
    assert pdfa.check(packet) == []


def _layout(pdf: Path, first: int, last: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(first), "-l", str(last), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_joined_conversion_lays_out_each_document_as_a_lone_conversion_does(tmp_path):
    inputs = generate(3, tmp_path / "inputs")
    out = tmp_path / "docx-out"
    build(BuildOptions(inputs=inputs, outputs=out))
    files = sorted((out / "deklaracje").glob("deklaracja-*.docx"))
    joined = join.join(files, tmp_path / "joined.docx")
    with Pool(ConvertOptions(workers=1, timeout=60)) as pool:
        report = pool.convert([joined, files[1]], tmp_path / "pdf")
    ranges = batch.page_ranges(report.pdfs[joined], len(files))
    first, end = ranges[1]
    assert _layout(report.pdfs[joined], first + 1, end) == _layout(report.pdfs[files[1]], 1, 1)


def test_a_document_with_other_styles_is_not_joined(built, tmp_path):
    out, _result = built
    files = sorted((out / "deklaracje").glob("*.docx"))
    assert join.joinable(files)
    restyled = docx.Document(files[1])
    restyled.styles["Normal"].font.size = Pt(14)
    restyled.save(tmp_path / "inna.docx")
    assert not join.joinable([files[0], tmp_path / "inna.docx"])
