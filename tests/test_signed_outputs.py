"""A PDF in the outputs folder that carries a signature is never overwritten by a build."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.signing import field_names, sign
from tests.certs import make_pki

pytestmark = pytest.mark.slow
MEETING = "2026-06-12-zjazd"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _build(inputs: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "build", str(inputs), "--out", str(out)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def test_a_signed_resolution_and_packet_survive_a_rebuild(example, tmp_path):
    out = tmp_path / "out"
    assert _build(example, out).returncode == 0
    resolution = out / MEETING / "uchwala-1-2026.pdf"
    packet = out / MEETING / f"pakiet-{MEETING}.pdf"
    (tmp_path / "pki").mkdir()
    pki = make_pki(tmp_path / "pki")
    for pdf in (resolution, packet):
        sign(pdf, field_names(pdf, signed=False)[0], pki.signer_p12, pki.password, on_behalf=True)
    signed = {pdf: _sha(pdf) for pdf in (resolution, packet)}
    for pdf in signed:  # poppler, an implementation independent of the one that signed
        report = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, check=True)
        assert "Signature Validation: Signature is Valid." in report.stdout
        assert "Total document signed" in report.stdout

    unchanged = _build(example, out)  # nothing changed: nothing made, no new version
    assert unchanged.returncode == 0, unchanged.stderr
    assert {pdf: _sha(pdf) for pdf in signed} == signed
    assert not list(out.rglob("*-wersja-*.pdf"))

    meeting = example / "posiedzenia" / f"{MEETING}.yaml"
    data = yaml.safe_load(meeting.read_text(encoding="utf-8"))
    data["uchwaly"][0]["postanowienia"][1] = "Wykonanie uchwały powierza się Radzie Konwentu."
    meeting.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    rebuilt = _build(example, out)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert {pdf: _sha(pdf) for pdf in signed} == signed  # untouched
    for pdf in signed:
        beside = pdf.with_name(f"{pdf.stem}-wersja-2.pdf")
        assert beside.is_file() and field_names(beside, signed=True) == []
        assert str(pdf) in rebuilt.stderr and str(beside) in rebuilt.stderr
    unsigned = out / MEETING / "uchwala-2-2026.pdf"
    assert not unsigned.with_name("uchwala-2-2026-wersja-2.pdf").exists()
