"""A rebuild writes only what changed: nothing at all when nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from pipeline.build import BuildOptions, build
from pipeline.cli import cli

pytestmark = pytest.mark.slow
MEETING = "2026-06-12-zjazd"


def _stamps(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file() and ".konwent" not in p.parts
    }


def test_a_rebuild_with_nothing_changed_writes_no_file(example, tmp_path):
    out = tmp_path / "out"
    first = build(BuildOptions(inputs=example, outputs=out))
    assert len(first.documents) == 22 and len(first.packets) == 4
    before = _stamps(out)
    result = CliRunner().invoke(cli, ["build", str(example), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "nothing changed since the last build" in result.output
    assert _stamps(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".konwent-")]  # no staging left


def test_changing_one_resolution_rewrites_only_what_is_drawn_from_it(example, tmp_path):
    out = tmp_path / "out"
    build(BuildOptions(inputs=example, outputs=out))
    before = _stamps(out)
    meeting = example / "posiedzenia" / f"{MEETING}.yaml"
    data = yaml.safe_load(meeting.read_text(encoding="utf-8"))
    data["uchwaly"][0]["postanowienia"][1] = "Wykonanie uchwały powierza się Radzie Konwentu."
    meeting.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = build(BuildOptions(inputs=example, outputs=out))
    after = _stamps(out)
    rewritten = sorted(name for name in after if after[name] != before.get(name))
    assert rewritten == [
        f"{MEETING}/pakiet-{MEETING}.pdf",
        f"{MEETING}/uchwala-1-2026.docx",
        f"{MEETING}/uchwala-1-2026.pdf",
    ]
    assert len(result.unchanged) >= 10  # the meeting's other documents, made again, identical


def test_a_document_no_longer_in_the_inputs_loses_its_files(example, tmp_path):
    out = tmp_path / "out"
    build(BuildOptions(inputs=example, outputs=out))
    (example / "komunikaty" / "2026-07-komunikat.yaml").unlink()
    result = build(BuildOptions(inputs=example, outputs=out))
    assert not (out / "komunikaty" / "komunikat-2-2026.pdf").exists()
    assert out / "komunikaty" / "komunikat-2-2026.pdf" in result.removed
    assert (out / MEETING / "uchwala-1-2026.pdf").is_file()
