"""Start worker processes quickly: forked from a server that imported the desk once.

Importing SQLAlchemy, Alembic and the records code takes about a second of CPU; the
crash tests start a fresh process for every kill, so each one is forked from a
`forkserver` that preloaded `workers` (and everything it imports). The child is a
real, separate process: it opens its own database connections, and SIGKILL ends it
as abruptly as a power cut ends the application (short of losing the OS cache).
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from typing import Any

if "forkserver" in multiprocessing.get_all_start_methods():
    _CONTEXT = multiprocessing.get_context("forkserver")
    _CONTEXT.set_forkserver_preload(["tests.reliability.workers"])
else:  # Windows: slower to start, and kill() is TerminateProcess, just as abrupt
    _CONTEXT = multiprocessing.get_context("spawn")


def start(target: Callable[..., None], *args: Any) -> BaseProcess:
    """Run `target(*args)` in a new process and return it (already started)."""
    process = _CONTEXT.Process(target=target, args=args, daemon=True)
    process.start()
    return process


def stop(process: BaseProcess) -> None:
    """SIGKILL the process (if still running) and reap it."""
    if process.is_alive():
        process.kill()
    process.join(10)


def was_killed(process: BaseProcess) -> bool:
    """True when the process ended by our kill, not on its own."""
    if hasattr(signal, "SIGKILL"):
        return process.exitcode == -signal.SIGKILL
    return process.exitcode not in (0, None)
