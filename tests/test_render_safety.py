"""Rendering is strict and safe: input text is data, missing variables and bad characters are
located errors, user templates override bundled ones kind by kind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from docx import Document

from pipeline.build import BuildOptions, build
from pipeline.cli import cli
from pipeline.errors import TemplateError
from pipeline.render import Renderer
from tests.conftest import pdf_text
from tests.editing import copy_template
from tests.fixtures import TEMPLATES

HOSTILE = "Stowarzyszenie „Razem” & Syn <CIS>"
INJECTION = "{{ 7*7 }}"
DECLARATION = Path("deklaracje") / "2026-cis-bilgoraj.yaml"


def flat(text: str) -> str:
    return " ".join(text.split())


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def edit_register(inputs: Path, old: str, new: str) -> None:
    register = inputs / "czlonkowie.csv"
    register.write_text(register.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_markup_and_template_code_in_names_come_out_literally(example, tmp_path):
    def change(data):
        data["czlonek"]["nazwa"] = HOSTILE
        data["kierownik"]["imie_nazwisko"] = INJECTION
        data["czlonek"]["instytucja_tworzaca"] = "{% for x in range(3) %}x{% endfor %} 'a' \"b\""

    edit_yaml(example / DECLARATION, change)
    edit_register(example, "Klub Integracji Społecznej w Świdniku", f"{HOSTILE} {INJECTION}")
    out = tmp_path / "out"
    build(BuildOptions(inputs=example, outputs=out))
    declaration = flat(pdf_text(out / "deklaracje" / "deklaracja-cis-bilgoraj.pdf"))
    assert HOSTILE in declaration
    assert INJECTION in declaration and "49" not in declaration
    assert "{% for x in range(3) %}x{% endfor %} 'a' \"b\"" in declaration
    attendance = flat(pdf_text(out / "2026-06-12-zjazd" / "lista-obecnosci.pdf"))
    assert "Syn <CIS> {{ 7*7 }}" in attendance and "„Razem” &" in attendance


def test_a_character_xml_cannot_hold_is_a_located_input_error(runner, example, tmp_path):
    edit_yaml(example / DECLARATION, lambda d: d["kierownik"].update(imie_nazwisko="Jan\x01Nowak"))
    result = runner.invoke(cli, ["check", str(example)])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"konwent: error: {example / DECLARATION}:")
    assert ": kierownik.imie_nazwisko: " in line and "U+0001" in line
    assert "Traceback" not in result.stderr


def test_a_typo_in_a_footer_fails_the_build_naming_template_and_variable(example, tmp_path):
    def typo(doc):
        doc.sections[0].footer.paragraphs[0].runs[0].text = "Deklaracja – {{ memeber.name }}"

    template = copy_template(tmp_path / "mine", "deklaracja_partnerska", typo)
    with pytest.raises(TemplateError) as caught:
        build(BuildOptions(inputs=example, outputs=tmp_path / "out", templates=template.parent))
    message = str(caught.value)
    assert str(template) in message and "„memeber” is not defined" in message
    assert str(example / DECLARATION) in message or "deklaracje" in message


def test_a_template_failing_while_it_renders_is_named_not_a_traceback(example, tmp_path):
    def wrong_call(doc):  # a call block for a macro that never calls caller()
        doc.add_paragraph("{% macro show(x) %}{{ x }}{% endmacro %}{% call show(1) %}{% endcall %}")

    folder = tmp_path / "mine"
    template = copy_template(folder, "uchwala", wrong_call)
    with pytest.raises(TemplateError) as caught:
        build(BuildOptions(inputs=example, outputs=tmp_path / "out", templates=folder))
    message = str(caught.value)
    assert str(template) in message and "error while rendering" in message
    assert "macro „show” is called by {% call %} but never calls caller()" in message


def test_sandbox_refuses_reaching_into_python_objects(example, tmp_path):
    def evil(doc):
        doc.add_paragraph("{{ org.__class__.__mro__ }}")

    folder = tmp_path / "mine"
    copy_template(folder, "uchwala", evil)
    with pytest.raises(TemplateError, match="uchwala.docx.*unsafe"):
        build(BuildOptions(inputs=example, outputs=tmp_path / "out", templates=folder))


def test_user_templates_override_kind_by_kind_with_bundled_fallback(example, tmp_path):
    def mark(doc):
        doc.add_paragraph("WERSJA SEKRETARIATU {{ number }}")

    copy_template(example / "moje-szablony", "uchwala", mark)
    edit_yaml(example / "konwent.yaml", lambda d: d.update(szablony="moje-szablony"))
    out = tmp_path / "out"
    build(BuildOptions(inputs=example, outputs=out))
    meeting = out / "2026-06-12-zjazd"
    assert "WERSJA SEKRETARIATU 2/2026" in pdf_text(meeting / "uchwala-2-2026.pdf")
    assert "WERSJA SEKRETARIATU" not in pdf_text(meeting / "protokol-1-2026.pdf")
    assert "PROTOKÓŁ NR 1/2026" in pdf_text(meeting / "protokol-1-2026.pdf")


def test_the_option_wins_over_the_organisation_setting(example, tmp_path):
    def setting(doc):
        doc.add_paragraph("Z USTAWIEN")

    def option(doc):
        doc.add_paragraph("Z OPCJI")

    copy_template(example / "moje-szablony", "komunikat", setting)
    copy_template(tmp_path / "opcja", "komunikat", option)
    edit_yaml(example / "konwent.yaml", lambda d: d.update(szablony="moje-szablony"))
    out = tmp_path / "out"
    build(BuildOptions(inputs=example, outputs=out, templates=tmp_path / "opcja"))
    text = pdf_text(out / "2026-06-12-zjazd" / "komunikat-1-2026.pdf")
    assert "Z OPCJI" in text and "Z USTAWIEN" not in text


def test_each_template_file_is_read_once_per_run(tmp_path, example):
    folder = tmp_path / "copy"
    shutil.copytree(TEMPLATES, folder)
    from pipeline.documents import plan
    from pipeline.inputs import load_konwent

    docs = [d for d in plan(load_konwent(example)) if d.template == "uchwala"]
    renderer = Renderer([folder])
    renderer.render(docs[0], tmp_path / "a.docx")
    (folder / "uchwala.docx").unlink()
    renderer.render(docs[1], tmp_path / "b.docx")  # still rendered: the bytes were kept
    assert Document(tmp_path / "b.docx").paragraphs


def test_polish_filters_format_and_still_escape():
    import datetime as dt

    from pipeline.render import make_environment

    template = make_environment().from_string(
        "{{ d|data }}|{{ n|liczba }}|{{ t|cudzyslow }}|{{ s|kropka }}|{{ u|kropka }}"
    )
    rendered = template.render(
        d=dt.date(2026, 6, 12), n=1234.5, t="Razem & <b>", s="od 1 lipca 2026 r.", u="z dniem"
    )
    assert rendered == (
        "12 czerwca 2026 r.|1\xa0234,5|„Razem &amp; &lt;b&gt;”|od 1 lipca 2026 r.|z dniem."
    )


def _docx_text(path: Path) -> list[str]:
    doc = Document(path)
    rows = [" | ".join(c.text for c in row.cells) for t in doc.tables for row in t.rows]
    return [p.text for p in doc.paragraphs] + rows


def test_optional_rows_disappear_for_a_supporting_member(example, tmp_path):
    from pipeline.documents import plan
    from pipeline.inputs import load_konwent

    def supporting(data):
        member = data["czlonek"]
        member.update(rodzaj="wspierający")
        for key in ("typ", "nr_rejestru", "data_wpisu", "instytucja_tworzaca", "zastepca"):
            member.pop(key)

    edit_yaml(example / DECLARATION, supporting)
    doc = next(d for d in plan(load_konwent(example)) if d.stem == "deklaracja-cis-bilgoraj")
    text = _docx_text(Renderer().render(doc, tmp_path / "d.docx"))
    assert "Rodzaj | członek wspierający" in text
    assert not [line for line in text if "Wpis do rejestru" in line or "Osoba zastępująca" in line]
    assert not [line for line in text if "{%" in line or "None" in line]
    assert not [line for line in text if "Podmiot prowadzący" in line]
