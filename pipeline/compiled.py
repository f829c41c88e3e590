"""One .docx template prepared once, rendered many times: what docxtpl does per document, split
into the part that depends on the template (read, preprocess, compile) and the part that depends
on the data (render, write).

docxtpl's ``render`` re-reads the package, re-runs its regex preprocessing (``patch_xml``) and
recompiles every XML part with ``jinja_env.from_string`` for every document, then rewrites the
whole package. Here each part is preprocessed and compiled once per template; rendering a
document runs the compiled templates and docxtpl's own post-processing (listing, table and
drawing-id fixes), and writes the output package by copying every unchanged member as it is
compressed in the template. The changed parts (body, headers, footers, footnotes, core
properties) are byte for byte what docxtpl would have written.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable, Mapping
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import parse_xml, serialize_part_xml
from docxtpl import DocxTemplate

from .fields import signatories, signatories_in

# the string properties docxtpl renders (DocxTemplate.render_properties)
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_LOCAL_HEADER = 30  # bytes of a zip local file header before its name and extra field


@dataclass(frozen=True)
class _Part:
    """A rendered part: its zip member name, compiled template, and how its output is written."""

    name: str
    template: jinja2.Template
    finish: Callable[[str], bytes]
    part: Any  # the python-docx part (docxtpl's current_rendering_part)


def _raw_members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """Every member of the zip ``data`` with its bytes as stored (still compressed)."""
    members = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            start = info.header_offset
            name_len, extra_len = struct.unpack("<HH", data[start + 26 : start + 30])
            begin = start + _LOCAL_HEADER + name_len + extra_len
            stored = copy(info)
            stored.flag_bits &= ~0x08  # sizes go in the local header, no data descriptor follows
            members.append((stored, data[begin : begin + info.compress_size]))
    return members


def _write_raw(out: zipfile.ZipFile, info: zipfile.ZipInfo, raw: bytes) -> None:
    """Append a member whose compressed bytes and CRC are already known, without recompressing.

    zipfile has no public call for this; the bookkeeping is what ``ZipFile.writestr`` does."""
    info = copy(info)
    info.header_offset = out.fp.tell()
    out.fp.write(info.FileHeader())
    out.fp.write(raw)
    out.filelist.append(info)
    out.NameToInfo[info.filename] = info
    out.start_dir = out.fp.tell()


class CompiledTemplate:
    """A template's XML parts preprocessed and compiled once by ``env``.

    Raises jinja2.TemplateSyntaxError (compiling) like docxtpl's render would."""

    def __init__(self, data: bytes, env: jinja2.Environment):
        self._tpl = DocxTemplate(io.BytesIO(data))
        self._tpl.init_docx()
        self._env = env
        self._members = _raw_members(data)
        names = {info.filename for info, _raw in self._members}
        docx = self._tpl.docx
        props = docx.core_properties  # python-docx creates the part when the template has none
        self._core = docx.part.package.part_related_by(RT.CORE_PROPERTIES)
        self.fast = self._name(self._core) in names
        self._body = self._compile(self._tpl.get_xml())
        self._parts = [*self._headers_footers(), *self._footnotes()]
        self._props = {p: env.from_string(getattr(props, p)) for p in PROPERTIES}

    @staticmethod
    def _name(part: Any) -> str:
        return str(part.partname).lstrip("/")

    def _compile(self, xml: str) -> jinja2.Template:
        """docxtpl's preprocessing (patch_xml, then render_xml_part's line breaks), compiled."""
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", self._tpl.patch_xml(xml))
        return self._env.from_string(source)

    def _headers_footers(self) -> list[_Part]:
        parts = []
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            for _rel, part in self._tpl.get_headers_footers(uri):
                xml = self._tpl.get_part_xml(part)
                encoding = self._tpl.get_headers_footers_encoding(xml)

                def finish(text: str, encoding: str = encoding) -> bytes:
                    return serialize_part_xml(parse_xml(text.encode(encoding)))

                parts.append(_Part(self._name(part), self._compile(xml), finish, part))
        return parts

    def _footnotes(self) -> list[_Part]:
        package = self._tpl.docx.part.package
        return [
            _Part(self._name(part), self._compile(part.blob.decode("utf-8")), str.encode, part)
            for part in package.parts
            if part.content_type == FOOTNOTES
        ]

    def _render_part(self, template: jinja2.Template, part: Any, context: Mapping) -> str:
        """Render one part and apply docxtpl's post-processing (DocxTemplate.render_xml_part)."""
        self._tpl.current_rendering_part = part
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", template.render(context))
        for escaped, plain in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
            xml = xml.replace(escaped, plain)
        return self._tpl.resolve_listing(xml)

    def _document(self, context: Mapping) -> tuple[bytes, dict[str, str]]:
        """The rendered main part, and who it prints under each signature anchor."""
        docx = self._tpl.docx
        tree = self._tpl.fix_tables(self._render_part(self._body, docx.part, context))
        self._tpl.docx_ids_index = 1000
        self._tpl.fix_docpr_ids(tree)
        root = docx.element
        root.replace(root.body, tree)
        return serialize_part_xml(root), signatories_in(root)

    def _core_xml(self, context: Mapping) -> bytes:
        props = self._tpl.docx.core_properties
        for name, template in self._props.items():
            setattr(props, name, template.render(context))
        return self._core.blob

    def render(self, context: Mapping, target: Path) -> dict[str, str]:
        """Write the document for ``context`` to ``target``; who it prints under each signature
        anchor (``podpis_<role>`` → name), read from the tree in memory."""
        if not self.fast:
            return self._render_slow(context, target)
        body, people = self._document(context)
        parts = {self._name(self._tpl.docx.part): body}
        for part in self._parts:
            parts[part.name] = part.finish(self._render_part(part.template, part.part, context))
        parts[self._name(self._core)] = self._core_xml(context)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info, raw in self._members:
                if info.filename in parts:
                    out.writestr(info.filename, parts[info.filename])
                else:
                    _write_raw(out, info, raw)
        return people

    def _render_slow(self, context: Mapping, target: Path) -> dict[str, str]:
        """A package python-docx has to complete (no core properties): docxtpl all the way."""
        self._tpl.template_file.seek(0)
        template = DocxTemplate(self._tpl.template_file)
        template.render(dict(context), jinja_env=self._env)
        template.save(target)
        return signatories(target)
