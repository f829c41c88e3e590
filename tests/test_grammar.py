"""The grammar documents use: names declined with Morfeusz, gender from first names, plurals."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.grammar import (
    Case,
    GenderBook,
    PersonRef,
    counted,
    decline,
    declined,
    first_name_gender,
    gendered,
    voivodeship_locative,
)
from pipeline.model import Gender, Person, Voivodeship
from pipeline.render import make_environment

GENITIVES = [
    (
        "Gminny Klub Integracji Społecznej w Łęcznej",
        "Gminnego Klubu Integracji Społecznej w Łęcznej",
    ),
    ("Klub Integracji Społecznej w Puławach", "Klubu Integracji Społecznej w Puławach"),
    ("Spółdzielnia Socjalna „Razem”", "Spółdzielni Socjalnej „Razem”"),
    ("Stowarzyszenie „Źródło”", "Stowarzyszenia „Źródło”"),
    (
        "Gminne Centrum Integracji Społecznej w Tomaszowie",
        "Gminnego Centrum Integracji Społecznej w Tomaszowie",
    ),
    (
        "Centrum Integracji Społecznej „Przystań” w Lublinie",
        "Centrum Integracji Społecznej „Przystań” w Lublinie",
    ),
    ("Fundacja Rozwoju Lokalnego", "Fundacji Rozwoju Lokalnego"),
    ("Rada Programowa", "Rady Programowej"),
    ("Rada Konwentu", "Rady Konwentu"),
    (
        "Miejski Ośrodek Pomocy Społecznej w Łęcznej",
        "Miejskiego Ośrodka Pomocy Społecznej w Łęcznej",
    ),
    (
        "Gminny Ośrodek Pomocy Społecznej w Abramowie",
        "Gminnego Ośrodka Pomocy Społecznej w Abramowie",
    ),
    ("Powiatowy Urząd Pracy w Puławach", "Powiatowego Urzędu Pracy w Puławach"),
    ("Gmina Łęczna", "Gminy Łęczna"),
    ("Miasto Chełm", "Miasta Chełm"),
    (
        "Stowarzyszenie na rzecz Osób Niepełnosprawnych",
        "Stowarzyszenia na rzecz Osób Niepełnosprawnych",
    ),
]


@pytest.mark.parametrize(("name", "genitive"), GENITIVES)
def test_the_head_and_its_adjectives_decline_complements_stay(name, genitive):
    assert decline(name, Case.GEN) == genitive


@pytest.mark.parametrize(
    ("name", "case", "form"),
    [
        ("Spółdzielnia Socjalna „Razem”", Case.ACC, "Spółdzielnię Socjalną „Razem”"),
        (
            "Klub Integracji Społecznej w Puławach",
            Case.ACC,
            "Klub Integracji Społecznej w Puławach",
        ),
        ("Rada Programowa", Case.DAT, "Radzie Programowej"),
        ("Gminny Klub Integracji Społecznej", Case.INST, "Gminnym Klubem Integracji Społecznej"),
        ("Miejski Ośrodek Pomocy Społecznej", Case.LOC, "Miejskim Ośrodku Pomocy Społecznej"),
        ("Fundacja Rozwoju Lokalnego", Case.NOM, "Fundacja Rozwoju Lokalnego"),
    ],
)
def test_other_cases(name, case, form):
    assert decline(name, case) == form


@pytest.mark.parametrize("name", ["CIS w Chełmie", "„Razem” Spółdzielnia", "Xqzwy Klub", ""])
def test_a_name_without_a_known_head_is_not_guessed(name):
    assert decline(name, Case.GEN) is None
    assert declined(name, Case.GEN) == name


def test_a_genitive_the_data_gives_wins():
    class Named:
        name = "Klub Integracji Społecznej w Puławach"
        name_genitive = "Klubu Integracji Społecznej (Puławy)"

    assert declined(Named(), Case.GEN) == "Klubu Integracji Społecznej (Puławy)"
    assert declined(Named(), Case.LOC) == "Klubie Integracji Społecznej w Puławach"


def test_every_voivodeship_in_the_locative_as_the_dictionary_has_it():
    assert voivodeship_locative(Voivodeship.LUBELSKIE) == "lubelskim"
    assert declined(Voivodeship.KUJAWSKO_POMORSKIE, Case.LOC) == "kujawsko-pomorskim"
    for v in Voivodeship:
        if "-" not in v.value:
            assert (
                decline(f"województwo {v.value}", Case.LOC)
                == f"województwie {voivodeship_locative(v)}"
            )


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Jan Kowalski", Gender.MALE),
        ("Kuba Nowak", Gender.MALE),
        ("Barnaba Wiśniewski", Gender.MALE),
        ("Kosma Lis", Gender.MALE),
        ("Małgorzata Żółkiewska", Gender.FEMALE),
        ("Katarzyna Wiśniewska-Żak", Gender.FEMALE),
        ("Anna-Maria Kos", Gender.FEMALE),
        ("Xqzwy Kowalsk", None),
        ("dr Anna Nowak", None),
    ],
)
def test_gender_from_the_first_name_by_the_dictionary(name, gender):
    assert first_name_gender(name) is gender


def test_a_given_gender_wins_over_the_first_name():
    book = GenderBook([("Kuba Nowak", Gender.FEMALE)])
    assert book.gender("Kuba Nowak") is Gender.FEMALE
    assert book.gender("Kuba Nowak", Gender.MALE) is Gender.MALE
    assert book.person("Anna Nowak") == PersonRef("Anna Nowak", Gender.FEMALE)
    assert str(book.person("Anna Nowak")) == "Anna Nowak"


@pytest.mark.parametrize(
    ("words", "feminine"),
    [
        ("Przewodniczący", "Przewodnicząca"),
        ("przewodniczący obrad", "przewodnicząca obrad"),
        ("Przewodniczącego", "Przewodniczącej"),
        ("protokolant", "protokolantka"),
        ("Protokolant", "Protokolantka"),
        ("otworzył", "otworzyła"),
        ("Protokołował", "Protokołowała"),
        ("przewodniczył", "przewodniczyła"),
        ("PRZEWODNICZĄCY", "PRZEWODNICZĄCA"),
    ],
)
def test_words_about_a_woman_agree(words, feminine):
    assert gendered(words, Gender.FEMALE) == feminine
    assert gendered(words, Gender.MALE) == words
    assert gendered(words, None) == words


def _rodzaj(person, *forms, org=None) -> str:
    args = ", ".join(f"'{f}'" for f in forms)
    template = make_environment().from_string(f"{{{{ person|rodzaj({args}) }}}}")
    return template.render(person=person, org=org)


def test_the_rodzaj_filter_takes_persons_names_and_explicit_forms():
    assert _rodzaj(PersonRef("Kuba Nowak", Gender.FEMALE), "Przewodniczący") == "Przewodnicząca"
    assert _rodzaj(Person(imie_nazwisko="Jan Maria Rokita"), "otworzył") == "otworzył"
    assert _rodzaj(Person(imie_nazwisko="Xqz Q", plec="K"), "protokolant") == "protokolantka"
    assert _rodzaj("Anna Nowak", "zapoznał się", "zapoznała się") == "zapoznała się"
    assert _rodzaj("Jan Nowak", "zapoznał się", "zapoznała się") == "zapoznał się"


def test_the_organisation_chooses_forms_usage_leaves_open():
    class Org:
        feminine_forms = {"Zastępca": "zastępca"}

    anna = PersonRef("Anna Nowak", Gender.FEMALE)
    assert _rodzaj(anna, "Zastępca Przewodniczącego") == "Zastępczyni Przewodniczącej"
    assert _rodzaj(anna, "Zastępca Przewodniczącego", org=Org()) == "Zastępca Przewodniczącej"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 głosów"),
        (1, "1 głos"),
        (2, "2 głosy"),
        (4, "4 głosy"),
        (5, "5 głosów"),
        (12, "12 głosów"),
        (22, "22 głosy"),
        (25, "25 głosów"),
        (104, "104 głosy"),
        (112, "112 głosów"),
    ],
)
def test_counts_take_the_polish_plural_form(n, text):
    assert counted(n, "głos", "głosy", "głosów") == text


def test_counts_in_documents_stay_polish_under_an_english_interface():
    from pipeline.i18n import activate

    activate("en")
    assert counted(22, "głos", "głosy", "głosów") == "22 głosy"


def test_filters_render_in_the_sandbox():
    env = make_environment()
    template = env.from_string(
        "Decyzja {{ rada|dopelniacz }}; w imieniu {{ nazwa|dopelniacz }}; "
        "{{ osoba|rodzaj('Przewodniczący') }}; {{ n|liczebnik('plik', 'pliki', 'plików') }}; "
        "w województwie {{ woj|miejscownik }}"
    )
    text = template.render(
        rada="Rada Konwentu",
        nazwa="Spółdzielnia Socjalna „Razem” & Co",
        osoba=PersonRef("Anna Nowak", Gender.FEMALE),
        n=2,
        woj=Voivodeship.LUBELSKIE,
    )
    assert text == (
        "Decyzja Rady Konwentu; w imieniu Spółdzielni Socjalnej „Razem” &amp; Co; "
        "Przewodnicząca; 2 pliki; w województwie lubelskim"
    )


def test_morfeusz_is_not_loaded_until_a_name_needs_it():
    code = (
        "import pipeline.cli, pipeline.build, pipeline.render\n"
        "from pipeline.grammar import morfeusz, declined, Case\n"
        "class O: name='Rada Konwentu'; name_genitive='Rady Konwentu'\n"
        "declined(O(), Case.GEN)\n"
        "assert not morfeusz.loaded()\n"
        "import sys; assert 'morfeusz2' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_missing_morfeusz_is_a_named_error(monkeypatch):
    from pipeline.grammar import MorfeuszMissing, morfeusz

    morfeusz._instance.cache_clear()
    monkeypatch.setitem(sys.modules, "morfeusz2", None)
    try:
        with pytest.raises(MorfeuszMissing, match="pip install morfeusz2"):
            decline("Xyzklub Testowy Nieznany", Case.GEN)
    finally:
        morfeusz._instance.cache_clear()
