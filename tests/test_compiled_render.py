"""Templates compiled once render exactly what docxtpl renders document by document."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docxtpl import DocxTemplate

from pipeline.documents import plan
from pipeline.inputs import load_konwent
from pipeline.render import Renderer, make_environment
from tests.fixtures import EXAMPLE_INPUTS


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def test_every_bundled_template_renders_as_docxtpl_does(tmp_path):
    renderer = Renderer()
    docs = plan(load_konwent(EXAMPLE_INPUTS))
    assert len({doc.template for doc in docs}) >= 7
    for doc in docs:  # the second document of a template reuses its compiled parts
        ours = renderer.render(doc, tmp_path / f"{doc.stem}.docx")
        reference = DocxTemplate(renderer.template_path(doc.template))
        reference.render(dict(doc.context), jinja_env=make_environment())
        reference.save(tmp_path / "reference.docx")
        expected = _members(tmp_path / "reference.docx")
        got = _members(ours)
        assert set(expected) <= set(got), doc.stem
        for name, data in expected.items():
            assert got[name] == data, f"{doc.stem}: {name}"


def test_a_template_without_core_properties_still_renders(tmp_path):
    source = Renderer().template_path("komunikat")
    stripped = tmp_path / "templates" / "komunikat.docx"
    stripped.parent.mkdir()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(stripped, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "_rels/.rels":
                data = re.sub(rb"<Relationship [^>]*core-properties[^>]*/>", b"", data)
            if item.filename != "docProps/core.xml":
                out.writestr(item, data)
    doc = next(d for d in plan(load_konwent(EXAMPLE_INPUTS)) if d.template == "komunikat")
    rendered = Renderer([stripped.parent]).render(doc, tmp_path / "out.docx")
    members = _members(rendered)
    assert "docProps/core.xml" in members
    assert doc.context["number"].encode() in members["word/document.xml"]
