"""`konwent check` says what the documents cannot say right without more data (a name it cannot
decline, a person whose gender is unknown), where to fill it in; messages count in Polish."""

from __future__ import annotations

import sys

from pipeline.cli import cli
from tests.editing import Edit

MEETING = "posiedzenia/2026-06-12-zjazd.yaml"
DECLARATION = "deklaracje/2026-kis-leczna.yaml"
ACRONYM = "KIS „Nowa Szansa” w Łęcznej"


def _line(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_name_that_cannot_be_declined_names_the_key_to_fill(runner, example):
    Edit(DECLARATION, "nazwa: Klub Integracji Społecznej w Łęcznej", f"nazwa: {ACRONYM}").apply(
        example
    )
    result = runner.invoke(cli, ["check", str(example)])
    assert result.exit_code == 0
    line = _line(example / DECLARATION, "nazwa:")
    assert result.stderr == (
        f"konwent: warning: {example / DECLARATION}:{line}: czlonek.nazwa: cannot decline "
        f"„{ACRONYM}” with confidence; give its genitive in czlonek.nazwa_dopelniacz\n"
    )
    Edit(DECLARATION, f"nazwa: {ACRONYM}\n", f"nazwa: {ACRONYM}\n  nazwa_dopelniacz: x\n").apply(
        example
    )
    assert runner.invoke(cli, ["check", str(example)]).stderr == ""


def test_an_unknown_gender_names_the_key_or_column_to_fill(runner, example):
    Edit(MEETING, "protokolant: Anna Łęczyńska", "protokolant: Dominique Lefèvre").apply(example)
    Edit("czlonkowie.csv", "Agnieszka Śliwińska", "Sasha Śliwińska").apply(example)
    result = runner.invoke(cli, ["--lang", "pl", "check", str(example)])
    assert result.exit_code == 0
    row = _line(example / "czlonkowie.csv", "Sasha")
    recorder = _line(example / MEETING, "protokolant:")
    assert result.stderr.splitlines() == [
        f"konwent: ostrzeżenie: {example / 'czlonkowie.csv'}:{row}: plec_przedstawiciela: "
        "z imienia nie wynika rodzaj gramatyczny dla „Sasha Śliwińska”; "
        "podaj plec_przedstawiciela: K albo M",
        f"konwent: ostrzeżenie: {example / MEETING}:{recorder}: plec_protokolanta: "
        "z imienia nie wynika rodzaj gramatyczny dla „Dominique Lefèvre”; "
        "podaj plec_protokolanta: K albo M",
    ]
    assert result.stdout == "0 błędów, 2 ostrzeżenia w 2 plikach\n"
    Edit(
        MEETING,
        "protokolant: Dominique Lefèvre",
        "protokolant: Dominique Lefèvre\nplec_protokolanta: K",
    ).apply(example)
    header = (example / "czlonkowie.csv").read_text(encoding="utf-8").splitlines()[0]
    Edit("czlonkowie.csv", header, header + ";plec_przedstawiciela").apply(example)
    for line in (example / "czlonkowie.csv").read_text(encoding="utf-8").splitlines()[1:]:
        Edit("czlonkowie.csv", line, line + (";K" if "Sasha" in line else ";")).apply(example)
    result = runner.invoke(cli, ["--lang", "pl", "check", str(example)])
    assert result.stderr == "" and result.exit_code == 0


def test_counts_in_messages_take_their_plural_forms(runner, example):
    Edit(MEETING, "      za: 8\n", "      za: 12\n").apply(example)
    result = runner.invoke(cli, ["--lang", "pl", "check", str(example)])
    assert "oddano 13 głosów (za 12, przeciw 0, wstrzymało się 1), a obecnych jest tylko 9" in (
        result.stderr
    )
    assert result.stdout == "1 błąd, 0 ostrzeżeń w 1 pliku\n"
    Edit(MEETING, "      za: 12\n", "      za: 21\n").apply(example)
    result = runner.invoke(cli, ["--lang", "pl", "check", str(example)])
    assert "oddano 22 głosy (za 21, przeciw 0, wstrzymało się 1)" in result.stderr


def test_the_voivodeship_in_the_locative(runner, example):
    Edit("czlonkowie.csv", "Zamość;lubelskie;", "Zamość;mazowieckie;").apply(example)
    polish = runner.invoke(cli, ["--lang", "pl", "check", str(example)])
    assert "członek zwyczajny musi mieć siedzibę w województwie lubelskim" in polish.stderr
    english = runner.invoke(cli, ["--lang", "en", "check", str(example)])
    assert "a zwyczajny member must have its seat in the lubelskie voivodeship" in english.stderr


def test_a_missing_dictionary_is_one_clear_error(runner, example, monkeypatch):
    from pipeline.grammar import cases, gender, morfeusz

    caches = (morfeusz._instance, morfeusz.analyse, cases.decline, gender.first_name_gender)
    for cache in caches:  # as in a fresh process
        cache.cache_clear()
    monkeypatch.setitem(sys.modules, "morfeusz2", None)
    try:
        result = runner.invoke(cli, ["check", str(example)])
    finally:
        morfeusz._instance.cache_clear()
    assert result.exit_code == 2
    assert result.stderr == (
        "konwent: error: declining names needs Morfeusz 2, which is not installed: run `pip "
        "install morfeusz2` (a binary wheel for x86_64 Linux), or give the forms in the data "
        "(e.g. nazwa_dopelniacz, plec)\n"
    )


def test_a_signatory_of_unknown_gender_is_given_one_at_the_council_seat(runner, example):
    communique = "komunikaty/2026-07-komunikat.yaml"
    Edit(communique, "podpisuje: Małgorzata Żółkiewska", "podpisuje: Dominique Lefèvre").apply(
        example
    )
    result = runner.invoke(cli, ["check", str(example)])
    line = _line(example / communique, "podpisuje:")
    assert (
        f"konwent: warning: {example / communique}:{line}: podpisuje: the grammatical gender of "
        "„Dominique Lefèvre” is not known from the first name; give plec: K or M at their seat "
        "in rada.sklad\n"
    ) in result.stderr
