"""The documents speak correct Polish: names in the case the sentence needs, titles and verbs
agreeing with the person's gender, results agreeing with what was voted on, counts with their
plural forms. Read back from the PDFs of two really built folders, one per profile, built with an
English interface (documents stay Polish)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.build import BuildOptions, build
from pipeline.cli import cli
from tests.fixtures import DECLENSION_NATIONAL, DECLENSION_REGIONAL

ZJAZD, SMALL = "2026-06-12-zjazd", "2026-11-20-zjazd"
COUNCIL, MEMBERS = "2026-04-20-rada", "2026-06-15-posiedzenie"
D = "deklaracje/deklaracja-"

REGIONAL = [
    # declarations: "w imieniu" + genitive, "przyjęła" + accusative, the council in the genitive
    (f"{D}kis-pulawy", "w imieniu Klubu Integracji Społecznej w Puławach,"),
    (f"{D}kis-pulawy", "przyjęła*) Klub Integracji Społecznej w Puławach w poczet"),
    (f"{D}kis-pulawy", "Decyzja Rady Konwentu (wypełnia Sekretariat)"),
    (f"{D}kis-leczna", "w imieniu Gminnego Klubu Integracji Społecznej w Łęcznej,"),
    (f"{D}kis-leczna", "przyjęła*) Gminny Klub Integracji Społecznej w Łęcznej w"),
    (f"{D}cis-tomaszow", "w imieniu Gminnego Centrum Integracji Społecznej w"),
    (f"{D}cis-tomaszow", "przyjęła*) Gminne Centrum Integracji Społecznej w"),
    (f"{D}cis-krasnik", "w imieniu Centrum Integracji Społecznej „Przystań” w Kraśniku,"),
    (f"{D}cis-krasnik", "przyjęła*) Centrum Integracji Społecznej „Przystań” w"),
    (f"{D}kis-ryki", "w imieniu Klubu Integracji Społecznej (Ryki),"),  # as given
    (f"{D}kis-ryki", "przyjęła*) Klub Integracji Społecznej w Rykach w poczet"),
    (f"{D}ss-razem", "w imieniu Spółdzielni Socjalnej „Razem”,"),
    (f"{D}ss-razem", "przyjęła*) Spółdzielnię Socjalną „Razem” w poczet"),
    (f"{D}st-zrodlo", "w imieniu Stowarzyszenia „Źródło”,"),
    (f"{D}st-zrodlo", "przyjęła*) Stowarzyszenie „Źródło” w poczet"),
    (f"{D}fund-rozwoj", "w imieniu Fundacji Rozwoju Lokalnego,"),
    (f"{D}fund-rozwoj", "przyjęła*) Fundację Rozwoju Lokalnego w poczet"),
    (f"{D}mops-pulawy", "w imieniu Miejskiego Ośrodka Pomocy Społecznej w Puławach,"),
    (f"{D}mops-pulawy", "przyjęła*) Miejski Ośrodek Pomocy Społecznej w Puławach w"),
    # a members' meeting chaired by a woman, minuted by a man; 22 present, 9 entitled to vote
    (f"{ZJAZD}/protokol-1-2026", "Przewodnicząca obrad Małgorzata Żółkiewska"),
    (f"{ZJAZD}/protokol-1-2026", "Protokolant Barnaba Kowalczyk"),
    (f"{ZJAZD}/protokol-1-2026", "przedstawiciele 22 członków Konwentu, w tym 9 uprawnionych do"),
    (f"{ZJAZD}/protokol-1-2026", "1. Porządek obrad 9 0 0 przyjęty"),
    (f"{ZJAZD}/protokol-1-2026", "Uchwała nr 1/2026 w sprawie przyjęcia sprawozdania"),
    (f"{ZJAZD}/protokol-1-2026", "8 0 1 podjęta"),
    (f"{ZJAZD}/protokol-1-2026", "Kowalczyk protokolant"),
    (f"{ZJAZD}/protokol-1-2026", "Małgorzata Żółkiewska przewodnicząca obrad"),
    (f"{ZJAZD}/uchwala-1-2026", "Uchwała została podjęta."),
    (f"{ZJAZD}/uchwala-1-2026", "Małgorzata Żółkiewska przewodnicząca obrad"),
    (f"{ZJAZD}/aneks-1", "Małgorzata Żółkiewska przewodnicząca obrad"),
    (f"{ZJAZD}/zawiadomienie", "Małgorzata Żółkiewska Przewodnicząca Rady Konwentu"),
    (f"{ZJAZD}/komunikat-1-2026", "Przewodnicząca Rady Konwentu w imieniu Rady Konwentu"),
    # a small one chaired by a man, minuted by a woman; 2 present, 1 entitled; a rejection
    (f"{SMALL}/protokol-2-2026", "Przewodniczący obrad Grzegorz Świątek"),
    (f"{SMALL}/protokol-2-2026", "Protokolantka Ewa Domańska"),
    (f"{SMALL}/protokol-2-2026", "przedstawiciele 2 członków Konwentu, w tym 1 uprawnionego do"),
    (f"{SMALL}/protokol-2-2026", "1. Porządek obrad 1 0 0 przyjęty"),
    (f"{SMALL}/protokol-2-2026", "2. Wybór Komisji Skrutacyjnej 1 0 0 wybrano"),
    (f"{SMALL}/protokol-2-2026", "wprowadzenia składek członkowskich 0 1 0 niepodjęta"),
    (f"{SMALL}/protokol-2-2026", "Nie podjęto uchwał."),
    (f"{SMALL}/protokol-2-2026", "Ewa Domańska protokolantka"),
    (f"{SMALL}/protokol-2-2026", "Grzegorz Świątek przewodniczący obrad"),
    (f"{SMALL}/protokol-2-2026", "Projekt uchwały w sprawie"),  # not adopted: no uchwała
]

NATIONAL = [
    (f"{D}cis-torun", "w imieniu Centrum Integracji Społecznej w Toruniu,"),
    (f"{D}cis-torun", "instytucja tworząca Centrum Integracji Społecznej w Toruniu,"),
    (f"{D}cis-torun", "Decyzja Rady Programowej (wypełnia Sekretariat)"),
    (f"{D}cis-torun", "Rada Programowa uchwałą nr"),
    (f"{D}cis-zgierz", "w imieniu Gminnego Centrum Integracji Społecznej w Zgierzu,"),
    (f"{D}cis-zgierz", "tworząca Gminnego Centrum Integracji Społecznej w Zgierzu,"),
    (f"{D}cis-zgierz", "Fundacja Rozwoju Lokalnego, jako instytucja tworząca"),
    (f"{D}cis-zgierz", "przyjęła*) Gminne Centrum Integracji Społecznej w Zgierzu"),
    (f"{D}kis-sulejow", "w imieniu Gminnego Klubu Integracji Społecznej w Sulejowie,"),
    (f"{D}kis-sulejow", "przyjęła*) Gminny Klub Integracji Społecznej w Sulejowie"),
    (f"{D}kis-radom", "w imieniu Miejskiego Klubu Integracji Społecznej „Krok” w"),
    (f"{D}kis-radom", "przyjęła*) Miejski Klub Integracji Społecznej „Krok” w"),
    (f"{D}kis-radom", "Stowarzyszenie „Źródło”, jako instytucja tworząca"),
    (f"{D}kis-abramow", "w imieniu Klubu Integracji Społecznej przy Gminnym Ośrodku"),
    (f"{D}kis-abramow", "przyjęła*) Klub Integracji Społecznej przy Gminnym Ośrodku"),
    (f"{D}kis-abramow", "Decyzja Rady Programowej (wypełnia Sekretariat)"),
    (f"{D}kis-abramow", "Gmina Abramów, jako instytucja tworząca Klubu Integracji"),
    (f"{D}kis-sulejow", "tworząca Gminnego Klubu Integracji Społecznej w Sulejowie,"),
    (f"{D}kis-radom", "tworząca Miejskiego Klubu Integracji Społecznej „Krok” w"),
    # the council's meeting, chaired by a woman who decides a tie
    (f"{COUNCIL}/protokol-1-2026", "Przewodnicząca obrad Katarzyna Wiśniewska-Żak"),
    (f"{COUNCIL}/protokol-1-2026", "Protokolantka Halina Żak"),
    (f"{COUNCIL}/protokol-1-2026", "z posiedzenia Rady Programowej Konwentu"),
    (f"{COUNCIL}/protokol-1-2026", "2 2 0 podjęta (głos rozstrzygający: Katarzyna Wiśniewska-Żak)"),
    (f"{COUNCIL}/protokol-1-2026", "Porządek obrad przyjęto bez głosowania."),
    (f"{COUNCIL}/protokol-1-2026", "Halina Żak protokolantka"),
    (f"{COUNCIL}/protokol-1-2026", "Wiśniewska-Żak przewodnicząca obrad"),
    (f"{COUNCIL}/uchwala-1-2026", "UCHWAŁA NR 1/2026 Rady Programowej"),
    (f"{COUNCIL}/uchwala-1-2026", "Uchwała została podjęta rozstrzygającym głosem Przewodniczącej"),
    (f"{COUNCIL}/uchwala-1-2026", "Przewodniczącej Rady Programowej (Katarzyna Wiśniewska-Żak)."),
    (f"{COUNCIL}/uchwala-1-2026", "Katarzyna Wiśniewska-Żak przewodnicząca obrad"),
    # the members' meeting of five, chaired by a man, minuted by a woman the data says is one
    (f"{MEMBERS}/protokol-1-2026", "z posiedzenia zwyczajnego Konwentu"),
    (f"{MEMBERS}/protokol-1-2026", "Przewodniczący obrad Tomasz Bąk"),
    (f"{MEMBERS}/protokol-1-2026", "Protokolantka Dominique Lefèvre"),
    (f"{MEMBERS}/protokol-1-2026", "przedstawiciele 5 członków Konwentu, w tym 5 uprawnionych do"),
    (f"{MEMBERS}/protokol-1-2026", "1. Porządek obrad 5 0 0 przyjęty"),
    (f"{MEMBERS}/protokol-1-2026", "za 2025 rok 5 0 0 podjęta"),
    (f"{MEMBERS}/protokol-1-2026", "wprowadzenia składek członkowskich 1 3 1 niepodjęta"),
    (f"{MEMBERS}/protokol-1-2026", "Porządek obrad przyjęto w głosowaniu jawnym: za – 5,"),
    (f"{MEMBERS}/protokol-1-2026", "Dominique Lefèvre protokolantka"),
    (f"{MEMBERS}/protokol-1-2026", "Tomasz Bąk przewodniczący obrad"),
    (f"{MEMBERS}/uchwala-1-2026", "Uchwała została podjęta."),
    (f"{MEMBERS}/protokol-1-2026", "Projekt uchwały w sprawie"),  # not adopted: no uchwała
    (f"{MEMBERS}/uchwala-1-2026", "Tomasz Bąk przewodniczący obrad"),
]

# Forms that must not appear anywhere: the nominative where another case is due, a title that
# does not agree, a result that does not agree.
NEVER = [
    "Decyzja Rada",
    "w imieniu Klub ",
    "w imieniu Gminny",
    "w imieniu Spółdzielnia",
    "w imieniu Stowarzyszenie",
    "w imieniu Fundacja",
    "przedstawiciele 22 członków Konwentu, w tym 9 uprawnionego",
    "Przyjęcie porządku obrad 9 0 0 przyjęta",
]


def raw_text(pdf: Path) -> str:
    """The PDF's text in reading order, on one line (poppler's pdftotext -raw)."""
    out = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())


@pytest.fixture(scope="module")
def regional(tmp_path_factory) -> Path:
    """The regional folder built through the CLI with an English interface."""
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("regional")
    args = ["--lang", "en", "build", str(DECLENSION_REGIONAL), "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("national")
    build(BuildOptions(inputs=DECLENSION_NATIONAL, outputs=out))
    return out


def _texts(out: Path) -> dict[str, str]:
    return {
        str(pdf.relative_to(out).with_suffix("")): raw_text(pdf)
        for pdf in out.glob("*/*.pdf")
        if not pdf.name.startswith("pakiet")
    }


def test_each_profile_has_at_least_40_phrases():
    assert len(REGIONAL) >= 40 and len(NATIONAL) >= 40


@pytest.mark.slow
def test_regional_documents_say_it_right(regional):
    texts = _texts(regional)
    missing = [f"{doc}: {phrase}" for doc, phrase in REGIONAL if phrase not in texts[doc]]
    assert not missing, "\n".join(missing)
    found = [f"{doc}: {bad}" for doc, text in texts.items() for bad in NEVER if bad in text]
    assert not found, "\n".join(found)


@pytest.mark.slow
def test_national_documents_say_it_right(national):
    texts = _texts(national)
    missing = [f"{doc}: {phrase}" for doc, phrase in NATIONAL if phrase not in texts[doc]]
    assert not missing, "\n".join(missing)
    found = [f"{doc}: {bad}" for doc, text in texts.items() for bad in NEVER if bad in text]
    assert not found, "\n".join(found)


def _protocol_docx_text(inputs: Path, tmp_path: Path) -> str:
    """The minutes of the folder's first meeting, rendered to DOCX (no conversion), as text."""
    from docx import Document

    from pipeline.documents import plan
    from pipeline.inputs import load_konwent
    from pipeline.render import Renderer

    doc = next(d for d in plan(load_konwent(inputs)) if d.kind == "protokol")
    rendered = Renderer().render(doc, tmp_path / "protokol.docx")
    cells = [c.text for t in Document(rendered).tables for r in t.rows for c in r.cells]
    return " ".join(" ".join(cells).split())


@pytest.mark.parametrize(
    ("present", "voting", "phrase"),
    [
        (1, 1, "przedstawiciel 1 członka Konwentu, w tym 1 uprawnionego do głosowania"),
        (2, 2, "przedstawiciele 2 członków Konwentu, w tym 2 uprawnionych do głosowania"),
        (5, 4, "przedstawiciele 5 członków Konwentu, w tym 4 uprawnionych do głosowania"),
        (22, 21, "przedstawiciele 22 członków Konwentu, w tym 21 uprawnionych do głosowania"),
    ],
)
def test_the_count_of_those_present_agrees(tmp_path, present, voting, phrase):
    inputs = tmp_path / "inputs"
    shutil.copytree(DECLENSION_REGIONAL, inputs)
    register = inputs / "czlonkowie.csv"
    rows = register.read_text(encoding="utf-8").splitlines()
    ids = [row.split(";")[0] for row in rows[1:]]
    extra = [
        f"X-{i};Stowarzyszenie nr {i};wspierający;{rows[1].split(';', 3)[3]}" for i in range(20)
    ]
    register.write_text("\n".join(rows + extra) + "\n", encoding="utf-8")
    members = [*ids, *(f"X-{i}" for i in range(20))][:present]
    attendance = "".join(
        f"  - czlonek: {m}\n" + ("" if n < voting else "    uprawniony_do_glosowania: false\n")
        for n, m in enumerate(members)
    )
    (inputs / "posiedzenia" / f"{ZJAZD}.yaml").unlink()
    meeting = inputs / "posiedzenia" / f"{SMALL}.yaml"
    text = meeting.read_text(encoding="utf-8")
    start, end = text.index("obecni:\n") + len("obecni:\n"), text.index("porzadek_obrad:")
    meeting.write_text(text[:start] + attendance + text[end:], encoding="utf-8")
    assert phrase in _protocol_docx_text(inputs, tmp_path)
