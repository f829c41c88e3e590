"""PyYAML's (libyaml's) syntax errors → located problems in konwent's own words.

The parser's English never reaches a user: each problem it can report is matched to a sentence
that says what to fix; an unforeseen one gets a general sentence of ours.
"""

from __future__ import annotations

import yaml

from .errors import Problem
from .i18n import _

_UNCLOSED = (
    "found unexpected end of stream",
    "did not find expected ',' or ']'",
    "did not find expected ',' or '}'",
)


def _messages() -> list[tuple[str, str]]:
    """(start of the parser's problem text, konwent's sentence), most specific first."""
    quote = _("put the value in quotation marks")
    return [
        ("found a tab character", _("a tab in the indentation: indent with spaces only")),
        ("found character that cannot start any token", _(
            "a value cannot start with this character (a tab, @, ` or %): {}"
        ).format(quote)),
        ("mapping values are not allowed", _(
            "a second colon in this line: {} or check the indentation"
        ).format(quote)),
        ("could not find expected ':'", _("a field name without its colon (name: value)")),
        ("did not find expected key", _(
            "the indentation does not match the lines above: check the spaces at the start of "
            "the line"
        )),
        ("did not find expected '-' indicator", _(
            "every item of this list starts with “- ” at the same indentation"
        )),
        ("did not find expected ',' or ']'", _("a “[” that is not closed: {}").format(quote)),
        ("did not find expected ',' or '}'", _("a “{{” that is not closed: {}").format(quote)),
        ("found unexpected end of stream", _(
            "the file ends inside a value: close its quotation mark"
        )),
        ("found unknown escape character", _(
            "a backslash \\ inside double quotation marks: use single ones ('…') instead"
        )),
        ("found undefined alias", _("a value cannot start with *: {}").format(quote)),
        ("did not find expected alphabetic or numeric character", _(
            "a value cannot start with & or *: {}"
        ).format(quote)),
        ("could not determine a constructor for the tag", _(
            "a value cannot start with !: {}"
        ).format(quote)),
        ("found unhashable key", _("a field name cannot be a list or a group")),
        ("found unknown directive name", _("a line cannot start with %: {}").format(quote)),
        ("but found another document", _(
            "a line “---” starts a second document: one file holds one document"
        )),
        ("did not find expected <document start>", _(
            "text outside any field: check the indentation"
        )),
        ("did not find expected node content", _("a value is missing here")),
        ("did not find expected comment or line break", _(
            "text after a closing quotation mark: put the whole value in quotation marks"
        )),
    ]


def _reader_problem(shown: str, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow (a control character, U+FFFF), with its line."""
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    before = text[: exc.position]
    if text[exc.position : exc.position + 1] != chr(code):  # libyaml counts UTF-8 bytes
        before = text.encode("utf-8")[: exc.position].decode("utf-8", errors="ignore")
    line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
    message = _("a character that a YAML file cannot hold: U+{:04X}; delete it").format(code)
    return Problem(shown, _("column {}").format(column), message, line=line)


def yaml_problem(shown: str, text: str, exc: yaml.YAMLError) -> Problem:
    """The problem a YAML error reports, located at its line and column."""
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(shown, text, exc)
    mark = getattr(exc, "problem_mark", None)
    what = getattr(exc, "problem", None) or ""
    message = next(
        (sentence for start, sentence in _messages() if what.startswith(start)),
        _("YAML syntax error here: check the indentation and the quotation marks"),
    )
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        message = _messages()[0][1]
    if what.startswith(_UNCLOSED):  # point at where the unclosed value starts
        mark = getattr(exc, "context_mark", None) or mark
    if mark is None:
        return Problem(shown, "", message)
    return Problem(shown, _("column {}").format(mark.column + 1), message, line=mark.line + 1)
