"""Inputs: every field type checked and located; the register read from XLSX and Excel's CSVs."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from pipeline.errors import Severity
from pipeline.identifiers import nip_valid, regon_valid
from pipeline.inputs import load
from pipeline.register import read_register
from pipeline.rules import check_folder
from pipeline.validation import display_path
from tests.editing import Edit, Expect

MEETING = "posiedzenia/2026-06-12-zjazd.yaml"
ORG = "konwent.yaml"
BILGORAJ = "deklaracje/2026-cis-bilgoraj.yaml"
LECZNA = "deklaracje/2026-kis-leczna.yaml"
NOTICE = "zawiadomienia/2026-10-20-rada.yaml"
COMMUNIQUE = "komunikaty/2026-07-komunikat.yaml"
REGISTER = "czlonkowie.csv"

FIELD_CASES = [
    (
        "postal-code",
        Edit(ORG, "kod_pocztowy: 22-100", "kod_pocztowy: 22100"),
        Expect(ORG, "22100", "adres.kod_pocztowy", None, message="postal code NN-NNN"),
    ),
    (
        "voivodeship",
        Edit(LECZNA, "wojewodztwo: lubelskie", "wojewodztwo: Lubelszczyzna"),
        Expect(LECZNA, "Lubelszczyzna", "czlonek.adres.wojewodztwo", None, message="one of"),
    ),
    (
        "e-mail",
        Edit(BILGORAJ, "email: l.gasiorowska@", "email: l.gasiorowska(at)"),
        Expect(BILGORAJ, "(at)", "czlonek.przedstawiciel.email", None, message="e-mail"),
    ),
    (
        "nip-checksum",
        Edit(BILGORAJ, 'nip: "6472803850"', 'nip: "6472803851"'),
        Expect(BILGORAJ, "nip:", "czlonek.nip", None, message="not a valid NIP: its check digit"),
    ),
    (
        "regon-9-checksum",
        Edit(LECZNA, 'regon: "533875007"', 'regon: "533875008"'),
        Expect(LECZNA, "regon:", "czlonek.regon", None, message="REGON: its check digit"),
    ),
    (
        "regon-wrong-length",
        Edit(LECZNA, 'regon: "533875007"', 'regon: "5338750071"'),
        Expect(LECZNA, "regon:", "czlonek.regon", None, message="9 or 14 digits, this one has 10"),
    ),
    (
        "krs-length",
        Edit(BILGORAJ, 'krs: "0000512233"', 'krs: "512233"'),
        Expect(BILGORAJ, "krs:", "czlonek.krs", None, message="KRS has 10 digits, this one has 6"),
    ),
    (
        "impossible-date",
        Edit(MEETING, "data: 2026-06-12", "data: 2026-02-30"),
        Expect(MEETING, "2026-02-30", "data", None, message="February 2026 has 28 days"),
    ),
    (
        "date-in-words",
        Edit(ORG, "kadencja_od: 2024-06-14", "kadencja_od: 14 czerwca 2024"),
        Expect(ORG, "14 czerwca", "rada.kadencja_od", None, message="YYYY-MM-DD or DD.MM.YYYY"),
    ),
    (
        "hour",
        Edit(MEETING, 'godzina: "10:00"', 'godzina: "10.00"'),
        Expect(MEETING, 'godzina: "10.00"', "godzina", None, message="an hour HH:MM"),
    ),
    (
        "negative-count",
        Edit(MEETING, "      przeciw: 1\n", "      przeciw: -1\n"),
        Expect(MEETING, "przeciw: -1", "uchwaly[2].glosowanie.przeciw", None, message="at least 0"),
    ),
    (
        "meeting-kind",
        Edit(MEETING, "rodzaj: zjazd ", "rodzaj: zjazdy "),
        Expect(MEETING, "rodzaj: zjazdy", "rodzaj", None, message="did you mean „zjazd”?"),
    ),
    (
        "yes-no",
        Edit(MEETING, "uprawniony_do_glosowania: false", "uprawniony_do_glosowania: może"),
        Expect(MEETING, "może", "obecni[10].uprawniony_do_glosowania", None, message="tak or nie"),
    ),
    (
        "unknown-field",
        Edit(ORG, "telefon:", "nazwa_skrocona: KKiCIS\ntelefon:"),
        Expect(ORG, "nazwa_skrocona", "nazwa_skrocona", None, message="unknown field"),
    ),
    (
        "blank-text",
        Edit(MEETING, "protokolant: Anna Łęczyńska", 'protokolant: "   "'),
        Expect(MEETING, "protokolant", "protokolant", None, message="must not be empty"),
    ),
    (
        "chair-history-year",
        Edit(ORG, "    - rok: 2025", "    - rok: dwa tysiące"),
        Expect(ORG, "dwa tysiące", "rada.przewodnictwo[2].rok", None, message="whole number"),
    ),
    (
        "communique-without-body",
        Edit(COMMUNIQUE, "tresc:", "tresc_komunikatu:"),
        Expect(COMMUNIQUE, "data: 2026-07-06", "tresc", None, message="required"),
    ),
    (
        "notice-without-agenda",
        Edit(NOTICE, "porzadek_obrad:\n", "porzadek:\n"),
        Expect(NOTICE, "data: 2026-10-09", "porzadek_obrad", None, message="required"),
    ),
    (
        "register-nip-shows-its-value",
        Edit("czlonkowie.csv", ";5260181596;", ";5260181597;"),
        Expect(REGISTER, "CIS-CHELM;", "nip", None, message="(value: „5260181597”)"),
    ),
    (
        "register-bad-row-listed-with-values",
        Edit("czlonkowie.csv", ";22-400;Zamość;", ";22 400;Zamość;"),
        Expect(REGISTER, "CIS-ZAMOSC;", "", None, message="id=CIS-ZAMOSC; nazwa=Centrum"),
    ),
    (
        "register-duplicate-id",
        Edit("czlonkowie.csv", "KIS-LUKOW;", "KIS-SWIDNIK;"),
        Expect(REGISTER, "Łukowie", "id", None, message="row 4"),
    ),
    (
        "register-unknown-column",
        Edit("czlonkowie.csv", ";data_przyjecia;", ";data_przyjęcia;"),
        Expect(REGISTER, "id;nazwa", "data_przyjęcia", None, message="unknown column"),
    ),
    (
        "register-extra-cells",
        Edit("czlonkowie.csv", ";4/2022;2022-10-03;nie;", ";4/2022;2022-10-03;nie;;nadmiar"),
        Expect(REGISTER, "HON-WOJCIK;", "", None, message="more cells than columns"),
    ),
    (
        "register-empty-row",
        Edit("czlonkowie.csv", "\nCIS-ZAMOSC;", "\n;;;;\nCIS-ZAMOSC;"),
        Expect(REGISTER, ";;;;", "", None, Severity.WARNING, message="empty row", nth=1),
    ),
]


@pytest.mark.parametrize(
    ("edit", "expected"), [c[1:] for c in FIELD_CASES], ids=[c[0] for c in FIELD_CASES]
)
def test_bad_field_is_located(example, edit, expected):
    edit.apply(example)
    _konwent, problems = check_folder(example)
    assert any(expected.matches(example, p) for p in problems), "\n".join(
        f"{p.severity}: {p.format()} @{p.line}" for p in problems
    )


def test_errors_block_the_model_warnings_do_not(example):
    Edit("czlonkowie.csv", "\nCIS-ZAMOSC;", "\n;;;;\n\nCIS-ZAMOSC;").apply(example)
    konwent, problems = load(example)
    assert konwent is not None and len(konwent.members.members) == 12
    assert [(p.severity, p.line, p.message) for p in problems] == [
        (Severity.WARNING, 6, "empty rows 6–7")
    ]


@pytest.mark.parametrize(
    ("value", "valid"),
    [("5260181596", True), ("5260181597", False), ("526018159", False), ("0000000000", True)],
)
def test_nip_checksum(value, valid):
    assert nip_valid(value) is valid


def _regon14(base: str) -> str:
    weights = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)
    check = sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11 % 10
    return base + str(check)


def test_regon_nine_and_fourteen_digits():
    assert regon_valid("230166136")
    assert not regon_valid("230166137")
    valid14 = _regon14("2301661360001")
    assert regon_valid(valid14)
    assert not regon_valid(valid14[:-1] + str((int(valid14[-1]) + 1) % 10))
    assert not regon_valid("٢٣٠١٦٦١٣٦")  # Arabic-Indic digits are not a REGON


def test_nip_written_with_dashes_is_kept_as_digits(example):
    Edit(BILGORAJ, 'nip: "6472803850"', "nip: 647-280-38-50").apply(example)
    konwent, problems = load(example)
    assert problems == []
    assert konwent.declarations[0].doc.member.nip == "6472803850"


# --- the register: XLSX, ;-CSV UTF-8 with BOM, Windows-1250, all the same members -------------


def _example_rows(example: Path) -> list[list[str]]:
    text = (example / REGISTER).read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _as_excel_cell(column: str, value: str):
    """What Excel holds when a person types the value: real dates, numbers for digit strings."""
    if column in ("data_wpisu", "data_przyjecia") and value:
        return dt.date.fromisoformat(value)
    if column in ("nip", "regon", "krs") and value.isdigit():
        return int(value)  # KRS loses its leading zeros, as in Excel
    return value or None


def _write_xlsx(rows: list[list[str]], path: Path) -> None:
    book = Workbook()
    sheet = book.active
    header = rows[0]
    sheet.append(header)
    for row in rows[1:]:
        sheet.append([_as_excel_cell(c, v) for c, v in zip(header, row, strict=True)])
    book.save(path)


def _write_csv(rows: list[list[str]], path: Path, encoding: str, delimiter: str = ";") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def test_register_formats_give_the_same_members(example, tmp_path):
    rows = _example_rows(example)
    variants = {
        "czlonkowie.xlsx": lambda p: _write_xlsx(rows, p),
        "bom.csv": lambda p: _write_csv(rows, p, "utf-8-sig"),
        "cp1250.csv": lambda p: _write_csv(rows, p, "cp1250"),
        "comma.csv": lambda p: _write_csv(rows, p, "utf-8", delimiter=","),
    }
    registers = {}
    for name, write in variants.items():
        path = tmp_path / name
        write(path)
        register, problems = read_register(path)
        assert problems == [], (name, problems)
        registers[name] = register.members
    assert (tmp_path / "cp1250.csv").read_bytes().decode("cp1250")  # really Windows-1250
    assert b"\xb3" in (tmp_path / "cp1250.csv").read_bytes()  # "ł" in Windows-1250
    first = registers["czlonkowie.xlsx"]
    assert len(first) == 12
    assert all(members == first for members in registers.values())
    lublin = next(m for m in first if m.id == "CIS-LUBLIN")
    assert lublin.name == "Centrum Integracji Społecznej „Przystań” w Lublinie"
    assert lublin.krs == "0000214567" and lublin.register_date == dt.date(2008, 9, 1)


def test_xlsx_register_is_read_from_the_inputs_folder_with_row_numbers(example):
    rows = _example_rows(example)
    rows[4][rows[0].index("kod_pocztowy")] = "23 200"
    _write_xlsx(rows, example / "czlonkowie.xlsx")
    (example / REGISTER).unlink()
    konwent, problems = load(example)
    assert konwent is None
    shown = display_path(example / "czlonkowie.xlsx")
    located = {(p.file, p.line, p.path) for p in problems}
    assert (shown, 5, "kod_pocztowy") in located
    assert (shown, 5, "") in located  # the row's values


def test_register_as_both_xlsx_and_csv_is_refused(example):
    _write_xlsx(_example_rows(example), example / "czlonkowie.xlsx")
    _konwent, problems = load(example)
    assert [p.message for p in problems] == [
        "both czlonkowie.xlsx and czlonkowie.csv exist; keep only one member register"
    ]


def test_missing_register_is_reported(example):
    (example / REGISTER).unlink()
    _konwent, problems = load(example)
    assert [(p.file, p.message) for p in problems] == [
        (
            display_path(example / REGISTER),
            "the member register is missing (czlonkowie.xlsx or czlonkowie.csv)",
        )
    ]


def test_register_in_an_unknown_encoding_is_refused(example):
    text = (example / REGISTER).read_text(encoding="utf-8")
    (example / REGISTER).write_bytes(text.encode("utf-16"))
    _konwent, problems = load(example)
    assert len(problems) == 1
    assert "neither UTF-8 nor Windows-1250" in problems[0].message
    assert "CSV UTF-8" in problems[0].message


def test_latin1_without_polish_letters_is_refused(tmp_path):
    path = tmp_path / REGISTER
    path.write_bytes("id;nazwa\nX;Café\n".encode("latin-1"))
    _register, problems = read_register(path)
    assert "neither UTF-8 nor Windows-1250" in problems[0].message


def test_dates_as_polish_excel_writes_them_in_csv(example):
    Edit(REGISTER, ";2005-03-14;", ";14.03.2005;").apply(example)
    konwent, problems = load(example)
    assert problems == []
    assert konwent.members.by_id()["CIS-CHELM"].register_date == dt.date(2005, 3, 14)


def test_yaml_dates_written_the_polish_way_as_the_register_accepts_them(example):
    Edit(ORG, "kadencja_od: 2024-06-14", "kadencja_od: 14.06.2024").apply(example)
    Edit(MEETING, "data: 2026-06-12", "data: 12.06.2026").apply(example)
    Edit(BILGORAJ, "data: 2026-09-14", "data: 1.10.2026").apply(example)
    konwent, problems = load(example)
    assert problems == []
    bilgoraj = next(d.doc for d in konwent.declarations if d.doc.member.id == "CIS-BILGORAJ")
    assert bilgoraj.date == dt.date(2026, 10, 1)
    assert konwent.organisation.council.term_start == dt.date(2024, 6, 14)
    assert konwent.meetings[0].doc.date == dt.date(2026, 6, 12)


def test_register_missing_a_required_column(example):
    Edit(REGISTER, "id;nazwa;rodzaj;", "id;nazwisko;rodzaj;").apply(example)
    _konwent, problems = load(example)
    messages = {(p.line, p.path, p.message) for p in problems}
    assert (1, "nazwisko", "unknown column") in messages
    assert (1, "nazwa", "required column is missing") in messages


def test_a_file_that_is_not_a_workbook_is_reported(example):
    (example / REGISTER).unlink()
    (example / "czlonkowie.xlsx").write_bytes(b"id;nazwa\n")
    _konwent, problems = load(example)
    assert [(p.file, p.line) for p in problems] == [
        (display_path(example / "czlonkowie.xlsx"), None)
    ]
    assert problems[0].message.startswith("not an Excel workbook")
