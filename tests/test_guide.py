"""The user guide (docs/przewodnik.md) is complete and runs: every key the loader accepts is in
it, and its command examples run as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import BaseModel

from pipeline.model import Konwent, Register, Sourced
from pipeline.register import REGISTER_COLUMNS
from tests.fixtures import EXAMPLE_INPUTS

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "przewodnik.md"
CONTAINERS = (Konwent, Sourced, Register)  # models of loaded inputs, not of an input file


def _models_in(annotation: object) -> Iterator[type[BaseModel]]:
    """The models a field's type holds (``list[Votes] | None`` → Votes)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def accepted_keys(model: type[BaseModel], seen: set | None = None) -> dict[str, str]:
    """Every key a file read as ``model`` may hold (its alias), with where: "Meeting.uchwaly".
    The containers of the loaded inputs (the whole folder, a file with its source, the
    register) hold no key of their own: only what they contain counts."""
    seen = set() if seen is None else seen
    if model in seen:
        return {}
    seen.add(model)
    keys: dict[str, str] = {}
    for name, info in model.model_fields.items():
        if not issubclass(model, CONTAINERS):
            keys.setdefault(info.alias or name, f"{model.__name__}.{info.alias or name}")
        for inner in _models_in(info.annotation):
            for key, where in accepted_keys(inner, seen).items():
                keys.setdefault(key, where)
    return keys


def all_keys() -> dict[str, str]:
    """The keys of every input file (from the model of a loaded folder) and the register's
    columns."""
    columns = {column: f"register column {column}" for column in REGISTER_COLUMNS}
    return columns | accepted_keys(Konwent)


def documented(key: str, guide: str) -> bool:
    """Whether the guide names ``key`` as code (inside backticks), as a whole word."""
    pattern = re.compile(r"`[^`\n]*(?<![\w])" + re.escape(key) + r"(?![\w])[^`\n]*`")
    return bool(pattern.search(guide))


def test_every_key_the_loader_accepts_is_in_the_guide():
    guide = GUIDE.read_text(encoding="utf-8")
    keys = all_keys()
    assert len(keys) > 80  # the walk reaches the nested models (votes, seats, changes …)
    missing = sorted(f"{k} ({where})" for k, where in keys.items() if not documented(k, guide))
    assert not missing, "keys missing from docs/przewodnik.md: " + ", ".join(missing)


def test_a_key_counts_as_documented_only_as_code_and_as_a_whole_word():
    assert documented("przyjmuje_czlonkow", "dodaj uchwałę z `przyjmuje_czlonkow: [KIS-X]`")
    assert not documented("numer", "pole `numer_protokolu`")
    assert not documented("wynik", "wynik głosowania")


# --- the guide's command examples, run as written -----------------------------------------------
#
# Every ```sh block of the guide is run by bash, in order, in one prepared folder: ``moj-konwent``
# is a copy of the bundled example, ``moj-certyfikat.p12`` a test certificate of the example's
# chair and ``NCCert.crt`` the certificate of its test CA; ``konwent`` is on PATH, HOME is a
# private folder. An HTML comment on the line before a block changes how it is run:
#   <!-- przykład w osobnym folderze -->           run in a new, empty folder of its own;
#   <!-- przykład nieuruchamiany: <why> -->         not run (it installs or changes the system).

SKIP_MARK = "<!-- przykład nieuruchamiany:"
ALONE_MARK = "<!-- przykład w osobnym folderze -->"


@dataclass(frozen=True)
class Example:
    line: int  # where the block starts in the guide
    script: str
    mark: str  # the HTML comment before it, if any


def guide_examples(text: str) -> list[Example]:
    examples = []
    lines = text.splitlines()
    for found in re.finditer(r"^```sh\n(.*?)^```$", text, re.M | re.S):
        line = text.count("\n", 0, found.start()) + 1
        before = lines[line - 2].strip() if line > 1 else ""
        mark = before if before.startswith("<!--") else ""
        examples.append(Example(line, found.group(1), mark))
    return examples


def test_the_guide_marks_only_a_few_examples_as_not_run():
    examples = guide_examples(GUIDE.read_text(encoding="utf-8"))
    assert len(examples) >= 15
    skipped = [e for e in examples if e.mark.startswith(SKIP_MARK)]
    assert len(skipped) <= 3, skipped
    assert all(len(e.mark) > len(SKIP_MARK) + 10 for e in skipped)  # each says why
    assert all(e.mark in ("", ALONE_MARK) or e in skipped for e in examples)


@pytest.mark.slow
def test_the_guide_examples_run_as_written(pki, tmp_path):
    work, home = tmp_path / "praca", tmp_path / "dom"
    home.mkdir()
    shutil.copytree(EXAMPLE_INPUTS, work / "moj-konwent")
    shutil.copyfile(pki.signer_p12, work / "moj-certyfikat.p12")
    shutil.copyfile(pki.ca_cert, work / "NCCert.crt")
    env = {**os.environ, "HOME": str(home), "LANGUAGE": "pl"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    outputs = {}
    for number, example in enumerate(guide_examples(GUIDE.read_text(encoding="utf-8"))):
        if example.mark.startswith(SKIP_MARK):
            continue
        folder = work
        if example.mark == ALONE_MARK:
            folder = tmp_path / f"osobno-{number}"
            folder.mkdir()
        done = subprocess.run(
            ["bash", "-e", "-c", example.script], cwd=folder, env=env, capture_output=True,
            text=True, input=pki.password + "\n", timeout=900,
        )  # fmt: skip
        shown = f"docs/przewodnik.md:{example.line}\n{example.script}{done.stdout}{done.stderr}"
        assert done.returncode == 0, shown
        assert "Traceback" not in done.stderr, shown
        outputs[example.line] = done.stdout
    said = "".join(outputs.values())
    assert "moj-konwent: nie znaleziono problemów" in said
    assert (work / "wyniki" / "przeglad.html").is_file()
    assert "archiwum nienaruszone" in said
    assert "podpis_przewodniczacy: podpisujący: Małgorzata Żółkiewska; podpis nienaruszony, " \
        "certyfikat zaufany" in said  # fmt: skip
    assert 'export PATH="$HOME/.local/bin:$PATH"' in (home / ".bashrc").read_text()
