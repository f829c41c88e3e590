"""Clean pages, read back from real PDFs: signatures kept with their text, table rows whole on
one page, every document numbering its own pages, in packets too, in the body's serif and clear
of the footer line.

Each folder is built once for the module: both profiles' ``konwent init`` samples, the bundled
example, a meeting of 30 members with 12 resolutions, and names of 300 characters.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.build import BuildOptions, build
from pipeline.init import create
from tests.fixtures import TEMPLATES
from tests.layout import (
    big_meeting,
    expected_stamps,
    lonely_signatures,
    long_names,
    pages,
    split_rows,
    stamps,
)

pytestmark = pytest.mark.slow
FOLDERS = ("regionalny", "krajowy", "example", "big", "long")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, built) -> dict[str, Path]:
    """Every folder's outputs, each built once with the real LibreOffice."""
    root = tmp_path_factory.mktemp("layout")
    made = {"example": built[0]}
    for profile in ("regionalny", "krajowy"):
        create(root / profile, profile, today=dt.date(2026, 12, 1))
    big_meeting(root / "big")
    long_names(root / "long")
    for name in ("regionalny", "krajowy", "big", "long"):
        result = build(BuildOptions(inputs=root / name, outputs=root / f"out-{name}"))
        made[name] = root / f"out-{name}"
        if name == "big":
            assert result.joined >= 12  # the resolutions went through the joined batch path
    return made


def _pdfs(folder: Path) -> list[Path]:
    found = sorted(folder.rglob("*.pdf"))
    assert found, folder
    return found


def _packets(folder: Path) -> list[Path]:
    return [pdf for pdf in _pdfs(folder) if pdf.name.startswith("pakiet-")]


@pytest.mark.parametrize("name", FOLDERS)
def test_no_page_holds_a_signature_block_without_the_text_before_it(outputs, name):
    lonely = {pdf.name: lonely_signatures(pdf) for pdf in _pdfs(outputs[name])}
    assert {pdf: found for pdf, found in lonely.items() if found} == {}


@pytest.mark.parametrize("name", FOLDERS)
def test_no_table_row_splits_across_pages(outputs, name):
    split = {pdf.name: split_rows(pdf) for pdf in _pdfs(outputs[name])}
    assert {pdf: found for pdf, found in split.items() if found} == {}


@pytest.mark.parametrize("name", FOLDERS)
def test_each_document_numbers_its_own_pages(outputs, name):
    for pdf in _pdfs(outputs[name]):
        if pdf.name.startswith("pakiet-"):
            assert stamps(pdf) == expected_stamps(pdf), pdf.name
        else:
            total = len(PdfReader(pdf).pages)
            assert stamps(pdf) == [(n, total) for n in range(1, total + 1)], pdf.name


def test_a_packet_of_declarations_numbers_each_declaration_alone(outputs):
    packet = outputs["example"] / "deklaracje" / "pakiet-deklaracje.pdf"
    assert stamps(packet) == [(1, 1), (1, 1)]  # not "Strona 2 z 2" for the second declaration


def test_a_long_document_in_a_packet_counts_its_pages_from_its_first(outputs):
    packet = outputs["long"] / "2026-06-12-zjazd" / "pakiet-2026-06-12-zjazd.pdf"
    numbers = stamps(packet)
    assert numbers[:2] == [(1, 1), (1, 4)]  # the notice, then the attendance list's first page
    assert (4, 4) in numbers and len(numbers) > 4


@pytest.mark.parametrize("name", ("regionalny", "big"))
def test_the_page_number_stands_clear_below_the_footer_line(outputs, name):
    for pdf in _packets(outputs[name]):
        for number, page in enumerate(pages(pdf), start=1):
            stamp = next(w for w in page.words if w.text == "Strona")
            footer = [w for w in page.words if page.height - 60 < w.top < stamp.top - 1]
            assert footer, (pdf.name, number)  # the template's footer line
            assert stamp.top - max(w.bottom for w in footer) >= 5, (pdf.name, number)


def test_the_page_number_is_in_the_body_serif(outputs):
    packet = _packets(outputs["regionalny"])[0]
    fonts = subprocess.run(
        ["pdffonts", str(packet)], capture_output=True, text=True, check=True
    ).stdout
    assert "LiberationSerif" in fonts and "Sans" not in fonts


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.docx")), ids=lambda p: p.stem)
def test_every_table_row_of_a_bundled_template_is_kept_whole(template):
    with zipfile.ZipFile(template) as docx:
        xml = docx.read("word/document.xml").decode()
    rows = xml.count("<w:tr>") + xml.count("<w:tr ")
    assert rows and xml.count("<w:cantSplit/>") == rows
