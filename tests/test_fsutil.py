"""Atomic writes, sanitised names, and nothing written outside the output root."""

from __future__ import annotations

import os
import stat

import pytest

from pipeline.errors import KonwentError
from pipeline.fsutil import atomic_path, atomic_write, inside, slug


def test_atomic_write_replaces_in_one_step_with_a_readable_mode(tmp_path):
    target = tmp_path / "a" / "plik.pdf"
    atomic_write(target, b"first")
    atomic_write(target, b"second")
    assert target.read_bytes() == b"second"
    assert list(target.parent.iterdir()) == [target]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "plik.pdf"
    atomic_write(target, b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("killed mid-write")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CIS „Źródło” w Biłgoraju", "cis-zrodlo-w-bilgoraju"),
        ("../../etc/passwd", "etc-passwd"),
        ("Łęczna/..\\x", "leczna-x"),
        ("<>:|?*", "dokument"),
    ],
    ids=["polish", "traversal", "separators", "nothing-left"],
)
def test_slug_makes_safe_file_names(text, expected):
    assert slug(text) == expected


def test_inside_refuses_paths_leaving_the_root(tmp_path):
    assert inside(tmp_path, "a", "b.pdf") == (tmp_path / "a" / "b.pdf").resolve()
    with pytest.raises(KonwentError):
        inside(tmp_path, "..", "escape.pdf")
    with pytest.raises(KonwentError):
        inside(tmp_path, "/etc/passwd")
