"""The regulation's rules: one broken input per rule, each found at its exact place, rule cited."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import Severity
from pipeline.model import Profile
from pipeline.profiles import load_profile
from pipeline.rules import check_folder, errors
from tests.editing import Append, Copy, Edit, Expect, Write, make_national

MEETING = "posiedzenia/2026-06-12-zjazd.yaml"
ORG = "konwent.yaml"
REGISTER = "czlonkowie.csv"
BILGORAJ = "deklaracje/2026-cis-bilgoraj.yaml"
LECZNA = "deklaracje/2026-kis-leczna.yaml"
NOTICE = "zawiadomienia/2026-10-20-rada.yaml"
COMMUNIQUE = "komunikaty/2026-07-komunikat.yaml"
WARNING = Severity.WARNING

FIRST_VOTES = "      za: 8\n      przeciw: 0\n"
SECOND_VOTES = "      za: 7\n      przeciw: 1\n"
FIRST_SEAT = "    - imie_nazwisko: Małgorzata Żółkiewska"
ELECTION = (
    "wybory:\n  - organ: Rada Konwentu\n    tryb: {}\n    wybrani: [Anna Łęczyńska]\nuchwaly:\n"
)
BILGORAJ_ROW = (
    "CIS-BILGORAJ;Centrum Integracji Społecznej „Źródło” w Biłgoraju;zwyczajny;CIS;"
    "ul. Kościuszki 47;23-400;Biłgoraj;lubelskie;6472803850;308414855;0000512233;"
    "CIS/LUB/24/2025;2025-11-03;Stowarzyszenie „Źródło”;Łucja Gąsiorowska;kierownik Centrum;"
    "l.gasiorowska@cis.bilgoraj.pl;+48 84 686 41 20;5/2026;2026-10-20\n"
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
  - czlonek: CIS-LUBLIN
porzadek_obrad:
  - punkt: Rozpatrzenie deklaracji partnerskich
uchwaly:
  - id: przyjecie-bilgoraj
    w_sprawie: przyjęcia Centrum Integracji Społecznej „Źródło” w Biłgoraju do Konwentu
    podstawa_prawna: Art. 3 ust. 9 pkt 3 Regulaminu Konwentu
    przyjmuje_czlonkow: [CIS-BILGORAJ]
    postanowienia:
      - Przyjmuje się Centrum Integracji Społecznej „Źródło” w Biłgoraju w poczet członków.
    glosowanie: {za: 3, przeciw: 0}
""",
)


def _national(case_edits: list) -> list:
    return [make_national, *case_edits]


# (id, national?, edits, expected problem)
CASES = [
    # Vote counts: za + przeciw + wstrzymało się ≤ entitled members present.
    (
        "vote-count-exceeds-present",
        False,
        [Edit(MEETING, FIRST_VOTES, "      za: 12\n      przeciw: 0\n")],
        Expect(MEETING, "za: 12", "uchwaly[1].glosowanie", "Art. 3 ust. 6", message="13 votes"),
    ),
    (
        "vote-count-national",
        True,
        [Edit(MEETING, "  za: 9\n", "  za: 10\n")],
        Expect(MEETING, "  za: 10", "przyjecie_porzadku", "§ 2 ust. 4"),
    ),
    # Adopted only with more za than przeciw.
    (
        "declared-adopted-without-majority",
        False,
        [
            Edit(MEETING, FIRST_VOTES, "      za: 3\n      przeciw: 5\n"),
            Edit(MEETING, "  - id: sprawozdanie\n", "  - id: sprawozdanie\n    wynik: przyjęta\n"),
        ],
        Expect(MEETING, "wynik: przyjęta", "uchwaly[1].wynik", "Art. 3 ust. 6"),
    ),
    (
        "rejected-resolution-is-shown",
        False,
        [Edit(MEETING, FIRST_VOTES, "      za: 3\n      przeciw: 5\n")],
        Expect(MEETING, "za: 3", "uchwaly[1].glosowanie", "Art. 3 ust. 6", WARNING),
    ),
    # Ties: regional has no casting vote; national needs the chair's, named in the minutes.
    (
        "regional-tie-with-casting-vote",
        False,
        [
            Edit(
                MEETING,
                FIRST_VOTES,
                "      za: 4\n      przeciw: 4\n      glos_rozstrzygajacy: za\n",
            )
        ],
        Expect(
            MEETING,
            "glos_rozstrzygajacy: za",
            "uchwaly[1].glosowanie.glos_rozstrzygajacy",
            "Art. 3 ust. 6",
        ),
    ),
    (
        "national-tie-without-casting-vote",
        True,
        [Edit(MEETING, FIRST_VOTES, "      za: 4\n      przeciw: 4\n")],
        Expect(MEETING, "      za: 4", "uchwaly[1].glosowanie.glos_rozstrzygajacy", "§ 2 ust. 4"),
    ),
    (
        "national-tie-decided-by-non-chair",
        True,
        [
            Edit(
                MEETING,
                FIRST_VOTES,
                "      za: 4\n      przeciw: 4\n      glos_rozstrzygajacy: za\n"
                "      rozstrzygajacy: Anna Łęczyńska\n",
            )
        ],
        Expect(
            MEETING, "rozstrzygajacy: Anna", "uchwaly[1].glosowanie.rozstrzygajacy", "§ 2 ust. 4"
        ),
    ),
    (
        "casting-vote-without-tie",
        True,
        [Edit(MEETING, FIRST_VOTES, FIRST_VOTES + "      glos_rozstrzygajacy: za\n")],
        Expect(
            MEETING,
            "glos_rozstrzygajacy: za",
            "uchwaly[1].glosowanie.glos_rozstrzygajacy",
            "§ 2 ust. 4",
        ),
    ),
    # Council composition and term per profile.
    (
        "national-council-two-kis-required",
        True,
        [
            Edit(
                ORG,
                "      czlonek: KIS-KRASNIK\n      typ: KIS",
                "      czlonek: KIS-KRASNIK\n      typ: CIS",
            )
        ],
        Expect(ORG, FIRST_SEAT, "rada.sklad", "§ 3 ust. 1", message="1 seat represents a KIS"),
    ),
    (
        "national-council-five-seats",
        True,
        [
            Edit(
                ORG,
                "  przewodnictwo:",
                "    - imie_nazwisko: Jan Nadliczbowy\n      czlonek: KIS-LUKOW\n      typ: KIS\n"
                "  przewodnictwo:",
            )
        ],
        Expect(ORG, FIRST_SEAT, "rada.sklad", "§ 3 ust. 1", message="6 seats"),
    ),
    (
        "council-seat-type-differs-from-register",
        False,
        [
            Edit(
                ORG,
                "      czlonek: KIS-KRASNIK\n      typ: KIS",
                "      czlonek: KIS-KRASNIK\n      typ: CIS",
            )
        ],
        Expect(ORG, "typ: CIS", "rada.sklad[4].typ", "Art. 3 ust. 3", nth=3),
    ),
    (
        "regional-council-from-supporting-member",
        False,
        [Edit(ORG, "czlonek: CIS-ZAMOSC", "czlonek: ROPS-LUBLIN")],
        Expect(ORG, "czlonek: ROPS-LUBLIN", "rada.sklad[5].czlonek", "Art. 3 ust. 3"),
    ),
    (
        "council-seat-unknown-member",
        False,
        [Edit(ORG, "czlonek: CIS-ZAMOSC", "czlonek: CIS-NIEZNANE")],
        Expect(ORG, "CIS-NIEZNANE", "rada.sklad[5].czlonek", "Art. 3 ust. 3"),
    ),
    (
        "regional-term-over-four-years",
        False,
        [Edit(ORG, "kadencja_do: 2028-06-13", "kadencja_do: 2029-06-13")],
        Expect(ORG, "kadencja_do", "rada.kadencja_do", "Art. 3 ust. 4"),
    ),
    (
        "national-term-over-one-year",
        True,
        [Edit(ORG, "kadencja_do: 2027-01-14", "kadencja_do: 2028-01-14")],
        Expect(ORG, "kadencja_do", "rada.kadencja_do", "§ 3 ust. 2"),
    ),
    (
        "term-ended-before-meeting",
        False,
        [Edit(ORG, "kadencja_do: 2028-06-13", "kadencja_do: 2026-06-01")],
        Expect(MEETING, "data: 2026-06-12", "data", "Art. 3 ust. 4", WARNING),
    ),
    # Chair and deputy: one CIS, one KIS, swapped each calendar year.
    (
        "chair-and-deputy-both-cis",
        False,
        [
            Edit(ORG, "      funkcja: zastępca\n", ""),
            Edit(ORG, "czlonek: CIS-LUBLIN\n", "czlonek: CIS-LUBLIN\n      funkcja: zastępca\n"),
        ],
        Expect(ORG, "funkcja: zastępca", "rada.sklad[3].funkcja", "Art. 3 ust. 5"),
    ),
    (
        "chair-not-swapped-next-year",
        False,
        [
            Edit(
                ORG,
                "    - rok: 2025\n      przewodniczacy: Grzegorz Świątek\n"
                "      zastepca: Małgorzata Żółkiewska\n",
                "    - rok: 2025\n      przewodniczacy: Małgorzata Żółkiewska\n"
                "      zastepca: Grzegorz Świątek\n",
            )
        ],
        Expect(
            ORG,
            "przewodniczacy: Małgorzata",
            "rada.przewodnictwo[2].przewodniczacy",
            "Art. 3 ust. 5",
            nth=2,
        ),
    ),
    (
        "national-two-chairs",
        True,
        [Edit(ORG, "      funkcja: zastępca\n", "      funkcja: przewodniczący\n")],
        Expect(ORG, FIRST_SEAT, "rada.sklad", "§ 3 ust. 3", message="exactly one"),
    ),
    # A regional full member: CIS/KIS, seat in lubelskie, current register entry.
    (
        "full-member-outside-lubelskie",
        False,
        [Edit(REGISTER, "Zamość;lubelskie;", "Zamość;mazowieckie;")],
        Expect(REGISTER, "CIS-ZAMOSC;", "wojewodztwo", "Art. 2 ust. 1 pkt 1"),
    ),
    (
        "full-member-neither-cis-nor-kis",
        False,
        [Edit(REGISTER, "w Zamościu;zwyczajny;CIS;", "w Zamościu;zwyczajny;;")],
        Expect(REGISTER, "CIS-ZAMOSC;", "typ", "Art. 2 ust. 1 pkt 1"),
    ),
    (
        "declared-full-member-without-register-entry",
        False,
        [Edit(BILGORAJ, "  nr_rejestru: CIS/LUB/24/2025\n", "")],
        Expect(BILGORAJ, "  id: CIS-BILGORAJ", "czlonek.nr_rejestru", "Art. 2 ust. 1 pkt 1"),
    ),
    (
        "register-entry-after-declaration",
        False,
        [Edit(BILGORAJ, "data_wpisu: 2025-11-03", "data_wpisu: 2026-10-01")],
        Expect(BILGORAJ, "data_wpisu", "czlonek.data_wpisu", "Art. 2 ust. 1 pkt 1"),
    ),
    (
        "national-no-supporting-members",
        True,
        [
            Edit(
                REGISTER, "w Tomaszowie Lubelskim;zwyczajny;", "w Tomaszowie Lubelskim;wspierający;"
            )
        ],
        Expect(REGISTER, "KIS-TOMASZOW;", "rodzaj", "§ 2 ust. 1"),
    ),
    (
        "national-member-without-founding-institution",
        True,
        [Edit(REGISTER, ";Gmina Tomaszów Lubelski;", ";;")],
        Expect(REGISTER, "KIS-TOMASZOW;", "instytucja_tworzaca", "§ 2 ust. 2"),
    ),
    (
        "national-declaration-without-agreement",
        True,
        [Edit(LECZNA, "zgoda_instytucji_tworzacej: zarządzenie Burmistrza Łęcznej\n", "")],
        Expect(LECZNA, "czlonek:", "zgoda_instytucji_tworzacej", "§ 2 ust. 2"),
    ),
    # An extraordinary regional zjazd: requested by at least 2/3 of current members.
    (
        "extraordinary-zjazd-too-few-requests",
        False,
        [
            Edit(MEETING, "rodzaj: zjazd ", "rodzaj: zjazd nadzwyczajny "),
            Append(
                MEETING,
                "wnioskodawcy: [CIS-CHELM, CIS-LUBLIN, KIS-SWIDNIK]\ndata_wniosku: 2026-05-04\n",
            ),
        ],
        Expect(MEETING, "wnioskodawcy:", "wnioskodawcy", "Art. 3 ust. 1 pkt 1", message="3 of 12"),
    ),
    (
        "extraordinary-zjazd-requested-by-stranger",
        False,
        [
            Edit(MEETING, "rodzaj: zjazd ", "rodzaj: zjazd nadzwyczajny "),
            Append(MEETING, "wnioskodawcy:\n  - CIS-OBCE\ndata_wniosku: 2026-05-04\n"),
        ],
        Expect(MEETING, "  - CIS-OBCE", "wnioskodawcy[1]", "Art. 3 ust. 1 pkt 1"),
    ),
    # At least one meeting a year.
    (
        "a-year-without-a-zjazd",
        False,
        [
            Copy(
                MEETING,
                "posiedzenia/2024-06-14-zjazd.yaml",
                (
                    ("data: 2026-06-12", "data: 2024-06-14"),
                    ("  data: 2026-05-25", "  data: 2024-05-24"),
                ),
            )
        ],
        Expect(MEETING, "data: 2026-06-12", "data", "Art. 3 ust. 1 pkt 1", WARNING, "2025"),
    ),
    # A regulation change: simple majority and an aneks.
    (
        "regulation-change-without-aneks",
        False,
        [Edit(MEETING, "  - uchwala: zmiana-regulaminu", "  - uchwala: inna")],
        Expect(MEETING, "id: zmiana-regulaminu", "uchwaly[2]", "Art. 4"),
    ),
    (
        "aneks-for-unknown-resolution",
        False,
        [Edit(MEETING, "  - uchwala: zmiana-regulaminu", "  - uchwala: inna")],
        Expect(MEETING, "uchwala: inna", "aneksy[1].uchwala", "Art. 4"),
    ),
    (
        "aneks-of-rejected-resolution",
        True,
        [Edit(MEETING, SECOND_VOTES, "      za: 1\n      przeciw: 7\n")],
        Expect(MEETING, "uchwala: zmiana-regulaminu", "aneksy[1].uchwala", "§ 7"),
    ),
    (
        "aneks-unit-not-named-as-in-regulation",
        False,
        [Edit(MEETING, "jednostka: Art. 3 ust. 1 pkt 3", "jednostka: art 3.1.3")],
        Expect(MEETING, "art 3.1.3", "aneksy[1].zmiany[1].jednostka", "Art. 4"),
    ),
    (
        "national-aneks-unit-cited-regionally",
        True,
        [Edit(MEETING, "jednostka: § 3 ust. 5", "jednostka: Art. 3 ust. 5")],
        Expect(MEETING, "Art. 3 ust. 5", "aneksy[1].zmiany[1].jednostka", "§ 7"),
    ),
    (
        "removed-unit-with-new-wording",
        False,
        [
            Edit(
                MEETING,
                "        rodzaj: zmiana\n        brzmienie: grup",
                "        rodzaj: uchylenie\n        brzmienie: grup",
            )
        ],
        Expect(MEETING, "brzmienie: grup", "aneksy[1].zmiany[1].brzmienie", "Art. 4"),
    ),
    # A legal basis names units the regulation has (Art. 3 has ust. 1–10; § 5 has ust. 1–3).
    (
        "legal-basis-names-no-unit-of-the-regulation",
        False,
        [Edit(MEETING, "podstawa_prawna: Art. 4", "podstawa_prawna: Art. 3 ust. 11")],
        Expect(MEETING, "Art. 3 ust. 11", "uchwaly[2].podstawa_prawna", None, WARNING),
    ),
    (
        "national-legal-basis-names-no-unit-of-the-regulation",
        True,
        [Edit(MEETING, "podstawa_prawna: § 7", "podstawa_prawna: § 5 ust. 4")],
        Expect(MEETING, "§ 5 ust. 4", "uchwaly[2].podstawa_prawna", None, WARNING, "§ 5 ust. 4"),
    ),
    # A new member appears in the register only after a council resolution admits it.
    (
        "council-resolution-before-declaration",
        False,
        [COUNCIL_MEETING, Edit(BILGORAJ, "data: 2026-09-14", "data: 2026-10-25")],
        Expect(BILGORAJ, "data: 2026-10-25", "data", "Art. 3 ust. 9 pkt 3"),
    ),
    (
        "non-council-member-votes-at-council-meeting",
        False,
        [
            COUNCIL_MEETING,
            Edit(
                "posiedzenia/2026-10-20-rada.yaml",
                "  - czlonek: CIS-LUBLIN\n",
                "  - czlonek: KIS-LUKOW\n",
            ),
        ],
        Expect(
            "posiedzenia/2026-10-20-rada.yaml",
            "KIS-LUKOW",
            "obecni[3].uprawniony_do_glosowania",
            "Art. 3 ust. 3",
        ),
    ),
    (
        "member-present-before-its-admission",
        False,
        [Edit(REGISTER, ";1/2019;2019-04-26;", ";1/2019;2026-09-01;")],
        Expect(MEETING, "czlonek: CIS-WLODAWA", "obecni[9].czlonek", "Art. 2 ust. 1"),
    ),
    (
        "member-present-after-leaving-national",
        True,
        [Edit(REGISTER, ";2/2017;2017-06-09;nie;", ";2/2017;2017-06-09;nie;2026-01-01")],
        Expect(MEETING, "czlonek: KIS-HRUBIESZOW", "obecni[8].czlonek", "§ 2 ust. 1"),
    ),
    (
        "register-row-without-admission",
        False,
        [Edit(REGISTER, ";2/2014;2014-09-12;nie;\nKIS-LUKOW", ";2/2014;;nie;\nKIS-LUKOW")],
        Expect(REGISTER, "CIS-ZAMOSC;", "data_przyjecia", "Art. 3 ust. 9 pkt 3"),
    ),
    (
        "newcomer-in-register-before-resolution",
        False,
        [Append(REGISTER, BILGORAJ_ROW)],
        Expect(REGISTER, "CIS-BILGORAJ;", "id", "Art. 3 ust. 9 pkt 3"),
    ),
    (
        "newcomer-admitted-before-council-meeting",
        False,
        [COUNCIL_MEETING, Append(REGISTER, BILGORAJ_ROW.replace("2026-10-20", "2026-10-01"))],
        Expect(REGISTER, "CIS-BILGORAJ;", "data_przyjecia", "Art. 3 ust. 9 pkt 3"),
    ),
    (
        "admission-voted-at-zjazd",
        False,
        [
            Edit(
                MEETING,
                "  - id: sprawozdanie\n",
                "  - id: sprawozdanie\n    przyjmuje_czlonkow: [CIS-BILGORAJ]\n",
            )
        ],
        Expect(
            MEETING, "przyjmuje_czlonkow", "uchwaly[1].przyjmuje_czlonkow", "Art. 3 ust. 9 pkt 3"
        ),
    ),
    (
        "national-admission-of-unknown-member",
        True,
        [
            Edit(MEETING, "rodzaj: posiedzenie zwyczajne ", "rodzaj: posiedzenie Rady "),
            Edit(
                MEETING,
                "  - id: sprawozdanie\n",
                "  - id: sprawozdanie\n    przyjmuje_czlonkow:\n      - CIS-WIDMO\n",
            ),
        ],
        Expect(MEETING, "CIS-WIDMO", "uchwaly[1].przyjmuje_czlonkow[1]", "§ 4 ust. 1 pkt 2"),
    ),
    # Attendance and voting rights.
    (
        "attendance-unknown-member",
        False,
        [Edit(MEETING, "  - czlonek: KIS-LUKOW\n", "  - czlonek: KIS-LUKOWX\n")],
        Expect(MEETING, "KIS-LUKOWX", "obecni[6].czlonek", "Art. 3 ust. 2"),
    ),
    (
        "attendance-listed-twice",
        True,
        [Edit(MEETING, "  - czlonek: KIS-LUKOW\n", "  - czlonek: KIS-SWIDNIK\n")],
        Expect(MEETING, "czlonek: KIS-SWIDNIK", "obecni[6].czlonek", "§ 2 ust. 3", nth=2),
    ),
    (
        "supporting-member-counted-as-voter",
        False,
        [Edit(MEETING, "uprawniony_do_glosowania: false", "uprawniony_do_glosowania: true")],
        Expect(
            MEETING,
            "uprawniony_do_glosowania",
            "obecni[10].uprawniony_do_glosowania",
            "Art. 3 ust. 3",
        ),
    ),
    # Meeting kinds, elections, dates, communiqués per profile.
    (
        "national-has-no-zjazd",
        True,
        [Edit(MEETING, "rodzaj: posiedzenie zwyczajne ", "rodzaj: zjazd ")],
        Expect(MEETING, "rodzaj: zjazd", "rodzaj", "§ 5 ust. 1"),
    ),
    (
        "regional-council-not-by-acclamation",
        False,
        [Edit(MEETING, "uchwaly:\n", ELECTION.format("aklamacja"))],
        Expect(MEETING, "tryb: aklamacja", "wybory[1].tryb", "Art. 3 ust. 6"),
    ),
    (
        "national-election-vote-without-counts",
        True,
        [Edit(MEETING, "uchwaly:\n", ELECTION.format("głosowanie jawne"))],
        Expect(MEETING, "organ: Rada", "wybory[1].glosowanie", "§ 3 ust. 4"),
    ),
    (
        "notice-after-meeting",
        False,
        [Edit(MEETING, "  data: 2026-05-25", "  data: 2026-06-20")],
        Expect(MEETING, "data: 2026-06-20", "zawiadomienie.data", "Art. 3 ust. 9 pkt 1"),
    ),
    (
        "stand-alone-notice-after-meeting",
        True,
        [Edit(NOTICE, "data: 2026-10-09", "data: 2026-10-25")],
        Expect(NOTICE, "data: 2026-10-25", "data", "§ 4 ust. 2 pkt 3"),
    ),
    (
        "stand-alone-notice-of-unknown-meeting-kind",
        False,
        [
            Edit(
                NOTICE,
                "rodzaj_posiedzenia: posiedzenie Rady",
                "rodzaj_posiedzenia: posiedzenie zwyczajne",
            )
        ],
        Expect(NOTICE, "rodzaj_posiedzenia", "rodzaj_posiedzenia", "Art. 3 ust. 1"),
    ),
    (
        "national-communique-signed-by-non-chair",
        True,
        [Edit(COMMUNIQUE, "podpisuje: Małgorzata Żółkiewska", "podpisuje: Jan Kowalski")],
        Expect(COMMUNIQUE, "podpisuje", "podpisuje", "§ 4 ust. 1 pkt 4", WARNING),
    ),
    (
        "communique-signed-by-non-chair",
        False,
        [Edit(COMMUNIQUE, "podpisuje: Małgorzata Żółkiewska", "podpisuje: Jan Kowalski")],
        Expect(COMMUNIQUE, "podpisuje", "podpisuje", "Art. 3 ust. 9 pkt 5", WARNING),
    ),
    # Complete minutes: each agenda item has text, and the hour the meeting closed is known.
    (
        "agenda-item-without-text",
        True,
        [Edit(MEETING, "    przebieg: Porządek obrad przyjęto bez uwag.\n", "")],
        Expect(
            MEETING,
            "punkt: Przyjęcie porządku obrad",
            "porzadek_obrad[2].przebieg",
            "§ 4 ust. 2 pkt 1",
            WARNING,
        ),
    ),
    (
        "minutes-without-closing-hour",
        False,
        [Edit(MEETING, 'godzina_zamkniecia: "13:30"\n', "")],
        Expect(MEETING, "rodzaj: zjazd", "godzina_zamkniecia", "Art. 3 ust. 10", WARNING),
    ),
]


def _apply(root: Path, national: bool, edits: list) -> None:
    if national:
        make_national(root)
    for edit in edits:
        edit.apply(root)


@pytest.mark.parametrize(
    ("national", "edits", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_broken_input_is_found_where_it_is_with_its_rule(example, national, edits, expected):
    _apply(example, national, edits)
    konwent, problems = check_folder(example)
    assert konwent is not None, [p.format() for p in problems]
    assert any(expected.matches(example, p) for p in problems), "\n".join(
        f"{p.severity}: {p.format()} @{p.line}" for p in problems
    )


def test_every_profile_rule_has_a_broken_input_in_the_table():
    cited = {(c[1], c[3].rule) for c in CASES}
    for profile, national in ((Profile.REGIONAL, False), (Profile.NATIONAL, True)):
        rules = load_profile(profile).rules
        # national: no request threshold for extraordinary meetings; regional: every kind of
        # member the model knows is allowed, so no input breaks that rule
        skip = {"extraordinary_request"} if national else {"membership_kind"}
        wanted = {ref.cite for name, ref in rules.items() if name not in skip}
        covered = {rule for is_national, rule in cited if is_national is national}
        assert wanted <= covered | {rules[name].cite for name in skip}, wanted - covered


def test_the_bundled_example_is_clean(example):
    konwent, problems = check_folder(example)
    assert konwent is not None
    assert problems == []


def test_the_national_variant_of_the_example_is_clean(example):
    make_national(example)
    konwent, problems = check_folder(example)
    assert konwent is not None
    assert [p.format() for p in problems] == []


def test_national_tie_decided_by_the_chair_is_adopted(example):
    make_national(example)
    Edit(
        MEETING,
        FIRST_VOTES,
        "      za: 4\n      przeciw: 4\n      glos_rozstrzygajacy: za\n"
        "      rozstrzygajacy: Małgorzata Żółkiewska\n",
    ).apply(example)
    konwent, problems = check_folder(example)
    assert problems == []
    assert konwent.meetings[0].doc.resolutions[0].votes.adopted


def test_extraordinary_zjazd_requested_by_two_thirds_is_clean(example):
    Edit(MEETING, "rodzaj: zjazd ", "rodzaj: zjazd nadzwyczajny ").apply(example)
    eight = "CIS-CHELM, CIS-LUBLIN, KIS-SWIDNIK, KIS-KRASNIK, CIS-ZAMOSC, KIS-LUKOW, CIS-BIALA, "
    Append(MEETING, f"wnioskodawcy: [{eight}KIS-HRUBIESZOW]\ndata_wniosku: 2026-05-04\n").apply(
        example
    )
    _konwent, problems = check_folder(example)
    assert problems == []


def test_newcomer_admitted_by_council_then_registered_is_clean(example):
    COUNCIL_MEETING.apply(example)
    Append(REGISTER, BILGORAJ_ROW).apply(example)
    _konwent, problems = check_folder(example)
    assert [p.format() for p in errors(problems)] == []


def test_all_rule_errors_are_reported_together(example):
    for case in (
        "vote-count-exceeds-present",
        "full-member-outside-lubelskie",
        "notice-after-meeting",
    ):
        _national, edits, _expected = next(c[1:] for c in CASES if c[0] == case)
        _apply(example, False, edits)
    _konwent, problems = check_folder(example)
    assert len(errors(problems)) == 3, [p.format() for p in problems]


def test_a_broken_file_does_not_hide_rule_findings_elsewhere(example):
    Edit(BILGORAJ, "kod_pocztowy: 23-400", "kod_pocztowy: 23400").apply(example)
    Edit(REGISTER, "Zamość;lubelskie;", "Zamość;mazowieckie;").apply(example)
    Append(REGISTER, BILGORAJ_ROW).apply(example)  # its resolution might be in the broken file
    konwent, problems = check_folder(example)
    assert konwent is None
    found = {(Path(p.file).name, p.path, p.rule) for p in errors(problems)}
    assert found == {
        ("2026-cis-bilgoraj.yaml", "czlonek.adres.kod_pocztowy", None),
        ("czlonkowie.csv", "wojewodztwo", "Art. 2 ust. 1 pkt 1"),
    }


def test_a_bad_register_row_hides_no_other_problem(example):
    """The rows that validated still feed the rules; the bad row is not reported twice."""
    Edit(REGISTER, ";22-400;Zamość;", ";22400;Zamość;").apply(example)
    Edit(MEETING, "      za: 7\n", "      za: 31\n").apply(example)
    _konwent, problems = check_folder(example)
    messages = [f"{p.file}:{p.line}: {p.path}: {p.message}" for p in problems]
    assert any("kod_pocztowy" in m and "czlonkowie.csv:6" in m for m in messages), messages
    assert any("uchwaly[2].glosowanie" in m and "za 31" in m for m in messages), messages
    assert not any("CIS-ZAMOSC" in m and "not in the member register" in m for m in messages)
