"""Page stamps drawn after merging: "Strona X z Y" footers, the diagonal "PROJEKT" of drafts and
the line that says a final is a correction.

Each document numbers its own pages: in a packet the numbering starts again at every document's
first page (``starts``), so the second declaration of a packet reads "Strona 1 z 1", as it would
alone. The number stands below the footer line of the templates, in the serif of the body.

The stamps are drawn once by reportlab with embedded TrueType fonts (Liberation Serif, found at
run time), then each stamp page's content stream is appended to the matching packet page and the
font resources are renamed so they cannot clash with LibreOffice's. Appending content is cheap:
no page is re-parsed, so a thousand pages stamp in well under a second.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .errors import ConversionError
from .i18n import _

FONT_NAME, BOLD_NAME = "KonwentSerif", "KonwentSerifBold"
FONT_FILES = {  # the body's serif first, DejaVu Serif where Liberation is missing
    FONT_NAME: ("LiberationSerif-Regular.ttf", "DejaVuSerif.ttf"),
    BOLD_NAME: ("LiberationSerif-Bold.ttf", "DejaVuSerif-Bold.ttf"),
}
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
SANS_FILES = ("LiberationSans-Regular.ttf", "DejaVuSans.ttf")  # for signature appearances
FOOTER = "Strona {page} z {pages}"
FOOTER_SIZE = 8.5
FOOTER_BASELINE = 18.0  # pt above the page's edge: clear below the templates' footer line (1.3 cm)
NOTE_SIZE = 9.5
NOTE_BASELINE = 19.0  # pt below the page's top edge, above the letterhead (header at 1 cm)
DRAFT_MARK = "PROJEKT"
_FONT_REF = re.compile(rb"/(F\d+(?:\+\d+)?)\b")


@cache
def stamp_font(name: str = FONT_NAME) -> str:
    """Register a stamp font with reportlab once; fail with a hint when none is installed."""
    for folder in FONT_DIRS:
        for file in FONT_FILES[name]:
            if (folder / file).is_file():
                pdfmetrics.registerFont(TTFont(name, str(folder / file)))
                return name
    raise ConversionError(_("no Liberation Serif or DejaVu Serif font found; run the set-up"))


def page_numbers(pages: int, starts: Sequence[int] = ()) -> tuple[tuple[int, int], ...]:
    """(page, of pages) for each of ``pages`` pages, counted afresh from each document's first
    page in ``starts`` (0-based; the first document starts at 0)."""
    bounds = sorted({0, *(s for s in starts if 0 < s < pages)}) + [pages]
    return tuple(
        (page - begin + 1, end - begin)
        for begin, end in zip(bounds, bounds[1:], strict=False)
        for page in range(begin, end)
    )


@lru_cache(maxsize=32)
def _draw(
    sizes: tuple[tuple[float, float], ...],
    numbers: tuple[tuple[int, int], ...] | None,
    draft: bool,
    note: str,
) -> tuple[bytes, bytes]:
    """Two PDFs with one page per packet page: marks drawn under the page, and over it.

    Cached: a batch of one-page documents draws its "Strona 1 z 1" once."""
    font = stamp_font()
    under, over = io.BytesIO(), io.BytesIO()
    below = canvas.Canvas(under, initialFontName=font, pageCompression=1)
    above = canvas.Canvas(over, initialFontName=font, pageCompression=1)
    for index, (width, height) in enumerate(sizes):
        for drawing in (below, above):
            drawing.setPageSize((width, height))
        if draft:
            below.saveState()
            below.setFillGray(0.82)
            below.setFont(font, min(width, height) / 5)
            below.translate(width / 2, height / 2)
            below.rotate(45)
            below.drawCentredString(0, -min(width, height) / 14, DRAFT_MARK)
            below.restoreState()
        if numbers:
            page, pages = numbers[index]
            above.setFont(font, FOOTER_SIZE)
            above.setFillGray(0.2)
            footer = FOOTER.format(page=page, pages=pages)
            above.drawCentredString(width / 2, FOOTER_BASELINE, footer)
        if note and index == 0:
            _note(above, note, width, height)
        below.showPage()
        above.showPage()
    below.save()
    above.save()
    return under.getvalue(), over.getvalue()


def _note(drawing: canvas.Canvas, note: str, width: float, height: float) -> None:
    """``note`` in bold above the letterhead of a first page (a correction says what it is)."""
    drawing.saveState()
    drawing.setFont(stamp_font(BOLD_NAME), NOTE_SIZE)
    drawing.setFillColorRGB(0.6, 0.0, 0.0)
    drawing.drawCentredString(width / 2, height - NOTE_BASELINE, note)
    drawing.restoreState()


@dataclass(frozen=True)
class _StampPage:
    content: bytes  # wrapped in q/Q, font names prefixed
    fonts: tuple[tuple[str, IndirectObject], ...]  # prefixed name → font in the stamp PDF


def _prepare(reader: PdfReader, prefix: str) -> list[_StampPage]:
    prepared = []
    for page in reader.pages:
        contents = page.get("/Contents")
        data = contents.get_object().get_data() if contents is not None else b""
        data = _FONT_REF.sub(lambda m: b"/" + prefix.encode() + m.group(1), data)
        fonts = tuple(
            (f"/{prefix}{name[1:]}", ref)
            for name, ref in (page["/Resources"].get("/Font") or {}).items()
        )
        prepared.append(_StampPage(b"q\n" + data + b"\nQ\n", fonts))
    return prepared


@lru_cache(maxsize=16)
def _stamps(
    sizes: tuple[tuple[float, float], ...],
    numbers: tuple[tuple[int, int], ...] | None,
    draft: bool,
    note: str,
) -> tuple[list[_StampPage], list[_StampPage]]:
    """The stamp pages, parsed once per page layout (a batch of one-page documents shares one)."""
    under, over = _draw(sizes, numbers, draft, note)
    return (
        _prepare(PdfReader(io.BytesIO(under)), "KwU"),
        _prepare(PdfReader(io.BytesIO(over)), "KwO"),
    )


class _Grafter:
    """Moves stamp pages' content and fonts onto a writer's pages, each font cloned once."""

    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.fonts: dict[str, IndirectObject] = {}

    def graft(self, stamp_page: _StampPage) -> tuple[IndirectObject, dict]:
        fonts = {}
        for key, ref in stamp_page.fonts:
            if key not in self.fonts:
                cloned = ref.get_object().clone(self.writer)
                self.fonts[key] = cloned.indirect_reference or self.writer._add_object(cloned)
            fonts[key] = self.fonts[key]
        return self.writer._add_object(_stream(stamp_page.content)), fonts


def _with_fonts(page: PageObject, fonts: dict) -> None:
    resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
    merged = DictionaryObject(resources.get("/Font", DictionaryObject()).get_object())
    merged.update({NameObject(k): v for k, v in fonts.items()})
    resources[NameObject("/Font")] = merged
    page[NameObject("/Resources")] = resources


def stamp(
    writer: PdfWriter,
    *,
    footer: bool = True,
    draft: bool = False,
    starts: Sequence[int] = (),
    note: str = "",
) -> None:
    """Stamp every page of ``writer``: its number within its document (documents begin at the
    pages ``starts``), the draft mark when ``draft``, and ``note`` atop the first page."""
    if not (footer or draft or note):
        return
    pages = list(writer.pages)
    sizes = tuple((float(p.mediabox.width), float(p.mediabox.height)) for p in pages)
    numbers = page_numbers(len(pages), starts) if footer else None
    under, over = _stamps(sizes, numbers, draft, note)
    grafter = _Grafter(writer)
    save = writer._add_object(_stream(b"q\n"))
    restore = writer._add_object(_stream(b"\nQ\n"))
    for page, low, high in zip(pages, under, over, strict=True):
        below, below_fonts = grafter.graft(low)
        above, above_fonts = grafter.graft(high)
        parts = [_indirect(writer, part) for part in _contents(page)]
        page[NameObject("/Contents")] = ArrayObject([below, save, *parts, restore, above])
        _with_fonts(page, below_fonts | above_fonts)


def _contents(page: PageObject) -> list:
    """The page's content streams as the page holds them: references, not the streams (a page
    subscript resolves them, and a stream written inside an array is not a PDF)."""
    if "/Contents" not in page:
        return []
    raw = page.raw_get("/Contents")
    resolved = raw.get_object()
    parts = list(resolved) if isinstance(resolved, ArrayObject) else [raw]
    return [part for part in parts if isinstance(part.get_object(), StreamObject)]


def _indirect(writer: PdfWriter, obj):
    """``obj`` as an indirect reference (every stream must be one)."""
    return obj if isinstance(obj, IndirectObject) else writer._add_object(obj)


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream
