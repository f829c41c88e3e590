"""Every document kind renders from the examples with the content DOMAIN.md requires."""

from __future__ import annotations

import re
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from pipeline.build import BuildOptions, build
from pipeline.contexts import SIGNATORIES
from pipeline.convert import convert_batch
from tests.conftest import pdf_text
from tests.editing import TEMPLATES, copy_template
from tests.fixtures import NATIONAL_INPUTS

MEETING = "2026-06-12-zjazd"
ORG = "Konwent Klubów i Centrów Integracji Społecznej Lubelszczyzny"
GEN = "Konwentu Klubów i Centrów Integracji Społecznej Lubelszczyzny"


def flat(text: str) -> str:
    return " ".join(text.split())


def has_row(text: str, *cells: str) -> bool:
    """Some line of a -layout text holds these cells in order (a table row's first line)."""
    pattern = re.compile(r"\s.*?".join(re.escape(cell) for cell in cells))
    return any(pattern.search(line) for line in text.splitlines())


def plain_text(pdf) -> str:
    """pdftotext without -layout: a table cell's lines stay together."""
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def meeting_text(out, name: str) -> str:
    return flat(pdf_text(out / MEETING / f"{name}.pdf"))


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    out = tmp_path_factory.mktemp("national")
    build(BuildOptions(inputs=NATIONAL_INPUTS, outputs=out))
    return out


def anchors(pdf) -> set[str]:
    """Signature anchors: LibreOffice writes the bookmark podpis_x as destination podpis5Fx."""
    return {
        name.lstrip("/").replace("5F", "_")
        for name in PdfReader(pdf).named_destinations
        if "podpis" in name
    }


def test_meeting_packet_order_follows_the_plan(built):
    out, _result = built
    names = sorted(p.name for p in (out / MEETING).glob("*.pdf"))
    assert names == [
        "aneks-1.pdf",
        "komunikat-1-2026.pdf",
        "lista-obecnosci.pdf",
        "pakiet-2026-06-12-zjazd.pdf",
        "protokol-1-2026.pdf",
        "uchwala-1-2026.pdf",
        "uchwala-2-2026.pdf",
        "zawiadomienie.pdf",
    ]
    packet = flat(pdf_text(out / MEETING / f"pakiet-{MEETING}.pdf"))
    order = ["ZAWIADOMIENIE", "LISTA OBECNOŚCI", "PROTOKÓŁ NR", "UCHWAŁA NR", "KOMUNIKAT NR"]
    positions = [packet.index(word) for word in [*order, "ANEKS NR"]]
    assert positions == sorted(positions)


def test_notice_names_addressee_kind_date_hour_place_and_agenda(built):
    text = meeting_text(built[0], "zawiadomienie")
    assert "Chełm, 25 maja 2026 r." in text
    assert "Członkowie Konwentu" in text
    assert f"ZAWIADOMIENIE o zwołaniu Zjazdu Członków {GEN}" in text
    assert "12 czerwca 2026 r., godz. 10:00" in text
    assert "Sala konferencyjna Regionalnego Ośrodka Polityki Społecznej w Lublinie" in text
    assert "3. Sprawozdanie z działalności Rady Konwentu za 2025 rok" in text
    assert "Małgorzata Żółkiewska" in text


def test_attendance_list_has_a_row_per_member_present_with_representative(built):
    text = meeting_text(built[0], "lista-obecnosci")
    layout = pdf_text(built[0] / MEETING / "lista-obecnosci.pdf")
    assert "LISTA OBECNOŚCI" in text and "Podpis" in text
    assert has_row(layout, "1.", "Centrum Integracji", "CIS", "Małgorzata", "tak")
    assert has_row(layout, "7.", "Centrum Integracji", "CIS", "Ewa Domańska", "tak")
    assert "Ewa Domańska" in text  # a substitute sent by the running institution
    assert has_row(layout, "10.", "Regionalny Ośrodek", "wspierający", "Dorota Ćwiklińska", "nie")
    assert not has_row(layout, "11.")
    assert "Łukasz Pietruszyński" in text.split("Goście")[1]


def test_protocol_holds_everything_the_minutes_need(built):
    text = meeting_text(built[0], "protokol-1-2026")
    for required in [
        "PROTOKÓŁ NR 1/2026",
        f"ze Zjazdu Członków {GEN}",
        "odbytego w dniu 12 czerwca 2026 r.",
        "Rodzaj posiedzenia zjazd",
        "Przewodnicząca obrad Małgorzata Żółkiewska",
        "Protokolantka Anna Łęczyńska",
        "przedstawiciele 10 członków Konwentu, w tym 9 uprawnionych do głosowania",
        "Porządek obrad przyjęto w głosowaniu jawnym: za – 9, przeciw – 0, wstrzymało się – 0.",
        "Ad 3. Sprawozdanie z działalności Rady Konwentu za 2025 rok",
        "wizyty studyjne w Zamościu i Włodawie",
        "1) Uchwała nr 1/2026 w sprawie przyjęcia sprawozdania",
        "Komunikat nr 1/2026",
        "Aneks nr 1",
        "2) Sprawozdanie z działalności Rady Konwentu za 2025 rok",
        "protokolantka",
        "przewodnicząca obrad",
    ]:
        assert required in text, required
    layout = pdf_text(built[0] / MEETING / "protokol-1-2026.pdf")
    assert has_row(layout, "1.", "Porządek obrad", "9", "0", "0", "przyjęty")
    assert has_row(layout, "3.", "Uchwała nr 2/2026 w sprawie zmiany", "7", "1", "1", "podjęta")
    assert "Wybory" not in text  # no elections at this meeting: the section is gone
    assert "None" not in text


def test_resolution_title_basis_paragraphs_effect_and_vote(built):
    text = meeting_text(built[0], "uchwala-2-2026")
    assert "UCHWAŁA NR 2/2026 Zjazdu Członków Konwentu Klubów i Centrów Integracji" in text
    assert "z dnia 12 czerwca 2026 r. w sprawie zmiany Regulaminu Konwentu" in text
    assert "Na podstawie Art. 4 Regulaminu Konwentu uchwala się, co następuje:" in text
    assert re.search(r"§ ?1 W Regulaminie Konwentu", text) and re.search(r"§ ?3 Uchwała", text)
    assert "Uchwała wchodzi w życie z dniem podjęcia, z mocą obowiązującą od 1 lipca 2026 r." in (
        text
    )
    assert "2026 r.." not in text
    assert "za – 7, przeciw – 1, wstrzymało się – 1. Uchwała została podjęta." in text


def test_communique_number_date_title_body_and_issuer(built):
    text = meeting_text(built[0], "komunikat-1-2026")
    assert "KOMUNIKAT NR 1/2026 Rady Konwentu Klubów i Centrów Integracji Społecznej" in text
    assert "Lublin, 12 czerwca 2026 r." in text
    assert "Stanowisko Konwentu wobec projektu nowelizacji ustawy o zatrudnieniu socjalnym" in text
    assert "Marszałkowi Województwa Lubelskiego" in text
    assert "w imieniu Rady Konwentu Klubów" in text


def test_annex_names_its_resolution_vote_and_each_change(built):
    text = meeting_text(built[0], "aneks-1")
    assert f"ANEKS NR 1 do Regulaminu {GEN}" in text
    assert "przyjęty uchwałą nr 2/2026 Zjazdu Członków" in text
    assert "za – 7, przeciw – 1, wstrzymało się – 1" in text
    assert "Art. 3 ust. 1 pkt 3 otrzymuje brzmienie: „grup roboczych tworzonych" in text
    assert "Art. 3 ust. 1 pkt 1 otrzymuje brzmienie: „zjazdów członków" in text


def test_a_notice_sent_on_its_own(built):
    text = flat(pdf_text(built[0] / "zawiadomienia" / "zawiadomienie-2026-10-20-rada.pdf"))
    assert "Chełm, 9 października 2026 r." in text
    assert "Członkowie Rady Konwentu" in text
    assert f"ZAWIADOMIENIE o zwołaniu posiedzenia Rady {GEN}" in text
    assert f"że posiedzenie Rady {GEN} odbędzie się" in text
    assert "Rodzaj posiedzenie Rady" in text
    assert "20 października 2026 r., godz. 11:00" in text
    assert "Centrum Integracji Społecznej w Chełmie, ul. Ceramiczna 1" in text
    assert (
        "2. Rozpatrzenie deklaracji partnerskich CIS „Źródło” w Biłgoraju i KIS w Łęcznej" in text
    )


def test_a_communique_issued_on_its_own_continues_the_councils_sequence(built):
    text = flat(pdf_text(built[0] / "komunikaty" / "komunikat-2-2026.pdf"))
    assert f"KOMUNIKAT NR 2/2026 Rady {GEN}" in text
    assert "Chełm, 6 lipca 2026 r." in text
    assert "Komunikat w sprawie naboru nowych członków Konwentu" in text
    assert "mogą składać deklaracje partnerskie do 30 września 2026 r." in text
    assert "Małgorzata Żółkiewska Przewodnicząca Rady Konwentu" in text


def test_regional_declaration_is_partnerska_with_register_entry(built):
    text = flat(pdf_text(built[0] / "deklaracje" / "deklaracja-cis-bilgoraj.pdf"))
    assert "DEKLARACJA PARTNERSKA" in text
    assert "nr CIS/LUB/24/2025, z dnia 3 listopada 2025 r." in text
    assert "Województwo lubelskie" in text
    assert "Osoba zastępująca Mirosław Szczęsny" in text
    assert "Rada Konwentu uchwałą nr" in text


def test_national_declaration_is_czlonkowska_signed_by_the_founding_institution(national):
    pdf = national / "deklaracje" / "deklaracja-cis-torun.pdf"
    text = flat(pdf_text(pdf))
    assert "DEKLARACJA CZŁONKOWSKA" in text and "PARTNERSKA" not in text
    assert "Instytucja tworząca Gmina Miasta Toruń" in text
    assert "Zarządzenie nr 45/2026 Prezydenta Miasta Torunia" in text
    assert "Osoba zastępująca" not in text  # no substitute given: the row is gone
    assert "Rada Programowa uchwałą nr" in text
    assert anchors(pdf) == {"podpis_kierownik", "podpis_instytucja_tworzaca"}


def test_national_tie_names_the_chairs_casting_vote(national):
    meeting = national / "2026-04-20-rada"
    resolution = flat(pdf_text(meeting / "uchwala-1-2026.pdf"))
    assert "UCHWAŁA NR 1/2026 Rady Programowej Konwentu Centrów i Klubów" in resolution
    assert "rozstrzygającym głosem Przewodniczącego Rady Programowej (Jerzy Wróblewski)" in (
        resolution
    )
    protocol = flat(pdf_text(meeting / "protokol-1-2026.pdf"))
    assert "z posiedzenia Rady Programowej Konwentu Centrów i Klubów" in protocol
    cells = flat(plain_text(meeting / "protokol-1-2026.pdf"))
    assert "podjęta (głos rozstrzygający: Jerzy Wróblewski)" in cells
    assert "Wybory" in protocol
    assert has_row(pdf_text(meeting / "protokol-1-2026.pdf"), "Zastępca", "aklamacja", "Halina Żak")
    assert "Zawiadomienie" not in [p.stem for p in meeting.glob("*.pdf")]  # none in the inputs


@pytest.mark.parametrize(
    ("folder", "name", "template"),
    [
        ("deklaracje", "deklaracja-cis-bilgoraj", "deklaracja_partnerska"),
        (MEETING, "zawiadomienie", "zawiadomienie"),
        (MEETING, "protokol-1-2026", "protokol"),
        (MEETING, "uchwala-1-2026", "uchwala"),
        (MEETING, "komunikat-1-2026", "komunikat"),
        (MEETING, "aneks-1", "aneks"),
        (MEETING, "lista-obecnosci", "lista_obecnosci"),
        ("zawiadomienia", "zawiadomienie-2026-10-20-rada", "zawiadomienie"),
        ("komunikaty", "komunikat-2-2026", "komunikat"),
    ],
    ids=lambda v: str(v),
)
def test_each_signed_document_carries_one_anchor_per_signatory(built, folder, name, template):
    pdf = built[0] / folder / f"{name}.pdf"
    assert anchors(pdf) == {f"podpis_{role}" for role in SIGNATORIES[template]}


def test_every_document_is_a4_with_letterhead_and_footer(built):
    out, result = built
    for pdf in (p for p in result.documents if p.suffix == ".pdf"):
        reader = PdfReader(pdf)
        for page in reader.pages:
            assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
                595,
                842,
            )
        first = pdf_text(pdf).split("\f")[0]
        assert ORG in first and "sekretariat@konwent-lubelski.pl" in first, pdf


HEADINGS = re.compile(
    r"^\s*(\d+)\.\s+(Porządek obrad|Przebieg obrad|Głosowania|Wybory|Podjęte uchwały"
    r"|Komunikaty i aneksy|Załączniki)\s*$",
    re.M,
)


def test_optional_sections_vanish_and_headings_stay_consecutive(built, national):
    regional = HEADINGS.findall(pdf_text(built[0] / MEETING / "protokol-1-2026.pdf"))
    assert [title for _n, title in regional] == [
        "Porządek obrad",
        "Przebieg obrad",
        "Głosowania",
        "Podjęte uchwały",
        "Komunikaty i aneksy",
        "Załączniki",
    ]
    council = HEADINGS.findall(pdf_text(national / "2026-04-20-rada" / "protokol-1-2026.pdf"))
    assert [title for _n, title in council] == [
        "Porządek obrad",
        "Przebieg obrad",
        "Głosowania",
        "Wybory",
        "Podjęte uchwały",
        "Załączniki",  # the attendance list, always
    ]
    for found in (regional, council):
        assert [int(n) for n, _t in found] == list(range(1, len(found) + 1))


def _all_text(path) -> str:
    from docx import Document

    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def test_no_template_code_or_none_leaks_into_any_document(built):
    out, result = built
    docx = [p for p in result.documents if p.suffix == ".docx"]
    assert len(docx) == 11
    for path in docx:
        text = _all_text(path)
        for leak in ("{{", "}}", "{%", "%}", "None"):
            assert leak not in text, (path.name, leak)


def test_documents_declare_polish_text_and_liberation_fonts(built):
    """Word and LibreOffice hyphenate and spell-check by the declared language; a document
    opened for editing must not claim English or fall back to a theme font nobody has."""
    _out, result = built
    for path in (p for p in result.documents if p.suffix == ".docx"):
        defaults = Document(path).styles.element.find(qn("w:docDefaults"))
        run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        assert run.find(qn("w:lang")).get(qn("w:val")) == "pl-PL", path
        fonts = run.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Liberation Serif", path
        assert fonts.get(qn("w:asciiTheme")) is None, path


def test_a_heading_applied_in_any_template_is_numbered_in_liberation(tmp_path):
    """The kit's headings stay in every template, used there or not: a secretary who applies
    "Heading 1" gets the numbered Liberation heading, not Word's blue theme-font one."""

    def add_headings(doc) -> None:
        doc.add_paragraph("Postanowienia ogólne", style="Heading 1")
        doc.add_paragraph("Przepisy końcowe", style="Heading 1")
        doc.add_paragraph("Uwagi", style="Heading 2")

    names = [p.stem for p in sorted(TEMPLATES.glob("*.docx"))]
    edited = [copy_template(tmp_path / "edited", name, add_headings) for name in names]
    for pdf in convert_batch(edited, tmp_path / "pdf"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        numbers = re.findall(r"^\s*(\d+)\.\s+(Postanowienia ogólne|Przepisy końcowe)", text, re.M)
        assert [title for _n, title in numbers] == ["Postanowienia ogólne", "Przepisy końcowe"], pdf
        assert int(numbers[1][0]) == int(numbers[0][0]) + 1, pdf
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert all("Liberation" in row for row in fonts.splitlines()[2:]), (pdf, fonts)


# Abbreviations the documents use that Morfeusz does not list as words.
ABBREVIATIONS = {"godz", "wstrz"}
WORD = re.compile(r"[^\W\d_]+")


def unknown_words(out, inputs) -> dict[str, str]:
    """Words of the documents in ``out`` that Morfeusz does not know, each with a file holding
    it; words written in the data (names, addresses, subjects) are the data's, left out."""
    from pipeline.grammar.morfeusz import analyse

    written = " ".join(
        p.read_text(encoding="utf-8") for p in inputs.rglob("*") if p.suffix in {".yaml", ".csv"}
    )
    from_data = {w.casefold() for w in WORD.findall(written)} | ABBREVIATIONS
    unknown = {}
    for pdf in sorted(out.rglob("*.pdf")):
        for word in WORD.findall(plain_text(pdf)):
            if word.casefold() in from_data or word in unknown:
                continue
            if all(tag.pos == "ign" for tag in analyse(word) or ()):
                unknown[word] = pdf.name
    return unknown


def test_every_word_of_the_documents_is_polish(built, national):
    """A spelling check: a typo in a template or a message shows as a word Morfeusz lacks."""
    from tests.fixtures import EXAMPLE_INPUTS

    out, _result = built
    assert unknown_words(out, EXAMPLE_INPUTS) == {}
    assert unknown_words(national, NATIONAL_INPUTS) == {}
