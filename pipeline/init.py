"""``konwent init``: a ready inputs folder for a new Konwent, in the shape ``konwent check`` reads.

The folder gets the organisation file (commented, in Polish, for the secretariat), the member
register as an Excel workbook with dropdowns, one sample meeting and one sample declaration. The
samples live in ``pipeline/starter/<profile>/`` as data; dates in them are filled in relative to
today, so the sample meeting falls in the current council term. Existing files are never replaced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .errors import InputError, Problem
from .fsutil import atomic_path, atomic_write
from .i18n import _
from .inputs import ORGANISATION_FILE, REGISTER_COLUMNS, display_path
from .model import Gender, MemberKind, Profile, UnitType, Voivodeship

STARTER = Path(__file__).parent / "starter"
REGISTER_XLSX = "czlonkowie.xlsx"
REGISTER_SAMPLE = "czlonkowie.yaml"
SHEET_TITLE = "czlonkowie"
VALIDATED_ROWS = 1000  # dropdowns reach this far down the sheet

# Column widths in characters; columns not listed get the default.
COLUMN_WIDTHS = {
    "id": 16, "nazwa": 48, "nazwa_dopelniacz": 48, "rodzaj": 14, "typ": 8, "ulica": 26,
    "kod_pocztowy": 13, "miejscowosc": 18, "wojewodztwo": 22, "nip": 13, "regon": 16, "krs": 13,
    "nr_rejestru": 18, "data_wpisu": 12, "instytucja_tworzaca": 36, "przedstawiciel": 26,
    "plec_przedstawiciela": 10, "funkcja": 22, "email": 30, "telefon": 18,
    "uchwala_przyjecia": 18, "data_przyjecia": 15, "zalozyciel": 11, "data_wystapienia": 16,
}  # fmt: skip
DATE_COLUMNS = ("data_wpisu", "data_przyjecia", "data_wystapienia")
# Kept as text so Excel neither drops leading zeros nor turns them into numbers.
TEXT_COLUMNS = ("nip", "regon", "krs", "kod_pocztowy", "telefon", "nr_rejestru")


@dataclass(frozen=True)
class Dropdown:
    column: str
    choices: tuple[str, ...]
    prompt: str  # Polish: the workbook is a document for the secretariat


DROPDOWNS = (
    Dropdown("rodzaj", tuple(k.value for k in MemberKind), "Rodzaj członka (Art. 2 / § 2)"),
    Dropdown("typ", tuple(t.value for t in UnitType), "CIS albo KIS; puste dla pozostałych"),
    Dropdown("wojewodztwo", tuple(v.value for v in Voivodeship), "Jedno z 16 województw"),
    Dropdown(
        "plec_przedstawiciela",
        tuple(g.value for g in Gender),
        "K albo M; puste, gdy wynika z imienia",
    ),
    Dropdown("zalozyciel", ("tak", "nie"), "tak: członek założyciel, bez uchwały o przyjęciu"),
)


def placeholders(today: dt.date) -> dict[str, str]:
    """Values the starter files refer to as ``${name}``."""
    return {
        "rok": str(today.year),
        "rok_plus_3": str(today.year + 3),
        "data": today.isoformat(),
        "data_zawiadomienia": (today - dt.timedelta(days=14)).isoformat(),
        "data_wpisu": (today - dt.timedelta(days=60)).isoformat(),
    }


def _starter_files(profile: Profile) -> list[Path]:
    root = STARTER / profile.value
    files = [p for p in root.rglob("*.yaml") if p.name != REGISTER_SAMPLE]
    # The organisation file first, then meetings and declarations: the order they are read in.
    return sorted(files, key=lambda p: (p.name != ORGANISATION_FILE, str(p)))


def planned_files(
    folder: Path, profile: Profile, values: dict[str, str]
) -> dict[Path, Path | None]:
    """Target path → starter file it comes from (``None`` for the generated register)."""
    root = STARTER / profile.value
    plan: dict[Path, Path | None] = {}
    for source in _starter_files(profile):
        relative = Template(str(source.relative_to(root))).substitute(values)
        plan[folder / relative] = source
        if relative == ORGANISATION_FILE:
            plan[folder / REGISTER_XLSX] = None
    return plan


def create(folder: Path, profile: Profile | str, today: dt.date | None = None) -> list[Path]:
    """Write a new inputs folder; refuse, naming each one, if any file it would write exists."""
    profile = Profile(profile)
    values = placeholders(today or dt.date.today())
    plan = planned_files(folder, profile, values)
    if folder.exists() and not folder.is_dir():
        raise InputError([Problem(display_path(folder), "", _("not a folder"))])
    existing = [path for path in plan if path.exists() or path.is_symlink()]
    if existing:
        message = _("already exists; konwent init never overwrites a file")
        raise InputError([Problem(display_path(path), "", message) for path in existing])
    for target, source in plan.items():
        if source is None:
            write_register(target, _register_rows(profile))
        else:
            text = Template(source.read_text(encoding="utf-8")).substitute(values)
            atomic_write(target, text.encode("utf-8"))
    return list(plan)


def _register_rows(profile: Profile) -> list[dict[str, Any]]:
    path = STARTER / profile.value / REGISTER_SAMPLE
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _cell_value(column: str, value: Any) -> Any:
    if column in DATE_COLUMNS and value not in (None, ""):
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return None if value is None else str(value)


def write_register(path: Path, rows: list[dict[str, Any]]) -> None:
    """The member register as an Excel workbook: headers, widths, frozen header, dropdowns."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    columns = list(REGISTER_COLUMNS)
    sheet.append(columns)
    for row in rows:
        sheet.append([_cell_value(c, row.get(c)) for c in columns])
    _format_sheet(sheet, columns, len(rows))
    for dropdown in DROPDOWNS:
        sheet.add_data_validation(_validation(dropdown, columns))
    with atomic_path(path) as tmp:
        book.save(tmp)


def _format_sheet(sheet, columns: list[str], row_count: int) -> None:
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True)
        header.fill = header_fill
        header.alignment = Alignment(vertical="center")
        sheet.column_dimensions[letter].width = COLUMN_WIDTHS.get(column, 14)
        number_format = "yyyy-mm-dd" if column in DATE_COLUMNS else None
        number_format = "@" if column in TEXT_COLUMNS else number_format
        if number_format:
            sheet.column_dimensions[letter].number_format = number_format
            for row in range(2, row_count + 2):
                sheet.cell(row=row, column=index).number_format = number_format
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{row_count + 1}"


def _validation(dropdown: Dropdown, columns: list[str]) -> DataValidation:
    letter = get_column_letter(columns.index(dropdown.column) + 1)
    validation = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(dropdown.choices)),
        allow_blank=True,
        showDropDown=False,  # openpyxl's name is inverted: False shows the in-cell arrow
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="Niedozwolona wartość",
        error="Wybierz wartość z listy: " + ", ".join(dropdown.choices),
        promptTitle=dropdown.column,
        prompt=dropdown.prompt,
    )
    validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
    return validation
