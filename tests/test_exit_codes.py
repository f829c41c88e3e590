"""Exit codes, one table: every outcome its own code, the same in the README and in `--help`, the
most severe winning; `verify` tells an untrusted signature from a changed document."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from pypdf import PdfWriter

from pipeline.cli import cli
from pipeline.errors import ExitCode
from pipeline.i18n import activate
from pipeline.signing import sign
from tests.fixtures import ROOT

FIELD = "podpis_przewodniczacy"
_README_ROW = re.compile(r"^\| (\d+) \| (.+) \|$")


def _table(document: str, after: str) -> dict[int, str]:
    """The code table that follows ``after`` in a Markdown document."""
    text = (ROOT / document).read_text(encoding="utf-8")
    section = text.partition(after)[2].partition("\n## ")[0]
    return {
        int(found.group(1)): found.group(2).replace("`", "")
        for line in section.splitlines()
        if (found := _README_ROW.match(line))
    }


def test_every_code_is_distinct_and_in_the_readme_table():
    assert len({int(code) for code in ExitCode}) == len(ExitCode)
    assert _table("README.md", "## Exit codes\n") == {int(c): c.meaning for c in ExitCode}
    assert ExitCode.CONVERSION != ExitCode.SIGNATURE_UNTRUSTED != ExitCode.SIGNATURE_CHANGED
    assert ExitCode.INTERRUPTED == 130


def test_the_guide_has_the_same_table_in_polish():
    activate("pl")
    guide = _table("docs/przewodnik.md", "Kody zakończenia (")
    assert guide == {int(code): code.meaning for code in ExitCode}


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_help_lists_every_code_in_the_interface_language(runner, lang):
    result = runner.invoke(cli, ["--lang", lang, "--help"], prog_name="konwent")
    assert result.exit_code == 0
    shown = " ".join(result.output.split())
    activate(lang)
    for code in ExitCode:
        assert f" {int(code)} {code.meaning}" in shown, (code, result.output)
    assert ("Kody zakończenia:" in shown) == (lang == "pl")


@pytest.mark.parametrize(
    ("codes", "wins"),
    [
        ((), ExitCode.OK),
        ((ExitCode.OK, ExitCode.WARNINGS), ExitCode.WARNINGS),
        ((ExitCode.PARTIAL, ExitCode.WARNINGS), ExitCode.PARTIAL),
        ((ExitCode.PARTIAL, ExitCode.CONVERSION), ExitCode.CONVERSION),
        ((ExitCode.SIGNATURE_UNTRUSTED, ExitCode.SIGNATURE_CHANGED), ExitCode.SIGNATURE_CHANGED),
        ((ExitCode.ARCHIVE, ExitCode.CONVERSION, ExitCode.INPUT), ExitCode.ARCHIVE),
        ((ExitCode.SIGNATURE_CHANGED, ExitCode.INTERRUPTED), ExitCode.INTERRUPTED),
    ],
    ids=["nothing", "warnings", "partial", "conversion", "changed", "archive", "interrupted"],
)
def test_the_most_severe_outcome_wins(codes, wins):
    assert ExitCode.most_severe(codes) is wins


@pytest.fixture
def signed_pdf(tmp_path, pki) -> Path:
    """A one-page PDF whose one signature field is signed."""
    pdf = tmp_path / "uchwala.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with pdf.open("wb") as out:
        writer.write(out)
    with pdf.open("rb+") as handle:
        fields = IncrementalPdfFileWriter(handle, strict=False)
        append_signature_field(fields, SigFieldSpec(FIELD, box=(50, 50, 250, 110)))
        fields.write_in_place()
    sign(pdf, FIELD, pki.signer_p12, pki.password)
    return pdf


def _changed_after_signing(pdf: Path) -> None:
    data = pdf.read_bytes()
    assert data.count(b"/MediaBox [ 0 0 595 842 ]") == 1
    pdf.write_bytes(data.replace(b"/MediaBox [ 0 0 595 842 ]", b"/MediaBox [ 0 0 595 843 ]"))


def test_verify_trusted_untrusted_and_changed_each_have_their_code(runner, signed_pdf, pki):
    trusted = runner.invoke(cli, ["verify", str(signed_pdf), "--trust", str(pki.ca_cert)])
    assert trusted.exit_code == ExitCode.OK == 0, trusted.output
    untrusted = runner.invoke(cli, ["verify", str(signed_pdf)])
    assert untrusted.exit_code == ExitCode.SIGNATURE_UNTRUSTED == 6, untrusted.output
    _changed_after_signing(signed_pdf)
    changed = runner.invoke(cli, ["verify", str(signed_pdf), "--trust", str(pki.ca_cert)])
    assert changed.exit_code == ExitCode.SIGNATURE_CHANGED == 7, changed.output


def test_verify_codes_from_a_real_process(signed_pdf):
    untrusted = subprocess.run(
        [sys.executable, "-m", "pipeline", "verify", str(signed_pdf)], capture_output=True
    )
    assert untrusted.returncode == 6, untrusted.stderr
    _changed_after_signing(signed_pdf)
    changed = subprocess.run(
        [sys.executable, "-m", "pipeline", "verify", str(signed_pdf)], capture_output=True
    )
    assert changed.returncode == 7, changed.stderr
