"""Run slow work (a network share, a PDF, an export) off the GUI thread.

One small helper for the whole application: `run_in_background(fn, on_done, on_error)`
runs `fn` on Qt's global thread pool and delivers its result back on the GUI thread.
The work function never touches a widget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

if TYPE_CHECKING:
    from desk_app.store.desk import Desk

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._work = work
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # reported to the GUI thread as a sentence
            log.exception("background work failed")
            self._signals.failed.emit(str(exc) or type(exc).__name__)
        else:
            self._signals.done.emit(result)


_alive: set[_Signals] = set()


def _owner_gone(callback: Callable[..., None], owner: QObject | None = None) -> bool:
    """True when the Qt object the answer is for (`owner`, else the object `callback`
    is a method of) has been deleted meanwhile (a window closed while its work ran):
    the answer then has nowhere to go."""
    owner = owner if owner is not None else getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not shiboken6.isValid(owner)


def run_in_background(work: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[str], None], owner: QObject | None = None) -> None:
    """Run `work` on the thread pool; call `on_done(result)` or `on_error(message)` on
    the GUI thread afterwards. `owner`: the widget the answer is for, when the callbacks
    are not its own methods (closures): the answer is dropped once it is deleted."""
    signals = _Signals()
    _alive.add(signals)

    def finished(result: Any) -> None:
        _alive.discard(signals)
        if _owner_gone(on_done, owner):
            log.debug("background result dropped: its window has closed")
            return
        on_done(result)

    def failed(message: str) -> None:
        _alive.discard(signals)
        if _owner_gone(on_error, owner):
            log.info("background work failed after its window closed: %s", message)
            return
        on_error(message)

    signals.done.connect(finished)
    signals.failed.connect(failed)
    QThreadPool.globalInstance().start(_Job(work, signals))


def measure_server_clock_in_background(desk: Desk,
                                       measured: Callable[[object], None]) -> None:
    """Have the desk re-read the database server's clock on the thread pool (a server
    that does not answer never freezes a board or a wall display, server_time.py);
    `measured` is called on the GUI thread with the offset or the failure."""
    desk.measure_clock_with(lambda work: run_in_background(work, measured, measured))
