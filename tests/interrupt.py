"""Run konwent in this process and kill it (SIGKILL) or hold it at a chosen moment, from outside
the code under test: the named function is wrapped here, so the product carries no test hooks.

    python -m tests.interrupt kill-after pipeline.approvals:place_final 2 -- finalize …
    python -m tests.interrupt kill-inside pipeline.approvals:Journal.record 1 -- finalize …
    python -m tests.interrupt pause-after pipeline.approvals:load_approvals 1.0 -- approve …

``kill-after``: SIGKILL right after the N-th call of the function returns; ``kill-inside``: when
the N-th call starts (before it does anything); ``pause-after``: sleep N seconds after each call.
"""

from __future__ import annotations

import functools
import importlib
import os
import signal
import sys
import time


def _wrap(target: str, mode: str, amount: float) -> None:
    module_name, _sep, path = target.partition(":")
    owner = importlib.import_module(module_name)
    *parents, name = path.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    original = getattr(owner, name)
    calls = 0

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        nonlocal calls
        calls += 1
        if mode == "kill-inside" and calls == amount:
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(*args, **kwargs)
        if mode == "kill-after" and calls == amount:
            os.kill(os.getpid(), signal.SIGKILL)
        if mode == "pause-after":
            time.sleep(amount)
        return result

    setattr(owner, name, wrapper)


def main(argv: list[str]) -> None:
    mode, target, amount, separator, *command = argv
    assert separator == "--" and mode in ("kill-after", "kill-inside", "pause-after"), argv
    _wrap(target, mode, float(amount))
    from pipeline.cli import main as konwent

    sys.argv = ["konwent", *command]
    konwent()


if __name__ == "__main__":
    main(sys.argv[1:])
