"""Signing finals in the archive: each signature recorded, the archive still verifiable."""

from __future__ import annotations

import io
import json
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from pipeline import archive, pdfa
from pipeline.approvals import FinalizeOptions, approve, finalize
from pipeline.cli import cli
from pipeline.review import ReviewOptions, review
from pipeline.signing import field_names, sign
from tests.fixtures import EXAMPLE_INPUTS

pytestmark = pytest.mark.slow
PROTOCOL = "2026/2026-06-12-zjazd/protokol-1-2026.pdf"


@pytest.fixture(scope="module")
def finalized(tmp_path_factory) -> Path:
    """The bundled example approved and finalized once, with the real LibreOffice."""
    base = tmp_path_factory.mktemp("finalized")
    inputs, out, arch = base / "inputs", base / "out", base / "archiwum"
    shutil.copytree(EXAMPLE_INPUTS, inputs)
    review(ReviewOptions(inputs=inputs, outputs=out, archive=arch))
    approve(out, [], "Małgorzata Żółkiewska", everything=True)
    finalize(FinalizeOptions(inputs=inputs, outputs=out, archive=arch))
    return arch


@pytest.fixture
def arch(finalized, tmp_path) -> Path:
    """A private copy of the finalized archive (finals stay read-only)."""
    return Path(shutil.copytree(finalized, tmp_path / "archiwum"))


def _entry(arch: Path) -> dict:
    return json.loads((arch / "manifest.json").read_text(encoding="utf-8"))["files"][PROTOCOL]


def _p12(field: str, pki) -> Path:
    """The certificate of the person printed under ``field``: the recorder's or the chair's."""
    return pki.clerk_p12 if field.endswith("podpis_protokolant") else pki.signer_p12


def _sign(runner, pdf: Path, field: str, pki):
    args = ["sign", str(pdf), "--field", field, "--p12", str(_p12(field, pki))]
    return runner.invoke(cli, [*args, "--password", pki.password])


def _signed_by_both(runner, arch: Path, pki) -> Path:
    pdf = arch / PROTOCOL
    for field in field_names(pdf, signed=False):
        result = _sign(runner, pdf, field, pki)
        assert result.exit_code == 0, result.stderr
        assert "recorded in" in result.output
    return pdf


def _verify(runner, arch: Path):
    return runner.invoke(cli, ["archive", "verify", str(arch)])


def test_both_fields_signed_in_the_archive_verify_clean(runner, arch, pki):
    original = _entry(arch)
    pdf = _signed_by_both(runner, arch, pki)
    check = _verify(runner, arch)
    assert check.exit_code == 0, check.stderr
    shown = runner.invoke(cli, ["verify", str(pdf), "--trust", str(pki.ca_cert)])
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert len(lines) == 2 and all(line.endswith(": intact, certificate trusted") for line in lines)
    assert "signed by Anna Łęczyńska" not in shown.output  # the certificate's name, as issued
    assert {"signed by ANNA LECZYNSKA", "signed by Małgorzata Żółkiewska"} <= {
        line.split(": ")[1] for line in lines
    }
    assert pdfa.check(pdf) == []
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o444  # still read-only
    entry = _entry(arch)
    assert (entry["sha256"], entry["size"]) == (original["sha256"], original["size"])  # history
    states = entry["signatures"]
    assert sorted(s["field"] for s in states) == sorted(field_names(pdf))
    signers = {s["field"]: s["signer"] for s in states}
    assert "ANNA LECZYNSKA" in signers["podpis_protokolant"]
    assert "Małgorzata Żółkiewska" in signers["podpis_przewodniczacy"]
    assert original["size"] < states[0]["size"] < states[1]["size"] == pdf.stat().st_size
    assert states[1]["sha256"] == archive.sha256_file(pdf)
    head = pdf.read_bytes()[: original["size"]]
    assert archive.hashlib.sha256(head).hexdigest() == original["sha256"]  # unsigned is a prefix


def _rewrite(pdf: Path, data: bytes) -> None:
    pdf.chmod(0o644)
    pdf.write_bytes(data)


def test_a_flipped_byte_in_a_signed_final_is_changed(runner, arch, pki):
    pdf = _signed_by_both(runner, arch, pki)
    data = bytearray(pdf.read_bytes())
    data[len(data) // 3] ^= 0x01  # inside the unsigned final's bytes
    _rewrite(pdf, bytes(data))
    result = _verify(runner, arch)
    assert result.exit_code == 4
    assert f"{pdf}: changed: its sha256 differs from the manifest" in result.stderr


def test_junk_appended_to_a_signed_final_is_changed(runner, arch, pki):
    pdf = _signed_by_both(runner, arch, pki)
    _rewrite(pdf, pdf.read_bytes() + b"\n%junk appended\n")
    result = _verify(runner, arch)
    assert result.exit_code == 4
    assert f"{pdf}: changed: its sha256 differs from the manifest" in result.stderr
    refused = runner.invoke(cli, ["archive", "record", str(pdf)])
    assert refused.exit_code == 4 and "not the recorded file with valid signatures" in (
        refused.stderr
    )
    assert "signatures" not in _entry(arch) or len(_entry(arch)["signatures"]) == 2


def test_signed_outside_konwent_is_reported_then_recorded(runner, arch, pki):
    pdf = arch / PROTOCOL
    original = _entry(arch)
    field = field_names(pdf, signed=False)[0]
    pdf.chmod(0o644)
    # as a signing app would, unknown to konwent, and with the chair's certificate
    sign(pdf, field, pki.signer_p12, pki.password, on_behalf=True)
    result = _verify(runner, arch)
    assert result.exit_code == 4
    appended = pdf.stat().st_size - original["size"]
    assert f"{pdf}: signed outside konwent: {appended} bytes appended" in result.stderr
    assert f"konwent archive record {pdf}" in result.stderr
    recorded = runner.invoke(cli, ["archive", "record", str(pdf)])
    assert recorded.exit_code == 0, recorded.stderr
    assert f"recorded {field}" in recorded.output
    assert field.endswith("podpis_protokolant")  # Anna Łęczyńska's field, signed by the chair
    warning = f"konwent: warning: {pdf}: field {field} is for Anna Łęczyńska, but the certificate"
    assert warning in recorded.stderr and "Małgorzata Żółkiewska" in recorded.stderr
    assert _verify(runner, arch).exit_code == 0
    entry = _entry(arch)
    assert entry["sha256"] == original["sha256"] and entry["signatures"][0]["field"] == field


def _retitle(pdf: Path) -> None:
    """Append a revision that changes the document's title: an edit, not a signature."""
    with open(pdf, "rb") as handle:
        writer = IncrementalPdfFileWriter(handle, strict=False)
        info = writer.trailer["/Info"].get_object()
        info["/Title"] = generic.TextStringObject("Podmieniony tytuł")
        writer.update_container(info)
        buffer = io.BytesIO()
        writer.write(buffer)
    _rewrite(pdf, buffer.getvalue())


def test_an_edit_appended_before_a_valid_signature_is_changed(runner, arch, pki):
    pdf = arch / PROTOCOL
    _retitle(pdf)
    sign(pdf, field_names(pdf, signed=False)[0], pki.signer_p12, pki.password, on_behalf=True)
    result = _verify(runner, arch)
    assert result.exit_code == 4
    assert f"{pdf}: changed: its sha256 differs from the manifest" in result.stderr
    assert runner.invoke(cli, ["archive", "record", str(pdf)]).exit_code == 4


def test_a_changed_final_is_not_signed(runner, arch, pki):
    pdf = arch / PROTOCOL
    _rewrite(pdf, pdf.read_bytes() + b"junk")
    result = _sign(runner, pdf, field_names(pdf, signed=False)[0], pki)
    assert result.exit_code == 4 and "not as the manifest records it" in result.stderr
    assert pdf.read_bytes().endswith(b"junk") and not _entry(arch).get("signatures")


def test_sign_an_archived_final_as_a_user_runs_it(arch, pki):
    pdf = arch / PROTOCOL
    field = field_names(pdf, signed=False)[0]
    command = [sys.executable, "-m", "pipeline", "--lang", "en", "sign", str(pdf), "--field",
               field, "--p12", str(_p12(field, pki)), "--password", pki.password]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"recorded in {arch.resolve() / 'manifest.json'}" in done.stdout
    assert archive.verify(arch).ok


def test_finalize_again_after_signing_keeps_the_signed_final(runner, finalized, arch, pki):
    pdf = _signed_by_both(runner, arch, pki)
    signed = pdf.read_bytes()
    base = finalized.parent
    again = finalize(FinalizeOptions(inputs=base / "inputs", outputs=base / "out", archive=arch))
    assert again.placed == [] and pdf.read_bytes() == signed
    assert archive.verify(arch).ok
