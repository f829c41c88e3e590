"""The walking skeleton: the bundled example becomes real Polish PDFs."""

from __future__ import annotations

import subprocess
import sys

import yaml
from pypdf import PdfReader

from tests.conftest import outline_titles, pdf_text
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


def test_packet_has_one_bookmark_per_document_pointing_at_its_first_page(built):
    out, _result = built
    packet = out / "2026-06-12-zjazd" / "pakiet-2026-06-12-zjazd.pdf"
    titles = outline_titles(packet)
    assert titles == [
        "Zawiadomienie",
        "Lista obecności",
        "Protokół nr 1/2026",
        "Uchwała nr 1/2026 w sprawie przyjęcia sprawozdania z działalności Rady Konwentu"
        " za 2025 rok",
        "Uchwała nr 2/2026 w sprawie zmiany Regulaminu Konwentu",
        "Komunikat nr 1/2026 – Stanowisko Konwentu wobec projektu nowelizacji ustawy o"
        " zatrudnieniu socjalnym",
        "Aneks nr 1/2026 do Regulaminu",
    ]
    reader = PdfReader(packet)
    pages = [reader.get_destination_page_number(item) for item in reader.outline]
    assert pages[0] == 0 and pages == sorted(pages) and len(set(pages)) == len(titles)
    protocol_pages = len(PdfReader(out / "2026-06-12-zjazd" / "protokol-1-2026.pdf").pages)
    assert pages[3] == pages[2] + protocol_pages


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
