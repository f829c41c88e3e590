"""Membership in time: a member counts from its admission until it leaves; founding members need
no admission resolution; the 2/3 rule counts on the request's date; a document is signed by the
council as it stood on the document's date."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from pipeline import archive
from pipeline.archive import Manifest
from pipeline.cli import cli
from pipeline.register import read_register
from tests.conftest import pdf_text
from tests.editing import Append, Edit, Write, make_national

REGISTER = "czlonkowie.csv"
MEETING = "posiedzenia/2026-06-12-zjazd.yaml"
WLODAWA_ADMITTED = (REGISTER, ";1/2019;2019-04-26;nie;", ";1/2019;{};nie;")
TOMASZOW_ADMITTED = (REGISTER, ";2/2021;2021-05-28;nie;", ";2/2021;{};nie;")
HRUBIESZOW_LEAVES = (REGISTER, ";2/2017;2017-06-09;nie;", ";2/2017;2017-06-09;nie;{}")
SEVEN = "CIS-CHELM, CIS-LUBLIN, KIS-SWIDNIK, KIS-KRASNIK, CIS-ZAMOSC, KIS-LUKOW, CIS-BIALA"


def _edit(edit: tuple[str, str, str], value: str) -> Edit:
    file, old, new = edit
    return Edit(file, old, new.format(value))


def _errors(runner, example, monkeypatch) -> list[str]:
    """'file:line: path: message' of every error ``konwent check`` prints."""
    monkeypatch.chdir(example)
    result = runner.invoke(cli, ["check", "."], prog_name="konwent")
    lines = [line.removeprefix("konwent: error: ") for line in result.stderr.splitlines()]
    found = [line for line in lines if not line.startswith("konwent: ")]
    assert (result.exit_code == 0) == (found == []), result.output
    return found


def _line(example: Path, file: str, marker: str) -> int:
    text = (example / file).read_text(encoding="utf-8")
    return text[: text.index(marker)].count("\n") + 1


def test_a_member_present_before_its_admission_is_a_located_error(runner, example, monkeypatch):
    _edit(WLODAWA_ADMITTED, "2026-09-01").apply(example)
    line = _line(example, MEETING, "czlonek: CIS-WLODAWA")
    assert _errors(runner, example, monkeypatch) == [
        f"{MEETING}:{line}: obecni[9].czlonek: „CIS-WLODAWA” is not a member on 2026-06-12: "
        "it is admitted only on 2026-09-01 (Art. 2 ust. 1)"
    ]


def test_a_member_present_after_leaving_is_a_located_error(runner, example, monkeypatch):
    _edit(HRUBIESZOW_LEAVES, "2026-03-31").apply(example)
    line = _line(example, MEETING, "czlonek: KIS-HRUBIESZOW")
    assert _errors(runner, example, monkeypatch) == [
        f"{MEETING}:{line}: obecni[8].czlonek: „KIS-HRUBIESZOW” is not a member on 2026-06-12: "
        "it left on 2026-03-31 (Art. 2 ust. 1)"
    ]


def test_a_member_leaving_after_the_meeting_still_counts(runner, example, monkeypatch):
    _edit(HRUBIESZOW_LEAVES, "2026-06-13").apply(example)
    assert _errors(runner, example, monkeypatch) == []


def test_members_on_a_date_follow_admission_and_leaving(example):
    _edit(WLODAWA_ADMITTED, "2026-09-01").apply(example)
    _edit(HRUBIESZOW_LEAVES, "2026-03-31").apply(example)
    register, problems = read_register(example / REGISTER)
    assert problems == []

    def ids(day: str) -> set[str]:
        return {m.id for m in register.members_on(dt.date.fromisoformat(day))}

    everyone = {m.id for m in register.members}
    assert ids("2026-03-30") == everyone - {"CIS-WLODAWA"}
    assert ids("2026-03-31") == everyone - {"CIS-WLODAWA", "KIS-HRUBIESZOW"}  # it left that day
    assert ids("2026-09-01") == everyone - {"KIS-HRUBIESZOW"}
    assert "CIS-CHELM" in ids("2014-05-20") and "KIS-KRASNIK" not in ids("2014-05-20")


def test_founding_members_need_no_admission_resolution(runner, example, monkeypatch):
    register, _problems = read_register(example / REGISTER)
    founders = [m for m in register.members if m.founding]
    assert [m.id for m in founders] == ["CIS-CHELM", "CIS-LUBLIN", "KIS-SWIDNIK"]
    assert all(m.admitted_by is None for m in founders)
    assert _errors(runner, example, monkeypatch) == []
    # the same row, no longer marked as founding, needs the resolution that admitted it
    Edit(REGISTER, ";;2014-05-20;tak;\nCIS-LUBLIN", ";;2014-05-20;nie;\nCIS-LUBLIN").apply(example)
    assert _errors(runner, example, monkeypatch) == [
        f"{REGISTER}:2: uchwala_przyjecia: a member enters the register only by a council "
        "resolution: give it (Art. 3 ust. 9 pkt 3)"
    ]


def test_register_dates_that_contradict_each_other_are_located(runner, example, monkeypatch):
    _edit(HRUBIESZOW_LEAVES, "2015-01-01").apply(example)
    Edit(REGISTER, ";;2014-05-20;tak;\nCIS-LUBLIN", ";1/2014;2014-05-20;tak;\nCIS-LUBLIN").apply(
        example
    )
    found = _errors(runner, example, monkeypatch)
    assert (
        f"{REGISTER}:9: data_wystapienia: the member leaves on 2015-01-01 but is admitted "
        "only on 2017-06-09; check both dates" in found
    )
    assert (
        f"{REGISTER}:2: uchwala_przyjecia: a founding member is admitted by no resolution: "
        "leave uchwala_przyjecia empty, or write „nie” in zalozyciel" in found
    )


def test_register_date_errors_in_polish_from_a_real_process(example):
    _edit(HRUBIESZOW_LEAVES, "2015-01-01").apply(example)
    env = {**os.environ, "LANGUAGE": "pl", "LC_ALL": "C.UTF-8"}
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", str(example)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert (
        "czlonkowie.csv:9: data_wystapienia: członek występuje 2015-01-01, a przyjęto go "
        "dopiero 2017-06-09; sprawdź obie daty"
    ) in result.stderr


def test_a_seat_held_after_its_member_left_is_an_error(runner, example, monkeypatch):
    _edit(TOMASZOW_ADMITTED, "2021-05-28").apply(example)
    krasnik = ";2/2014;2014-09-12;nie;"
    Edit(REGISTER, f"{krasnik}\nCIS-ZAMOSC", f"{krasnik}2026-01-01\nCIS-ZAMOSC").apply(example)
    found = _errors(runner, example, monkeypatch)
    assert any(
        line.startswith("konwent.yaml:")
        and "rada.sklad[4].do: „KIS-KRASNIK” left the Konwent "
        "on 2026-01-01; give the seat's last day (do)"
        in line
        for line in found
    ), found
    # the seat ends the day before; the meeting of 2026-06-12 still lists the member present
    seat = "      czlonek: KIS-KRASNIK\n"
    Edit("konwent.yaml", seat, f"{seat}      do: 2025-12-31\n").apply(example)
    found = _errors(runner, example, monkeypatch)
    assert not any("rada.sklad" in line for line in found), found
    assert any("obecni[4].czlonek: „KIS-KRASNIK” is not a member on 2026-06-12" in x for x in found)


# The 2/3 rule (Art. 3 ust. 1 pkt 1): two members admitted between the request and the meeting.
def _extraordinary(example: Path, request_date: str | None, signers: str = SEVEN) -> None:
    Edit(MEETING, "rodzaj: zjazd ", "rodzaj: zjazd nadzwyczajny ").apply(example)
    _edit(WLODAWA_ADMITTED, "2026-05-15").apply(example)
    _edit(TOMASZOW_ADMITTED, "2026-05-15").apply(example)
    dated = f"data_wniosku: {request_date}\n" if request_date else ""
    Append(MEETING, f"wnioskodawcy: [{signers}]\n{dated}").apply(example)


def test_two_thirds_counted_on_the_request_date(runner, example, monkeypatch):
    _extraordinary(example, "2026-05-04")  # 10 members then: 7 is 2/3
    assert _errors(runner, example, monkeypatch) == []


def test_two_thirds_of_the_membership_on_a_later_request_date(runner, example, monkeypatch):
    _extraordinary(example, "2026-05-20")  # 12 members then: 8 must ask
    line = _line(example, MEETING, "wnioskodawcy:")
    assert _errors(runner, example, monkeypatch) == [
        f"{MEETING}:{line}: wnioskodawcy: requested by 7 of 12 current members; at least 8 (2/3) "
        "must ask (Art. 3 ust. 1 pkt 1)"
    ]


def test_a_request_signed_by_a_member_not_yet_admitted(runner, example, monkeypatch):
    _extraordinary(example, "2026-05-04", f"{SEVEN}, CIS-WLODAWA")
    found = _errors(runner, example, monkeypatch)
    assert len(found) == 1 and found[0].startswith(f"{MEETING}:"), found
    assert found[0].endswith(
        "wnioskodawcy[8]: „CIS-WLODAWA” is not a member on the request's date (2026-05-04) "
        "(Art. 3 ust. 1 pkt 1)"
    ), found


def test_a_request_without_its_date(runner, example, monkeypatch):
    _extraordinary(example, None)
    line = _line(example, MEETING, "wnioskodawcy:")
    assert _errors(runner, example, monkeypatch) == [
        f"{MEETING}:{line}: wnioskodawcy: give the date of the members' request (data_wniosku) "
        "(Art. 3 ust. 1 pkt 1)"
    ]


# The council of the day: 2025's chair is Grzegorz Świątek, 2026's Małgorzata Żółkiewska.
COMMUNIQUE_2025 = Write(
    "komunikaty/2025-11-komunikat.yaml",
    """data: 2025-11-14
miejscowosc: Świdnik
tytul: Komunikat w sprawie wizyt studyjnych
tresc:
  - Rada Konwentu informuje o wizytach studyjnych w centrach integracji społecznej w 2026 r.
""",
)


def test_a_2025_communique_signed_by_the_2026_chair_is_found(runner, example, monkeypatch):
    COMMUNIQUE_2025.apply(example)
    Append(COMMUNIQUE_2025.file, "podpisuje: Małgorzata Żółkiewska\n").apply(example)
    found = _errors(runner, example, monkeypatch)  # a warning: the check itself passes
    assert found == []
    result = runner.invoke(cli, ["check", "--strict", "."], prog_name="konwent")
    assert "podpisuje: the council's communiqués are signed by its chair (Grzegorz Świątek)" in (
        result.stderr
    ), result.stderr


def _tie_in_2025(example: Path, decided_by: str) -> None:
    make_national(example)
    Edit(MEETING, "data: 2026-06-12", "data: 2025-06-12").apply(example)
    Edit(MEETING, "  data: 2026-05-25", "  data: 2025-05-25").apply(example)
    Edit(
        MEETING,
        "      za: 8\n      przeciw: 0\n",
        "      za: 4\n      przeciw: 4\n      glos_rozstrzygajacy: za\n"
        f"      rozstrzygajacy: {decided_by}\n",
    ).apply(example)


def test_a_national_tie_in_2025_decided_by_the_2026_chair(runner, example, monkeypatch):
    _tie_in_2025(example, "Małgorzata Żółkiewska")
    found = _errors(runner, example, monkeypatch)
    assert any(
        "uchwaly[1].glosowanie.rozstrzygajacy: only the council chair (Grzegorz Świątek) "
        "decides a tie" in x
        for x in found
    ), found


def test_a_national_tie_in_2025_decided_by_the_2025_chair(runner, example, monkeypatch):
    _tie_in_2025(example, "Grzegorz Świątek")
    found = _errors(runner, example, monkeypatch)
    assert not any("rozstrzygajacy" in x for x in found), found


def test_a_2025_document_built_today_names_the_2025_chair(example, tmp_path):
    """The real CLI in a real process builds a 2025 and a 2026 communiqué: each names its year's
    chair under the signature line (PDF text read back)."""
    for folder in ("posiedzenia", "deklaracje", "zawiadomienia"):
        shutil.rmtree(example / folder)
    COMMUNIQUE_2025.apply(example)
    Edit("komunikaty/2026-07-komunikat.yaml", "podpisuje: Małgorzata Żółkiewska\n", "").apply(
        example
    )
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", str(example), "--out", str(out)],
        capture_output=True, text=True, check=False,
        env={**os.environ, "LANGUAGE": "en"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    pdfs = sorted(out.rglob("komunikat-*.pdf"))
    texts = {p.name: " ".join(pdf_text(p).split()) for p in pdfs if "pakiet" not in p.name}
    by_year = {y: next(t for n, t in texts.items() if f"-{y}" in n) for y in ("2025", "2026")}
    assert "Grzegorz Świątek" in by_year["2025"], by_year["2025"]
    assert "Przewodniczący Rady Konwentu" in by_year["2025"]
    assert "Żółkiewska" not in by_year["2025"]
    assert "Małgorzata Żółkiewska" in by_year["2026"], by_year["2026"]
    assert "Przewodnicząca Rady Konwentu" in by_year["2026"]


# Every error at once: three unreadable register rows and an admission problem, four errors.
THREE_BAD_ROWS = (
    Edit(REGISTER, ";5260181596;", ";5260181597;"),  # row 2: NIP check digit
    Edit(REGISTER, "Zamość;lubelskie;", "Zamość;lubelskiee;"),  # row 6: voivodeship
    Edit(REGISTER, ";2018-03-22;", ";31.04.2018;"),  # row 10: no 31 April
)
BILGORAJ = "deklaracje/2026-cis-bilgoraj.yaml"


def test_three_bad_rows_and_a_declaration_taking_a_founders_id(runner, example, monkeypatch):
    for edit in THREE_BAD_ROWS:
        edit.apply(example)
    Edit(BILGORAJ, "id: CIS-BILGORAJ", "id: CIS-LUBLIN").apply(example)  # a founder: no resolution
    found = [x for x in _errors(runner, example, monkeypatch) if "row not read" not in x]
    assert [x.split(": ", 2)[:2] for x in found] == [
        ["czlonkowie.csv:2", "nip"],
        ["czlonkowie.csv:6", "wojewodztwo"],
        ["czlonkowie.csv:10", "data_wpisu"],
        [f"{BILGORAJ}:3", "czlonek.id"],
    ]
    assert found[3].endswith(
        "„CIS-LUBLIN” is the id of a current member (Centrum Integracji Społecznej „Przystań” "
        "w Lublinie, row 3 of the register); give the newcomer an id of its own "
        "(Art. 3 ust. 9 pkt 3)"
    )


def test_a_declaration_taking_a_former_members_id(runner, example, monkeypatch):
    _edit(HRUBIESZOW_LEAVES, "2025-12-31").apply(example)
    Edit(MEETING, "  - czlonek: KIS-HRUBIESZOW\n", "").apply(example)
    Edit(MEETING, "za: 9\n", "za: 8\n").apply(example)
    Edit(BILGORAJ, "id: CIS-BILGORAJ", "id: KIS-HRUBIESZOW").apply(example)
    found = _errors(runner, example, monkeypatch)
    assert any(
        x.startswith(f"{BILGORAJ}:3: czlonek.id: „KIS-HRUBIESZOW” is the id of a former member")
        and "left on 2025-12-31" in x
        for x in found
    ), found


# The council of the day: KIS-KRASNIK's person leaves the council on 2026-03-31, Bożena
# Wróblewska (KIS-LUKOW) holds a seat from 2026-04-01.
COUNCIL_CHANGE = (
    Edit(
        "konwent.yaml",
        "      czlonek: KIS-KRASNIK\n      typ: KIS\n",
        "      czlonek: KIS-KRASNIK\n      typ: KIS\n      do: 2026-03-31\n"
        "    - imie_nazwisko: Bożena Wróblewska\n      czlonek: KIS-LUKOW\n      typ: KIS\n"
        "      od: 2026-04-01\n",
    ),
)
COUNCIL_MEETING = Write(
    "posiedzenia/2026-10-20-rada.yaml",
    """rodzaj: posiedzenie Rady
data: 2026-10-20
godzina: "11:00"
miejscowosc: Chełm
miejsce: Centrum Integracji Społecznej w Chełmie
prowadzacy: Małgorzata Żółkiewska
protokolant: Grzegorz Świątek
obecni:
  - czlonek: CIS-CHELM
  - czlonek: KIS-SWIDNIK
  - czlonek: {}
porzadek_obrad:
  - punkt: Sprawy bieżące
przyjecie_porzadku: {{za: 3, przeciw: 0}}
""",
)


def _council_meeting(example: Path, present: str) -> None:
    for edit in COUNCIL_CHANGE:
        edit.apply(example)
    Write(COUNCIL_MEETING.file, COUNCIL_MEETING.text.format(present)).apply(example)


def test_a_council_meeting_counts_the_seats_held_that_day(runner, example, monkeypatch):
    _council_meeting(example, "KIS-LUKOW")
    assert _errors(runner, example, monkeypatch) == []


def test_a_member_whose_seat_ended_has_no_vote_at_the_council(runner, example, monkeypatch):
    _council_meeting(example, "KIS-KRASNIK")
    found = _errors(runner, example, monkeypatch)
    assert any(
        x.startswith(f"{COUNCIL_MEETING.file}:")
        and "obecni[3].uprawniony_do_glosowania: „KIS-KRASNIK” holds no council seat" in x
        for x in found
    ), found


def test_the_archived_register_keeps_founders_and_leaving_dates(example, tmp_path):
    _edit(HRUBIESZOW_LEAVES, "2026-12-31").apply(example)
    register, _problems = read_register(example / REGISTER)
    archive.write_registers(tmp_path, Manifest(), register.members)
    sheet = load_workbook(tmp_path / "rejestry/czlonkowie.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    header, by_id = rows[0], {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert "zalozyciel" in header and "data_wystapienia" in header
    assert by_id["CIS-CHELM"]["zalozyciel"] == "tak"
    assert by_id["CIS-CHELM"]["uchwala_przyjecia"] in (None, "")
    assert by_id["KIS-HRUBIESZOW"]["zalozyciel"] == "nie"
    assert str(by_id["KIS-HRUBIESZOW"]["data_wystapienia"])[:10] == "2026-12-31"


def test_a_2025_meeting_rebuilt_today_is_signed_and_decided_by_the_2025_chair(
    runner, example, tmp_path, monkeypatch
):
    """National profile, a 2025 meeting with a tie: the notice is signed by the 2025 chair, the
    uchwała and the minutes' table name the 2025 chair's casting vote (PDF text read back)."""
    _tie_in_2025(example, "Grzegorz Świątek")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(example), "--out", str(out)], prog_name="konwent")
    assert result.exit_code == 0, result.output
    folder = out / "2025-06-12-posiedzenie-zwyczajne"

    def text(name: str) -> str:
        return " ".join(pdf_text(folder / name).split())

    notice, resolution = text("zawiadomienie.pdf"), text("uchwala-1-2025.pdf")
    assert "Grzegorz Świątek Przewodniczący Rady Konwentu" in notice, notice
    assert "Żółkiewska" not in notice
    assert (
        "Uchwała została podjęta rozstrzygającym głosem Przewodniczącego Rady Konwentu "
        "(Grzegorz Świątek)" in resolution
    ), resolution
    minutes = text("protokol-1-2025.pdf")
    # the table's cell wraps, so its words interleave with the next column's in the text
    assert "podjęta (głos" in minutes and "rozstrzygający:" in minutes, minutes
    assert "Grzegorz Świątek)" in minutes and "Żółkiewska)" not in minutes, minutes
