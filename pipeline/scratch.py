"""Scratch folders (a build's staging folder, LibreOffice's profiles) that a killed run cannot
leave behind: the next run of the same kind removes them.

Each folder ``<prefix>XXXXXXXX`` has a lock file ``<prefix>XXXXXXXX.lock`` beside it, created
first and held (``flock``) by its run for as long as the folder exists. The kernel releases the
lock of a process that dies, so a folder whose lock can be taken belongs to no live run: the
sweep stops the processes still working in it (LibreOffice started by the dead run), then
removes it. A folder without a lock file is none of ours and is left alone.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

LOCK_SUFFIX = ".lock"
STOP_WAIT = 5.0  # seconds a killed leftover process is given to disappear
_POLL = 0.02

# Lock files this process holds: closed in a forked child (a ProcessPoolExecutor worker), so that
# a child outliving a killed run does not keep the run's folders looking alive.
_held: set[int] = set()


def _close_held_in_child() -> None:
    for fd in _held:
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_close_held_in_child)


class ScratchDir:
    """A private folder under ``parent`` (default: the temporary folder), locked while in use;
    creating one first sweeps away the leftovers of killed runs with the same ``prefix``."""

    def __init__(self, prefix: str, parent: Path | None = None):
        self.parent = Path(parent) if parent is not None else Path(tempfile.gettempdir())
        self.parent.mkdir(parents=True, exist_ok=True)
        sweep(prefix, self.parent)
        self._fd, self._lock = _claim(prefix, self.parent)
        self.path = self._lock.with_suffix("")
        try:
            self.path.mkdir(mode=0o700)
        except OSError:
            self._lock.unlink(missing_ok=True)
            self._close()
            raise

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, *_exc) -> None:
        self.release()

    def release(self) -> None:
        """Remove the folder, then its lock file; a second call does nothing."""
        if self._fd < 0:
            return
        shutil.rmtree(self.path, ignore_errors=True)
        self._lock.unlink(missing_ok=True)
        self._close()

    def _close(self) -> None:
        _held.discard(self._fd)
        os.close(self._fd)  # releases the lock
        self._fd = -1


def _claim(prefix: str, parent: Path) -> tuple[int, Path]:
    """A new lock file, locked by us and still in place (a sweep may remove a lock file in the
    moment between its creation and its locking; then we take another)."""
    while True:
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=LOCK_SUFFIX, dir=parent)
        fcntl.flock(fd, fcntl.LOCK_EX)
        if _still_there(Path(name), fd):
            _held.add(fd)
            return fd, Path(name)
        os.close(fd)


def _still_there(lock: Path, fd: int) -> bool:
    try:
        on_disk = lock.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)


def sweep(prefix: str, parent: Path) -> list[Path]:
    """Remove the folders of dead runs with ``prefix`` under ``parent``; the folders removed."""
    removed = []
    for lock in sorted(parent.glob(f"{prefix}*{LOCK_SUFFIX}")):
        folder = lock.with_suffix("")
        if _remove_if_dead(lock, folder):
            removed.append(folder)
    return removed


def _remove_if_dead(lock: Path, folder: Path) -> bool:
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:  # its run ended, another sweep took it, or another user's run made it
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a run in progress
            return False
        if not _still_there(lock, fd):
            return False
        stop_processes_using(folder)
        shutil.rmtree(folder, ignore_errors=True)
        lock.unlink(missing_ok=True)
        return True
    finally:
        os.close(fd)


def stop_processes_using(folder: Path) -> list[int]:
    """Kill the processes whose command line names ``folder`` (LibreOffice workers of a dead run
    go on converting into their profile) and wait until they are gone; their ids."""
    pids = [pid for pid, args in _command_lines() if _names(args, os.fsencode(str(folder)))]
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + STOP_WAIT
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(_POLL)
    return pids


def _names(args: list[bytes], folder: bytes) -> bool:
    """An argument is ``folder`` or a path inside it (also inside a file:// URL)."""
    return any(arg == folder or folder + b"/" in arg for arg in args)


def _command_lines() -> list[tuple[int, list[bytes]]]:
    """(pid, command line) of every process we can see (Linux /proc; elsewhere none)."""
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    own = os.getpid()
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == own:
            continue
        with contextlib.suppress(OSError):
            found.append((int(entry.name), (entry / "cmdline").read_bytes().split(b"\0")))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent to reap it counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"
