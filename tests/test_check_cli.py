"""`konwent check`: all problems grouped by file, a summary, exit codes, JSON; build refuses."""

from __future__ import annotations

import json
import subprocess
import sys

from pipeline.build import checked
from pipeline.cli import cli
from pipeline.errors import Severity
from tests.editing import Edit

MEETING = "posiedzenia/2026-06-12-zjazd.yaml"
COMMUNIQUE = "komunikaty/2026-07-komunikat.yaml"


def _break_two_files(example) -> None:
    Edit(MEETING, "      za: 8\n", "      za: 12\n").apply(example)
    Edit("czlonkowie.csv", "Zamość;lubelskie;", "Zamość;mazowieckie;").apply(example)


def _line(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def _warn(example) -> None:
    Edit(COMMUNIQUE, "podpisuje: Małgorzata Żółkiewska", "podpisuje: Jan Kowalski").apply(example)


def test_clean_inputs_exit_zero(runner, example):
    result = runner.invoke(cli, ["check", str(example)])
    assert result.exit_code == 0
    assert result.stdout == f"{example}: no problems found\n"
    assert result.stderr == ""


def test_problems_are_grouped_by_file_with_line_path_and_rule(runner, example):
    _break_two_files(example)
    _warn(example)
    result = runner.invoke(cli, ["check", str(example)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    signed, votes = _line(example / COMMUNIQUE, "podpisuje"), _line(example / MEETING, "za: 12")
    assert lines == [
        f"konwent: error: {example / 'czlonkowie.csv'}:6: wojewodztwo: a zwyczajny member must "
        "have its seat in the lubelskie voivodeship (Art. 2 ust. 1 pkt 1)",
        f"konwent: warning: {example / COMMUNIQUE}:{signed}: podpisuje: the council's "
        "communiqués are signed by its chair (Małgorzata Żółkiewska) (Art. 3 ust. 9 pkt 5)",
        f"konwent: error: {example / MEETING}:{votes}: uchwaly[1].glosowanie: 13 votes cast "
        "(za 12, przeciw 0, wstrzymało się 1), but only 9 members entitled to vote are present "
        "(Art. 3 ust. 6)",
    ]
    assert result.stdout == "2 errors, 1 warning in 3 files\n"


def test_warnings_alone_pass_unless_strict(runner, example):
    _warn(example)
    assert runner.invoke(cli, ["check", str(example)]).exit_code == 0
    strict = runner.invoke(cli, ["check", str(example), "--strict"])
    assert strict.exit_code == 1
    assert strict.stdout == "0 errors, 1 warning in 1 file\n"


def test_json_for_scripts(runner, example):
    _break_two_files(example)
    result = runner.invoke(cli, ["check", str(example), "--format", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert (data["errors"], data["warnings"], data["exit_code"]) == (2, 0, 2)
    vote = next(p for p in data["problems"] if p["path"] == "uchwaly[1].glosowanie")
    assert (
        vote["line"] == _line(example / MEETING, "za: 12")
        and vote["rule"] == "Art. 3 ust. 6"
        and vote["severity"] == "error"
    )
    assert vote["file"] == str(example / MEETING)


def test_build_refuses_on_rule_errors_and_writes_nothing(runner, example, tmp_path):
    _break_two_files(example)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(example), "--out", str(out)])
    assert result.exit_code == 2
    assert "(Art. 3 ust. 6)" in result.stderr and "(Art. 2 ust. 1 pkt 1)" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_build_step_lets_warnings_through(example):
    _warn(example)
    konwent, warnings = checked(example)
    assert konwent.organisation.profile.value == "regionalny"
    assert [w.severity for w in warnings] == [Severity.WARNING]


def test_check_as_a_real_subprocess(example):
    _break_two_files(example)
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--lang", "en", "check", str(example)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.count("konwent: error: ") == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == "2 errors, 0 warnings in 2 files\n"
