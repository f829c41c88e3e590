"""Joining DOCX files rendered from one template into one, a section per document.

The batch fast path (:mod:`pipeline.batch`) converts such a joined file in one LibreOffice job and
cuts the PDF back into documents. Each document keeps its own look: it becomes its own section,
with its own header and footer parts (deduplicated when equal) and its own page setup; the shared
parts (styles, numbering, settings) must be byte-identical across the batch, which holds for
documents rendered from one template and is checked (:func:`joinable`). List numbering restarts in
every document, as it would alone. A bookmark ``k<i>x_start`` marks where document ``i`` begins
(:func:`marker`); its signature anchors are renamed ``k<i>x_podpis_<role>`` so they stay unique.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .fsutil import atomic_path

SHARED_PARTS = ("word/styles.xml", "word/numbering.xml", "word/settings.xml")
_BODY = re.compile(rb"<w:body>(.*)</w:body>", re.S)
_LAST_SECT = re.compile(rb"(<w:sectPr\b(?:(?!<w:sectPr\b).)*?</w:sectPr>)\s*$", re.S)
_HF_REF = re.compile(rb'<w:(header|footer)Reference ([^>]*?)r:id="([^"]+)"')
_BOOKMARK_ID = re.compile(rb'(<w:bookmark(?:Start|End)\b[^>]*?w:id=")(\d+)(")')
_ANCHOR_NAME = re.compile(rb'w:name="(podpis_[^"]*)"')
_FIRST_P = re.compile(rb"<w:p\b[^>]*?>(?:<w:pPr>.*?</w:pPr>)?", re.S)
_REL = re.compile(rb'<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"[^>]*?/>')
HF_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/{}"
HF_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}+xml"


def marker(index: int) -> str:
    return f"k{index}x_start"


def join_key(path: Path) -> str:
    """Files with equal keys can be joined: same parts, and identical styles, numbering,
    settings and relationships (documents rendered from one template), compared by their size
    and CRC-32 as the zip directory records them, without decompressing megabytes of styles."""
    digest = hashlib.sha1()
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        digest.update("\0".join(names).encode())
        for name in (*SHARED_PARTS, "word/_rels/document.xml.rels"):
            info = archive.getinfo(name) if name in names else None
            digest.update(b"%d:%d;" % (info.file_size, info.CRC) if info else b"-")
        if any(re.match(r"word/_rels/(header|footer)\d*\.xml\.rels", n) for n in names):
            digest.update(path.name.encode())  # headers with their own parts stay unjoined
    return digest.hexdigest()


def joinable(docx_files: Sequence[Path]) -> bool:
    """True when ``docx_files`` (two or more) can be joined into one DOCX."""
    return len(docx_files) > 1 and len({join_key(p) for p in docx_files}) == 1


_STYLE = re.compile(rb'<w:style\b[^>]*?w:styleId="([^"]+)"[^>]*>(.*?)</w:style>', re.S)
_NUMPR = re.compile(rb"<w:numPr>(.*?)</w:numPr>", re.S)
_NUM_ID = re.compile(rb'<w:numId w:val="(\d+)"/>')
_ILVL = re.compile(rb'<w:ilvl w:val="(\d+)"/>')
_NUM = re.compile(rb'<w:num w:numId="(\d+)"[^>]*>.*?<w:abstractNumId w:val="(\d+)"/>', re.S)
_ABSTRACT = re.compile(
    rb'<w:abstractNum\b[^>]*?w:abstractNumId="(\d+)"[^>]*>(.*?)</w:abstractNum>', re.S
)
_LEVEL_START = re.compile(rb'<w:lvl w:ilvl="(\d+)"[^>]*>.*?(?:<w:start w:val="(\d+)"/>)?', re.S)
_P_STYLE = re.compile(rb'<w:pPr>(<w:pStyle w:val="([^"]+)"/>)((?:(?!</w:pPr>).)*?)</w:pPr>', re.S)


class _Numbering:
    """Restarts list numbering in every joined document, as each would count alone.

    Word's lists continue across documents sharing a ``w:num``; each joined document gets its own
    ``w:num`` per list (same abstract definition, start overridden), and its numbered paragraphs,
    including those numbered through their style (headings), point at it.
    """

    def __init__(self, styles: bytes, numbering: bytes):
        self.numbering = numbering
        self.styled: dict[bytes, tuple[bytes, bytes]] = {}  # style → (numId, ilvl)
        for style_id, body in _STYLE.findall(styles):
            numpr = _NUMPR.search(body)
            if numpr and _NUM_ID.search(numpr.group(1)):
                level = _ILVL.search(numpr.group(1))
                self.styled[style_id] = (
                    _NUM_ID.search(numpr.group(1)).group(1),
                    level.group(1) if level else b"0",
                )
        self.abstract = dict(_NUM.findall(numbering))
        self.starts = {
            aid: [(lvl, start or b"1") for lvl, start in _LEVEL_START.findall(body)]
            for aid, body in _ABSTRACT.findall(numbering)
        }
        self.stride = max((int(n) for n in self.abstract), default=0) + 1
        self.added: list[bytes] = []
        self._made: set[bytes] = set()

    def _new(self, index: int, num_id: bytes) -> bytes:
        new = str(int(num_id) + self.stride * (index + 1)).encode()
        if new not in self._made:
            self._made.add(new)
            abstract = self.abstract.get(num_id, b"0")
            overrides = b"".join(
                b'<w:lvlOverride w:ilvl="%s"><w:startOverride w:val="%s"/></w:lvlOverride>'
                % (lvl, start)
                for lvl, start in self.starts.get(abstract, [])
            )
            self.added.append(
                b'<w:num w:numId="%s"><w:abstractNumId w:val="%s"/>%s</w:num>'
                % (new, abstract, overrides)
            )
        return new

    def restart(self, index: int, body: bytes) -> bytes:
        if not self.abstract:
            return body
        body = _NUM_ID.sub(lambda m: b'<w:numId w:val="%s"/>' % self._new(index, m.group(1)), body)

        def styled(match: re.Match) -> bytes:
            numbered = self.styled.get(match.group(2))
            if numbered is None or b"<w:numPr>" in match.group(3):
                return match.group(0)
            num_id, level = numbered
            numpr = b'<w:numPr><w:ilvl w:val="%s"/><w:numId w:val="%s"/></w:numPr>' % (
                level,
                self._new(index, num_id),
            )
            return b"<w:pPr>" + match.group(1) + numpr + match.group(3) + b"</w:pPr>"

        return _P_STYLE.sub(styled, body)

    def xml(self) -> bytes:
        return self.numbering.replace(b"</w:numbering>", b"".join(self.added) + b"</w:numbering>")


@dataclass
class _Joined:
    body: list[bytes]
    parts: dict[str, bytes]  # extra header/footer parts: zip name → content
    rels: list[bytes]  # extra document relationships
    overrides: list[bytes]  # extra content-type overrides
    seen: dict[bytes, str]  # header/footer digest → relationship id
    numbering: _Numbering | None = None


def _rels(archive: zipfile.ZipFile) -> dict[bytes, bytes]:
    return dict(_REL.findall(archive.read("word/_rels/document.xml.rels")))


def _own_header_footer(index: int, archive: zipfile.ZipFile, sect: bytes, joined: _Joined) -> bytes:
    """Point the section at header/footer parts holding this document's own content."""
    targets = _rels(archive)

    def swap(match: re.Match) -> bytes:
        kind, attrs, rid = match.group(1).decode(), match.group(2), match.group(3)
        content = archive.read("word/" + targets[rid].decode())
        digest = hashlib.sha1(content).digest()
        if digest not in joined.seen:
            number = len(joined.seen) + 1
            name, new_rid = f"k{number}{kind}.xml", f"rIdK{number}"
            joined.parts[f"word/{name}"] = content
            joined.rels.append(
                f'<Relationship Id="{new_rid}" Type="{HF_TYPE.format(kind)}" '
                f'Target="{name}"/>'.encode()
            )
            joined.overrides.append(
                f'<Override PartName="/word/{name}" '
                f'ContentType="{HF_CONTENT.format(kind)}"/>'.encode()
            )
            joined.seen[digest] = new_rid
        return b'<w:%sReference %sr:id="%s"' % (
            kind.encode(),
            attrs,
            joined.seen[digest].encode(),
        )

    return _HF_REF.sub(swap, sect)


def _document_body(index: int, archive: zipfile.ZipFile, joined: _Joined, last: bool) -> None:
    xml = archive.read("word/document.xml")
    body = _BODY.search(xml).group(1)
    sect_match = _LAST_SECT.search(body)
    sect = sect_match.group(1) if sect_match else b""
    content = body[: sect_match.start()] if sect_match else body
    offset = (index + 1) * 10_000
    content = _BOOKMARK_ID.sub(
        lambda m: m.group(1) + str(int(m.group(2)) + offset).encode() + m.group(3), content
    )
    if joined.numbering is not None:
        content = joined.numbering.restart(index, content)
    content = _ANCHOR_NAME.sub(lambda m: b'w:name="k%dx_%s"' % (index, m.group(1)), content)
    start = (
        f'<w:bookmarkStart w:id="{offset - 1}" w:name="{marker(index)}"/>'
        f'<w:bookmarkEnd w:id="{offset - 1}"/>'
    ).encode()
    first = _FIRST_P.search(content)
    if first:
        content = content[: first.end()] + start + content[first.end() :]
    sect = _own_header_footer(index, archive, sect, joined)
    joined.body.append(content)
    joined.body.append(sect if last else b"<w:p><w:pPr>" + sect + b"</w:pPr></w:p>")


def join(docx_files: Sequence[Path], target: Path) -> Path:
    """Join ``docx_files`` (see :func:`joinable`) into ``target``, one section per document.

    The body is streamed into the archive document by document, so memory does not grow with
    the batch."""
    joined = _Joined([], {}, [], [], {})
    with (
        zipfile.ZipFile(docx_files[0]) as base,
        atomic_path(target) as tmp,
        zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        names = set(base.namelist())
        if {"word/styles.xml", "word/numbering.xml"} <= names:
            joined.numbering = _Numbering(
                base.read("word/styles.xml"), base.read("word/numbering.xml")
            )
        with out.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(_BODY.split(base.read("word/document.xml"))[0] + b"<w:body>")
            for index, path in enumerate(docx_files):
                with zipfile.ZipFile(path) as archive:
                    _document_body(index, archive, joined, last=index == len(docx_files) - 1)
                document.write(b"".join(joined.body))
                joined.body.clear()
            document.write(b"</w:body></w:document>")
        for name, data in _package_parts(base, joined).items():
            out.writestr(name, data)
    return target


def _package_parts(base: zipfile.ZipFile, joined: _Joined) -> dict[str, bytes]:
    """Every part but the body: the first document's, with relationships, content types and
    numbering extended for the joined documents' own headers, footers and lists."""
    own = {rid for rid, t in _rels(base).items() if re.match(rb"(header|footer)\d*\.xml", t)}
    rels = base.read("word/_rels/document.xml.rels")
    for rid in own:
        rels = re.sub(rb'<Relationship [^>]*?Id="%s"[^>]*?/>' % re.escape(rid), b"", rels)
    rels = rels.replace(b"</Relationships>", b"".join(joined.rels) + b"</Relationships>")
    types = base.read("[Content_Types].xml").replace(
        b"</Types>", b"".join(joined.overrides) + b"</Types>"
    )
    replaced = {
        "word/_rels/document.xml.rels": rels,
        "[Content_Types].xml": types,
        **({"word/numbering.xml": joined.numbering.xml()} if joined.numbering else {}),
    }
    parts = {
        item.filename: replaced.get(item.filename) or base.read(item.filename)
        for item in base.infolist()
        if item.filename != "word/document.xml"
    }
    return parts | joined.parts
