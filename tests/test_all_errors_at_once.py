"""Every error at once: bad register rows hide no rule finding, and the admission check names the
declaration it is about and gives the real reason."""

from __future__ import annotations

import re

from pipeline.cli import cli
from tests.editing import Append, Edit

REGISTER = "czlonkowie.csv"
BILGORAJ = "deklaracje/2026-cis-bilgoraj.yaml"
BILGORAJ_ROW = (
    "CIS-BILGORAJ;Centrum Integracji Społecznej „Źródło” w Biłgoraju;zwyczajny;CIS;"
    "ul. Kościuszki 47;23-400;Biłgoraj;lubelskie;6472803850;308414855;0000512233;"
    "CIS/LUB/24/2025;2025-11-03;Stowarzyszenie „Źródło”;Łucja Gąsiorowska;kierownik Centrum;"
    "l.gasiorowska@cis.bilgoraj.pl;+48 84 686 41 20;5/2026;2026-10-20\n"
)
THREE_BAD_ROWS = (
    Edit(REGISTER, ";5260181596;", ";5260181597;"),  # row 2: NIP check digit
    Edit(REGISTER, "Zamość;lubelskie;", "Zamość;lubelskiee;"),  # row 6: voivodeship
    Edit(REGISTER, ";2018-03-22;", ";31.04.2018;"),  # row 10: no 31 April
)
MEETING = "posiedzenia/2026-06-12-zjazd.yaml"
BAD_ROW_LINES = [
    "czlonkowie.csv:2: nip: not a valid NIP: its check digit does not match (value: „5260181597”)",
    "czlonkowie.csv:6: wojewodztwo: not an allowed value; did you mean „lubelskie”? "
    "(value: „lubelskiee”)",
    "czlonkowie.csv:10: data_wpisu: impossible date: April 2018 has 30 days (value: „31.04.2018”)",
]
_PROBLEM = re.compile(r"^konwent: error: (.+?):(\d+): (\S+): (.*)$")


def _located_errors(stderr: str) -> list[str]:
    """'file:row: column: message' of every located error line (the rows' value lists aside)."""
    found = []
    for line in stderr.splitlines():
        if (match := _PROBLEM.match(line)) and not match.group(4).startswith("row not read"):
            found.append(line.removeprefix("konwent: error: "))
    return found


def _check(runner, example, monkeypatch) -> list[str]:
    monkeypatch.chdir(example)
    result = runner.invoke(cli, ["check", "."], prog_name="konwent")
    assert result.exit_code == 2, result.output
    return _located_errors(result.stderr)


def test_three_bad_rows_and_a_reused_id_are_reported_together(runner, example, monkeypatch):
    for edit in THREE_BAD_ROWS:
        edit.apply(example)
    Edit(BILGORAJ, "id: CIS-BILGORAJ", "id: KIS-SWIDNIK").apply(example)
    found = _check(runner, example, monkeypatch)
    assert found == [
        *BAD_ROW_LINES,
        "deklaracje/2026-cis-bilgoraj.yaml:3: czlonek.id: „KIS-SWIDNIK” is the id of a current "
        "member (Klub Integracji Społecznej w Świdniku, row 4 of the register); give the "
        "newcomer an id of its own (Art. 3 ust. 9 pkt 3)",
    ]


def test_three_bad_rows_and_a_newcomer_no_resolution_admits(runner, example, monkeypatch):
    """Before, while any row was unreadable, this admission error stayed silent."""
    for edit in THREE_BAD_ROWS:
        edit.apply(example)
    Append(REGISTER, BILGORAJ_ROW).apply(example)
    found = _check(runner, example, monkeypatch)
    assert found == [
        *BAD_ROW_LINES,
        "czlonkowie.csv:14: id: „CIS-BILGORAJ” (declaration deklaracje/2026-cis-bilgoraj.yaml) "
        "is in the register, but no adopted resolution of a council meeting admits it "
        "(przyjmuje_czlonkow) (Art. 3 ust. 9 pkt 3)",
    ]


def test_a_broken_meeting_file_silences_only_what_it_could_hold(runner, example, monkeypatch):
    """The admitting resolution may be in the meeting that failed to load: no admission error
    then, but the bad rows and the meeting's own error are all reported."""
    for edit in THREE_BAD_ROWS:
        edit.apply(example)
    Append(REGISTER, BILGORAJ_ROW).apply(example)
    Edit(MEETING, 'godzina: "10:00"', 'godzina: "10.00"').apply(example)
    found = _check(runner, example, monkeypatch)
    assert found == [
        *BAD_ROW_LINES,
        f"{MEETING}:4: godzina: has the wrong format (expected an hour HH:MM)",
    ]


def test_an_unreadable_register_hides_no_meeting_rule(runner, example, monkeypatch):
    """A register whose header is broken cannot be read at all; the meeting's own rules still run,
    and no member is called unknown because of it."""
    Edit(REGISTER, "id;nazwa;rodzaj;", "identyfikator;nazwa;rodzaj;").apply(example)
    Edit(MEETING, "      za: 7\n", "      za: 31\n").apply(example)
    found = _check(runner, example, monkeypatch)
    assert found[0] == "czlonkowie.csv:1: identyfikator: unknown column"
    assert "czlonkowie.csv:1: id: required column is missing" in found
    votes = [line for line in found if line.startswith(f"{MEETING}:") and "za 31" in line]
    assert votes and "uchwaly[2].glosowanie" in votes[0], found
    assert not any("not in the member register" in line for line in found), found
