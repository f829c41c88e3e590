from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner
from pypdf import PdfReader

from pipeline.build import BuildOptions, BuildResult, build
from pipeline.fsutil import atomic_path
from pipeline.i18n import LOCALE_DIR, activate
from tests.certs import make_pki
from tests.fixtures import EXAMPLE_INPUTS


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogs():
    """The Polish catalog compiled from the committed .po (`make` does it too; this keeps a bare
    `pytest` run in a fresh clone honest)."""
    for po in LOCALE_DIR.glob("*/LC_MESSAGES/konwent.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalog = read_po(source)
            with atomic_path(mo) as tmp, tmp.open("wb") as target:
                write_mo(target, catalog)


@pytest.fixture(autouse=True)
def _english_interface(monkeypatch):
    """Tests read messages in the source language unless a test asks otherwise (each CLI run
    detects the language again, so the environment says English too)."""
    monkeypatch.setenv("LANGUAGE", "en")
    activate("en")
    yield
    activate("en")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private, editable copy of the bundled example inputs."""
    target = tmp_path / "inputs"
    shutil.copytree(EXAMPLE_INPUTS, target)
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, BuildResult]:
    """The bundled example built once for the session, with the real LibreOffice."""
    out = tmp_path_factory.mktemp("outputs")
    return out, build(BuildOptions(inputs=EXAMPLE_INPUTS, outputs=out))


# The example's meeting packet, as a built outputs folder holds it.
MEETING_PACKET = Path("2026-06-12-zjazd") / "pakiet-2026-06-12-zjazd.pdf"


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    """A test CA and a signer's PKCS#12 file (tests/certs.py), made once per run."""
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def packet(built, tmp_path) -> Path:
    """A copy of the example's meeting packet, for a test to sign."""
    out, _result = built
    return Path(shutil.copyfile(out / MEETING_PACKET, tmp_path / "pakiet.pdf"))


def pdf_text(path: Path) -> str:
    """Text as a user's PDF reader extracts it (poppler's pdftotext)."""
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def outline_titles(path: Path) -> list[str]:
    reader = PdfReader(path)

    def walk(items) -> list[str]:
        titles = []
        for item in items:
            titles += walk(item) if isinstance(item, list) else [item.title]
        return titles

    return walk(reader.outline)


@dataclass
class Bookmark:
    title: str
    page: int  # 0-based page the bookmark opens
    children: list[Bookmark] = field(default_factory=list)


def outline(path: Path) -> list[Bookmark]:
    """The PDF's outline as a reader shows it: top-level bookmarks with their nested ones."""
    reader = PdfReader(path)

    def walk(items) -> list[Bookmark]:
        marks: list[Bookmark] = []
        for item in items:
            if isinstance(item, list):  # pypdf lists an item's children right after it
                marks[-1].children += walk(item)
            else:
                marks.append(Bookmark(item.title, reader.get_destination_page_number(item)))
        return marks

    return walk(reader.outline)


def leaf_bookmarks(path: Path) -> list[Bookmark]:
    """The bookmarks without children (one per document), in outline order."""

    def walk(marks: list[Bookmark]) -> list[Bookmark]:
        return [leaf for m in marks for leaf in (walk(m.children) if m.children else [m])]

    return walk(outline(path))
