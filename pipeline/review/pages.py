"""Each draft page as the chair reads it: a compressed image to embed in the review file, and the
page's text (for the redline and the image's alternative text)."""

from __future__ import annotations

import base64
import io
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ..batch import Converted
from ..external import run_tool
from ..scratch import ScratchDir

# An A4 page 1100 px wide: 10 pt text is about 18 px high at full width, sharp enough to read.
PAGE_WIDTH = 1100
COLOURS = 16  # grey levels kept: text, the "PROJEKT" mark and rules stay crisp, the file small


@dataclass(frozen=True)
class PageImage:
    data_uri: str
    width: int
    height: int


def page_images(pdf: Path) -> list[PageImage]:
    """Every page of ``pdf`` as a grey PNG of :data:`PAGE_WIDTH` px, as a data: URI."""
    with ScratchDir("konwent-pages-") as tmp:
        run_tool(["pdftoppm", "-png", "-gray", "-scale-to-x", str(PAGE_WIDTH), "-scale-to-y",
                  "-1", str(pdf), f"{tmp}/s"], timeout=120)  # fmt: skip
        pngs = sorted(Path(tmp).glob("s-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        return [_compressed(png) for png in pngs]


def _compressed(png: Path) -> PageImage:
    with Image.open(png) as image:
        small = image.convert("L").quantize(COLOURS)
        buffer = io.BytesIO()
        small.save(buffer, format="PNG", optimize=True)
        encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
        return PageImage(f"data:image/png;base64,{encoded}", small.width, small.height)


def page_texts(pdf: Path, first: int, last: int) -> list[str]:
    """The text of pages ``first``..``last`` of ``pdf`` (pdftotext, reading order), one a page."""
    return [
        run_tool(["pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), str(pdf), "-"],
                 text=False, timeout=60).stdout.decode("utf-8", "replace")
        for n in range(first, last + 1)
    ]  # fmt: skip


def all_pages(
    jobs: Sequence[tuple[Path, Converted]],
) -> dict[Path, tuple[list[PageImage], list[str]]]:
    """Images of every page of each draft, and the texts of the same pages as converted (before
    the "PROJEKT" mark and page numbers, which would mix into the text), as many tools at once
    as there are cores."""

    def one(job: tuple[Path, Converted]) -> tuple[list[PageImage], list[str]]:
        draft, converted = job
        images = page_images(draft)
        first, end = converted.pages or (0, len(images))
        return images, page_texts(converted.pdf, first + 1, end)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(zip([d for d, _c in jobs], pool.map(one, jobs), strict=True))
