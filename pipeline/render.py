"""Planned documents → DOCX through docxtpl: strict, autoescaped and sandboxed.

Input text is data: it is escaped for XML and never evaluated as a template, and a variable a
template names but the data lacks is an error naming the template and the variable.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from pydantic import BaseModel

from . import polish
from .documents import PlannedDocument
from .errors import InputError, Problem, TemplateError
from .i18n import _
from .inputs import ORGANISATION_FILE, REGISTER_FILE
from .model import Konwent

# Characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

BUNDLED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _finalize(value: Any) -> Any:
    """An optional field that is absent prints as nothing, never as "None"."""
    return "" if value is None else value


def make_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        autoescape=True, undefined=jinja2.StrictUndefined, finalize=_finalize
    )
    env.filters.update(FILTERS)
    return env


# Polish filters a template may use: {{ meeting.date|data }}, {{ 1234.5|liczba }},
# {{ member.name|cudzyslow }}, {{ resolution.effective|kropka }}.
FILTERS = {
    "data": polish.date_long,
    "liczba": polish.number,
    "cudzyslow": polish.quoted,
    "kropka": polish.full_stop,
}


def _text_fields(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string inside a model, with its input path (aliases, items counted from 1)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            key = info.alias or name
            yield from _text_fields(getattr(value, name), f"{path}.{key}" if path else key)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value, 1):
            yield from _text_fields(item, f"{path}[{i}]")


def _unwritable(file: str, value: Any, path: str = "", line: int | None = None) -> list[Problem]:
    return [
        Problem(
            file=file,
            path=field,
            line=line,
            message=_("character U+{:04X} cannot appear in a document").format(
                ord(_NOT_XML.search(text).group())
            ),
        )
        for field, text in _text_fields(value, path)
        if _NOT_XML.search(text)
    ]


def refuse_unwritable(konwent: Konwent) -> None:
    """Raise one located error for every input text holding a character XML cannot hold."""
    root = Path(konwent.root)
    problems = _unwritable(str(root / ORGANISATION_FILE), konwent.organisation)
    for row, member in enumerate(konwent.members.members, 2):
        problems += _unwritable(str(root / REGISTER_FILE), member, line=row)
    for item in [*konwent.meetings, *konwent.declarations]:
        problems += _unwritable(item.source, item.doc)
    if problems:
        raise InputError(problems)


class Renderer:
    """Renders documents, reading each template file once per run."""

    def __init__(self, template_dirs: Iterable[Path] = (BUNDLED_TEMPLATES,)):
        self.template_dirs = [Path(d) for d in template_dirs]
        self.env = make_environment()
        self._sources: dict[str, tuple[Path, bytes]] = {}

    def template_path(self, name: str) -> Path:
        for folder in self.template_dirs:
            candidate = folder / f"{name}.docx"
            if candidate.is_file():
                return candidate
        raise TemplateError(_("template not found: {}.docx").format(name))

    def _source(self, name: str) -> tuple[Path, bytes]:
        if name not in self._sources:
            path = self.template_path(name)
            self._sources[name] = (path, path.read_bytes())
        return self._sources[name]

    def render(self, doc: PlannedDocument, target: Path) -> Path:
        """Render ``doc`` into the file ``target`` and return it."""
        path, data = self._source(doc.template)
        template = DocxTemplate(io.BytesIO(data))
        try:
            template.render(dict(doc.context), jinja_env=self.env)
        except jinja2.UndefinedError as exc:
            raise TemplateError(
                _("{template}: undefined variable ({detail}) while rendering {source}").format(
                    template=path, detail=exc.message, source=doc.source
                )
            ) from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                _("{template}: template syntax error: {detail}").format(
                    template=path, detail=exc.message
                )
            ) from None
        except SecurityError as exc:
            raise TemplateError(
                _("{template}: not allowed in a template: {detail}").format(
                    template=path, detail=exc
                )
            ) from None
        except etree.XMLSyntaxError as exc:
            raise TemplateError(
                _("{template}: the rendered document is not valid XML ({detail})").format(
                    template=path, detail=exc
                )
            ) from None
        template.save(target)
        return target
