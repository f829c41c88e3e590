"""``konwent templates check``: what each template uses, checked against its context, without data.

For every template the body, headers and footers are read the way docxtpl renders them. A Jinja
syntax error is reported with the text of the paragraph where it stands; every variable is resolved
against the template's context class (``pipeline/contexts.py``) and the model's type hints, so a
typo such as ``{{ memeber.name }}`` or ``{{ member.nmae }}`` is named before any document is made.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2 import nodes
from lxml import etree
from pydantic import BaseModel

from .contexts import CONTEXTS, SIGNATORIES
from .errors import Problem
from .grammar.filters import call_problem
from .i18n import _
from .jinja_messages import template_message
from .render import BUNDLED_TEMPLATES, make_environment

ANY: Any = object()  # a value whose attributes cannot be known (filter results, loop, set …)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_DOCX_PREFIX = re.compile(r"^\{([{%])-?\s*(?:p|tr|tc|r)\s", re.S)
_BLOCKS = {"for", "if", "macro", "call", "filter", "with", "set", "block", "raw", "autoescape"}


@dataclass
class TemplateReport:
    """One template: the variables it uses and the problems found in it."""

    name: str
    path: Path
    variables: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Part:
    label: str  # "body", "header1.xml", "footer1.xml"
    source: str  # the Jinja source docxtpl renders
    paragraphs: list[str]


def template_parts(path: Path) -> list[Part]:
    """The body, headers and footers of a .docx, as docxtpl would render them."""
    tpl = DocxTemplate(path)
    tpl.init_docx()
    parts = [Part("body", tpl.patch_xml(tpl.get_xml()), _paragraphs(tpl.docx._part._element))]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _rel, part in tpl.get_headers_footers(uri):
            xml = tpl.get_part_xml(part)
            element = etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml)
            label = Path(str(part.partname)).name
            parts.append(Part(label, tpl.patch_xml(xml), _paragraphs(element)))
    return parts


def _paragraphs(element) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in element.iter(f"{_W}p")]


def plain_type(hint: Any) -> Any:
    """``Text | None`` → ``str``; ``Annotated[X, …]`` → ``X``; a union of several: ANY."""
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        return plain_type(typing.get_args(hint)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return plain_type(args[0]) if len(args) == 1 else ANY
    return hint


def element_type(hint: Any) -> Any:
    """The type of the items a loop over ``hint`` yields."""
    hint = plain_type(hint)
    if typing.get_origin(hint) in (list, tuple, typing.Sequence, set) and typing.get_args(hint):
        return plain_type(typing.get_args(hint)[0])
    return str if hint is str else ANY


def attribute_type(hint: Any, attr: str) -> Any | None:
    """The type of ``hint.attr``, ANY when unknowable, None when ``attr`` does not exist."""
    hint = plain_type(hint)
    if hint is ANY or not isinstance(hint, type):
        return ANY if hint is ANY or typing.get_origin(hint) is None else _generic_attr(hint, attr)
    if issubclass(hint, BaseModel):
        if attr in hint.model_fields:
            return hint.model_fields[attr].annotation
        return _class_attr(hint, attr)
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return hints[attr] if attr in hints else _class_attr(hint, attr)
    if issubclass(hint, enum.Enum):
        return str if attr in ("value", "name") else _class_attr(hint, attr)
    return ANY if hasattr(hint, attr) else None


def _generic_attr(hint: Any, attr: str) -> Any | None:
    return ANY if hasattr(typing.get_origin(hint), attr) else None


def _class_attr(cls: type, attr: str) -> Any | None:
    if attr.startswith("_"):
        return None
    found = getattr(cls, attr, None)
    if isinstance(found, property) and found.fget is not None:
        return typing.get_type_hints(found.fget).get("return", ANY)
    return ANY if found is not None else None


@dataclass
class Checker:
    """Walks one template's syntax tree, resolving every name against the context's types."""

    env: jinja2.Environment
    part: Part
    problems: list[tuple[str, str]] = field(default_factory=list)  # (expression, paragraph)
    used: set[str] = field(default_factory=set)

    def visit(self, node: nodes.Node, scope: dict[str, tuple[Any, str]]) -> None:
        if isinstance(node, nodes.Expr):
            self.infer(node, scope)
        elif isinstance(node, nodes.For):
            self._for(node, scope)
        elif isinstance(node, nodes.Assign | nodes.AssignBlock):
            self._assign(node, scope)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope) | {a.name: (ANY, a.name) for a in getattr(node, "args", [])}
            inner |= {"caller": (ANY, "caller"), "varargs": (ANY, ""), "kwargs": (ANY, "")}
            for child in node.body:
                self.visit(child, inner)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)

    def _for(self, node: nodes.For, scope: dict[str, tuple[Any, str]]) -> None:
        hint, label = self.infer(node.iter, scope)
        inner = dict(scope) | {"loop": (ANY, "loop")}
        self._bind(node.target, element_type(hint), f"{label}[]" if label else "", inner)
        if node.test is not None:
            self.infer(node.test, inner)
        for child in node.body:
            self.visit(child, inner)
        for child in node.else_:
            self.visit(child, scope)

    def _assign(self, node, scope: dict[str, tuple[Any, str]]) -> None:
        if isinstance(node, nodes.Assign):
            self.infer(node.node, scope)
        else:
            for child in node.body:
                self.visit(child, scope)
        if not isinstance(node.target, nodes.NSRef):
            self._bind(node.target, ANY, "", scope)

    def _bind(self, target: nodes.Node, hint: Any, label: str, scope: dict) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = (hint, label)
        else:
            for name in target.find_all(nodes.Name):
                scope[name.name] = (ANY, "")

    def infer(self, node: nodes.Node, scope: dict[str, tuple[Any, str]]) -> tuple[Any, str]:
        if isinstance(node, nodes.Name):
            return self._name(node, scope)
        if isinstance(node, nodes.Getattr):
            return self._getattr(node, scope)
        if isinstance(node, nodes.Filter | nodes.Test):
            return self._filter(node, scope)
        for child in node.iter_child_nodes():
            self.infer(child, scope)
        return ANY, ""

    def _name(self, node: nodes.Name, scope) -> tuple[Any, str]:
        if node.name in scope:
            hint, label = scope[node.name]
            if label:
                self.used.add(label)
            return hint, label
        if node.name not in self.env.globals:
            self.report(node.name, _("unknown variable {}").format(node.name))
        return ANY, ""

    def _getattr(self, node: nodes.Getattr, scope) -> tuple[Any, str]:
        hint, label = self.infer(node.node, scope)
        found = attribute_type(hint, node.attr)
        full = f"{label}.{node.attr}" if label else ""
        if found is None:
            shown = full or node.attr
            self.report(node.attr, _("unknown variable {}").format(shown))
            return ANY, ""
        if full:
            self.used.discard(label)
            self.used.add(full)
        return found, full

    def _filter(self, node, scope) -> tuple[Any, str]:
        if node.node is not None:
            self.infer(node.node, scope)
        for arg in [*node.args, *(k.value for k in node.kwargs)]:
            self.infer(arg, scope)
        known = self.env.filters if isinstance(node, nodes.Filter) else self.env.tests
        if node.name not in known:
            self.report(node.name, _("unknown filter or test {}").format(node.name))
        elif isinstance(node, nodes.Filter):
            args = [a.value if isinstance(a, nodes.Const) else None for a in node.args]
            if wrong := call_problem(node.name, args):
                self.report(next((a for a in args if isinstance(a, str)), node.name), wrong)
        return (int, "") if node.name in ("length", "count") else (ANY, "")

    def report(self, word: str, message: str) -> None:
        self.problems.append((message, find_paragraph(self.part.paragraphs, word)))


def find_paragraph(paragraphs: list[str], word: str) -> str:
    """The first paragraph whose Jinja tags mention ``word``."""
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    for text in paragraphs:
        if any(pattern.search(tag) for tag in _TAG.findall(text)):
            return text
    return ""


def syntax_problems(env: jinja2.Environment, part: Part) -> Iterator[tuple[str, str]]:
    """Syntax errors located in their paragraph: bad expressions, unclosed or stray blocks."""
    stack: list[tuple[str, str]] = []
    for text in part.paragraphs:
        if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
            yield _("unclosed or stray Jinja tag"), text
            continue
        for tag in _TAG.findall(text):
            tag = _DOCX_PREFIX.sub(r"{\1 ", tag)
            yield from _tag_problem(env, tag, text, stack)
    for word, text in stack:
        yield _("{{% {} %}} is never closed").format(word), text


def _tag_problem(env, tag: str, text: str, stack: list) -> Iterator[tuple[str, str]]:
    if tag.startswith("{{"):
        try:
            env.parse(tag)
        except jinja2.TemplateSyntaxError as exc:
            yield template_message(exc.message), text
        return
    if not tag.startswith("{%"):
        return
    words = tag[2:-2].strip("-+ \n").split()
    word = words[0] if words else ""
    if word.startswith("end"):
        if not stack or stack[-1][0] != word[3:]:
            yield _("unexpected {{% {} %}}").format(word), text
        else:
            stack.pop()
    elif word in _BLOCKS and not (word == "set" and "=" in tag):
        try:
            env.parse(f"{tag}{{% end{word} %}}")
        except jinja2.TemplateSyntaxError as exc:
            yield template_message(exc.message), text
        stack.append((word, text))


def check_template(path: Path, env: jinja2.Environment | None = None) -> TemplateReport:
    env = env or make_environment()
    name = path.stem
    report = TemplateReport(name=name, path=path)
    context = CONTEXTS.get(name)
    if context is None:
        known = ", ".join(sorted(CONTEXTS))
        report.problems.append(
            Problem(
                str(path), "", _("not a document kind konwent renders (known: {})").format(known)
            )
        )
        return report
    hints = typing.get_type_hints(context)
    used: set[str] = set()
    for part in template_parts(path):
        report.problems += _check_part(env, part, hints, used, path)
    report.problems += _missing_anchors(path, name)
    report.variables = _leaves(used)
    return report


def _leaves(used: set[str]) -> list[str]:
    """Dotted names without their own prefixes ("rows" goes when "rows[].unit" is there)."""
    return sorted(
        label
        for label in used
        if label != "loop"
        and not label.startswith("loop.")
        and not any(other.startswith((f"{label}.", f"{label}[")) for other in used)
    )


def _check_part(env, part: Part, hints: dict, used: set[str], path: Path) -> list[Problem]:
    located = list(syntax_problems(env, part))
    if not located:
        try:
            tree = env.parse(part.source)
        except jinja2.TemplateSyntaxError as exc:
            located = [(template_message(exc.message), "")]
        else:
            checker = Checker(env, part)
            checker.visit(tree, {key: (hint, key) for key, hint in hints.items()})
            located, _unused = checker.problems, used.update(checker.used)
    return [_problem(path, part.label, message, text) for message, text in located]


def _problem(path: Path, part: str, message: str, paragraph: str) -> Problem:
    where = " " + _("in „{}”").format(_shorten(paragraph)) if paragraph else ""
    shown = _("body") if part == "body" else part  # the other parts are named by their file
    return Problem(str(path), shown, f"{message}{where}")


def _shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _missing_anchors(path: Path, name: str) -> list[Problem]:
    """A signed document must keep the bookmarks podpis_<role> its signature fields go to."""
    tpl = DocxTemplate(path)
    tpl.init_docx()
    xml = tpl.get_xml()
    return [
        Problem(
            str(path),
            "body",
            _("signature anchor (Word bookmark) {} is missing").format(f"podpis_{role}"),
        )
        for role in SIGNATORIES.get(name, ())
        if f'w:name="podpis_{role}"' not in xml
    ]


def check_folder(folder: Path | None = None) -> list[TemplateReport]:
    """Check every template of ``folder`` (the bundled ones when None)."""
    folder = folder or BUNDLED_TEMPLATES
    env = make_environment()
    return [
        check_template(path, env)
        for path in sorted(folder.glob("*.docx"))
        if not path.name.startswith("~$")
    ]


def not_overridden(folder: Path) -> list[str]:
    """Document kinds ``folder`` has no template for (the bundled ones are used)."""
    return sorted(name for name in CONTEXTS if not (folder / f"{name}.docx").is_file())
