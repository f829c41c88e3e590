"""Packets and documents as PDF/A-2b: metadata, footers, bookmarks, signature fields, drafts."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline import pdfa
from pipeline.batch import Converted
from pipeline.build import BuildOptions, build
from pipeline.convert import ConvertOptions, Pool
from pipeline.packet import PacketMeta, make_packet
from pipeline.planned import PlannedDocument
from pipeline.produce import packet_parts
from pipeline.signing import field_names
from tests.conftest import leaf_bookmarks, outline, outline_titles
from tests.fixtures import EXAMPLE_INPUTS

pytestmark = pytest.mark.slow

ORGANISATION = "Konwent Klubów i Centrów Integracji Społecznej Lubelszczyzny"
MEETING = Path("2026-06-12-zjazd") / "pakiet-2026-06-12-zjazd.pdf"


def pdffonts(path: Path) -> list[dict[str, str]]:
    """poppler's pdffonts table: one dict per font with its name and 'emb' column."""
    lines = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    rows = []
    for line in lines:
        cells = line.split()
        # name type… encoding emb sub uni object ID: emb is the 5th cell from the end
        rows.append({"name": cells[0], "emb": cells[-5]})
    return rows


def page_text(path: Path, page: int) -> str:
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(out.split())


def widgets(path: Path) -> dict[str, tuple[int, list[float], dict]]:
    reader = PdfReader(path)
    found = {}
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/FT") == "/Sig":
                found[str(annot["/T"])] = (number, [float(v) for v in annot["/Rect"]], annot)
    return found


def test_meeting_packet_is_pdfa_2b_with_every_font_embedded(built):
    out, _result = built
    packet = out / MEETING
    assert pdfa.check(packet, expect_text="Małgorzata Żółkiewska") == []
    fonts = pdffonts(packet)
    assert fonts and all(font["emb"] == "yes" for font in fonts), fonts
    assert any("LiberationSerif" in font["name"] for font in fonts)  # the body's and the footer's


def test_packet_xmp_claims_pdfa_2b_and_has_an_output_intent(built):
    out, _result = built
    reader = PdfReader(out / MEETING)
    xmp = reader.root_object["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>2</pdfaid:part>" in xmp
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    intent = reader.root_object["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    profile = intent["/DestOutputProfile"].get_object().get_data()
    assert profile[36:40] == b"acsp" and profile[16:20] == b"RGB "  # an ICC profile for RGB


def test_packet_metadata_names_the_organisation_and_the_document_numbers(built):
    out, _result = built
    info = PdfReader(out / MEETING).metadata
    assert info["/Author"] == ORGANISATION
    assert info["/Title"] == "Dokumenty posiedzenia 2026-06-12-zjazd"
    assert {"1/2026", "2/2026"} <= {k.strip() for k in info["/Keywords"].split(",")}
    assert "Uchwała" in info["/Subject"] and "Protokół" in info["/Subject"]


def test_every_page_of_a_packet_is_numbered_within_its_own_document(built):
    out, _result = built
    packet = out / MEETING
    documents = [(mark.title, mark.page) for mark in leaf_bookmarks(packet)]
    total = len(PdfReader(packet).pages)
    ends = [page for _title, page in documents[1:]] + [total]
    assert len(documents) >= 3
    for (title, first), end in zip(documents, ends, strict=True):
        for page in range(first, end):
            stamp = f"Strona {page - first + 1} z {end - first}"
            assert stamp in page_text(packet, page + 1), (title, page)


def _documents(folder: Path) -> dict[str, Path]:
    """The meeting's single-document PDFs by title (the packet's bookmark titles)."""
    return {
        PdfReader(pdf).metadata["/Title"]: pdf
        for pdf in folder.glob("*.pdf")
        if not pdf.name.startswith("pakiet-")
    }


def test_each_signatory_has_an_empty_visible_field_in_their_block(built):
    out, _result = built
    packet = out / MEETING
    reader = PdfReader(packet)
    documents = _documents(packet.parent)
    starts = {documents[mark.title].stem: mark.page for mark in leaf_bookmarks(packet)}
    # every anchor of every document (as its own PDF lists them) has its field in the packet
    expected = {f"{pdf.stem}__{name}" for pdf in documents.values() for name in field_names(pdf)}
    assert "protokol-1-2026__podpis_protokolant" in expected
    assert set(field_names(packet, signed=False)) == expected
    assert field_names(packet, signed=True) == []
    found = widgets(packet)
    ends = sorted(starts.values()) + [len(reader.pages)]
    for name, (page, rect, annot) in found.items():
        assert annot["/F"] == 4 and "/N" in annot["/AP"]  # printed, with an appearance
        assert rect[2] - rect[0] >= 120 and rect[3] - rect[1] >= 30
        start = starts[name.split("__")[0]]  # on a page of its own document
        assert start <= page < ends[ends.index(start) + 1]
    below = {name: _text_below(packet, page, rect) for name, (page, rect, _a) in found.items()}
    assert "Małgorzata Żółkiewska" in below["protokol-1-2026__podpis_przewodniczacy"]
    assert "Anna Łęczyńska" in below["protokol-1-2026__podpis_protokolant"]


def _text_below(path: Path, page: int, rect: list[float]) -> str:
    """The text in a band just under a field (the signatory's name), as pdftotext reads it."""
    height = float(PdfReader(path).pages[page].mediabox.height)
    x, y_top = int(rect[0]), int(height - rect[1])
    out = subprocess.run(
        [
            "pdftotext",
            "-f",
            str(page + 1),
            "-l",
            str(page + 1),
            "-x",
            str(x),
            "-y",
            str(y_top),
            "-W",
            str(int(rect[2] - rect[0])),
            "-H",
            "30",
            str(path),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(out.split())


def test_single_document_pdf_has_its_own_field_footer_and_title(built):
    out, _result = built
    pdf = out / "deklaracje" / "deklaracja-cis-bilgoraj.pdf"
    assert pdfa.check(pdf) == []
    assert field_names(pdf, signed=False) == ["podpis_kierownik"]
    assert "Strona 1 z 1" in page_text(pdf, 1)
    assert PdfReader(pdf).metadata["/Title"].startswith("Deklaracja partnerska – Centrum")


def test_declaration_packet_has_one_bookmark_per_declaration(built):
    out, _result = built
    packet = out / "deklaracje" / "pakiet-deklaracje.pdf"
    titles = outline_titles(packet)
    assert len(titles) == 2 and all(t.startswith("Deklaracja partnerska – ") for t in titles)
    assert [m.page for m in outline(packet)] == [0, 1]  # flat: no section, no nesting


def _planned(kind: str, stem: str, group: str = "2026-06-12-zjazd") -> PlannedDocument:
    title = f"{kind} {stem}"
    return PlannedDocument(kind, kind, title, stem, group, "posiedzenia/x.yaml", context={})


def test_several_communiques_and_annexes_nest_under_their_own_bookmarks(built, tmp_path):
    """A meeting with one resolution, two communiqués and two annexes, packed from the example's
    documents as LibreOffice converts them."""
    out, _result = built
    folder = out / "2026-06-12-zjazd"
    docx = [
        folder / f"{stem}.docx" for stem in ("uchwala-1-2026", "komunikat-1-2026", "aneks-1")
    ]
    with Pool(ConvertOptions(workers=1, timeout=60)) as pool:
        pdfs = pool.convert(docx, tmp_path / "pdf").pdfs
    resolution, communique, annex = (Converted(pdfs[path]) for path in docx)
    members = [
        (_planned("uchwala", "uchwala-1"), resolution),
        (_planned("komunikat", "komunikat-1"), communique),
        (_planned("komunikat", "komunikat-2"), communique),
        (_planned("aneks", "aneks-1"), annex),
        (_planned("aneks", "aneks-2"), annex),
    ]
    packet = make_packet(packet_parts(members), tmp_path / "pakiet.pdf", PacketMeta("t", "a"))
    pages = [len(PdfReader(c.pdf).pages) for _doc, c in members]
    starts = [sum(pages[:n]) for n in range(len(pages))]
    assert packet.starts == starts
    marks = outline(packet.path)
    titles = [doc.title for doc, _c in members]
    assert [(m.title, m.page) for m in marks] == [
        (titles[0], starts[0]),  # a single resolution stays at the top
        ("Komunikaty", starts[1]),
        ("Aneksy", starts[3]),
    ]
    assert not marks[0].children
    assert [(m.title, m.page) for m in marks[1].children] == [
        (titles[1], starts[1]),
        (titles[2], starts[2]),
    ]
    assert [(m.title, m.page) for m in marks[2].children] == [
        (titles[3], starts[3]),
        (titles[4], starts[4]),
    ]
    assert [m.title for m in leaf_bookmarks(packet.path)] == titles  # one each, in plan order


def test_a_packet_of_one_kind_stays_flat():
    """Communiqués issued on their own make a packet of communiqués only: nothing to group."""
    members = [
        (_planned("komunikat", f"komunikat-{n}-2026", "komunikaty"), Converted(Path(f"{n}.pdf")))
        for n in (1, 2)
    ]
    assert [part.section for part in packet_parts(members)] == [None, None]


def test_draft_has_projekt_on_every_page_and_no_signature_fields(tmp_path):
    build(BuildOptions(inputs=EXAMPLE_INPUTS, outputs=tmp_path, draft=True))
    packet = tmp_path / MEETING
    assert field_names(packet) == []
    assert pdfa.check(packet) == []
    reader = PdfReader(packet)
    for page in reader.pages:
        assert "PROJEKT" in "".join(page.extract_text().split())
    assert all(font["emb"] == "yes" for font in pdffonts(packet))


def test_build_shows_no_progress_bar_when_not_a_terminal(runner, tmp_path):
    from pipeline.cli import cli

    result = runner.invoke(cli, ["build", str(EXAMPLE_INPUTS), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "%" not in result.output


@pytest.mark.parametrize("command", ["sign", "verify", "build"])
def test_pdf_commands_have_help(runner, command):
    from pipeline.cli import cli

    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Example" in result.output
