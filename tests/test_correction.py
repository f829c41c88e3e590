"""What a correction says of itself, for every kind of document it may replace."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.correction import Correction
from pipeline.pdfa import PacketMeta

ISSUED = dt.date(2026, 6, 12)


@pytest.mark.parametrize(
    ("kind", "number", "said"),
    [
        ("uchwala", "2/2026", "uchwałę nr 2/2026"),
        ("protokol", "1/2026", "protokół nr 1/2026"),
        ("komunikat", "3/2026", "komunikat nr 3/2026"),
        ("aneks", "1/2026", "aneks nr 1/2026"),
        ("zawiadomienie", None, "zawiadomienie"),
        ("lista_obecnosci", None, "listę obecności"),
    ],
)
def test_a_correction_names_what_it_replaces_in_the_accusative(kind, number, said):
    line = Correction(1, kind, number, ISSUED).line
    assert line == f"KOREKTA nr 1 — zastępuje {said} z dnia 12 czerwca 2026 r."


def test_a_second_correction_counts_on_and_its_metadata_says_so():
    correction = Correction(2, "uchwala", "2/2026", ISSUED)
    meta = PacketMeta("Uchwała nr 2/2026", "Konwent", "uchwala", ("2/2026",), correction=correction)
    shown = meta.described()
    assert shown.title == "Uchwała nr 2/2026 (KOREKTA nr 2)"
    assert shown.subject == f"uchwala: {correction.line}"
    assert "korekta" in shown.keywords
    assert PacketMeta("Uchwała nr 2/2026", "Konwent").described().title == "Uchwała nr 2/2026"
