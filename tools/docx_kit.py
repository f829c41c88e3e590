"""Building blocks of the bundled templates: page set-up, letterhead, headings, tables, signatures.

Every Jinja tag is written as one run, so Word never splits it; a secretary may still edit the
wording around it freely.
"""

from __future__ import annotations

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

FONT = "Liberation Serif"
CENTER, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)
TEXT_WIDTH = 16.0  # cm between the margins of an A4 page

# w:pPr children in schema order (Word refuses a file whose elements are out of order).
_PPR_ORDER = [
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
]


def _insert_in_ppr(ppr, element, tag: str) -> None:
    """Insert ``element`` (a ``tag``) into a paragraph's properties at its schema position."""
    successors = _PPR_ORDER[_PPR_ORDER.index(tag) + 1 :]
    ppr.insert_element_before(element, *successors)


def new_document(footer: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    # The footer line sits 1.3 cm above the page's edge, leaving the strip below it to the page
    # number the packet stage draws (pipeline/stamp.py, FOOTER_BASELINE).
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.3)
    _styles(doc)
    _heading_numbers(doc)
    _letterhead(section.header)
    _footer(section.footer, footer)
    return doc


def _styles(doc: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    fonts = normal.element.get_or_add_rPr().find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Title", 14), ("Heading 1", 12), ("Heading 2", 11)):
        style = doc.styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.italic = False
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    title = doc.styles["Title"]
    title.paragraph_format.alignment = CENTER
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
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


def _heading_numbers(doc: Document) -> None:
    """Number "Heading 1" automatically (1., 2., …), so a hidden section leaves no gap."""
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, value in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", "%1.")):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        lvl.append(child)
    ppr = OxmlElement("w:pPr")
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), "360")
    ind.set(qn("w:hanging"), "360")
    ppr.append(ind)
    lvl.append(ppr)
    abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    style_ppr = doc.styles["Heading 1"].element.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "90")
    numpr.append(num_id)
    _insert_in_ppr(style_ppr, numpr, "w:numPr")


def _border(paragraph, side: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "000000")):
        edge.set(qn(key), value)
    borders.append(edge)
    _insert_in_ppr(ppr, borders, "w:pBdr")


def _letterhead(header) -> None:
    name = header.paragraphs[0]
    name.alignment = CENTER
    run = name.add_run("{{ org.name }}")
    run.bold, run.font.size = True, Pt(11)
    contact = header.add_paragraph()
    contact.alignment = CENTER
    run = contact.add_run("{{ org.address.one_line }}{{ contact_line }}")
    run.font.size = Pt(8.5)
    _border(contact, "bottom")


def _footer(footer, text: str) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(8)
    _border(paragraph, "top")


def para(doc, text: str = "", *, bold=False, align=None, size=None, italic=False, after=None):
    paragraph = doc.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def tag(doc, text: str):
    """A paragraph holding only a docxtpl block tag ({%p …%}); it disappears when rendered."""
    return para(doc, text)


def place_date(doc) -> None:
    para(doc, "{{ place_date }}", align=RIGHT, after=12)


def title(doc, *lines: str) -> None:
    for i, line in enumerate(lines):
        p = doc.add_paragraph(style="Title")
        p.add_run(line)
        if i:
            p.runs[0].font.size = Pt(12)
        p.paragraph_format.space_before = Pt(0)
        p.paragraph_format.space_after = Pt(2)
    para(doc, after=4)


def heading(doc, text: str, level: int = 1) -> None:
    """Level 1 is numbered automatically (1., 2., …); level 2 is not."""
    doc.add_paragraph(text, style=f"Heading {level}")


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


def signatures(doc, *blocks: tuple[str, str, str], keep: int = 2) -> None:
    """A row of signature blocks: (label, name expression, signatory role).

    The dotted line of each block carries the bookmark ``podpis_<role>``; the packet stage places
    the signatory's empty signature field there. The blocks are one table row that cannot split,
    kept on the page of the ``keep`` text paragraphs before them (:func:`keep_with_next`), so a
    page never holds the signatures alone.
    """
    keep_with_next(doc, keep)
    para(doc, after=18).paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(blocks))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, (label, name, role) in enumerate(blocks):
        cell = table.cell(0, col)
        line = cell.paragraphs[0]
        line.add_run("\n\n…………………………………………")
        bookmark(line, f"podpis_{role}")
        cell.add_paragraph().add_run(name).bold = True
        run = cell.add_paragraph().add_run(label)
        run.italic, run.font.size = True, Pt(9)
        for paragraph in cell.paragraphs:
            paragraph.alignment = CENTER
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_after = Pt(0)
    widths = [TEXT_WIDTH / len(blocks)] * len(blocks)
    set_widths(table, widths)
    cant_split(table)


def _is_tag(paragraph) -> bool:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t"))).lstrip().startswith("{%")


def keep_with_next(doc, count: int) -> None:
    """Keep the last ``count`` text paragraphs of ``doc`` (block tags and empty paragraphs
    passed over, stopping at a table) with what follows them, each on one page."""
    body = doc.element.body
    for element in reversed(list(body)):
        if count <= 0 or element.tag == qn("w:tbl"):
            return
        if element.tag != qn("w:p") or _is_tag(element):
            continue
        fmt = Paragraph(element, doc._body).paragraph_format
        fmt.keep_with_next = True
        if "".join(t.text or "" for t in element.iter(qn("w:t"))).strip():
            fmt.keep_together = True
            count -= 1


def cant_split(table) -> None:
    """No row of ``table`` breaks across pages: a row's cells start on one page."""
    for row in table.rows:
        trpr = row._tr.get_or_add_trPr()
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.insert(0, OxmlElement("w:cantSplit"))


def set_widths(table, widths: list[float]) -> None:
    """Fixed column widths (cm) that both Word and LibreOffice respect."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width * 567)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)


def _small(cell, text: str, *, bold=False, align=None, size=10) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(size)
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align


def _shade(cell) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "E7E6E6")):
        shd.set(qn(key), value)
    tcpr.append(shd)


GRID_LINE = (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "auto"))


def _grid_lines(table) -> None:
    """Single lines around and between the cells, set on the table itself.

    Not through Word's "Table Grid" style: LibreOffice resolves a table style for every cell, which
    made a declaration's conversion about a quarter slower; the look is the same."""
    tblpr = table._tbl.tblPr
    for style in tblpr.findall(qn("w:tblStyle")):
        tblpr.remove(style)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        for key, value in GRID_LINE:
            edge.set(qn(key), value)
        borders.append(edge)
    successors = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
    tblpr.insert_element_before(borders, *successors)


def grid(
    doc,
    headers: list[str],
    row: list[str],
    loop: str,
    widths: list[float],
    *,
    align=None,
    min_height: float | None = None,
):
    """A table with a shaded header row (repeated on each page) and one looped data row."""
    table = doc.add_table(rows=4, cols=len(headers))
    _grid_lines(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, text in enumerate(headers):
        cell = table.cell(0, col)
        _small(cell, text, bold=True, align=CENTER)
        _shade(cell)
    header_pr = table.rows[0]._tr.get_or_add_trPr()
    header_pr.append(OxmlElement("w:tblHeader"))
    table.cell(1, 0).paragraphs[0].add_run("{%tr for " + loop + " %}")
    for col, text in enumerate(row):
        column_align = (align or [None] * len(row))[col]
        _small(table.cell(2, col), text, align=column_align, size=10.5)
    table.cell(3, 0).paragraphs[0].add_run("{%tr endfor %}")
    if min_height:  # room for a handwritten signature
        table.rows[2].height = Cm(min_height)
    set_widths(table, widths)
    cant_split(table)
    return table


def fields(doc, rows: list[tuple[str, str]], widths=(5.0, 11.0)):
    """A two-column "label: value" table; a row whose label starts with "{%tr" is a tag row."""
    table = doc.add_table(rows=0, cols=2)
    _grid_lines(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in rows:
        cells = table.add_row().cells
        if label.startswith("{%tr"):
            cells[0].paragraphs[0].add_run(label)
            continue
        _small(cells[0], label, bold=True)
        _shade(cells[0])
        _small(cells[1], value, size=10.5)
    set_widths(table, list(widths))
    cant_split(table)
    return table


OWN_STYLES = ("Normal", "Title", "Heading1", "Heading2")
STYLE_REFS = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyleLink", "w:styleLink")
STYLE_LINKS = ("w:basedOn", "w:next", "w:link")


def tidy(doc: Document) -> Document:
    """Polish as the language, Liberation as the font, and only the styles the template uses.

    python-docx's blank document carries 164 styles (350 KB) and a second copy of them
    (``stylesWithEffects``, 440 KB) that every rendered document would repeat, with English as the
    text language (which a PDF then declares). Word and LibreOffice restore a built-in style when a
    user picks it; the styles this kit sets up (numbered Liberation headings) stay in every
    template, ready to be applied."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = defaults.find(qn("w:lang"))
    for attr in ("w:val", "w:eastAsia"):
        lang.set(qn(attr), "pl-PL")
    _keep_used_styles(doc)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[rid]
    return doc


def _keep_used_styles(doc: Document) -> None:
    styles = doc.styles.element
    parts = [doc.element, doc.part.numbering_part.element]
    for section in doc.sections:
        parts += [section.header._element, section.footer._element]
    wanted = {
        el.get(qn("w:val")) for part in parts for tag in STYLE_REFS for el in part.iter(qn(tag))
    }
    by_id = {style.get(qn("w:styleId")): style for style in styles.findall(qn("w:style"))}
    wanted |= {sid for sid, style in by_id.items() if style.get(qn("w:default")) == "1"}
    wanted |= set(OWN_STYLES)  # set up by _styles() for the user to apply, used or not
    pending = list(wanted)
    while pending:
        style = by_id.get(pending.pop())
        for tag in STYLE_LINKS if style is not None else ():
            link = style.find(qn(tag))
            if link is not None and link.get(qn("w:val")) not in wanted:
                wanted.add(link.get(qn("w:val")))
                pending.append(link.get(qn("w:val")))
    for sid, style in by_id.items():
        if sid not in wanted:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
