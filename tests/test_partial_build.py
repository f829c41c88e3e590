"""A file with errors does not stop the build; --only builds one meeting, declaration or group."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from pipeline.build import BuildOptions, build
from pipeline.cli import cli
from pipeline.errors import ExitCode, InputError
from pipeline.held import buildable
from tests.conftest import pdf_text
from tests.fixtures import EXAMPLE_INPUTS

MEETING = "2026-06-12-zjazd"
LATER = "2026-11-20-zjazd"


def _stamps(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file() and ".konwent" not in p.parts
    }


def _draft(pdf: Path) -> bool:
    """Whether the PDF carries the draft mark (set diagonally: pypdf reads it, without spaces)."""
    return "PROJEKT" in "".join(PdfReader(pdf).pages[0].extract_text().split())


def _broken_with_a_later_meeting(inputs: Path) -> None:
    """The example's meeting with a misspelt key, and a later members' meeting (its copy)."""
    meeting = inputs / "posiedzenia" / f"{MEETING}.yaml"
    text = meeting.read_text(encoding="utf-8")
    later = text.replace("data: 2026-06-12", "data: 2026-11-20", 1)
    (inputs / "posiedzenia" / f"{LATER}.yaml").write_text(later, encoding="utf-8")
    meeting.write_text(text.replace("protokolant:", "protokolantka:", 1), encoding="utf-8")


@pytest.mark.slow
def test_a_broken_meeting_is_skipped_and_the_rest_is_built(example, tmp_path):
    _broken_with_a_later_meeting(example)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(example), "--out", str(out)])
    assert result.exit_code == ExitCode.PARTIAL == 5, result.output
    broken = f"posiedzenia/{MEETING}.yaml"
    assert f"skipped (errors): {example / broken}" in result.output
    assert f"{broken}:9: protokolantka: unknown field" in result.output
    for waiting in (f"posiedzenia/{LATER}.yaml", "komunikaty/2026-07-komunikat.yaml"):
        line = f"waiting: {example / waiting}: waits for {example / broken}"
        assert line in result.output
    assert "built in part: 3 files skipped or waiting" in result.output
    text = pdf_text(out / "deklaracje" / "pakiet-deklaracje.pdf")
    assert "Klub Integracji Społecznej w Łęcznej" in text and "Biłgoraj" in text
    assert (out / "zawiadomienia" / "zawiadomienie-2026-10-20-rada.pdf").is_file()
    assert not (out / MEETING).exists() and not (out / LATER).exists()
    assert not (out / "komunikaty").exists()


def test_a_meeting_whose_date_cannot_be_read_holds_every_numbered_document(example):
    meeting = example / "posiedzenia" / f"{MEETING}.yaml"
    meeting.write_text("rodzaj: zjazd\ndata: [\n", encoding="utf-8")  # a YAML syntax error
    konwent, _warnings, held = buildable(example)
    assert list(held.skipped) == [str(meeting)]
    assert list(held.waiting) == [str(example / "komunikaty" / "2026-07-komunikat.yaml")]
    assert len(konwent.declarations) == 2 and len(konwent.notices) == 1
    assert not konwent.meetings and not konwent.communiques


def test_only_what_is_numbered_after_a_broken_meeting_waits(example):
    """A meeting that loads but breaks a rule: the numbers its documents would take are known,
    and a communiqué of the council issued before it does not wait."""
    meeting = example / "posiedzenia" / f"{MEETING}.yaml"
    text = meeting.read_text(encoding="utf-8")
    wrong_year = text.replace("data: 2026-06-12", "data: 2026-06-12\nnumer_protokolu: 1/2025")
    meeting.write_text(wrong_year, encoding="utf-8")
    communique = example / "komunikaty" / "2026-07-komunikat.yaml"
    text = communique.read_text(encoding="utf-8")
    communique.write_text(text.replace("data: 2026-07-", "data: 2026-05-", 1), "utf-8")
    konwent, _warnings, held = buildable(example)
    assert [p.path for p in held.skipped[str(meeting)]] == ["numer_protokolu"]
    assert not held.waiting and held.meetings == {MEETING}
    assert len(konwent.communiques) == 1 and not konwent.meetings


def test_an_error_in_the_organisation_file_stops_everything(example, tmp_path):
    organisation = example / "konwent.yaml"
    organisation.write_text(organisation.read_text("utf-8").replace("profil:", "profl:"), "utf-8")
    result = CliRunner().invoke(cli, ["build", str(example), "--out", str(tmp_path / "out")])
    assert result.exit_code == ExitCode.INPUT, result.output
    assert "konwent.yaml" in result.output and not (tmp_path / "out").exists()
    with pytest.raises(InputError):
        buildable(example)


def test_an_unknown_id_lists_the_ids_that_exist(example, tmp_path):
    args = ["build", str(example), "--out", str(tmp_path / "out"), "--only", "2026-06-13-zjazd"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == ExitCode.INPUT, result.output
    assert "--only: unknown id 2026-06-13-zjazd; the ids are: " in result.output
    for known in (MEETING, "deklaracja-cis-bilgoraj", "deklaracje", "komunikaty"):
        assert known in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_only_one_meeting_or_declaration_leaves_the_others_untouched(built, tmp_path):
    out = Path(shutil.copytree(built[0], tmp_path / "out"))
    before = _stamps(out)
    options = BuildOptions(inputs=EXAMPLE_INPUTS, outputs=out, draft=True, only=(MEETING,))
    build(options)  # every document's key changes with --draft; only the meeting's are made
    after = _stamps(out)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed and all(name.startswith(f"{MEETING}/") for name in changed)
    assert f"{MEETING}/pakiet-{MEETING}.pdf" in changed
    assert _draft(out / MEETING / "uchwala-1-2026.pdf")
    assert not _draft(out / "deklaracje" / "deklaracja-kis-leczna.pdf")

    args = ["build", str(EXAMPLE_INPUTS), "--out", str(out), "--draft"]
    result = CliRunner().invoke(cli, [*args, "--only", "deklaracja-kis-leczna"])
    assert result.exit_code == 0, result.output
    again = _stamps(out)
    changed = {name for name in again if again[name] != after[name]}
    assert changed == {"deklaracje/deklaracja-kis-leczna.pdf"}  # the mark is on the PDF only
    assert _draft(out / "deklaracje" / "deklaracja-kis-leczna.pdf")

    result = CliRunner().invoke(cli, args)  # the rest is made now, the meeting is up to date
    assert result.exit_code == 0, result.output
    final = _stamps(out)
    remade = {name for name in final if final[name] != again[name]}
    assert "deklaracje/pakiet-deklaracje.pdf" in remade
    assert "deklaracje/deklaracja-kis-leczna.pdf" not in remade
    assert not any(name.startswith(f"{MEETING}/") for name in remade)


def test_a_waiting_meeting_named_by_only_is_built_by_nobody(example, tmp_path):
    """The command as a user types it, in Polish: the meeting waits, with the reason."""
    _broken_with_a_later_meeting(example)
    out = tmp_path / "out"
    env = {**os.environ, "LANGUAGE": "pl", "LANG": "pl_PL.UTF-8"}
    command = [sys.executable, "-m", "pipeline", "build", str(example), "--out", str(out)]
    done = subprocess.run([*command, "--only", LATER], capture_output=True, text=True, env=env)
    assert done.returncode == 5, done.stderr
    assert f"czeka: {example / 'posiedzenia' / (LATER + '.yaml')}: czeka na" in done.stderr
    assert "zbudowano część: 3 pliki pominięte albo czekające" in done.stderr
    assert not (out / LATER).exists()
    done = subprocess.run([*command, "--only", MEETING], capture_output=True, text=True, env=env)
    assert done.returncode == 5, done.stderr  # the broken meeting is known, and skipped
    assert f"pominięto (błędy): {example / 'posiedzenia' / (MEETING + '.yaml')}" in done.stderr


@pytest.mark.slow
def test_the_files_of_a_skipped_meeting_stay_until_it_is_fixed(example, tmp_path):
    out = tmp_path / "out"
    build(BuildOptions(inputs=example, outputs=out))
    before = _stamps(out)
    meeting = example / "posiedzenia" / f"{MEETING}.yaml"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace("protokolant:", "protokolantka:", 1), encoding="utf-8")
    result = build(BuildOptions(inputs=example, outputs=out))
    assert set(result.held.skipped) == {str(meeting)}
    assert not result.removed and _stamps(out) == before  # nothing else changed: nothing made
    meeting.write_text(text, encoding="utf-8")
    result = build(BuildOptions(inputs=example, outputs=out))
    assert not result.held and not result.removed and _stamps(out) == before


def test_a_failed_conversion_wins_and_the_held_files_are_named(example, tmp_path, monkeypatch):
    """Exit code 3 (more severe than 5), with the skipped file listed as well."""
    import pipeline.produce

    def make_nothing(docs, *_args, **_kwargs) -> dict:
        return {tmp_path / "out" / f"{docs[0].stem}.pdf": "LibreOffice did not finish"}

    monkeypatch.setattr(pipeline.produce, "make", make_nothing)
    _broken_with_a_later_meeting(example)
    result = CliRunner().invoke(cli, ["build", str(example), "--out", str(tmp_path / "out")])
    assert result.exit_code == ExitCode.CONVERSION, result.output
    assert f"skipped (errors): {example / 'posiedzenia' / (MEETING + '.yaml')}" in result.stderr
    assert "deklaracja-cis-bilgoraj.pdf: LibreOffice did not finish" in result.stderr
