"""Safe file handling: atomic writes, sanitised names, nothing outside the output root."""

from __future__ import annotations

import fcntl
import functools
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import KonwentError
from .i18n import _

_POLISH_ASCII = str.maketrans("łŁ", "lL")


def slug(text: str, max_length: int = 80) -> str:
    """A file-name-safe ASCII form of ``text`` ("CIS „Źródło” Biłgoraj" → "cis-zrodlo-bilgoraj")."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_POLISH_ASCII))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return cleaned[:max_length].strip("-") or "dokument"


def inside(root: Path, *parts: str) -> Path:
    """Join ``parts`` under ``root``, refusing any result that would leave ``root``."""
    base = _resolved(str(root), os.getcwd())
    target = base.joinpath(*parts).resolve()
    if target != base and base not in target.parents:
        raise KonwentError(_("refusing to write outside {}: {}").format(root, target))
    return target


@functools.lru_cache(maxsize=64)
def _resolved(root: str, cwd: str) -> Path:
    """``root`` resolved, once per run and working folder: a batch writes thousands of files."""
    return Path(root).resolve()


def _read_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


# Read once at import: os.umask is process-wide, so reading it later could race with worker threads.
_FILE_MODE = 0o666 & ~_read_umask()


READ_ONLY = 0o444  # a final in the archive: a correction is a new file


@contextmanager
def atomic_path(path: Path, mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one step
    (with ``mode``, e.g. 0o444 for a read-only final, else the usual mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as handle:
            os.fsync(handle.fileno())
        # mkstemp makes 0600; files are for the team to read
        os.chmod(tmp_path, _FILE_MODE if mode is None else mode)
        os.replace(tmp_path, path)
    finally:
        tmp_path.unlink(missing_ok=True)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX: fsync the directory)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


@contextmanager
def exclusive_lock(path: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (created if missing), waiting for any other
    process that holds it (or, with ``wait=False``, raising BlockingIOError at once): one
    read-modify-write of a state file at a time. The kernel releases the lock of a process that
    dies, so a killed holder never blocks the next one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
