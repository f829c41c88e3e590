"""The law cited right: every citation of both profiles names a unit the regulation's text has,
the key ones say what they are cited for, templates cite only through the profile, and a legal
basis typed in the data that names no unit of the regulation is a located warning."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from docx import Document

from pipeline.build import BuildOptions, build
from pipeline.cli import cli
from pipeline.law import cited_units, regulation, unit_key, unit_order
from pipeline.model import Profile
from pipeline.profiles import load_profile
from tests.conftest import pdf_text
from tests.editing import TEMPLATES
from tests.fixtures import DECLENSION_NATIONAL, NATIONAL_INPUTS

REGIONAL, NATIONAL = Profile.REGIONAL, Profile.NATIONAL

# (profile, unit, words its text must contain)
KEY_UNITS = [
    (NATIONAL, "§ 4 ust. 1 pkt 2", "przystąpieniu do Konwentu nowych członków"),
    (REGIONAL, "Art. 3 ust. 9 pkt 3", "przystąpieniu do Konwentu nowych członków"),
    (NATIONAL, "§ 2 ust. 2", "uzgodnione z instytucją tworzącą"),
    (NATIONAL, "§ 2 ust. 1", "deklaracji członkowskiej"),
    (REGIONAL, "Art. 2 ust. 1 pkt 4", "deklaracji partnerskiej"),
    (REGIONAL, "Art. 3 ust. 2", "deklaracji członkowskiej"),
    (NATIONAL, "§ 2 ust. 3", "osoba wskazana w deklaracji"),
    (NATIONAL, "§ 7", "aneks"),
    (REGIONAL, "Art. 4", "aneksu"),
    (NATIONAL, "§ 4 ust. 1 pkt 4", "komunikatów"),
    (REGIONAL, "Art. 3 ust. 9 pkt 5", "komunikatów"),
    (REGIONAL, "Art. 3 ust. 1 pkt 1", "na wniosek 2/3"),
    (NATIONAL, "§ 5 ust. 3", "Koszty udziału"),  # who pays, not who may ask for a meeting
    (NATIONAL, "§ 4 ust. 2 pkt 1", "protokołów"),  # the minutes rule
    (REGIONAL, "Art. 3 ust. 10", "sekretariatu Konwentu"),  # the minutes rule: the secretariat
    (NATIONAL, "§ 2 ust. 4", "zwykłą większością głosów"),
    (REGIONAL, "Art. 3 ust. 6", "zwykłą większością głosów"),
    (REGIONAL, "Art. 3 ust. 5", "wymienności reprezentacyjnej"),
    (REGIONAL, "Art. 3 ust. 4", "cztery lata"),
    (NATIONAL, "§ 3 ust. 2", "jeden rok"),
    (NATIONAL, "§ 3 ust. 4", "aklamację"),
]


def test_the_regional_text_is_read_with_art_3_renumbered_1_to_10():
    law = regulation(REGIONAL)
    paragraphs = sorted(k[1] for k in law.units if k[0] == 3 and k[1] and not k[2])
    assert paragraphs == list(range(1, 11))
    assert "Kadencja Rady Konwentu trwa cztery lata" in law.text((3, 4, 0))
    assert law.has((4, 0, 0)) and not law.has((4, 1, 0)) and not law.has((5, 0, 0))


def test_the_national_text_has_paragraphs_1_to_7():
    law = regulation(NATIONAL)
    assert sorted({k[0] for k in law.units}) == list(range(1, 8))
    assert sorted(k[1] for k in law.units if k[0] == 5 and k[1] and not k[2]) == [1, 2, 3]
    assert not law.has((5, 4, 0)) and not law.has((4, 1, 5))


def test_citations_read_as_units():
    assert cited_units("Art. 3 ust. 1 pkt 1 i ust. 9 pkt 1 Regulaminu") == [(3, 1, 1), (3, 9, 1)]
    assert cited_units("§ 2 ust. 4 i § 4 ust. 1 pkt 1 Regulaminu") == [(2, 4, 0), (4, 1, 1)]
    assert unit_key("Art. 4") == (4, 0, 0)
    assert sorted(map(unit_key, ["Art. 3 ust. 10", "Art. 3 ust. 9 pkt 3", "Art. 3"])) == [
        (3, 0, 0),
        (3, 9, 3),
        (3, 10, 0),
    ]


def test_units_sort_in_the_regulations_order():
    units = ["Art. 3 ust. 1 pkt 3", "Art. 4", "art 3.1", "Art. 3 ust. 10", "Art. 3 ust. 1 pkt 1"]
    assert sorted(units, key=unit_order) == [
        "Art. 3 ust. 1 pkt 1",
        "Art. 3 ust. 1 pkt 3",
        "Art. 3 ust. 10",
        "Art. 4",
        "art 3.1",
    ]


@pytest.mark.parametrize("profile", list(Profile))
def test_every_citation_of_the_profile_names_a_unit_of_its_regulation(profile):
    rules = load_profile(profile)
    cites = {f"rules.{n}": r.cite for n, r in rules.rules.items()}
    cites |= {f"citations.{n}": v for n, v in rules.citations.model_dump().items()}
    law = regulation(profile)
    wrong = {
        name: cite
        for name, cite in cites.items()
        if cite is not None and (unit_key(cite) is None or not law.has(unit_key(cite)))
    }
    assert wrong == {}


@pytest.mark.parametrize(
    ("profile", "unit", "words"), KEY_UNITS, ids=[u for _p, u, _w in KEY_UNITS]
)
def test_key_units_say_what_they_are_cited_for(profile, unit, words):
    assert words in regulation(profile).text(unit_key(unit))


def test_the_profiles_cite_the_key_units():
    national, regional = load_profile(NATIONAL), load_profile(REGIONAL)
    assert national.citations.admission == national.rules["admission"].cite == "§ 4 ust. 1 pkt 2"
    assert regional.citations.admission == regional.rules["admission"].cite == "Art. 3 ust. 9 pkt 3"
    assert national.citations.founding_institution_consent == "§ 2 ust. 2"
    assert (national.citations.amendment, regional.citations.amendment) == ("§ 7", "Art. 4")
    # the national regulation sets no threshold for requesting an extraordinary meeting
    assert national.citations.extraordinary_request is None
    assert national.rules["extraordinary_request"].cite is None
    assert national.meetings.request_threshold is None


@pytest.mark.parametrize("name", sorted(p.stem for p in TEMPLATES.glob("*.docx")))
def test_templates_cite_only_through_the_profile(name):
    doc = Document(TEMPLATES / f"{name}.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    text += "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert re.findall(r"(?:Art\.|§)\s*\d", text) == []


def test_a_legal_basis_naming_no_unit_is_a_located_warning(tmp_path):
    import shutil

    root = tmp_path / "in"
    shutil.copytree(NATIONAL_INPUTS, root)
    meeting = root / "posiedzenia" / "2026-04-20-rada.yaml"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace("§ 4 ust. 1 pkt 2 Regulaminu", "§ 5 ust. 4 Regulaminu"))
    result = CliRunner().invoke(cli, ["check", str(root)])
    assert "uchwaly[1].podstawa_prawna" in result.output, result.output
    assert "§ 5 ust. 4" in result.output


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    out = tmp_path_factory.mktemp("law")
    build(BuildOptions(inputs=DECLENSION_NATIONAL, outputs=out))
    return out


def _flat(path) -> str:
    return " ".join(pdf_text(path).split())


def test_national_documents_cite_the_profile(national):
    declaration = _flat(next((national / "deklaracje").glob("deklaracja-cis-torun*.pdf")))
    assert "w poczet członków Konwentu (§ 4 ust. 1 pkt 2 Regulaminu)" in declaration
    assert "(§ 3 Regulaminu)" not in declaration
    assert declaration.count("§ 2 ust. 2") == 1
    assert declaration.count("instytucj") >= 1 and "zostało uzgodnione" not in declaration
    resolution = _flat(next(national.glob("2026-06-15*/uchwala-*.pdf")))
    assert "Konwentu Centrów i Klubów Integracji Społecznej z dnia" in resolution
    assert "posiedzenia zwyczajnego" not in resolution.split("w sprawie")[0]
