"""The walking skeleton: the bundled example becomes real Polish PDFs."""

from __future__ import annotations

import subprocess
import sys

import yaml
from pypdf import PdfReader

from pipeline import pdfa
from tests.conftest import leaf_bookmarks, outline, pdf_text
from tests.fixtures import EXAMPLE_INPUTS


def _declarations() -> dict[str, dict]:
    loaded = [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in (EXAMPLE_INPUTS / "deklaracje").glob("*.yaml")
    ]
    return {data["czlonek"]["id"]: data for data in loaded}


def test_one_declaration_pdf_per_new_member_with_polish_names(built):
    out, _result = built
    declarations = _declarations()
    assert len(declarations) == 2
    for member_id, data in declarations.items():
        pdf = out / "deklaracje" / f"deklaracja-{member_id.lower()}.pdf"
        text = pdf_text(pdf)
        assert data["czlonek"]["nazwa"] in " ".join(text.split()), pdf
        assert data["czlonek"]["przedstawiciel"]["imie_nazwisko"] in text
        assert data["kierownik"]["imie_nazwisko"] in text
        assert "DEKLARACJA PARTNERSKA" in text


def test_declaration_uses_polish_date_and_letterhead(built):
    out, _result = built
    text = pdf_text(out / "deklaracje" / "deklaracja-cis-bilgoraj.pdf")
    assert "Biłgoraj, 14 września 2026 r." in text
    assert "Konwent Klubów i Centrów Integracji Społecznej Lubelszczyzny" in text


def test_meeting_packet_holds_protocol_and_each_resolution(built):
    out, _result = built
    packet = out / "2026-06-12-zjazd" / "pakiet-2026-06-12-zjazd.pdf"
    text = " ".join(pdf_text(packet).split())
    assert "PROTOKÓŁ NR 1/2026" in text
    assert "UCHWAŁA NR 1/2026" in text and "UCHWAŁA NR 2/2026" in text
    assert "w sprawie przyjęcia sprawozdania z działalności Rady Konwentu za 2025 rok" in text
    assert "Małgorzata Żółkiewska" in text and "Anna Łęczyńska" in text


MEETING_DOCUMENTS = [  # the meeting's documents in plan order, as file stems
    "zawiadomienie",
    "lista-obecnosci",
    "protokol-1-2026",
    "uchwala-1-2026",
    "uchwala-2-2026",
    "komunikat-1-2026",
    "aneks-1",
]


def test_packet_nests_the_resolutions_and_bookmarks_each_document_at_its_first_page(built):
    out, _result = built
    folder = out / "2026-06-12-zjazd"
    packet = folder / "pakiet-2026-06-12-zjazd.pdf"
    # where each document starts in the packet, from its own PDF's title and page count
    starts, page = {}, 0
    for stem in MEETING_DOCUMENTS:
        reader = PdfReader(folder / f"{stem}.pdf")
        starts[reader.metadata["/Title"]] = page
        page += len(reader.pages)
    assert page == len(PdfReader(packet).pages)
    resolution_1 = (
        "Uchwała nr 1/2026 w sprawie przyjęcia sprawozdania z działalności Rady Konwentu"
        " za 2025 rok"
    )
    resolution_2 = "Uchwała nr 2/2026 w sprawie zmiany Regulaminu Konwentu"
    communique = (
        "Komunikat nr 1/2026 – Stanowisko Konwentu wobec projektu nowelizacji ustawy o"
        " zatrudnieniu socjalnym"
    )
    marks = outline(packet)
    assert [m.title for m in marks] == [
        "Zawiadomienie",
        "Lista obecności",
        "Protokół nr 1/2026",
        "Uchwały",  # two resolutions: one bookmark holding both
        communique,  # a single communiqué and a single annex stay at the top
        "Aneks nr 1 do Regulaminu",
    ]
    resolutions = marks[3]
    assert [m.title for m in resolutions.children] == [resolution_1, resolution_2]
    assert resolutions.page == starts[resolution_1]  # the section opens its first document
    assert all(not m.children for m in marks if m is not resolutions)
    # every document has exactly one bookmark, opening its first page
    leaves = leaf_bookmarks(packet)
    assert sorted(m.title for m in leaves) == sorted(starts)
    assert {m.title: m.page for m in leaves} == starts


def test_pdfs_are_a4_with_every_font_embedded(built):
    out, result = built
    for pdf in result.packets:
        page = PdfReader(pdf).pages[0]
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842), pdf
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
        rows = fonts.stdout.splitlines()[2:]
        assert rows, "no fonts listed"
        assert all(row.split()[-5] == "yes" for row in rows), fonts.stdout
        assert all("Liberation" in row for row in rows), fonts.stdout


def test_build_as_a_real_subprocess(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "--lang",
            "en",
            "build",
            str(EXAMPLE_INPUTS),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "2026-06-12-zjazd" / "pakiet-2026-06-12-zjazd.pdf").is_file()
    assert len(list((tmp_path / "deklaracje").glob("deklaracja-*.pdf"))) == 2
    assert not list(tmp_path.glob(".konwent-*")), "temporary work folder left behind"


def test_every_pdf_written_is_well_formed_pdfa(built):
    """Each document and packet, read by qpdf's strict parser and the PDF/A-2b check."""
    _out, result = built
    pdfs = [p for p in result.documents if p.suffix == ".pdf"] + result.packets
    assert len(pdfs) >= 15
    for pdf in pdfs:
        assert pdfa.check(pdf) == [], pdf


def test_a_packet_that_cannot_be_written_is_named_and_every_document_is_still_written(tmp_path):
    blocked = tmp_path / "deklaracje" / "pakiet-deklaracje.pdf"
    blocked.mkdir(parents=True)  # a folder where the packet should go
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "--lang", "en", "build", str(EXAMPLE_INPUTS)]
        + ["--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 3, run.stderr
    assert "pakiet-deklaracje.pdf: packet not written" in run.stderr
    assert "Traceback" not in run.stderr
    singles = [p for p in tmp_path.rglob("*.pdf") if not p.name.startswith("pakiet-")]
    assert len(singles) == 11, sorted(p.name for p in singles)
    assert (tmp_path / "2026-06-12-zjazd" / "pakiet-2026-06-12-zjazd.pdf").is_file()
