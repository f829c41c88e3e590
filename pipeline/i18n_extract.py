"""Babel extractor: the usual ``_()``/``N_()`` calls plus the docstrings click shows as help.

click uses a command's docstring as its ``--help`` text, so those docstrings are user-facing
messages too. ``babel.cfg`` names this extractor for ``pipeline/**.py``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import IO, Any

from babel.messages.extract import extract_python

_CLICK_DECORATORS = {"command", "group"}


def _is_click_command(node: ast.AST) -> bool:
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in _CLICK_DECORATORS:
            return True
    return False


def command_docstrings(source: str) -> Iterator[tuple[int, str]]:
    """(line, raw docstring) of every function decorated as a click command or group."""
    for node in ast.walk(ast.parse(source)):
        if _is_click_command(node):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                yield node.body[0].lineno, doc


def extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    text = source.decode(options.get("encoding", "utf-8"))
    for line, doc in command_docstrings(text):
        yield line, None, doc, ["click command help"]
