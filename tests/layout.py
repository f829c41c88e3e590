"""Layout as a reader sees it on the page: words with their positions, per PDF page.

The fixtures for the layout checks are written here too: a meeting of 30 members with 12
resolutions, and the example with names of 300 characters.
"""

from __future__ import annotations

import csv
import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml
from pypdf import PdfReader

from benchmarks.generate import nip, regon
from tests.conftest import leaf_bookmarks
from tests.fixtures import EXAMPLE_INPUTS

TOP_MARGIN = 56.0  # pt: the body starts 2 cm below the page's top edge, under the letterhead
BOTTOM_MARGIN = 56.0  # pt: the body ends 2 cm above the page's bottom edge
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
_STAMP = re.compile(r"Strona (\d+) z (\d+)")


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float  # from the page's top edge, as pdftotext measures
    right: float
    bottom: float


@dataclass(frozen=True)
class Page:
    height: float
    words: tuple[Word, ...]

    @property
    def body(self) -> list[Word]:
        """The words between the top and bottom margins: no letterhead, footer or page number."""
        return [
            w for w in self.words if w.top >= TOP_MARGIN and w.bottom <= self.height - BOTTOM_MARGIN
        ]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def pages(pdf: Path) -> list[Page]:
    """Every page of ``pdf`` with its words, read by poppler's pdftotext -bbox."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for _width, height, body in _PAGE.findall(out):
        words = tuple(
            Word(html.unescape(t), float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, t in _WORD.findall(body)
        )
        found.append(Page(float(height), words))
    return found


def signature_tops(pdf: Path) -> list[tuple[int, float]]:
    """(page, top from the page's top edge) of every signature field of ``pdf``."""
    reader = PdfReader(pdf)
    tops = []
    for number, page in enumerate(reader.pages):
        height = float(page.mediabox.height)
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/FT") == "/Sig":
                tops.append((number, height - float(annot["/Rect"][3])))
    return tops


def lonely_signatures(pdf: Path) -> list[int]:
    """Pages (1-based) where a signature block stands with no text of the document above it."""
    read = pages(pdf)
    return [
        number + 1
        for number, top in signature_tops(pdf)
        if not any(w.bottom < top for w in read[number].body)
    ]


def split_rows(pdf: Path) -> list[str]:
    """Rows of numbered tables ("Lp." column) that continue on a following page.

    A table's first row number stands at the same distance under its header on every page, the
    header repeated; the rest of a split row, above the next row's number, would push it down."""
    gaps: dict[str, list[tuple[int, float, str]]] = {}
    for number, page in enumerate(pages(pdf), start=1):
        for header in (w for w in page.words if w.text == "Lp."):
            line = " ".join(w.text for w in page.words if abs(w.top - header.top) < 1)
            numbers = sorted(
                (
                    w
                    for w in page.body
                    if w.top > header.top + 1
                    and w.left < header.right + 10
                    and re.fullmatch(r"\d+\.", w.text)
                ),
                key=lambda w: w.top,
            )
            if numbers:
                first = numbers[0]
                gaps.setdefault(line, []).append((number, first.top - header.top, first.text))
    problems = []
    for line, found in gaps.items():
        usual = min(gap for _page, gap, _row in found)
        problems += [
            f"page {page}: row {row} stands {gap - usual:.0f} pt lower under «{line}»"
            for page, gap, row in found
            if gap > usual + 2
        ]
    return problems


def stamps(pdf: Path) -> list[tuple[int, int] | None]:
    """The "Strona X z Y" of every page, None where a page has none."""
    found = []
    for page in pages(pdf):
        match = _STAMP.search(page.text)
        found.append((int(match.group(1)), int(match.group(2))) if match else None)
    return found


def expected_stamps(packet: Path) -> list[tuple[int, int]]:
    """What each page of ``packet`` should say: its number within its document, whose first
    page its bookmark opens."""
    total = len(PdfReader(packet).pages)
    firsts = sorted({mark.page for mark in leaf_bookmarks(packet)} | {0})
    bounds = [*firsts, total]
    return [
        (page - first + 1, end - first)
        for first, end in zip(bounds, bounds[1:], strict=False)
        for page in range(first, end)
    ]


# --- fixtures ------------------------------------------------------------------------------------


def _members(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        return list(reader.fieldnames or []), list(reader)


def _write_members(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter=";")
        writer.writeheader()
        writer.writerows(rows)


def _meeting_only(target: Path) -> Path:
    """The example copied to ``target`` with its one meeting only (no declarations, notices,
    communiqués); returns the meeting's file."""
    shutil.copytree(EXAMPLE_INPUTS, target)
    for folder in ("deklaracje", "zawiadomienia", "komunikaty"):
        shutil.rmtree(target / folder, ignore_errors=True)
    return next((target / "posiedzenia").glob("*.yaml"))


def big_meeting(target: Path, members: int = 30, resolutions: int = 12) -> Path:
    """The example's meeting with ``members`` ordinary members present and ``resolutions``
    adopted resolutions."""
    meeting_file = _meeting_only(target)
    columns, rows = _members(target / "czlonkowie.csv")
    ordinary = [r for r in rows if r["rodzaj"] == "zwyczajny"]
    template = ordinary[0]
    for number in range(len(ordinary) + 1, members + 1):
        row = dict(template, id=f"CIS-G{number:02d}", nip=nip(number), regon=regon(number), krs="")
        row["nazwa"] = f"Centrum Integracji Społecznej nr {number} w Gminie Wiejskiej Żółkiewka"
        row["przedstawiciel"] = f"Zdzisława Wężyk-Gąsiorowska {number}"
        row["nr_rejestru"] = f"CIS/LUB/{100 + number}/2026"
        rows.append(row)
        ordinary.append(row)
    _write_members(target / "czlonkowie.csv", columns, rows)
    meeting = yaml.safe_load(meeting_file.read_text(encoding="utf-8"))
    meeting["obecni"] = [{"czlonek": r["id"]} for r in ordinary]
    meeting["przyjecie_porzadku"] = {"za": members, "przeciw": 0, "wstrzymalo_sie": 0}
    template = meeting["uchwaly"][0]
    meeting["uchwaly"] = [
        dict(
            template,
            id=f"u{number}",
            w_sprawie=f"przyjęcia programu współpracy członków Konwentu w obszarze {number} "
            "na lata 2026–2028 wraz z harmonogramem działań",
            glosowanie={"za": members - 2, "przeciw": 1, "wstrzymalo_sie": 1},
        )
        for number in range(1, resolutions + 1)
    ]
    for key in ("aneksy", "komunikaty"):
        meeting.pop(key, None)
    meeting_file.write_text(yaml.safe_dump(meeting, allow_unicode=True), encoding="utf-8")
    return target


LONG_WORDS = "Centrum Integracji Społecznej Stowarzyszenia na Rzecz Rozwoju Przedsiębiorczości "


def long_name(start: str, length: int = 300) -> str:
    """``start`` grown by whole words to at least ``length`` characters, as a long real name."""
    name = start
    while len(name) < length:
        name += " " + LONG_WORDS.split()[len(name.split()) % len(LONG_WORDS.split())]
    return name


def long_names(target: Path) -> Path:
    """The example's meeting with members' names, the place and a resolution's subject of 300
    characters."""
    meeting_file = _meeting_only(target)
    columns, rows = _members(target / "czlonkowie.csv")
    for row in rows:
        row["nazwa"] = long_name(row["nazwa"])
    _write_members(target / "czlonkowie.csv", columns, rows)
    meeting = yaml.safe_load(meeting_file.read_text(encoding="utf-8"))
    meeting["miejsce"] = long_name(meeting["miejsce"])
    meeting["uchwaly"][0]["w_sprawie"] = long_name(meeting["uchwaly"][0]["w_sprawie"])
    meeting_file.write_text(yaml.safe_dump(meeting, allow_unicode=True), encoding="utf-8")
    return target
