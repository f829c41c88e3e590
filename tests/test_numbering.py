"""Document numbers follow from the data: per kind, issuing body and year, in the order of
adoption; numbers printed in finals are kept; numbers written in the data are checked."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from pipeline.documents import plan
from pipeline.errors import InputError
from pipeline.identity import numbers_for
from pipeline.inputs import load_konwent
from pipeline.numbering import Frozen, Number, NumberRequest, assign
from pipeline.rules import check_folder

DAY = dt.date(2026, 6, 12)
MEETING = "posiedzenia/2026-06-12-zjazd.yaml"


def _request(doc_id: str, date=DAY, position=1, given=None, kind="uchwala", body="zgromadzenie"):
    year = None if kind == "aneks" else date.year
    return NumberRequest(doc_id, kind, body, year, date, position, given, "m.yaml", "numer")


def test_numbers_follow_the_order_of_adoption_not_the_order_given():
    later = _request("b", dt.date(2026, 9, 1))
    second, first = _request("a2", position=2), _request("a1", position=1)
    numbering = assign([later, second, first])
    assert [str(numbering.of(k)) for k in ("a1", "a2", "b")] == ["1/2026", "2/2026", "3/2026"]
    assert not numbering.errors and not numbering.warnings


def test_each_kind_body_and_year_has_its_own_sequence():
    numbering = assign([
        _request("u"), _request("p", kind="protokol"), _request("r", body="rada"),
        _request("next-year", dt.date(2027, 1, 5)),
    ])  # fmt: skip
    assert {k: str(n) for k, n in numbering.numbers.items()} == {
        "u": "1/2026", "p": "1/2026", "r": "1/2026", "next-year": "1/2027",
    }  # fmt: skip


def test_annexes_form_one_sequence_across_years():
    numbering = assign([
        _request("x", kind="aneks", body="regulamin"),
        _request("y", dt.date(2027, 3, 1), kind="aneks", body="regulamin"),
    ])  # fmt: skip
    assert (str(numbering.of("x")), str(numbering.of("y"))) == ("1", "2")


def test_a_final_keeps_its_number_and_a_document_added_later_takes_the_next_free_one():
    frozen = [Frozen("a", "uchwala", "zgromadzenie", Number(1, 2026)),
              Frozen("c", "uchwala", "zgromadzenie", Number(2, 2026))]  # fmt: skip
    added = _request("b", dt.date(2026, 7, 1))  # adopted between a and c, entered late
    numbering = assign([_request("a"), added, _request("c", dt.date(2026, 9, 1))], frozen)
    assert [str(numbering.of(k)) for k in "abc"] == ["1/2026", "3/2026", "2/2026"]
    assert numbering.frozen == {"a", "c"}
    (warning,) = numbering.warnings
    assert "c" in warning.message and "b" in warning.message


def test_a_final_of_a_document_no_longer_in_the_inputs_is_never_reused():
    gone = Frozen("removed", "uchwala", "zgromadzenie", Number(1, 2026))
    assert str(assign([_request("new")], [gone]).of("new")) == "2/2026"


def test_an_archive_entry_without_a_body_still_holds_its_number():
    old = Frozen("removed", "uchwala", None, Number(1, 2026))  # an archive of konwent < 0.10
    assert str(assign([_request("new")], [old]).of("new")) == "2/2026"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("abc", "not a valid number"), ("3/2025", "own year"), ("0/2026", "not a valid number"),
     ("2026", "not a valid number")],
    ids=["letters", "another-year", "zero", "year-only"],
)  # fmt: skip
def test_a_wrong_number_in_the_data_is_a_located_error(given, expected):
    numbering = assign([_request("a", given=given)])
    (error,) = numbering.errors
    assert (error.file, error.path) == ("m.yaml", "numer")
    assert expected in error.message or "n/2026" in error.message


def test_a_number_in_the_data_is_kept_later_ones_follow_and_a_gap_is_a_warning():
    numbering = assign([_request("a", given="5/2026"), _request("b", position=2)])
    assert (str(numbering.of("a")), str(numbering.of("b"))) == ("5/2026", "6/2026")
    (warning,) = numbering.warnings
    assert "gap" in warning.message and "1–4" in warning.message


def test_the_same_number_written_twice_is_an_error_naming_its_holder():
    numbering = assign([_request("a", given="1/2026"), _request("b", position=2, given="1/2026")])
    (error,) = numbering.errors
    assert "already held by a" in error.message


def test_a_number_written_in_the_data_cannot_differ_from_the_final():
    frozen = [Frozen("a", "uchwala", "zgromadzenie", Number(1, 2026))]
    (error,) = assign([_request("a", given="2/2026")], frozen).errors
    assert "1/2026" in error.message


# On the inputs: identities, the members' body shared by its meetings, rejected resolutions.


def _edit(folder: Path, name: str, change) -> Path:
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _numbers(folder: Path) -> dict[str, str]:
    return {d.doc_id: str(d.number) for d in plan(load_konwent(folder)) if d.number}


def test_the_example_numbers(example):
    assert _numbers(example) == {
        "2026-06-12-zjazd/protokol": "1/2026",
        "2026-06-12-zjazd/uchwala-sprawozdanie": "1/2026",
        "2026-06-12-zjazd/uchwala-zmiana-regulaminu": "2/2026",
        "2026-06-12-zjazd/komunikat-1": "1/2026",
        "2026-06-12-zjazd/aneks-1": "1",
        "komunikaty/komunikat-2026-07-komunikat": "2/2026",
    }


def test_renaming_the_meeting_file_changes_no_identity_and_no_number(example):
    before = _numbers(example)
    (example / MEETING).rename(example / "posiedzenia" / "zjazd-czerwcowy.yaml")
    assert _numbers(example) == before


def test_an_ordinary_and_an_extraordinary_zjazd_share_one_sequence(example):
    def extraordinary(data):
        data["rodzaj"] = "zjazd nadzwyczajny"
        data["data"] = dt.date(2026, 9, 4)
        data.pop("aneksy")
        data["uchwaly"] = [data["uchwaly"][0]]
        data["komunikaty"] = []

    shutil.copy(example / MEETING, example / "posiedzenia" / "wrzesien.yaml")
    _edit(example, "posiedzenia/wrzesien.yaml", extraordinary)
    numbers = _numbers(example)
    assert numbers["2026-09-04-zjazd-nadzwyczajny/uchwala-sprawozdanie"] == "3/2026"
    assert numbers["2026-09-04-zjazd-nadzwyczajny/protokol"] == "2/2026"


def test_a_rejected_resolution_takes_no_number_and_makes_no_uchwala(example):
    def reject_first(data):
        data["uchwaly"][0]["glosowanie"] = {"za": 2, "przeciw": 6, "wstrzymalo_sie": 1}

    _edit(example, MEETING, reject_first)
    docs = plan(load_konwent(example))
    resolutions = [d for d in docs if d.kind == "uchwala"]
    assert [(d.doc_id, str(d.number)) for d in resolutions] == [
        ("2026-06-12-zjazd/uchwala-zmiana-regulaminu", "1/2026")
    ]
    protocol = next(d for d in docs if d.kind == "protokol")
    assert [e.subject for e in protocol.context["rejected"]] == [
        "przyjęcia sprawozdania z działalności Rady Konwentu za 2025 rok"
    ]
    assert [d for d, _n in protocol.cites if "uchwala" in d] == [
        "2026-06-12-zjazd/uchwala-zmiana-regulaminu"
    ]


def test_two_resolutions_without_ids_are_an_error_naming_the_id_to_add(example):
    def drop_ids(data):
        for resolution in data["uchwaly"]:
            resolution.pop("id")
        data.pop("aneksy")
        data["uchwaly"][1].pop("zmiana_regulaminu")

    _edit(example, MEETING, drop_ids)
    errors = numbers_for(load_konwent(example)).errors
    assert [(e.path, "id" in e.message) for e in errors] == [
        ("uchwaly[1]", True), ("uchwaly[2]", True),
    ]  # fmt: skip
    assert all(e.file.endswith("2026-06-12-zjazd.yaml") and e.line for e in errors)


def test_check_reports_a_wrong_number_in_a_communique(example):
    _edit(example, "komunikaty/2026-07-komunikat.yaml", lambda d: d.update(numer="abc"))
    _konwent, problems = check_folder(example)
    (problem,) = [p for p in problems if p.path == "numer"]
    assert problem.file.endswith("2026-07-komunikat.yaml") and problem.line


def test_check_and_build_agree_on_a_number_written_out_of_order(example):
    _edit(example, "komunikaty/2026-07-komunikat.yaml", lambda d: d.update(numer="1/2026"))
    numbers = _numbers(example)  # the June communiqué comes first, but 1/2026 is taken
    assert numbers["komunikaty/komunikat-2026-07-komunikat"] == "1/2026"
    assert numbers["2026-06-12-zjazd/komunikat-1"] == "2/2026"
    _konwent, problems = check_folder(example)
    (warning,) = [p for p in problems if "order of adoption" in p.message]
    assert warning.severity == "warning"
    assert "2026-06-12-zjazd/komunikat-1" in warning.message


def test_plan_refuses_a_number_held_twice(example):
    _edit(example, "komunikaty/2026-07-komunikat.yaml", lambda d: d.update(numer="1/2026"))
    _edit(example, MEETING, lambda d: d["komunikaty"][0].update(numer="1/2026"))
    with pytest.raises(InputError, match="already held by 2026-06-12-zjazd/komunikat-1"):
        plan(load_konwent(example))
    _konwent, problems = check_folder(example)
    assert any("already held" in p.message for p in problems)
