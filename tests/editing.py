"""Helpers for tests that break a copy of the example inputs in one precise place."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from docx import Document

from pipeline.errors import Problem, Severity
from pipeline.validation import display_path
from tests.fixtures import TEMPLATES


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` (which must occur exactly ``count`` times) by ``new`` in ``file``."""

    file: str
    old: str
    new: str
    count: int = 1

    def apply(self, root: Path) -> None:
        path = root / self.file
        text = path.read_text(encoding="utf-8")
        assert text.count(self.old) == self.count, (self.file, self.old)
        path.write_text(text.replace(self.old, self.new), encoding="utf-8")


@dataclass(frozen=True)
class Expect:
    """The problem a broken input must produce: where (file, marker line, path), which rule."""

    file: str
    marker: str  # text on the line the problem must point at (the row, for the register)
    path: str
    rule: str | None
    severity: Severity = Severity.ERROR
    message: str = ""  # a part of the message
    nth: int = 0  # which line with the marker, when it is not unique (from 1); 0: must be unique

    def line(self, root: Path) -> int:
        lines = (root / self.file).read_text(encoding="utf-8").splitlines()
        found = [number for number, text in enumerate(lines, 1) if self.marker in text]
        if self.nth:
            return found[self.nth - 1]
        assert len(found) == 1, (self.file, self.marker, found)
        return found[0]

    def matches(self, root: Path, problem: Problem) -> bool:
        return (
            problem.file == display_path(root / self.file)
            and problem.line == self.line(root)
            and problem.path == self.path
            and problem.rule == self.rule
            and problem.severity is self.severity
            and self.message in problem.message
        )


@dataclass(frozen=True)
class Append:
    """Add ``text`` at the end of ``file``."""

    file: str
    text: str

    def apply(self, root: Path) -> None:
        path = root / self.file
        path.write_text(path.read_text(encoding="utf-8") + self.text, encoding="utf-8")


@dataclass(frozen=True)
class Write:
    """Create ``file`` with ``text``."""

    file: str
    text: str

    def apply(self, root: Path) -> None:
        (root / self.file).write_text(self.text, encoding="utf-8")


@dataclass(frozen=True)
class Copy:
    """Copy ``source`` to ``target``, replacing each (old, new) pair once."""

    source: str
    target: str
    replace: tuple[tuple[str, str], ...] = ()

    def apply(self, root: Path) -> None:
        text = (root / self.source).read_text(encoding="utf-8")
        for old, new in self.replace:
            assert old in text, old
            text = text.replace(old, new, 1)
        (root / self.target).write_text(text, encoding="utf-8")


def add_line_after(root: Path, file: str, anchor: str, line: str) -> None:
    """Insert ``line`` right after the (single) line containing ``anchor``."""
    path = root / file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = [i for i, text in enumerate(lines) if anchor in text]
    assert len(index) == 1, (file, anchor)
    lines.insert(index[0] + 1, line + "\n")
    path.write_text("".join(lines), encoding="utf-8")


# The example made national (§ 1–7): five-person Rada Programowa (2 CIS, 2 KIS, 1 from the
# ministry), one-year term, posiedzenia instead of zjazdy, only CIS and KIS as members, the founding
# institution's agreement recorded in each declaration.
NATIONAL_EDITS = [
    Edit("konwent.yaml", "profil: regionalny", "profil: krajowy"),
    Edit("konwent.yaml", "kadencja_od: 2024-06-14", "kadencja_od: 2026-01-15"),
    Edit("konwent.yaml", "kadencja_do: 2028-06-13", "kadencja_do: 2027-01-14"),
    Edit(
        "konwent.yaml",
        "    - imie_nazwisko: Elżbieta Kędzierska\n      czlonek: CIS-ZAMOSC\n      typ: CIS\n",
        "    - imie_nazwisko: Ewa Ministerialna\n      z_ramienia_ministerstwa: true\n",
    ),
    Edit("posiedzenia/2026-06-12-zjazd.yaml", "rodzaj: zjazd ", "rodzaj: posiedzenie zwyczajne "),
    Edit(
        "posiedzenia/2026-06-12-zjazd.yaml",
        "  - czlonek: ROPS-LUBLIN\n    uprawniony_do_glosowania: false\n",
        "",
    ),
    Edit(
        "posiedzenia/2026-06-12-zjazd.yaml",
        "jednostka: Art. 3 ust. 1 pkt 3",
        "jednostka: § 3 ust. 5",
    ),
    Edit(
        "posiedzenia/2026-06-12-zjazd.yaml",
        "jednostka: Art. 3 ust. 1 pkt 1",
        "jednostka: § 5 ust. 1",
    ),
    Edit(
        "posiedzenia/2026-06-12-zjazd.yaml",
        "podstawa_prawna: Art. 3 ust. 1 pkt 1 i ust. 9 pkt 1",
        "podstawa_prawna: § 2 ust. 4 i § 4 ust. 1 pkt 1",
    ),
    Edit("posiedzenia/2026-06-12-zjazd.yaml", "podstawa_prawna: Art. 4", "podstawa_prawna: § 7"),
    Edit(
        "deklaracje/2026-cis-bilgoraj.yaml",
        "data: 2026-09-14\n",
        "data: 2026-09-14\nzgoda_instytucji_tworzacej: uchwała Zarządu Stowarzyszenia „Źródło”\n",
    ),
    Edit(
        "deklaracje/2026-kis-leczna.yaml",
        "data: 2026-10-05\n",
        "data: 2026-10-05\nzgoda_instytucji_tworzacej: zarządzenie Burmistrza Łęcznej\n",
    ),
]
NATIONAL_DROPPED_ROWS = ("ROPS-LUBLIN;", "HON-WOJCIK;")  # no supporting or honorary members


def drop_rows(root: Path, prefixes: tuple[str, ...]) -> None:
    path = root / "czlonkowie.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if not x.startswith(prefixes)), encoding="utf-8")


def make_national(root: Path) -> None:
    for edit in NATIONAL_EDITS:
        edit.apply(root)
    drop_rows(root, NATIONAL_DROPPED_ROWS)


def copy_template(folder: Path, name: str, edit) -> Path:
    """A copy of the bundled template ``name`` in ``folder``, changed by ``edit(document)``."""
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.docx"
    shutil.copy(TEMPLATES / path.name, path)
    doc = Document(path)
    edit(doc)
    doc.save(path)
    return path
