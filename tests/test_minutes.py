"""Complete minutes: every agenda item has its text or words fitting it, the hours the meeting
opened and closed, the attendance list among the attachments, and the closing formula."""

from __future__ import annotations

import re

from pipeline.cli import cli
from pipeline.inputs import load_konwent
from pipeline.minutes import ATTENDANCE_LIST, NO_MOTIONS, agenda_text, attachments
from pipeline.model import AgendaItem, Meeting
from tests.conftest import pdf_text
from tests.editing import Edit
from tests.layout import pages

MEETING = "posiedzenia/2026-06-12-zjazd.yaml"
MINUTES = "2026-06-12-zjazd/protokol-1-2026.pdf"


def _minutes_text(built) -> str:
    """The minutes' body text across pages, without letterheads, footers and page numbers."""
    out, _result = built
    return " ".join(w.text for page in pages(out / MINUTES) for w in page.body)


def test_the_minutes_record_every_item_the_hours_the_attachments_and_close(built):
    text = _minutes_text(built)
    assert "Ad 6. Wolne wnioski i zamknięcie Zjazdu Nie zgłoszono wniosków." in text
    table = pdf_text(built[0] / MINUTES)  # in layout: a label and its value on one line
    assert re.search(r"Godzina otwarcia +10:00\n", table)
    assert re.search(r"Godzina zamknięcia +13:30\n", table)
    assert "Obrady zamknięto o godz. 13:30." in text
    assert "1) Lista obecności; 2) Sprawozdanie z działalności Rady Konwentu za 2025 rok." in text
    assert text.count("Lista obecności") == 1
    assert "Na tym protokół zakończono." in text
    assert text.index("Na tym protokół zakończono.") > text.index("Załączniki")


def _item(title: str, course: str | None = None) -> AgendaItem:
    return AgendaItem.model_validate({"punkt": title, "przebieg": course})


def test_free_motions_with_no_text_say_none_were_made_and_other_items_keep_theirs():
    assert agenda_text(_item("Wolne wnioski i zamknięcie Zjazdu")).text == NO_MOTIONS
    motion = "Zgłoszono wniosek o wizytę studyjną."
    assert agenda_text(_item("Wolne wnioski", motion)).text == motion
    assert agenda_text(_item("Sprawy różne")).text == ""


def test_the_attendance_list_is_always_the_first_attachment_and_named_once(example):
    meeting: Meeting = load_konwent(example).meetings[0].doc
    assert attachments(meeting)[0] == ATTENDANCE_LIST
    assert attachments(meeting).count(ATTENDANCE_LIST) == 1
    bare = meeting.model_copy(update={"attachments": []})
    assert attachments(bare) == [ATTENDANCE_LIST]


def test_check_warns_about_an_empty_item_and_a_missing_closing_hour(runner, example):
    Edit(MEETING, "    przebieg: Porządek obrad przyjęto bez uwag.\n", "").apply(example)
    Edit(MEETING, 'godzina_zamkniecia: "13:30"\n', "").apply(example)
    result = runner.invoke(cli, ["--lang", "en", "check", str(example)])
    assert result.exit_code == 0, result.stderr  # warnings only
    assert (
        "porzadek_obrad[2].przebieg: agenda item „Przyjęcie porządku obrad” has no text for the "
        "minutes; describe it (Art. 3 ust. 10)"
    ) in result.stderr
    assert "godzina_zamkniecia: the minutes cannot say when the meeting closed" in result.stderr
    assert "0 errors, 2 warnings" in result.stdout
