"""The interface speaks Polish by default and English on request; no message escapes the catalog."""

from __future__ import annotations

import ast
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from pipeline.cli import cli
from pipeline.errors import KonwentError
from pipeline.i18n import LOCALE_DIR, activate, choose_language, ngettext
from tests.fixtures import ROOT

PIPELINE = ROOT / "pipeline"
POLISH_PO = LOCALE_DIR / "pl" / "LC_MESSAGES" / "konwent.po"


def _drop_line(path: Path, startswith: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if not x.startswith(startswith)), encoding="utf-8")


def _break_example(example: Path) -> tuple[Path, Path]:
    """Two mistakes a secretary makes: a missing field and a postal code without its dash."""
    meeting = example / "posiedzenia" / "2026-06-12-zjazd.yaml"
    _drop_line(meeting, "protokolant:")
    declaration = example / "deklaracje" / "2026-kis-leczna.yaml"
    text = declaration.read_text(encoding="utf-8").replace("21-010", "21010")
    declaration.write_text(text, encoding="utf-8")
    return meeting, declaration


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "pl",
            [
                "konwent: błąd: {meeting}:2: protokolant: brak wymaganego pola",
                "konwent: błąd: {declaration}:9: czlonek.adres.kod_pocztowy: ma zły format "
                "(oczekiwany: kod pocztowy NN-NNN)",
            ],
        ),
        (
            "en",
            [
                "konwent: error: {meeting}:2: protokolant: required field is missing",
                "konwent: error: {declaration}:9: czlonek.adres.kod_pocztowy: has the wrong "
                "format (expected a postal code NN-NNN)",
            ],
        ),
    ],
    ids=["polish", "english"],
)
def test_same_bad_input_in_polish_and_english(runner, example, tmp_path, lang, expected):
    meeting, declaration = _break_example(example)
    args = ["--lang", lang, "check", str(example)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    for line in expected:
        assert line.format(meeting=meeting, declaration=declaration) in lines, result.stderr
    assert len(lines) == 2


def _konwent(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=clean | {"LC_MESSAGES": ""} | env,
    )


def test_polish_by_default_english_from_the_environment_as_a_real_subprocess(example):
    _break_example(example)
    polish = _konwent(["check", str(example)], {"LANG": "C.UTF-8"})
    english = _konwent(["check", str(example)], {"LANG": "en_GB.UTF-8"})
    assert polish.returncode == english.returncode == 2
    assert "konwent: błąd: " in polish.stderr and "brak wymaganego pola" in polish.stderr
    assert "konwent: error: " in english.stderr and "required field is missing" in english.stderr
    assert "Traceback" not in polish.stderr + english.stderr


def test_lang_option_wins_over_the_environment(example):
    result = _konwent(["--help", "--lang", "pl"], {"LANG": "en_US.UTF-8"})
    assert result.returncode == 0
    assert result.stdout.startswith("Użycie: konwent [OPCJE] POLECENIE [ARGUMENTY]...")
    result = _konwent(["--lang", "en", "--help"], {"LANG": "pl_PL.UTF-8"})
    assert result.stdout.startswith("Usage: konwent [OPTIONS] COMMAND [ARGS]...")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "pl"),
        ({"LANG": "C.UTF-8"}, "pl"),
        ({"LANG": "pl_PL.UTF-8"}, "pl"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "pl_PL.UTF-8"}, "en"),
        ({"LANGUAGE": "en", "LANG": "pl_PL.UTF-8"}, "en"),
        ({"LANGUAGE": "pl", "LC_ALL": "en_US.UTF-8"}, "pl"),
        ({"LANG": "de_DE.UTF-8"}, "pl"),
    ],
)
def test_language_detection(monkeypatch, env, expected):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert choose_language() == expected


def test_help_is_polish_by_default(runner, monkeypatch):
    monkeypatch.delenv("LANGUAGE")
    monkeypatch.setenv("LANG", "C.UTF-8")
    result = runner.invoke(cli, ["build", "--help"], prog_name="konwent")
    assert result.exit_code == 0
    assert result.output.startswith("Użycie: konwent build [OPCJE] [DANE]")
    assert "Tworzy wszystkie dokumenty z folderu danych" in result.output
    assert "Folder, do którego trafiają dokumenty." in result.output
    assert "Pokaż tę pomoc i zakończ." in result.output
    assert re.search(r"\[domyślnie: [^\]]+\]", " ".join(result.output.split()))
    assert "Opcje:" in result.output and "Options" not in result.output


def test_click_usage_errors_are_translated(runner):
    result = runner.invoke(cli, ["--lang", "pl", "bild"])
    assert result.exit_code == 2
    assert "Błąd: Nie ma polecenia 'bild'. Czy chodziło o 'build'?" in result.stderr


# --- the catalog covers the code, and the code marks every message ------------------------------


def _messages(path: Path) -> dict:
    with path.open("rb") as handle:
        return {message.id: message for message in read_po(handle) if message.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict:
    """The messages babel extracts from the code right now, the way `make messages` does."""
    pot = tmp_path_factory.mktemp("pot") / "konwent.pot"
    argv = ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-o", str(pot)]
    CommandLineInterface().run([*argv, "--no-location", str(PIPELINE)])
    return _messages(pot)


def test_polish_catalog_translates_every_extracted_message(extracted):
    catalog = _messages(POLISH_PO)
    missing = sorted(str(m) for m in set(extracted) - set(catalog))
    assert not missing, f"not in the Polish catalog (run `make messages`): {missing}"
    stale = sorted(str(m) for m in set(catalog) - set(extracted))
    assert not stale, f"in the catalog but no longer in the code: {stale}"
    fuzzy = sorted(str(m.id) for m in catalog.values() if m.fuzzy)
    assert not fuzzy, f"fuzzy (unchecked) translations: {fuzzy}"
    untranslated = [
        str(m.id)
        for m in catalog.values()
        if not (all(m.string) if isinstance(m.string, tuple | list) else m.string)
    ]
    assert not untranslated, f"untranslated: {untranslated}"


def test_committed_template_matches_the_code(extracted):
    assert set(_messages(LOCALE_DIR / "konwent.pot")) == set(extracted), "run `make messages`"


def _placeholders(text: str) -> set[str]:
    return {
        f"{{{name}{'!' + conversion if conversion else ''}}}"
        for _text, name, _spec, conversion in string.Formatter().parse(text)
        if name is not None
    }


def test_translations_keep_every_placeholder():
    for message in _messages(POLISH_PO).values():
        if isinstance(message.id, tuple):  # Polish plural forms: 0 is the singular
            singular, plural = message.id
            wanted = [singular] + [plural] * (len(message.string) - 1)
            pairs = list(zip(wanted, message.string, strict=True))
        else:
            pairs = [(message.id, message.string)]
        for source, translated in pairs:
            assert _placeholders(translated) == _placeholders(source), (source, translated)


def test_every_help_text_is_translated():
    catalog = _messages(POLISH_PO)
    texts = []
    for command in [cli, *cli.commands.values()]:
        texts += [command.help] + [p.help for p in command.params if getattr(p, "help", None)]
    missing = [text for text in texts if not text or text not in catalog]
    assert not missing, f"help texts missing from the catalog: {missing}"


# Calls whose text argument reaches the user: (argument position, keyword) of that text.
_MESSAGE_ARGUMENT = {
    "Problem": (2, "message"),
    "problem": (2, "message"),
    "PydanticCustomError": (1, "message_template"),  # the first argument is the error's code
}
_MESSAGE_CALLS = {"echo", "secho", "progress", "fail", "ClickException", "UsageError"}
_MARKERS = {"_", "N_", "ngettext"}
_WORDS = re.compile(r"[^\W\d_]{2,}")
_NOT_WORDS = {"konwent"}  # the program's name, printed as is


def _has_words(text: str) -> bool:
    return any(word.lower() not in _NOT_WORDS for word in _WORDS.findall(text))


def _bare_text(node: ast.AST | None) -> bool:
    """A literal user-facing text that does not pass through ``_()``."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and _has_words(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_bare_text(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _bare_text(node.left) or _bare_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and _bare_text(node.func.value)
    return False


def _konwent_errors() -> set[str]:
    """Names of the errors a user sees as messages (KonwentError and every subclass); a built-in
    error such as ValueError is internal and stays English."""
    found, todo = set(), [KonwentError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo += cls.__subclasses__()
    return found


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _message_argument(call: ast.Call) -> ast.AST | None:
    name = _callee(call)
    if name in _MESSAGE_ARGUMENT:
        position, keyword = _MESSAGE_ARGUMENT[name]
    elif name in _MESSAGE_CALLS or name in _konwent_errors():
        position, keyword = 0, "message"
    else:
        return None
    by_keyword = {k.arg: k.value for k in call.keywords}
    return call.args[position] if len(call.args) > position else by_keyword.get(keyword)


def _marked_inside_fstring(node: ast.AST) -> bool:
    """``f"{_('error')}"``: babel cannot extract a call inside an f-string before Python 3.12."""
    return isinstance(node, ast.JoinedStr) and any(
        isinstance(inner, ast.Call) and _callee(inner) in _MARKERS
        for part in node.values
        for inner in ast.walk(part)
    )


def unmarked_messages(source: str) -> list[tuple[int, str]]:
    """(line, text) of every user-facing literal not wrapped in ``_()``/``N_()`` so that babel
    extracts it."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if _marked_inside_fstring(node):
            found.append((node.lineno, ast.unparse(node)))
        if not isinstance(node, ast.Call) or _callee(node) in _MARKERS:
            continue
        texts = [_message_argument(node)] + [k.value for k in node.keywords if k.arg == "help"]
        found += [(node.lineno, ast.unparse(t)) for t in texts if _bare_text(t)]
    return found


@pytest.mark.parametrize(
    ("source", "count"),
    [
        ('click.echo("built the packet")', 1),
        ('click.echo(f"built {n} packets")', 1),
        ('raise InputError("bad register")', 1),
        ('raise ConversionError(f"LibreOffice failed: {code}")', 1),
        ('raise ValueError(f"start markers missing for {missing}")', 0),
        ('Problem(shown, "", "has no name")', 1),
        ('Problem(shown, "", message="has no name")', 1),
        ('@click.option("--out", help="Folder to write.")\ndef f(): pass', 1),
        ('progress("rendered {}".format(n))', 1),
        ('click.echo(_("built the packet"))', 0),
        ('click.echo(_("built {} packets").format(n))', 0),
        ('click.echo(f"konwent: {label}: {line}", err=True)', 0),
        ('@click.option("--out", help=N_("Folder to write."))\ndef f(): pass', 0),
        ('Problem(shown, "nazwa", _("required field is missing"))', 0),
        ("click.echo(f\"konwent: {_('warning')}: {text}\")", 1),
        ('raise PydanticCustomError("identifier", "not a valid NIP")', 1),
        ('raise PydanticCustomError("identifier", _("not a valid NIP"))', 0),
    ],
)
def test_the_unmarked_message_scan_finds_what_it_should(source, count):
    assert len(unmarked_messages(source)) == count


def test_no_user_facing_message_is_left_unmarked():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for path in sorted(PIPELINE.rglob("*.py"))
        for line, text in unmarked_messages(path.read_text(encoding="utf-8"))
    ]
    assert not found, "wrap these in _() (or N_() for click help):\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "pl",
            "oddano 19 głosów (za 17, przeciw 1, wstrzymało się 1), a obecnych jest tylko 9"
            " uprawnionych do głosowania (Art. 3 ust. 6)",
        ),
        (
            "en",
            "19 votes cast (za 17, przeciw 1, wstrzymało się 1), but only 9 members entitled"
            " to vote are present (Art. 3 ust. 6)",
        ),
    ],
    ids=["polish", "english"],
)
def test_rule_messages_translated_citations_stay_polish(runner, example, lang, message):
    meeting = example / "posiedzenia" / "2026-06-12-zjazd.yaml"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace("      za: 7\n", "      za: 17\n"), encoding="utf-8")
    result = runner.invoke(cli, ["--lang", lang, "check", str(example)])
    assert result.exit_code == 2
    assert f"{meeting}:" in result.stderr
    assert f"uchwaly[2].glosowanie: {message}" in result.stderr


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 dokument"),
        (2, "2 dokumenty"),
        (5, "5 dokumentów"),
        (12, "12 dokumentów"),
        (22, "22 dokumenty"),
    ],
)
def test_polish_plural_forms_follow_the_number(count, expected):
    activate("pl")
    assert ngettext("{} document", "{} documents", count).format(count) == expected
