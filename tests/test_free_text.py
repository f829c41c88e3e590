"""Any Unicode in free-text fields gives a valid model or a located error, never a crash."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
import unicodedata
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.model import Meeting
from pipeline.rules import check_folder
from pipeline.validation import validate
from tests.fixtures import EXAMPLE_INPUTS

MEETING = "posiedzenia/2026-06-12-zjazd.yaml"
FREE_TEXT = st.text(max_size=40)


def test_control_characters_are_refused_with_their_place():
    data = _meeting_data()
    data["miejsce"] = "Sala\x1f 2"
    meeting, problems = validate(Meeting, data, "m.yaml", {("miejsce",): 5})
    assert meeting is None
    assert [(p.line, p.path, p.message) for p in problems] == [
        (5, "miejsce", "contains an invisible control character (U+001F)")
    ]


def _meeting_data() -> dict:
    return yaml.safe_load((EXAMPLE_INPUTS / MEETING).read_text(encoding="utf-8"))


def _assert_located(problems, root: Path) -> None:
    for problem in problems:
        assert problem.file and problem.message
        assert problem.line is not None or problem.path == "", problem
        assert (
            str(root) in str(Path(problem.file).resolve()) or not Path(problem.file).is_absolute()
        )


@settings(max_examples=150, deadline=None)
@given(place=FREE_TEXT, chair=FREE_TEXT, item=FREE_TEXT, subject=FREE_TEXT, paragraph=FREE_TEXT)
def test_meeting_free_text_validates_or_is_located(place, chair, item, subject, paragraph):
    data = _meeting_data()
    data["miejsce"], data["prowadzacy"] = place, chair
    data["porzadek_obrad"][0]["punkt"] = item
    data["uchwaly"][0]["w_sprawie"] = subject
    data["uchwaly"][0]["postanowienia"][1] = paragraph
    meeting, problems = validate(Meeting, data, "m.yaml", {})
    if meeting is None:
        assert problems and all(p.path for p in problems)
        return
    assert meeting.place == unicodedata.normalize("NFC", place).strip()
    assert meeting.resolutions[0].subject == unicodedata.normalize("NFC", subject).strip()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(place=FREE_TEXT, name=FREE_TEXT, street=FREE_TEXT)
@example(place="0\x850", name="Centrum", street="ul. Długa 1")  # YAML folds U+0085
def test_free_text_through_files_and_rules_never_crashes(place, name, street):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "inputs"
        shutil.copytree(EXAMPLE_INPUTS, root)
        data = _meeting_data()
        data["miejsce"] = place
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (root / MEETING).write_text(text, encoding="utf-8")
        # What the file says by YAML's own rules (e.g. U+0085 is a line break YAML folds).
        place_in_file = yaml.safe_load(text)["miejsce"]
        register = root / "czlonkowie.csv"
        rows = list(csv.reader(io.StringIO(register.read_text(encoding="utf-8")), delimiter=";"))
        rows[1][1], rows[1][4] = name, street
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerows(rows)
        register.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        konwent, problems = check_folder(root)
        _assert_located(problems, root)
        if konwent is not None:
            member = konwent.members.by_id()["CIS-CHELM"]
            assert member.name == unicodedata.normalize("NFC", name).strip()
            expected = unicodedata.normalize("NFC", place_in_file).strip()
            assert konwent.meetings[0].doc.place == expected


def test_polish_letters_are_kept_exactly_and_nfc():
    data = _meeting_data()
    decomposed = unicodedata.normalize("NFD", "Zażółć gęślą jaźń")
    data["miejsce"] = decomposed
    meeting, problems = validate(Meeting, data, "m.yaml", {})
    assert problems == []
    assert meeting.place == "Zażółć gęślą jaźń"
    assert meeting.place == unicodedata.normalize("NFC", meeting.place)
