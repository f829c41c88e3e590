"""Messages a Polish secretary understands: a table of bad inputs run through the real CLI in
Polish, each message at its place and with no English word in it (the parser's, the validator's
or the rules' own)."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook

from pipeline.cli import cli
from tests.editing import Append, Edit, Write, copy_template, make_national

MEETING = "posiedzenia/2026-06-12-zjazd.yaml"
ORG = "konwent.yaml"
BILGORAJ = "deklaracje/2026-cis-bilgoraj.yaml"
LECZNA = "deklaracje/2026-kis-leczna.yaml"
COMMUNIQUE = "komunikaty/2026-07-komunikat.yaml"
REGISTER = "czlonkowie.csv"
RECORDER = "protokolant: Anna Łęczyńska"
FIRST_SEAT = "    - imie_nazwisko: Małgorzata Żółkiewska"

# Words and fragments that are English and never Polish: a message containing one has leaked
# the source text or a library's own message.
_ENGLISH_WORDS = """
    a an the of or and is are was be been has have this that these it its not no yes with without
    from into for at in if than there which when while could did find found expected missing
    required field fields value values invalid unknown allowed character characters digit digits
    checksum seat seats member members error errors line column file date dates number string
    type input token indentation tab mapping scanning key empty true false null none cannot must
    should written list group year years row rows mean please check only least most document
"""
# these are Polish words too
ENGLISH = frozenset(_ENGLISH_WORDS.split()) - {"a", "i", "to", "no", "on", "do", "list"}
_WORD = re.compile(r"[^\W\d_]+")


def english_words(text: str) -> set[str]:
    """The English words in ``text`` (case ignored)."""
    return {word for word in _WORD.findall(text) if word.casefold() in ENGLISH}


def test_the_detector_sees_english_and_passes_polish():
    assert english_words("niepoprawny NIP (10 digits, checksum)") == {"digits", "checksum"}
    assert english_words("'wielkopolskie' or 'zachodniopomorskie'") == {"or"}
    assert english_words("1 seats represent a KIS") == {"seats"}
    assert english_words("found a tab character that violates indentation") == {
        "found", "tab", "character", "that", "indentation",
    }
    polish = "niemożliwa data: luty 2026 ma 28 dni; czy chodziło o „lubelskie”?"
    assert english_words(polish) == set()


@dataclass(frozen=True)
class Bad:
    """A broken input and where its message must point: file, the line holding ``marker``
    (its ``nth`` occurrence), the field path; and a part of the Polish message."""

    edits: tuple
    file: str
    marker: str | None  # None: the message is about the whole file
    path: str
    says: str
    nth: int = 1

    def location(self, root: Path) -> str:
        lines = (root / self.file).read_text(encoding="utf-8").splitlines()
        found = [number for number, text in enumerate(lines, 1) if self.marker in (text or "")]
        where = f"{self.file}:{found[self.nth - 1]}" if self.marker is not None else self.file
        return f"{where}: {self.path}: " if self.path else f"{where}: "


def _in(file: str, old: str, new: str) -> tuple:
    return (Edit(file, old, new),)


CASES = {
    # YAML syntax: the parser's problems in konwent's words, at line and column
    "yaml-tab-indent": Bad(
        _in(MEETING, "  - czlonek: CIS-LUBLIN\n", "\t- czlonek: CIS-LUBLIN\n"),
        MEETING, "CIS-LUBLIN", "kolumna 1", "tabulator we wcięciu"),
    "yaml-second-colon": Bad(
        _in(MEETING, "miejscowosc: Lublin", "miejscowosc: Lublin: centrum"),
        MEETING, "Lublin: centrum", "kolumna 20", "drugi dwukropek"),
    "yaml-unclosed-quote": Bad(
        _in(COMMUNIQUE, "miejscowosc: Chełm", 'miejscowosc: "Chełm'),
        COMMUNIQUE, '"Chełm', "kolumna 14", "zamknij jej cudzysłów"),
    "yaml-unclosed-bracket": Bad(
        _in(MEETING, "rodzaj: zjazd ", "rodzaj: [zjazd "),
        MEETING, "[zjazd", "kolumna 9", "niezamknięty nawias „[”"),
    "yaml-indentation": Bad(
        _in(MEETING, "  adresaci: Członkowie", " adresaci: Członkowie"),
        MEETING, " adresaci: Członkowie", "kolumna 2", "wcięcie nie pasuje"),
    "yaml-continued-line": Bad(
        _in(MEETING, RECORDER, f" {RECORDER}"),
        MEETING, RECORDER, "kolumna 13", "sprawdź wcięcie"),
    "yaml-star": Bad(
        _in(MEETING, RECORDER, "protokolant: *Anna"),
        MEETING, "*Anna", "kolumna 14", "nie może zaczynać się od *"),
    "yaml-at-sign": Bad(
        _in(MEETING, RECORDER, "protokolant: @Anna"),
        MEETING, "@Anna", "kolumna 14", "nie może zaczynać się od tego znaku"),
    "yaml-tag": Bad(
        _in(MEETING, RECORDER, "protokolant: !Anna"),
        MEETING, "!Anna", "kolumna 14", "nie może zaczynać się od !"),
    "yaml-backslash": Bad(
        _in(COMMUNIQUE, "miejscowosc: Chełm", 'miejscowosc: "Chełm\\d"'),
        COMMUNIQUE, "Chełm\\d", "kolumna 20", "ukośnik"),
    "yaml-control-character": Bad(
        _in(MEETING, RECORDER, "protokolant: Anna\x0bŁęczyńska"),
        MEETING, "protokolant: Anna", "kolumna 18", "U+000B"),
    "yaml-second-document": Bad(
        (Append(COMMUNIQUE, "---\ntytul: drugi\n"),),
        COMMUNIQUE, "---", "kolumna 1", "drugi dokument"),
    "empty-file": Bad((Write(COMMUNIQUE, ""),), COMMUNIQUE, None, "", "plik jest pusty"),
    # validation: pydantic's errors in konwent's words
    "missing-field": Bad(
        _in(MEETING, f"{RECORDER}\n", ""),
        MEETING, "rodzaj:", "protokolant", "brak wymaganego pola"),
    "misspelt-key-accents": Bad(
        _in(MEETING, "miejscowosc: Lublin", "miejscowość: Lublin"),
        MEETING, "miejscowość", "miejscowość", "czy chodziło o „miejscowosc”?"),
    "misspelt-key-typo": Bad(
        _in(MEETING, RECORDER, "protokolnt: Anna Łęczyńska"),
        MEETING, "protokolnt", "protokolnt", "czy chodziło o „protokolant”?"),
    "unknown-key": Bad(
        _in(ORG, "telefon:", "nazwa_skrocona: KKiCIS\ntelefon:"),
        ORG, "nazwa_skrocona", "nazwa_skrocona", "nieznane pole"),
    "enum-close-value": Bad(
        _in(LECZNA, "wojewodztwo: lubelskie", "wojewodztwo: Lubelskie,"),
        LECZNA, "Lubelskie,", "czlonek.adres.wojewodztwo", "czy chodziło o „lubelskie”?"),
    "enum-listed": Bad(
        _in(LECZNA, "wojewodztwo: lubelskie", "wojewodztwo: Lubelszczyzna"),
        LECZNA, "Lubelszczyzna", "czlonek.adres.wojewodztwo", "„wielkopolskie”, „zachodnio"),
    "impossible-day": Bad(
        _in(MEETING, "data: 2026-06-12", "data: 2026-02-30"),
        MEETING, "2026-02-30", "data", "niemożliwa data: luty 2026 ma 28 dni"),
    "impossible-month": Bad(
        _in(MEETING, "data: 2026-06-12", "data: 2026-13-01"),
        MEETING, "2026-13-01", "data", "niemożliwa data: nie ma miesiąca 13"),
    "impossible-polish-date": Bad(
        _in(BILGORAJ, "data: 2026-09-14", "data: 31.09.2026"),
        BILGORAJ, "31.09.2026", "data", "niemożliwa data: wrzesień 2026 ma 30 dni"),
    "date-in-words": Bad(
        _in(ORG, "kadencja_od: 2024-06-14", "kadencja_od: 14 czerwca 2024"),
        ORG, "14 czerwca", "rada.kadencja_od", "RRRR-MM-DD lub DD.MM.RRRR"),
    "date-as-a-number": Bad(
        _in(MEETING, "data: 2026-06-12", "data: 20260612"),
        MEETING, "20260612", "data", "to nie jest data"),
    "hour": Bad(
        _in(MEETING, 'godzina: "10:00"', 'godzina: "10.00"'),
        MEETING, "godzina", "godzina", "godzina GG:MM"),
    "postal-code": Bad(
        _in(ORG, "kod_pocztowy: 22-100", "kod_pocztowy: 22100"),
        ORG, "22100", "adres.kod_pocztowy", "kod pocztowy NN-NNN"),
    "e-mail": Bad(
        _in(BILGORAJ, "email: l.gasiorowska@", "email: l.gasiorowska(at)"),
        BILGORAJ, "(at)", "czlonek.przedstawiciel.email", "adres e-mail"),
    "nip-check-digit": Bad(
        _in(BILGORAJ, 'nip: "6472803850"', 'nip: "6472803851"'),
        BILGORAJ, "nip:", "czlonek.nip", "niepoprawny NIP: cyfra kontrolna się nie zgadza"),
    "nip-length": Bad(
        _in(BILGORAJ, 'nip: "6472803850"', 'nip: "647280385"'),
        BILGORAJ, "nip:", "czlonek.nip", "NIP ma 10 cyfr, a ten ma 9"),
    "regon-length": Bad(
        _in(LECZNA, 'regon: "533875007"', 'regon: "5338750071"'),
        LECZNA, "regon:", "czlonek.regon", "REGON ma 9 lub 14 cyfr, a ten ma 10"),
    "krs-letters": Bad(
        _in(BILGORAJ, 'krs: "0000512233"', 'krs: "KRS 0000512233"'),
        BILGORAJ, "krs:", "czlonek.krs", "KRS zapisuje się samymi cyframi"),
    "negative-count": Bad(
        _in(MEETING, "      przeciw: 1\n", "      przeciw: -1\n"),
        MEETING, "przeciw: -1", "uchwaly[2].glosowanie.przeciw", "co najmniej 0"),
    "count-in-words": Bad(
        _in(MEETING, "      przeciw: 1\n", "      przeciw: jeden\n"),
        MEETING, "przeciw: jeden", "uchwaly[2].glosowanie.przeciw", "liczba całkowita"),
    "yes-no": Bad(
        _in(MEETING, "uprawniony_do_glosowania: false", "uprawniony_do_glosowania: może"),
        MEETING, "może", "obecni[10].uprawniony_do_glosowania", "wpisz tak lub nie"),
    "blank-text": Bad(
        _in(MEETING, RECORDER, 'protokolant: "   "'),
        MEETING, "protokolant", "protokolant", "nie może być puste"),
    "no-value": Bad(
        _in(MEETING, RECORDER, "protokolant:"),
        MEETING, "protokolant", "protokolant", "nie podano wartości"),
    "text-not-a-list": Bad(
        _in(MEETING, RECORDER, "protokolant: [Anna, Ewa]"),
        MEETING, "protokolant", "protokolant", "oczekiwany tekst"),
    "group-not-a-date": Bad(
        _in(MEETING, "zawiadomienie:\n  data: 2026-05-25\n  adresaci: Członkowie Konwentu\n",
            "zawiadomienie: 2026-05-25\n"),
        MEETING, "zawiadomienie", "zawiadomienie", "oczekiwana grupa pól"),
    "control-character-escaped": Bad(
        _in(MEETING, RECORDER, 'protokolant: "Anna\\vŁęczyńska"'),
        MEETING, "protokolant", "protokolant", "niewidoczny znak sterujący (U+000B)"),
    # the register: values as the user wrote them, controls by their code, columns suggested
    "register-nip": Bad(
        _in(REGISTER, ";5260181596;", ";5260181597;"),
        REGISTER, "CIS-CHELM;", "nip", "(wartość: „5260181597”)"),
    "register-date-as-typed": Bad(
        _in(REGISTER, ";2018-03-22;", ";31.04.2018;"),
        REGISTER, "CIS-WLODAWA;", "data_wpisu", "kwiecień 2018 ma 30 dni (wartość: „31.04.2018”)"),
    "register-noncharacter": Bad(
        _in(REGISTER, "Centrum Integracji Społecznej w Zamościu", "Centrum\uffffw Zamościu"),
        REGISTER, "CIS-ZAMOSC;", "nazwa", "(wartość: „CentrumU+FFFFw Zamościu”)"),
    "register-unknown-column": Bad(
        _in(REGISTER, ";data_przyjecia;", ";data_przyjęcia;"),
        REGISTER, "id;nazwa", "data_przyjęcia", "czy chodziło o „data_przyjecia”?"),
    "register-duplicate-id": Bad(
        _in(REGISTER, "KIS-LUKOW;", "KIS-SWIDNIK;"),
        REGISTER, "Łukowie", "id", "wierszu 4"),
    # the rules' own sentences
    "rule-unit-type": Bad(
        _in(REGISTER, ";zwyczajny;CIS;ul. Peowiaków", ";zwyczajny;;ul. Peowiaków"),
        REGISTER, "CIS-ZAMOSC;", "typ", "CIS lub KIS"),
    "rule-reused-id": Bad(
        _in(BILGORAJ, "id: CIS-BILGORAJ", "id: KIS-SWIDNIK"),
        BILGORAJ, "KIS-SWIDNIK", "czlonek.id", "to identyfikator obecnego członka"),
    "rule-council-seats": Bad(
        (Edit(ORG, "      czlonek: KIS-KRASNIK\n      typ: KIS",
              "      czlonek: KIS-KRASNIK\n      typ: CIS"),),
        ORG, FIRST_SEAT, "rada.sklad", "1 miejsce reprezentuje KIS"),
}
NATIONAL = {"rule-council-seats"}


def _check_in_polish(runner, root: Path, monkeypatch) -> tuple[int, list[str]]:
    monkeypatch.chdir(root)
    result = runner.invoke(cli, ["--lang", "pl", "check", "."], prog_name="konwent")
    return result.exit_code, (result.stderr + result.stdout).splitlines()


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_a_bad_input_is_told_in_polish_at_its_place(runner, example, monkeypatch, case):
    bad = CASES[case]
    if case in NATIONAL:
        make_national(example)
    for edit in bad.edits:
        edit.apply(example)
    code, lines = _check_in_polish(runner, example, monkeypatch)
    assert code == 2, lines
    prefix = f"konwent: błąd: {bad.location(example)}"
    assert any(line.startswith(prefix) and bad.says in line for line in lines), (prefix, lines)
    leaked = {line: english_words(line) for line in lines if english_words(line)}
    assert not leaked, leaked
    raw_controls = [line for line in lines if re.search(r"[\x00-\x08\x0b-\x1f\x7f\uffff]", line)]
    assert not raw_controls


def test_a_formula_with_no_saved_value_is_named(runner, example, monkeypatch):
    """openpyxl writes formulas without a value, as a program other than Excel may: the register
    says so and how to fix it, instead of calling the cell empty."""
    rows = [line.split(";") for line in (example / REGISTER).read_text("utf-8").splitlines()]
    (example / REGISTER).unlink()
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.active["O3"] = '=CONCATENATE("Anna"," Łęczyńska")'  # przedstawiciel of CIS-LUBLIN
    book.save(example / "czlonkowie.xlsx")
    code, lines = _check_in_polish(runner, example, monkeypatch)
    assert code == 2
    assert "konwent: błąd: czlonkowie.xlsx:3: przedstawiciel: formuła " in "\n".join(lines)
    assert any("bez zapisanej wartości: otwórz i zapisz plik w Excelu" in line for line in lines)
    assert not any("brak wymaganego pola" in line for line in lines), lines
    assert not any(english_words(line) for line in lines), lines


def test_polish_messages_from_a_real_process(example):
    Edit(MEETING, "data: 2026-06-12", "data: 2026-02-30").apply(example)
    Edit(REGISTER, "Centrum Integracji Społecznej w Zamościu", "Centrum\x0bw Zamościu").apply(
        example
    )
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--lang", "pl", "check", "."],
        cwd=example, capture_output=True, text=True, encoding="utf-8",
    )
    assert result.returncode == 2
    assert f"konwent: błąd: {MEETING}:3: data: niemożliwa data: luty 2026 ma 28 dni" in (
        result.stderr
    )
    assert "nazwa: zawiera niewidoczny znak sterujący (U+000B)" in result.stderr
    assert "\x0b" not in result.stderr and "Traceback" not in result.stderr
    assert not english_words(result.stderr), result.stderr


TEMPLATE_CASES = {
    "stray-brace": ("komunikat", "{{ numer + }}", "nieoczekiwane „}}”"),
    "unknown-tag": ("uchwala", "{% foo %}", "nieznany znacznik „foo”"),
    "empty-field": ("uchwala", "{{ }}", "puste pole szablonu"),
    "bad-character": ("komunikat", "{{ numer !}}", "znak niedozwolony w polu szablonu: „!”"),
    "missing-name": ("komunikat", "{{ numer. }}", "po kropce brakuje nazwy"),
}


@pytest.mark.parametrize("case", list(TEMPLATE_CASES), ids=list(TEMPLATE_CASES))
def test_a_template_typo_is_told_in_polish(runner, tmp_path, monkeypatch, case):
    """Jinja's own English never reaches the secretary checking a Word template."""
    name, text, says = TEMPLATE_CASES[case]
    copy_template(tmp_path, name, lambda doc: doc.add_paragraph(text))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["--lang", "pl", "templates", "check", "."], prog_name="konwent")
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("konwent: błąd:")]
    assert any(
        line.startswith(f"konwent: błąd: {name}.docx: treść: {says}") for line in errors
    ), errors
    assert not any(english_words(line) for line in errors), errors


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('{"files": {', "wiersz 1: manifest nie jest poprawnym plikiem JSON"),
        ('{"pliki": []}', "manifest nie zawiera plików w postaci, w jakiej zapisuje je konwent"),
    ],
    ids=["not-json", "not-konwent's"],
)
def test_a_broken_archive_manifest_is_told_in_polish(runner, tmp_path, monkeypatch, text, says):
    (tmp_path / "archiwum").mkdir()
    (tmp_path / "archiwum" / "manifest.json").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["--lang", "pl", "archive", "verify", "archiwum"])
    assert result.exit_code == 4, result.output
    assert f"konwent: błąd: archiwum/manifest.json: {says}" in result.stderr
    assert not english_words(result.stderr), result.stderr
