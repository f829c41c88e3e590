"""`konwent templates check`: variables listed, typos and syntax errors located, without data."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from docx.oxml.ns import qn

from pipeline.cli import cli
from pipeline.contexts import CONTEXTS
from tests.editing import copy_template
from tests.fixtures import ROOT, TEMPLATES


def test_bundled_templates_are_clean_and_their_variables_listed(runner):
    result = runner.invoke(cli, ["templates", "check"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    for name in CONTEXTS:
        assert f"{name} ({TEMPLATES / name}.docx):" in result.stdout
    assert "  votes[].in_favour" in result.stdout
    assert "  member.representative.email" in result.stdout
    assert "  rows[].representative" in result.stdout


def test_a_typo_in_a_footer_is_named_with_template_part_and_paragraph(runner, tmp_path):
    def typo(doc):
        doc.sections[0].footer.paragraphs[0].runs[0].text = "Deklaracja – {{ memeber.name }}"

    path = copy_template(tmp_path, "deklaracja_partnerska", typo)
    result = runner.invoke(cli, ["templates", "check", str(tmp_path)])
    assert result.exit_code == 2
    assert (
        f"konwent: error: {path}: footer1.xml: unknown variable memeber "
        "in „Deklaracja – {{ memeber.name }}”\n" == result.stderr
    )
    assert "protokol: bundled template used" in result.stdout


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("uchwala", "{{ resolution.subjet }}", "unknown variable resolution.subjet"),
        ("protokol", "{{ votes[0].in_favor }}", None),  # subscripts are not typed: no false alarm
        ("komunikat", "{{ number|wielkie }}", "unknown filter or test wielkie"),
        ("aneks", "{% for ch in changes %}{{ ch.leed }}{% endfor %}", "changes[].leed"),
        ("uchwala", "Na podstawie {{ resolution.legal_basis }", "unclosed or stray Jinja tag"),
        ("komunikat", "{{ number + }}", "unexpected"),
        ("lista_obecnosci", "{%p for r in rows %}", "{% for %} is never closed"),
        ("zawiadomienie", "{%p endif %}", "unexpected {% endif %}"),
        ("protokol", "{{ chair|rodzaj('Przewodniczący') }} {{ recorder|rodzaj('x', 'y') }}", None),
        ("deklaracja_partnerska", "w imieniu {{ member|dopelniacz }}, {{ org|miejscownik }}", None),
        ("protokol", "{{ chair|rodzaj('dyrektor') }}", "no feminine form is known for „dyrektor”"),
        ("protokol", "{{ present_count|liczebnik('osoba') }}", "liczebnik takes 3 arguments"),
        ("uchwala", "{{ chair|rodzjaj('przewodniczący') }}", "unknown filter or test rodzjaj"),
    ],
    ids=[
        "attribute",
        "subscript",
        "filter",
        "loop-variable",
        "unclosed",
        "expression",
        "for",
        "stray-end",
        "gender-filter",
        "case-filters",
        "gender-unknown-word",
        "count-arguments",
        "gender-typo",
    ],
)
def test_problems_are_reported_with_the_paragraph(runner, tmp_path, name, text, expected):
    path = copy_template(tmp_path, name, lambda doc: doc.add_paragraph(text))
    result = runner.invoke(cli, ["templates", "check", str(tmp_path)])
    if expected is None:
        assert result.exit_code == 0, result.stderr
        return
    assert result.exit_code == 2
    assert f"konwent: error: {path}: body: " in result.stderr
    assert expected in result.stderr
    assert f"in „{text}”" in result.stderr


def test_a_removed_signature_anchor_is_reported(runner, tmp_path):
    def drop_bookmarks(doc):
        for mark in doc.element.body.iter(qn("w:bookmarkStart")):
            if mark.get(qn("w:name")) == "podpis_protokolant":
                mark.set(qn("w:name"), "something_else")

    path = copy_template(tmp_path, "protokol", drop_bookmarks)
    result = runner.invoke(cli, ["templates", "check", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{path}: body: signature anchor (Word bookmark) podpis_protokolant is missing" in (
        result.stderr
    )


def test_an_unknown_document_kind_is_reported(runner, tmp_path):
    shutil.copy(TEMPLATES / "uchwala.docx", tmp_path / "uchwala_stara.docx")
    result = runner.invoke(cli, ["templates", "check", str(tmp_path)])
    assert result.exit_code == 2
    assert "uchwala_stara.docx: not a document kind konwent renders" in result.stderr


def test_check_as_a_real_subprocess(tmp_path):
    def typo(doc):
        doc.sections[0].footer.paragraphs[0].runs[0].text = "{{ numer }}"

    copy_template(tmp_path, "protokol", typo)
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--lang", "en", "templates", "check", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 2
    assert "protokol.docx: footer1.xml: unknown variable numer" in result.stderr
    assert "Traceback" not in result.stderr
