"""The demo's two years of history, filled while the board is already on screen.

A first `make run` on a new database used to fill all the demo data before any window
appeared (about 25 seconds of nothing). Now the sign-ins and the active board are made
first (about a second), and the closed history follows on a worker thread, with its
progress in the status bar. Closing the window stops it between two detainers, never
half-way through one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressBar, QStatusBar

from desk_app.store.change import ChangeFeed
from desk_app.store.demo import CLOSED_COUNT, fill_demo_history
from desk_app.store.desk import Desk

log = logging.getLogger(__name__)

PAUSE_SECONDS = 0.02  # between two closed detainers (320 of them: about 6 s in all)


class DemoHistoryFiller(QObject):
    """Fills the closed demo history on a worker thread and reports on the GUI thread."""

    progressed = Signal(int, int)  # done, total
    finished = Signal(int)  # how many closed detainers were made

    def __init__(self, desk: Desk, seed: int = 413, closed_count: int = CLOSED_COUNT,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._seed = seed
        self._count = closed_count
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin filling; returns at once."""
        self._thread = threading.Thread(target=self._fill, name="demo-history", daemon=True)
        self._thread.start()

    def stop(self, wait_seconds: float = 10.0) -> None:
        """Stop after the detainer being made, and wait for that (closing the window)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(wait_seconds)

    @property
    def running(self) -> bool:
        """Whether the worker is still filling."""
        return self._thread is not None and self._thread.is_alive()

    def _fill(self) -> None:
        def progress(done: int, total: int) -> bool:
            self.progressed.emit(done, total)  # queued to the GUI thread
            # A breath between detainers, so the board's own work never waits long.
            return not self._stop.wait(PAUSE_SECONDS)

        try:
            made = fill_demo_history(self._desk, self._seed, self._count, progress,
                                     feed=ChangeFeed())
        except Exception:  # demo data only: the board goes on without the rest
            log.exception("the demo history could not be filled")
            made = 0
        log.info("demo history: %d closed detainers", made)
        self.finished.emit(made)


def show_progress_in(status_bar: QStatusBar, filler: DemoHistoryFiller,
                     on_finished: Callable[[], None]) -> QProgressBar:
    """A progress bar in the status bar while the history fills; removed when done."""
    bar = QProgressBar(status_bar)
    bar.setObjectName("demoHistoryProgress")
    bar.setFormat("Demo history: %v of %m closed detainers")
    bar.setMinimumWidth(300)
    bar.setRange(0, 0)  # busy until the first detainer is made
    status_bar.addPermanentWidget(bar)

    def progressed(done: int, total: int) -> None:
        bar.setRange(0, total)
        bar.setValue(done)

    def finished(made: int) -> None:
        status_bar.removeWidget(bar)
        bar.deleteLater()
        status_bar.showMessage(f"Demo history ready: {made} closed detainers.", 10000)
        on_finished()

    filler.progressed.connect(progressed)
    filler.finished.connect(finished)
    return bar
