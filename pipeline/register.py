"""The member register: ``czlonkowie.xlsx`` or ``czlonkowie.csv`` → validated members, by row.

The secretariat keeps the register in Excel. Either the workbook itself is read (first sheet,
headers in row 1) or a CSV as Polish Excel exports it: ``;`` or ``,`` separated, UTF-8 with or
without BOM, or Windows-1250 (recognised by its Polish letters). Row numbers are the ones Excel
shows (the header is row 1). No row is dropped silently: a bad row is reported with its values,
an empty row is reported as a warning.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import Problem, Severity, unreadable
from .i18n import _
from .model import Member, Register
from .validation import Loc, display_path, suggest, validate

XLSX_FILE = "czlonkowie.xlsx"
CSV_FILE = "czlonkowie.csv"

# Flat register columns → nested model keys.
REGISTER_COLUMNS: dict[str, Loc] = {
    "id": ("id",),
    "nazwa": ("nazwa",),
    "nazwa_dopelniacz": ("nazwa_dopelniacz",),
    "rodzaj": ("rodzaj",),
    "typ": ("typ",),
    "ulica": ("adres", "ulica"),
    "kod_pocztowy": ("adres", "kod_pocztowy"),
    "miejscowosc": ("adres", "miejscowosc"),
    "wojewodztwo": ("adres", "wojewodztwo"),
    "nip": ("nip",),
    "regon": ("regon",),
    "krs": ("krs",),
    "nr_rejestru": ("nr_rejestru",),
    "data_wpisu": ("data_wpisu",),
    "instytucja_tworzaca": ("instytucja_tworzaca",),
    "przedstawiciel": ("przedstawiciel", "imie_nazwisko"),
    "plec_przedstawiciela": ("przedstawiciel", "plec"),
    "funkcja": ("przedstawiciel", "funkcja"),
    "email": ("przedstawiciel", "email"),
    "telefon": ("przedstawiciel", "telefon"),
    "uchwala_przyjecia": ("uchwala_przyjecia",),
    "data_przyjecia": ("data_przyjecia",),
    "zalozyciel": ("zalozyciel",),
    "data_wystapienia": ("data_wystapienia",),
}
REQUIRED_COLUMNS = ("id", "nazwa", "rodzaj", "ulica", "kod_pocztowy", "miejscowosc")
REQUIRED_COLUMNS += ("wojewodztwo", "przedstawiciel")
_COLUMN_BY_PATH = {".".join(map(str, loc)): column for column, loc in REGISTER_COLUMNS.items()}
_POLISH_LETTERS = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")

Row = tuple[int, list[str]]
Formulas = dict[tuple[int, int], str]  # (row, column number from 1) → a formula with no value


def find_register(root: Path) -> tuple[Path | None, list[Problem]]:
    """The register file of an inputs folder: exactly one of the XLSX and the CSV must exist."""
    found = [root / name for name in (XLSX_FILE, CSV_FILE) if (root / name).is_file()]
    if len(found) == 1:
        return found[0], []
    if found:
        message = _("both {} and {} exist; keep only one member register").format(
            XLSX_FILE, CSV_FILE
        )
        return None, [Problem(display_path(root), "", message)]
    message = _("the member register is missing ({} or {})").format(XLSX_FILE, CSV_FILE)
    return None, [Problem(display_path(root / CSV_FILE), "", message)]


def decode_csv(data: bytes) -> str | None:
    """UTF-8 (BOM or not), else Windows-1250 when that yields Polish letters; else None."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1250")
    except UnicodeDecodeError:
        return None
    controls = any(ord(c) < 32 and c not in "\t\r\n" for c in text)  # e.g. UTF-16's zero bytes
    return text if _POLISH_LETTERS & set(text) and not controls else None


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def csv_rows(path: Path) -> tuple[list[Row], list[Problem]]:
    """Rows of a CSV register as (row number, cells); problems if it cannot be read."""
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [Problem(shown, "", unreadable(exc))]
    text = decode_csv(data)
    if text is None:
        message = _(
            "the register is neither UTF-8 nor Windows-1250 text; in Excel save it as "
            "“CSV UTF-8 (rozdzielany przecinkami)”"
        )
        return [], [Problem(shown, "", message)]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n")[0]))
    try:
        return [(number, row) for number, row in enumerate(reader, 1)], []
    except csv.Error:
        message = _("the CSV cannot be read from here on (a quotation mark left open?)")
        return [], [Problem(shown, "", message, line=reader.line_num)]


def _cell_text(value: Any) -> str:
    """An Excel cell as the text the model expects (dates ISO, whole numbers without '.0')."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_values(path: Path, data_only: bool) -> list[tuple[Any, ...]]:
    """The first sheet's rows: the values Excel saved, or (``data_only=False``) the formulas."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=data_only)
    try:
        return list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def _formulas_without_value(path: Path, values: list[tuple[Any, ...]]) -> Formulas:
    """Cells holding a formula whose value was never saved (the file was not saved by Excel)."""
    found: Formulas = {}
    for number, cells in enumerate(_sheet_values(path, data_only=False), 1):
        saved = values[number - 1] if number <= len(values) else ()
        for column, cell in enumerate(cells, 1):
            value = saved[column - 1] if column <= len(saved) else None
            if value is None and isinstance(cell, str) and cell.startswith("="):
                found[number, column] = cell
    return found


def xlsx_rows(path: Path) -> tuple[list[Row], list[Problem], Formulas]:
    """Rows of the first sheet of an XLSX register as (row number, cells), and the cells whose
    formula has no saved value."""
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        values = _sheet_values(path, data_only=True)
        formulas = _formulas_without_value(path, values)
    except OSError as exc:
        return [], [Problem(display_path(path), "", unreadable(exc))], {}
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, IndexError):
        message = _("not an Excel workbook: in Excel save it as “Excel Workbook (*.xlsx)”")
        return [], [Problem(display_path(path), "", message)], {}
    rows = [(number, [_cell_text(v) for v in cells]) for number, cells in enumerate(values, 1)]
    return rows, [], formulas


def _numeric_padding(column: str, value: str) -> str:
    """Excel drops leading zeros of numbers: give KRS its 10 digits and REGON its 9 or 14."""
    if not value.isascii() or not value.isdigit():
        return value
    if column == "krs":
        return value.zfill(10)
    if column == "regon" and len(value) < 9:
        return value.zfill(9)
    if column == "regon" and 9 < len(value) < 14:
        return value.zfill(14)
    return value




def _nest(cells: dict[str, str]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for column, value in cells.items():
        if not value:
            continue
        loc = REGISTER_COLUMNS[column]
        target = nested
        for key in loc[:-1]:
            target = target.setdefault(key, {})
        target[loc[-1]] = value
    return nested


def _unknown_column(shown: str, index: int, column: str) -> tuple[Problem, str | None]:
    """An unknown column, with the column it probably means."""
    meant = suggest(column, list(REGISTER_COLUMNS)) if column else None
    message = _("unknown column")
    if meant is not None:
        message = f"{message}; " + _("did you mean „{}”?").format(meant)
    return Problem(shown, column or _("column {}").format(index), message, line=1), meant


def _header_problems(shown: str, header: list[str]) -> list[Problem]:
    unknown = [
        _unknown_column(shown, i, column)
        for i, column in enumerate(header, 1)
        if column not in REGISTER_COLUMNS
    ]
    problems = [found for found, _meant in unknown]
    problems += [
        Problem(shown, column, _("column appears more than once"), line=1)
        for column in sorted({c for c in header if c and header.count(c) > 1})
    ]
    meant = {column for _found, column in unknown}
    problems += [
        Problem(shown, column, _("required column is missing"), line=1)
        for column in REQUIRED_COLUMNS
        if column not in header and column not in meant
    ]
    return problems


def _empty_runs(shown: str, empty: list[int]) -> list[Problem]:
    """Consecutive empty rows reported as one warning each run."""
    problems, runs = [], []
    for number in empty:
        if runs and runs[-1][1] == number - 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    for first, last in runs:
        message = _("empty row") if first == last else _("empty rows {}–{}").format(first, last)
        problems.append(Problem(shown, "", message, line=first, severity=Severity.WARNING))
    return problems


def _row_problems(shown: str, number: int, written: dict[str, str], found: list[Problem]):
    """A row's field problems, each with the value as the user wrote it, plus the row's values."""
    out = []
    value_label = _("value")  # outside the f-string, where babel finds it
    for p in found:
        column = _COLUMN_BY_PATH.get(p.path, p.path)
        value = written.get(column, "")
        message = f"{p.message} ({value_label}: „{value}”)" if value else p.message
        out.append(Problem(shown, column, message, line=number))
    values = "; ".join(f"{c}={v}" for c, v in written.items() if v)
    out.append(Problem(shown, "", _("row not read; its values: {}").format(values), line=number))
    return out


def _formula_problems(shown: str, number: int, formulas: dict[str, str]) -> list[Problem]:
    message = _("a formula ({}) with no saved value: open the file in Excel and save it")
    return [
        Problem(shown, column, message.format(formula), line=number)
        for column, formula in formulas.items()
    ]


def _date_problems(shown: str, number: int, member: Member) -> list[Problem]:
    """Dates of one member that contradict each other, or a resolution a founder never had."""
    problems = []
    admitted, left = member.admitted_on, member.left_on
    if admitted and left and left <= admitted:
        message = _("the member leaves on {} but is admitted only on {}; check both dates")
        message = message.format(left.isoformat(), admitted.isoformat())
        problems.append(Problem(shown, "data_wystapienia", message, line=number))
    if member.founding and member.admitted_by:
        message = _(
            "a founding member is admitted by no resolution: leave uchwala_przyjecia empty, "
            "or write „nie” in zalozyciel"
        )
        problems.append(Problem(shown, "uchwala_przyjecia", message, line=number))
    return problems


def _read_row(
    shown: str, header: list[str], row: Row, formulas: dict[str, str]
) -> tuple[Member | None, str, list[Problem]]:
    """One data row → its member (or None), the id it gives, and its problems."""
    number, raw = row
    problems = _formula_problems(shown, number, formulas)
    if any(v.strip() for v in raw[len(header) :]):
        problems.append(Problem(shown, "", _("more cells than columns"), line=number))
    written = {c: v.strip() for c, v in zip(header, raw, strict=False)}
    cells = {c: _numeric_padding(c, v) for c, v in written.items()}
    member, found = validate(Member, _nest(cells), shown, row=number)
    found = [p for p in found if _COLUMN_BY_PATH.get(p.path, p.path) not in formulas]
    if member is None:
        problems += _row_problems(shown, number, written, found)
    else:
        problems += _date_problems(shown, number, member)
    return member, cells.get("id", ""), problems


def members_from_rows(
    shown: str, rows: Iterable[Row], formulas: Formulas | None = None
) -> tuple[Register | None, list[Problem]]:
    """Validate every data row; return the register of the rows that validated, and problems.

    The register is ``None`` only when the header is unusable; a register returned with errors
    lets the rules check everything else (its bad rows' ids are kept in ``unreadable``).
    """
    rows = list(rows)
    if not rows:
        return None, [Problem(shown, "", _("the register is empty (no header row)"))]
    header = [h.strip().lstrip("\ufeff") for h in rows[0][1]]
    while header and not header[-1]:
        header.pop()
    problems = _header_problems(shown, header)
    if problems:
        return None, problems
    members, index, empty, unreadable = [], {}, [], set()
    for number, raw in rows[1:]:
        if not any(v.strip() for v in raw):
            empty.append(number)
            continue
        in_row = {
            header[col - 1]: text
            for (at, col), text in (formulas or {}).items()
            if at == number and col <= len(header)
        }
        member, member_id, found = _read_row(shown, header, (number, raw), in_row)
        problems += found
        if member is None:
            unreadable.add(member_id)
        elif member.id in index:
            message = _("id used already in row {}").format(index[member.id])
            problems.append(Problem(shown, "id", message, line=number))
        else:
            index[member.id] = number
            members.append(member)
    problems += _empty_runs(shown, empty)
    register = Register(
        members=members, source=shown, rows=index, unreadable=frozenset(unreadable - {""})
    )
    return register, problems


def read_register(path: Path) -> tuple[Register | None, list[Problem]]:
    """Read the register (XLSX or CSV by its suffix) and validate every row."""
    if path.suffix.lower() == ".xlsx":
        rows, problems, formulas = xlsx_rows(path)
    else:
        (rows, problems), formulas = csv_rows(path), {}
    if problems:
        return None, problems
    return members_from_rows(display_path(path), rows, formulas)


def register_column(path: str) -> str:
    """A model field path ('adres.wojewodztwo') as the register column that holds it."""
    return _COLUMN_BY_PATH.get(path, path)
