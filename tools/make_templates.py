"""Regenerate the bundled .docx templates in templates/.

The templates are ordinary Word files that a secretariat may edit by hand; this script is only how
the bundled originals were made, so their Jinja tags never get split across Word runs. Run it with
``python tools/make_templates.py`` after changing it, and commit the resulting .docx files.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Liberation Serif"
OUT = Path(__file__).resolve().parents[1] / "templates"


def new_document(footer: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    _styles(doc)
    _letterhead(section.header)
    _footer(section.footer, footer)
    return doc


def _styles(doc: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Title", 14), ("Heading 1", 12), ("Heading 2", 11)):
        style = doc.styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.italic = False
        style.element.get_or_add_rPr().find(qn("w:rFonts")).set(qn("w:asciiTheme"), "")
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            style.element.get_or_add_rPr().find(qn("w:rFonts")).set(qn(attr), FONT)
        style.paragraph_format.space_before = Pt(10)
        style.paragraph_format.space_after = Pt(6)
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _drop_theme_fonts(doc)


def _drop_theme_fonts(doc: Document) -> None:
    """Remove theme font references so every style uses Liberation, never a missing Calibri."""
    for style in doc.styles:
        element = style.element.rPr
        fonts = element.find(qn("w:rFonts")) if element is not None else None
        if fonts is None:
            continue
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if fonts.get(qn(attr)) is not None:
                del fonts.attrib[qn(attr)]
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attr), FONT)


def _border_bottom(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _letterhead(header) -> None:
    name = header.paragraphs[0]
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = name.add_run("{{ org.name }}")
    run.bold, run.font.size = True, Pt(11)
    contact = header.add_paragraph()
    contact.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = contact.add_run("{{ org.address.one_line }}{{ contact_line }}")
    run.font.size = Pt(8.5)
    _border_bottom(contact)


def _footer(footer, text: str) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(8)


def para(doc, text: str = "", *, bold=False, align=None, size=None, italic=False, after=None):
    paragraph = doc.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    if align:
        paragraph.alignment = align
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def place_date(doc) -> None:
    para(doc, "{{ place_date }}", align=WD_ALIGN_PARAGRAPH.RIGHT, after=12)


def title(doc, *lines: str) -> None:
    for line in lines:
        p = doc.add_paragraph(style="Title")
        p.add_run(line)
        p.paragraph_format.space_before = Pt(0)
        p.paragraph_format.space_after = Pt(2)
    para(doc, after=6)


_bookmark_ids = iter(range(1, 10_000))


def bookmark(paragraph, name: str) -> None:
    """Wrap ``paragraph``'s content in a Word bookmark (exported as a PDF named destination)."""
    ident = str(next(_bookmark_ids))
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), ident)
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), ident)
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def signatures(doc, *blocks: tuple[str, str, str]) -> None:
    """A row of signature blocks: (label, name expression, signatory role).

    The dotted line of each block carries the bookmark ``podpis_<role>``; the packet stage places
    the signatory's empty signature field there.
    """
    para(doc, after=18)
    table = doc.add_table(rows=3, cols=len(blocks))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, (label, name, role) in enumerate(blocks):
        cells = [table.cell(r, col) for r in range(3)]
        cells[0].paragraphs[0].add_run("\n\n…………………………………………")
        bookmark(cells[0].paragraphs[0], f"podpis_{role}")
        cells[1].paragraphs[0].add_run(name).bold = True
        run = cells[2].paragraphs[0].add_run(label)
        run.italic, run.font.size = True, Pt(9)
        for cell in cells:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def grid(doc, headers: list[str], row: list[str], loop: str, widths: list[float]):
    """A table with a header row and one docxtpl-looped data row."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for col, text in enumerate(headers):
        cell = table.cell(0, col)
        cell.paragraphs[0].add_run(text).bold = True
    table.cell(1, 0).paragraphs[0].add_run("{%tr for " + loop + " %}")
    for col, text in enumerate(row):
        table.cell(2, col).paragraphs[0].add_run(text)
    table.cell(3, 0).paragraphs[0].add_run("{%tr endfor %}")
    for col, width in enumerate(widths):
        for cell in table.columns[col].cells:
            cell.width = Cm(width)
    return table


def heading(doc, text: str, level: int = 1) -> None:
    doc.add_paragraph(text, style=f"Heading {level}")


def deklaracja_partnerska() -> Document:
    doc = new_document("Deklaracja partnerska – {{ member.name }}")
    place_date(doc)
    title(doc, "DEKLARACJA PARTNERSKA", "przystąpienia do {{ org.name_genitive }}")
    para(doc, "Działając w imieniu:", after=2)
    para(doc, "{{ member.name }}", bold=True, after=2)
    para(doc, "{{ member.kind_label }}, członek {{ member.kind.value }}", italic=True)
    heading(doc, "1. Dane członka")
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = [
        ("Pełna nazwa", "{{ member.name }}"),
        ("Adres siedziby", "{{ member.address.one_line }}"),
        ("Województwo", "{{ member.address.voivodeship.value }}"),
        ("Wpis do rejestru Wojewody", "{{ member.register_entry }}{{ register_date }}"),
        ("Instytucja tworząca", "{{ member.founding_institution }}"),
        ("NIP / REGON / KRS", "{{ identifiers }}"),
    ]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
        cells[0].width, cells[1].width = Cm(5.5), Cm(10.5)
    heading(doc, "2. Przedstawiciel w pracach Konwentu")
    para(doc, "{{ member.representative.name }}, {{ member.representative.function }}")
    para(doc, "e-mail: {{ member.representative.email }}, tel. {{ member.representative.phone }}")
    para(doc, "{%p if member.substitute %}")
    para(doc, "Osoba zastępująca: {{ member.substitute.name }}, {{ member.substitute.function }}")
    para(doc, "{%p endif %}")
    heading(doc, "3. Oświadczenie")
    para(
        doc,
        "Deklarujemy przystąpienie do {{ org.name_genitive }} jako członek "
        "{{ member.kind.value }}, akceptujemy postanowienia {{ regulation_genitive }} "
        "i zobowiązujemy się do aktywnego udziału w pracach Konwentu, w szczególności do "
        "delegowania przedstawiciela wskazanego w niniejszej deklaracji "
        "(Art. 2 ust. 1 pkt 4 i Art. 3 ust. 2 Regulaminu).",
    ).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    signatures(doc, ("podpis osoby reprezentującej członka", "{{ head.name }}", "kierownik"))
    para(doc, "{{ head.function }}", align=WD_ALIGN_PARAGRAPH.CENTER, size=9)
    heading(doc, "4. Decyzja Rady Konwentu (wypełnia Sekretariat)")
    para(
        doc,
        "Rada Konwentu uchwałą nr ……………… z dnia ………………… przyjęła / nie przyjęła "
        "{{ member.name }} w poczet członków Konwentu (Art. 3 ust. 9 pkt 3 Regulaminu).",
    )
    return doc


def protokol() -> Document:
    doc = new_document("Protokół nr {{ number }} – {{ meeting_title }}")
    place_date(doc)
    title(doc, "PROTOKÓŁ NR {{ number }}", "{{ meeting_title }}", "odbytego w dniu {{ date }}")
    para(
        doc,
        "Miejsce: {{ meeting.place }}, {{ meeting.city }}. "
        "Początek obrad: godz. {{ meeting.time }}.",
    )
    para(doc, "Przewodniczący obrad: {{ meeting.chair }}. Protokolant: {{ meeting.recorder }}.")
    para(
        doc,
        "W {{ meeting_kind_locative }} uczestniczyli przedstawiciele {{ present_count }} członków "
        "Konwentu, w tym {{ voting_count }} uprawnionych do głosowania (lista obecności stanowi "
        "załącznik do protokołu).",
    )
    heading(doc, "1. Porządek obrad")
    para(doc, "{%p for item in meeting.agenda %}")
    para(doc, "{{ loop.index }}. {{ item.title }}")
    para(doc, "{%p endfor %}")
    para(doc, "{{ agenda_adoption }}")
    heading(doc, "2. Przebieg obrad")
    para(doc, "{%p for item in meeting.agenda %}")
    para(doc, "Ad {{ loop.index }}. {{ item.title }}", bold=True, after=2)
    para(doc, "{%p if item.course %}")
    para(doc, "{{ item.course }}").alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    heading(doc, "3. Głosowania i podjęte uchwały")
    grid(
        doc,
        ["Uchwała", "W sprawie", "Za", "Przeciw", "Wstrz.", "Wynik"],
        [
            "nr {{ r.number }}",
            "{{ r.subject }}",
            "{{ r.votes.in_favour }}",
            "{{ r.votes.against }}",
            "{{ r.votes.abstained }}",
            "{{ r.result }}",
        ],
        "r in resolutions",
        [2.3, 7.2, 1.4, 1.7, 1.6, 1.8],
    )
    para(doc, "{%p if meeting.attachments %}")
    heading(doc, "4. Załączniki")
    para(doc, "{%p for a in meeting.attachments %}")
    para(doc, "{{ loop.index }}) {{ a }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    signatures(
        doc,
        ("protokolant", "{{ meeting.recorder }}", "protokolant"),
        ("przewodniczący obrad", "{{ meeting.chair }}", "przewodniczacy"),
    )
    return doc


def uchwala() -> Document:
    doc = new_document("Uchwała nr {{ number }} {{ issuing_body }}")
    title(
        doc,
        "UCHWAŁA NR {{ number }}",
        "{{ issuing_body }}",
        "z dnia {{ date }}",
    )
    para(
        doc,
        "w sprawie {{ resolution.subject }}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=12,
    )
    para(
        doc, "Na podstawie {{ resolution.legal_basis }} uchwala się, co następuje:"
    ).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    para(doc, "{%p for text in resolution.paragraphs %}")
    para(doc, "§ {{ loop.index }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=2)
    para(doc, "{{ text }}").alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    para(doc, "{%p endfor %}")
    para(
        doc,
        "§ {{ resolution.paragraphs|length + 1 }}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=2,
    )
    para(doc, "Uchwała wchodzi w życie {{ resolution.effective }}.")
    para(
        doc,
        "Uchwałę podjęto w głosowaniu jawnym: za – {{ resolution.votes.in_favour }}, przeciw – "
        "{{ resolution.votes.against }}, wstrzymało się – {{ resolution.votes.abstained }}.",
        italic=True,
        size=10,
    )
    signatures(doc, ("przewodniczący obrad", "{{ meeting.chair }}", "przewodniczacy"))
    return doc


TEMPLATES: dict[str, Callable[[], Document]] = {
    "deklaracja_partnerska": deklaracja_partnerska,
    "protokol": protokol,
    "uchwala": uchwala,
}


def main(names: list[str]) -> None:
    OUT.mkdir(exist_ok=True)
    for name in names or list(TEMPLATES):
        TEMPLATES[name]().save(OUT / f"{name}.docx")
        print(f"wrote templates/{name}.docx")


if __name__ == "__main__":
    main(sys.argv[1:])
