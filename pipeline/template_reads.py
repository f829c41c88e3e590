"""Which context variables a document template reads, found without data.

The template is read as ``konwent templates check`` reads it, in every part docxtpl fills in:
the body, headers, footers, footnotes and the document properties. The result is each variable
path a template prints or tests (``meeting.guests[].name``, ``resolution.subject``, ``meeting``
for one printed whole), so that ``drawn_from`` can put the input fields behind them in the
document's snapshot.
"""

from __future__ import annotations

import typing
from collections import Counter
from functools import lru_cache
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import nodes

from .compiled import FOOTNOTES, PROPERTIES
from .contexts import CONTEXTS
from .render import make_environment
from .template_check import ANY, Checker, Part, element_type, template_parts


class _Uses(Counter):
    """The checker's record of the names read, counted: a name printed whole in one place stays
    when another place reads only its attributes."""

    def add(self, label: str) -> None:
        self[label] += 1

    def discard(self, label: str) -> None:
        if self[label] > 0:
            self[label] -= 1


class _Reads(Checker):
    """The templates checker, keeping every name read (a loop over a list whose items the body
    reads counts as reading those items, not the list whole)."""

    def _for(self, node, scope) -> None:
        hint, label = self.infer(node.iter, scope)
        inner = dict(scope) | {"loop": (ANY, "loop")}
        item = f"{label}[]" if label else ""
        self._bind(node.target, element_type(hint), item, inner)
        before = self._under(item)
        if node.test is not None:
            self.infer(node.test, inner)
        for child in node.body:
            self.visit(child, inner)
        if label and self._under(item) > before:
            self.used.discard(label)
        for child in node.else_:
            self.visit(child, scope)

    def visit(self, node, scope) -> None:
        """A call block's arguments and a macro's default values are read too."""
        if isinstance(node, nodes.CallBlock):
            self.infer(node.call, scope)
        if isinstance(node, nodes.Macro | nodes.CallBlock):
            for default in node.defaults:
                self.infer(default, scope)
        super().visit(node, scope)

    def _under(self, item: str) -> int:
        return sum(n for key, n in self.used.items() if item and key.startswith(item))


@lru_cache(maxsize=64)
def template_reads(path: Path, sha: str) -> tuple[str, ...] | None:
    """Every context variable the template ``path`` reads (``meeting.guests[].name``); None when
    the template cannot be read in full (a syntax error, an unknown name …). ``sha`` keys the
    cache to the file's content."""
    hints = typing.get_type_hints(CONTEXTS[path.stem]) if path.stem in CONTEXTS else None
    if hints is None:
        return None
    env = make_environment()
    uses = _Uses()
    try:
        for source in _sources(path):
            checker = _Reads(env, Part("", source, []), used=uses)  # type: ignore[arg-type]
            checker.visit(env.parse(source), {key: (hint, key) for key, hint in hints.items()})
            if checker.problems:
                return None
    except Exception:  # a template that cannot be read: the snapshot takes every input whole
        return None
    reads = tuple(sorted(label for label, count in uses.items() if count > 0))
    return reads if all(_traced(label, hints) for label in reads) else None


# what a loop tells about itself; ``loop.previtem`` and the like are items, read untraced
LOOP_COUNTERS = {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth"}


def _traced(label: str, hints: dict) -> bool:
    """Whether ``label`` is a read through a context name (or a loop counter, or ``caller()``):
    anything else, e.g. a macro argument printed inside the macro, is a read this module cannot
    follow back to the inputs, so the document's snapshot takes every input whole."""
    head, _dot, rest = label.partition(".")
    head = head.split("[")[0]
    if head == "loop":
        return rest.split(".")[0].split("[")[0] in LOOP_COUNTERS
    return head in hints or label == "caller"


def _sources(path: Path) -> list[str]:
    """The Jinja source of every part of the .docx that rendering fills in."""
    sources = [part.source for part in template_parts(path)]
    tpl = DocxTemplate(path)
    tpl.init_docx()
    package = tpl.docx.part.package
    sources += [
        tpl.patch_xml(part.blob.decode("utf-8"))
        for part in package.parts
        if part.content_type == FOOTNOTES
    ]
    properties = tpl.docx.core_properties
    return sources + [getattr(properties, name) or "" for name in PROPERTIES]
