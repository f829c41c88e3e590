"""`konwent init`: a ready folder for a new Konwent, with an Excel register a secretary can use."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from pipeline.cli import cli
from pipeline.init import REGISTER_XLSX
from pipeline.inputs import REGISTER_COLUMNS
from pipeline.model import MemberKind, UnitType, Voivodeship
from tests.conftest import pdf_text

PROFILES = ["regionalny", "krajowy"]


def _init(runner, folder: Path, profile: str, lang: str = "en"):
    return runner.invoke(cli, ["--lang", lang, "init", str(folder), "--profil", profile])


@pytest.mark.parametrize("profile", PROFILES)
def test_init_creates_the_folder_a_secretariat_starts_from(runner, tmp_path, profile):
    folder = tmp_path / "moj-konwent"
    result = _init(runner, folder, profile)
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    today = dt.date.today().isoformat()
    assert (
        files
        == {
            "regionalny": [
                "czlonkowie.xlsx",
                "deklaracje/kis-pulawy.yaml",
                "konwent.yaml",
                f"posiedzenia/{today}-zjazd.yaml",
            ],
            "krajowy": [
                "czlonkowie.xlsx",
                "deklaracje/kis-lodz.yaml",
                "konwent.yaml",
                f"posiedzenia/{today}-posiedzenie-zwyczajne.yaml",
            ],
        }[profile]
    )
    for name in files:
        assert f"created: {folder / name}" in result.output
    organisation = (folder / "konwent.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(organisation)["profil"] == profile
    # Every top-level key is explained by a Polish comment, above it or beside it.
    lines = organisation.splitlines()
    for index, line in enumerate(lines):
        if line and not line.startswith(("#", " ")):
            assert "#" in line or lines[index - 1].startswith("#"), line
    assert "Kadencja" in organisation and "województw" in organisation


def test_register_workbook_has_headers_widths_frozen_row_and_dropdowns(runner, tmp_path):
    assert _init(runner, tmp_path / "k", "regionalny").exit_code == 0
    sheet = load_workbook(tmp_path / "k" / REGISTER_XLSX).active
    headers = [cell.value for cell in sheet[1]]
    assert headers == list(REGISTER_COLUMNS)
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    letter = {name: cell.column_letter for name, cell in zip(headers, sheet[1], strict=True)}
    assert sheet.column_dimensions[letter["nazwa"]].width >= 40
    assert all(sheet.column_dimensions[c].width >= 8 for c in letter.values())
    dropdowns = {
        str(v.sqref): v.formula1.strip('"').split(",")
        for v in sheet.data_validations.dataValidation
    }
    assert all(
        v.type == "list" and v.showErrorMessage for v in sheet.data_validations.dataValidation
    )
    assert dropdowns == {
        f"{letter['rodzaj']}2:{letter['rodzaj']}1000": [k.value for k in MemberKind],
        f"{letter['typ']}2:{letter['typ']}1000": [t.value for t in UnitType],
        f"{letter['wojewodztwo']}2:{letter['wojewodztwo']}1000": [v.value for v in Voivodeship],
        f"{letter['plec_przedstawiciela']}2:{letter['plec_przedstawiciela']}1000": ["K", "M"],
        f"{letter['zalozyciel']}2:{letter['zalozyciel']}1000": ["tak", "nie"],
    }
    rows = [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]
    assert len(rows) >= 2
    assert {row["typ"] for row in rows if row["rodzaj"] == "zwyczajny"} == {"CIS", "KIS"}
    assert all(isinstance(row["data_wpisu"], dt.datetime) for row in rows if row["data_wpisu"])
    assert all(isinstance(row["nip"], str) and len(row["nip"]) == 10 for row in rows)


def test_init_refuses_to_overwrite_and_names_each_file(runner, tmp_path):
    folder = tmp_path / "k"
    assert _init(runner, folder, "regionalny").exit_code == 0
    organisation = folder / "konwent.yaml"
    organisation.write_text("# moje zmiany\n", encoding="utf-8")
    result = _init(runner, folder, "krajowy", lang="pl")
    assert result.exit_code == 2
    assert (
        f"konwent: błąd: {organisation}: już istnieje; konwent init nigdy nie nadpisuje plików"
        in result.stderr.splitlines()
    )
    assert f"{folder / REGISTER_XLSX}: już istnieje" in result.stderr
    assert organisation.read_text(encoding="utf-8") == "# moje zmiany\n"
    assert result.stdout == ""


def test_init_into_a_file_is_refused(runner, tmp_path):
    target = tmp_path / "plik.txt"
    target.write_text("x", encoding="utf-8")
    result = _init(runner, target, "regionalny")
    assert result.exit_code == 2
    assert f"konwent: error: {target}: not a folder" in result.stderr


@pytest.mark.slow
def test_libreoffice_calc_opens_the_register_with_its_dropdowns(runner, tmp_path):
    """Calc reads the workbook and writes it back with the same dropdowns and rows."""
    assert _init(runner, tmp_path / "k", "krajowy").exit_code == 0
    out = tmp_path / "calc"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(tmp_path / "k" / REGISTER_XLSX),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=os.environ | {"HOME": str(tmp_path)},
    )
    original = load_workbook(tmp_path / "k" / REGISTER_XLSX).active
    resaved = load_workbook(out / REGISTER_XLSX).active
    assert [c.value for c in resaved[1]] == [c.value for c in original[1]]

    def rows(sheet) -> list[tuple]:
        return [row for row in sheet.iter_rows(values_only=True) if any(row)]

    assert rows(resaved) == rows(original)
    lists = sorted(v.formula1 for v in resaved.data_validations.dataValidation)
    assert lists == sorted(v.formula1 for v in original.data_validations.dataValidation)


@pytest.mark.slow
@pytest.mark.parametrize("profile", PROFILES)
def test_init_then_check_then_build_with_no_other_step(tmp_path, profile):
    """What a new secretariat does, as real commands in a fresh folder."""

    def konwent(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "pipeline", "--lang", "en", *args],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,
        )

    steps = [["init", "moj-konwent", "--profil", profile], ["check", "moj-konwent"]]
    steps.append(["build", "moj-konwent", "--out", "wyniki"])
    for step in steps:
        result = konwent(*step)
        assert result.returncode == 0, (step, result.stdout, result.stderr)
    out = tmp_path / "wyniki"
    meeting = f"{dt.date.today().isoformat()}-" + (
        "zjazd" if profile == "regionalny" else "posiedzenie-zwyczajne"
    )
    packets = {p.relative_to(out).as_posix() for p in out.glob("*/pakiet-*.pdf")}
    assert packets == {"deklaracje/pakiet-deklaracje.pdf", f"{meeting}/pakiet-{meeting}.pdf"}
    organisation = yaml.safe_load((tmp_path / "moj-konwent" / "konwent.yaml").read_text("utf-8"))
    text = " ".join(pdf_text(out / meeting / f"pakiet-{meeting}.pdf").split())
    assert organisation["nazwa"] in text
    assert organisation["rada"]["sklad"][0]["imie_nazwisko"] in text
