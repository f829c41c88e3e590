"""Bad input: located messages on stderr, exit code 2, no traceback, all problems at once
(a build with a broken meeting file alone builds the rest: tests/test_partial_build.py)."""

from __future__ import annotations

import shlex
import subprocess
import sys

import click
import pytest

from pipeline.cli import cli


def _drop_line(path, startswith: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(startswith)]
    path.write_text("".join(kept), encoding="utf-8")


def _first_key_line(path) -> int:
    """Where a missing top-level field is reported: the line of the file's first key."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.strip() and not text.startswith("#"))


def test_missing_required_field_is_located(runner, example, tmp_path):
    meeting = example / "posiedzenia" / "2026-06-12-zjazd.yaml"
    _drop_line(meeting, "protokolant:")
    result = runner.invoke(cli, ["check", str(example)])
    assert result.exit_code == 2
    line = _first_key_line(meeting)
    assert (
        f"konwent: error: {meeting}:{line}: protokolant: required field is missing\n"
        == result.stderr
    )
    assert "Traceback" not in result.stderr
    assert result.stdout == "1 error, 0 warnings in 1 file\n"


def test_nested_field_error_names_path_and_line(runner, example, tmp_path):
    meeting = example / "posiedzenia" / "2026-06-12-zjazd.yaml"
    text = meeting.read_text(encoding="utf-8").replace("      za: 7\n", "      za: siedem\n")
    meeting.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      za: siedem") + 1
    result = runner.invoke(cli, ["check", str(example)])
    assert result.exit_code == 2
    assert f"{meeting}:{line}: uchwaly[2].glosowanie.za: expected a whole number" in result.stderr


def test_yaml_syntax_error_gives_file_and_line(runner, example, tmp_path):
    org = example / "konwent.yaml"
    org.write_text("profil: regionalny\nnazwa: [niedomknięta\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(example), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"konwent: error: {org}:2: column 8: a “[” that is not closed" in result.stderr
    assert "Traceback" not in result.stderr


def test_all_errors_of_all_files_are_reported_together(runner, example, tmp_path):
    meeting = example / "posiedzenia" / "2026-06-12-zjazd.yaml"
    _drop_line(meeting, "miejscowosc:")
    declaration = example / "deklaracje" / "2026-kis-leczna.yaml"
    declaration.write_text(
        declaration.read_text(encoding="utf-8").replace("21-010", "21010"), encoding="utf-8"
    )
    register = example / "czlonkowie.csv"
    rows = register.read_text(encoding="utf-8").splitlines()
    rows[3] = rows[3].replace(";lubelskie;", ";lubelszczyzna;")
    register.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(example), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert len(errors) == 4, result.stderr
    line = _first_key_line(meeting)
    assert f"konwent: error: {meeting}:{line}: miejscowosc: required field is missing" in errors
    assert any(
        "2026-kis-leczna.yaml:9: czlonek.adres.kod_pocztowy: has the wrong format "
        "(expected a postal code NN-NNN)" in e
        for e in errors
    )
    assert any(f"{register}:4: wojewodztwo: must be one of:" in e for e in errors)
    assert any(
        f"{register}:4: row not read; its values: id=KIS-SWIDNIK;" in e
        and "wojewodztwo=lubelszczyzna;" in e
        for e in errors
    )


def test_error_as_a_real_subprocess_has_no_traceback(example, tmp_path):
    _drop_line(example / "konwent.yaml", "nazwa:")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "--lang",
            "en",
            "build",
            str(example),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"konwent: error: {example / 'konwent.yaml'}:")
    assert ": nazwa: required field is missing" in result.stderr
    assert "Traceback" not in result.stderr


def _commands(group=cli, path=()):
    """Every command path of the CLI, the top-level group included."""
    yield path
    for name, command in getattr(group, "commands", {}).items():
        yield from _commands(command, (*path, name))


@pytest.mark.parametrize(("lang", "heading"), [("pl", "Przykład:"), ("en", "Example:")])
def test_every_command_help_ends_with_a_real_example(runner, lang, heading):
    for path in _commands():
        result = runner.invoke(cli, ["--lang", lang, *path, "--help"], prog_name="konwent")
        assert result.exit_code == 0, path
        help_text = result.output.rstrip("\n")
        assert heading in help_text, (path, help_text)
        examples = help_text.rpartition(heading)[2].strip().splitlines()
        assert examples, path
        for example in examples:
            words = shlex.split(example)
            assert words[0] == "konwent" and words[1 : 1 + len(path)] == list(path), example
            _assert_parses(words[1:])


def _assert_parses(words: list[str]) -> None:
    """A real example: it names a command, and click accepts its arguments as they stand."""
    command, rest = cli, words
    while isinstance(command, click.Group) and rest and rest[0] in command.commands:
        command, rest = command.commands[rest[0]], rest[1:]
    assert not isinstance(command, click.Group), words
    # Files an example names need not exist here; its options must.
    command.make_context(command.name, rest, resilient_parsing=True)
    known = {name for param in command.params for name in param.opts + param.secondary_opts}
    assert {w.partition("=")[0] for w in rest if w.startswith("--")} <= known, words
