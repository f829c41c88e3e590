"""The orchestrator: inputs → model → documents → DOCX → PDF → packets, as named steps."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .convert import convert_batch
from .documents import PlannedDocument, plan
from .errors import InputError, Problem
from .fsutil import atomic_path, inside
from .model import Konwent
from .numbering import NumberRegistry
from .packet import PacketPart, merge
from .render import BUNDLED_TEMPLATES, Renderer
from .rules import check_folder, errors, warnings

STATE_DIR = ".konwent"  # under the outputs folder: the number registry


@dataclass(frozen=True)
class BuildOptions:
    inputs: Path
    outputs: Path
    templates: Path | None = None
    timeout: float = 300.0


@dataclass
class BuildResult:
    documents: list[Path] = field(default_factory=list)
    packets: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


Progress = Callable[[str], None]


def template_dirs(options: BuildOptions, konwent: Konwent) -> list[Path]:
    """User templates first (option, then organisation setting), bundled ones as the fallback."""
    dirs = []
    if options.templates:
        dirs.append(options.templates)
    if konwent.organisation.templates_dir:
        dirs.append(options.inputs / konwent.organisation.templates_dir)
    return [*dirs, BUNDLED_TEMPLATES]


def render_all(docs: Sequence[PlannedDocument], renderer: Renderer, work: Path) -> list[Path]:
    return [renderer.render(doc, work / f"{doc.group}--{doc.stem}.docx") for doc in docs]


def publish(docs: Sequence[PlannedDocument], files: Sequence[Path], outputs: Path) -> list[Path]:
    """Move finished files into ``outputs/<group>/`` atomically; return their new paths."""
    published = []
    for doc, source in zip(docs, files, strict=True):
        target = inside(outputs, doc.group, f"{doc.stem}{source.suffix}")
        with atomic_path(target) as tmp:
            shutil.copyfile(source, tmp)
        published.append(target)
    return published


def assemble(
    docs: Sequence[PlannedDocument], pdfs: Sequence[Path], outputs: Path, author: str
) -> list[Path]:
    """One packet per group, its documents in plan order, one bookmark each."""
    groups: dict[str, list[PacketPart]] = {}
    for doc, pdf in zip(docs, pdfs, strict=True):
        groups.setdefault(doc.group, []).append(PacketPart(doc.title, pdf))
    return [
        merge(parts, inside(outputs, group, f"pakiet-{group}.pdf"), title=group, author=author)
        for group, parts in groups.items()
    ]


def checked(inputs: Path) -> tuple[Konwent, list[Problem]]:
    """The validated inputs and their warnings; every error of every file raised at once."""
    konwent, problems = check_folder(inputs)
    if konwent is None or errors(problems):
        raise InputError(errors(problems))
    return konwent, warnings(problems)


def build(options: BuildOptions, progress: Progress = lambda _message: None) -> BuildResult:
    konwent, found_warnings = checked(options.inputs)
    renderer = Renderer(template_dirs(options, konwent))
    options.outputs.mkdir(parents=True, exist_ok=True)
    docs = plan(konwent, NumberRegistry(options.outputs / STATE_DIR))
    with tempfile.TemporaryDirectory(prefix=".konwent-", dir=options.outputs) as tmp:
        work = Path(tmp)
        docx = render_all(docs, renderer, work)
        progress(f"rendered {len(docx)}")
        pdfs = convert_batch(docx, work / "pdf", timeout=options.timeout)
        progress(f"converted {len(pdfs)}")
        result = BuildResult(
            documents=publish(docs, docx, options.outputs) + publish(docs, pdfs, options.outputs),
            warnings=found_warnings,
        )
        result.packets = assemble(
            docs, result.documents[len(docs) :], options.outputs, konwent.organisation.name
        )
    return result
