"""Planned documents → DOCX through docxtpl: strict, autoescaped and sandboxed.

Input text is data: it is escaped for XML and never evaluated as a template, and a variable a
template names but the data lacks is an error naming the template and the variable.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from . import polish
from .errors import TemplateError
from .grammar.filters import GRAMMAR_FILTERS
from .i18n import _
from .jinja_messages import template_message
from .planned import PlannedDocument

# The repository's templates/ folder, installed as the package pipeline.templates (setup.py).
BUNDLED_TEMPLATES = Path(str(files("pipeline.templates")))


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
# {{ member.name|cudzyslow }}, {{ resolution.effective|kropka }}; and the grammar's:
# {{ member|dopelniacz }}, {{ chair|rodzaj('Przewodniczący') }}, {{ n|liczebnik('głos', …) }}.
FILTERS = {
    "data": polish.date_long,
    "liczba": polish.number,
    "cudzyslow": polish.quoted,
    "kropka": polish.full_stop,
    **GRAMMAR_FILTERS,
}


class Renderer:
    """Renders documents, reading and compiling each template file once per run."""

    def __init__(self, template_dirs: Iterable[Path] = (BUNDLED_TEMPLATES,)):
        self.template_dirs = [Path(d) for d in template_dirs]
        self.env = make_environment()
        self._sources: dict[str, tuple[Path, bytes]] = {}
        self._compiled: dict[str, Any] = {}  # name → CompiledTemplate, made on first use

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
        return self.rendered(doc, target)[0]

    def rendered(self, doc: PlannedDocument, target: Path) -> tuple[Path, dict[str, str]]:
        """Render ``doc`` into ``target``: the file, and who it prints under each signature
        anchor (``podpis_<role>`` → name)."""
        path, data = self._source(doc.template)
        try:
            if doc.template not in self._compiled:
                from .compiled import CompiledTemplate  # docx and lxml only to render

                self._compiled[doc.template] = CompiledTemplate(data, self.env)
            return target, self._compiled[doc.template].render(doc.context, target)
        except jinja2.UndefinedError as exc:
            raise TemplateError(
                _("{template}: undefined variable ({detail}) while rendering {source}").format(
                    template=path, detail=template_message(exc.message), source=doc.source
                )
            ) from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                _("{template}: template syntax error: {detail}").format(
                    template=path, detail=template_message(exc.message)
                )
            ) from None
        except SecurityError:
            raise TemplateError(
                _("{template}: a field uses an unsafe attribute").format(template=path)
            ) from None
        except (jinja2.TemplateError, TypeError, ValueError) as exc:  # e.g. a wrong macro call
            raise TemplateError(
                _("{template}: error while rendering {source}: {detail}").format(
                    template=path, detail=template_message(getattr(exc, "message", str(exc))),
                    source=doc.source,
                )
            ) from None
        except etree.XMLSyntaxError:
            raise TemplateError(
                _("{template}: the rendered document is not valid XML").format(template=path)
            ) from None
