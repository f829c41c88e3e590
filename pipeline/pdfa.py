"""PDF/A-2b: the metadata a packet must carry, and a structural check of the claim.

LibreOffice writes PDF/A-2b parts; joining them with pypdf keeps the pages but not the catalog's XMP
or output intent, so the packet stage writes both again through :func:`apply`, with what makes a
build reproducible: dates from the inputs, a file identifier computed from the content, and a
fixed sRGB profile (``assets/srgb.icc``: LibreOffice's own one, which carries the moment it was
made, with that date fixed). :func:`check` reads a
finished PDF back and lists what breaks the claim (used by the tests and by ``konwent verify``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from .correction import Correction
from .external import run_tool

SRGB_PROFILE = Path(__file__).parent / "assets" / "srgb.icc"
PRODUCER = "konwent (LibreOffice, pypdf)"
CREATOR_TOOL = "konwent"


@dataclass(frozen=True)
class PacketMeta:
    """What a packet says about itself (Info dictionary and XMP alike)."""

    title: str
    author: str
    subject: str = ""
    keywords: tuple[str, ...] = ()
    created: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    correction: Correction | None = None  # a final replacing an earlier one says so

    def described(self) -> PacketMeta:
        """The metadata as written: a correction's title and subject say what it replaces."""
        if self.correction is None:
            return self
        line = self.correction.line
        return replace(
            self,
            title=f"{self.title} ({self.correction.heading})",
            subject=f"{self.subject}: {line}" if self.subject else line,
            keywords=(*self.keywords, "korekta"),
        )


def _pdf_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def _xmp_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def xmp_packet(meta: PacketMeta) -> bytes:
    """An XMP packet claiming PDF/A-2b with the same title, author, dates as the Info dict."""
    meta = meta.described()
    title, author, subject = escape(meta.title), escape(meta.author), escape(meta.subject)
    keywords = escape(", ".join(meta.keywords))
    date = _xmp_date(meta.created)
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt>
   </dc:description>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <pdf:Keywords>{keywords}</pdf:Keywords>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreatorTool>{CREATOR_TOOL}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
{" " * 2000}
<?xpacket end="w"?>"""
    return body.encode("utf-8")


def apply(writer: PdfWriter, meta: PacketMeta, source: PdfReader) -> None:
    """Give ``writer`` the XMP, Info and output intent of a PDF/A-2b packet.

    ``source`` is a part LibreOffice wrote: a packet has an output intent only when its parts
    were made for PDF/A."""
    stream = DecodedStreamObject()
    stream.set_data(xmp_packet(meta))
    stream.update(
        {NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")}
    )
    root = writer.root_object
    root[NameObject("/Metadata")] = writer._add_object(stream)
    if source.root_object.get("/OutputIntents") is not None:
        root[NameObject("/OutputIntents")] = ArrayObject([_output_intent(writer)])
    identifier = ByteStringObject(_identifier(writer, meta))
    writer._ID = ArrayObject([identifier, identifier])
    date = _pdf_date(meta.created)
    meta = meta.described()
    writer._info = None  # a fresh Info dictionary, no leftovers from the parts
    writer.add_metadata(
        {
            "/Title": meta.title,
            "/Author": meta.author,
            "/Subject": meta.subject,
            "/Keywords": ", ".join(meta.keywords),
            "/Creator": CREATOR_TOOL,
            "/Producer": PRODUCER,
            "/CreationDate": date,
            "/ModDate": date,
        }
    )


@lru_cache(maxsize=1)
def _srgb_profile():
    """The sRGB profile as a compressed stream, made once per process."""
    profile = DecodedStreamObject()
    profile.set_data(SRGB_PROFILE.read_bytes())
    profile[NameObject("/N")] = NumberObject(3)
    return profile.flate_encode()


def _output_intent(writer: PdfWriter):
    """The PDF/A output intent with konwent's fixed sRGB profile (as LibreOffice names it)."""
    profile = _srgb_profile().clone(writer)
    intent = DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFA1"),
        NameObject("/OutputConditionIdentifier"): TextStringObject("sRGB IEC61966-2.1"),
        NameObject("/DestOutputProfile"): writer._add_object(profile),
    })  # fmt: skip
    return writer._add_object(intent)


def _identifier(writer: PdfWriter, meta: PacketMeta) -> bytes:
    """The file identifier PDF/A requires, from what the file holds: the same content gives the
    same identifier, other content another one."""
    digest = hashlib.md5(usedforsecurity=False)
    digest.update(repr((meta.title, meta.author, meta.subject, meta.keywords)).encode())
    digest.update(meta.created.isoformat().encode())
    for page in writer.pages:
        contents = page.get_contents()
        digest.update(contents.get_data() if contents is not None else b"")
    return digest.digest()


# --- the check -----------------------------------------------------------------------------------


def _xmp_text(reader: PdfReader) -> str:
    meta = reader.root_object.get("/Metadata")
    return meta.get_object().get_data().decode("utf-8", "replace") if meta is not None else ""


def _xmp_value(xmp: str, tag: str) -> str | None:
    found = re.search(rf"<{tag}(?:\s[^>]*)?>(.*?)</{tag}>", xmp, re.S) or re.search(
        rf'{tag}="([^"]*)"', xmp
    )
    if not found:
        return None
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def _fonts(resources, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every font reachable from ``resources``, through form XObjects and Type3 resources."""
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        yield font
        for descendant in font.get("/DescendantFonts") or []:
            yield descendant.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        ref = getattr(xobject, "idnum", None)
        if ref in seen:
            continue
        seen.add(ref)
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts(xobject.get("/Resources"), seen)


def _appearance_resources(page) -> Iterator:
    for annot in page.get("/Annots") or []:
        normal = (annot.get_object().get("/AP") or {}).get("/N")
        if normal is not None and hasattr(normal.get_object(), "get_data"):
            yield normal.get_object().get("/Resources")


def unembedded_fonts(reader: PdfReader) -> set[str]:
    """Names of fonts that carry no embedded font program."""
    missing, seen = set(), set()
    for page in reader.pages:
        for resources in (page.get("/Resources"), *_appearance_resources(page)):
            for font in _fonts(resources, seen):
                if font.get("/Subtype") in ("/Type0", "/Type3"):
                    continue
                descriptor = (font.get("/FontDescriptor") or DictionaryObject()).get_object()
                if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(font.get("/BaseFont")))
    return missing


def check(path: Path, expect_text: str | None = None) -> list[str]:
    """What keeps ``path`` from being a well-formed PDF/A-2b packet; empty when nothing does."""
    problems = syntax_problems(path)
    try:
        reader = PdfReader(path)
    except PdfReadError as exc:
        return [*problems, f"not readable as a PDF: {exc}"]
    xmp = _xmp_text(reader)
    if _xmp_value(xmp, "pdfaid:part") != "2":
        problems.append("XMP does not claim pdfaid:part 2")
    if (_xmp_value(xmp, "pdfaid:conformance") or "").upper() != "B":
        problems.append("XMP does not claim pdfaid:conformance B")
    intents = reader.root_object.get("/OutputIntents") or []
    if not any(
        i.get_object().get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i.get_object()
        for i in intents
    ):
        problems.append("no PDF/A output intent with an ICC profile")
    problems += [f"font not embedded: {name}" for name in sorted(unembedded_fonts(reader))]
    info = reader.metadata or {}
    for key, tag in (("/Title", "dc:title"), ("/Producer", "pdf:Producer")):
        if key in info and str(info[key]) != (_xmp_value(xmp, tag) or ""):
            problems.append(f"Info {key} differs from XMP {tag}")
    if expect_text is not None and expect_text not in extract_text(path):
        problems.append(f"text not extractable: {expect_text!r}")
    return problems


def syntax_problems(path: Path) -> list[str]:
    """What qpdf, a strict reader of PDF syntax, warns about or rejects in ``path``.

    Lenient readers (poppler, pypdf) open files that others show blank or refuse, e.g. a content
    stream written inside an array where a reference belongs."""
    run = run_tool(["qpdf", "--check", str(path)], check=False)
    if run.returncode == 0:
        return []
    lines = [line for line in run.stderr.splitlines() if "succeeded with warnings" not in line]
    fatal = [line for line in lines if line.startswith("qpdf:")]  # why qpdf gave up, if it did
    shown = fatal + [line for line in lines if line not in fatal][: 5 - len(fatal)]
    return [f"PDF syntax (qpdf --check exit {run.returncode}): {line}" for line in shown] or [
        f"PDF syntax: qpdf --check exit {run.returncode}"
    ]


def extract_text(path: Path) -> str:
    """The text as poppler's pdftotext reads it, whitespace collapsed."""
    out = run_tool(["pdftotext", str(path), "-"], text=False)
    return " ".join(out.stdout.decode("utf-8", "replace").split())
