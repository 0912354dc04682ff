"""The demo's board and history, filled while the window is already on screen.

A first `make run` on a new database used to fill all the demo data before any window
appeared (about 25 seconds of nothing). Now only the demo sign-ins are made before the
sign-in box; once the board is on screen a worker thread logs the dozen active
detainers (each appears on the board as it is made, through the same change signal as
another workstation's changes) and then two years of closed history, with the progress
in the status bar. Closing the window stops it between two detainers, never half-way
through one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressBar, QStatusBar

from desk_app.store.change import ChangeFeed
from desk_app.store.demo import CLOSED_COUNT, fill_demo_active, fill_demo_history
from desk_app.store.desk import Desk

log = logging.getLogger(__name__)

PAUSE_SECONDS = 0.02  # between two closed detainers (320 of them: about 6 s in all)


class DemoHistoryFiller(QObject):
    """Fills the demo board, then the closed history, on a worker thread.

    `detainer_changed` carries each change to an active demo detainer to the GUI thread
    (the board adds or refreshes its row); `progressed` and `finished` report the history.
    """

    detainer_changed = Signal(int)
    board_ready = Signal()  # the active demo detainers are all made
    progressed = Signal(int, int)  # done, total
    finished = Signal(int)  # how many closed detainers were made

    def __init__(self, desk: Desk, seed: int = 413, closed_count: int = CLOSED_COUNT,
                 with_board: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._seed = seed
        self._count = closed_count
        self._with_board = with_board
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
        history = ChangeFeed()
        touched: set[int] = set()
        history.subscribe(touched.add)

        def progress(done: int, total: int) -> bool:
            # The board may have read a history detainer while it was being made (a
            # reload between two of its changes): tell it once the detainer is closed.
            for detainer_id in sorted(touched):
                self.detainer_changed.emit(detainer_id)
            touched.clear()
            self.progressed.emit(done, total)  # queued to the GUI thread
            # A breath between detainers, so the board's own work never waits long.
            return not self._stop.wait(PAUSE_SECONDS)

        made = 0
        try:
            if self._with_board:
                board = ChangeFeed()
                board.subscribe(self.detainer_changed.emit)  # queued to the GUI thread
                fill_demo_active(self._desk, self._seed, feed=board,
                                 keep_going=lambda: not self._stop.is_set())
                self.board_ready.emit()
            if not self._stop.is_set():
                made = fill_demo_history(self._desk, self._seed, self._count, progress,
                                         feed=history)
        except Exception:  # demo data only: the board goes on without the rest
            log.exception("the demo data could not be filled")
        log.info("demo history: %d closed detainers", made)
        self.finished.emit(made)


def show_progress_in(status_bar: QStatusBar, filler: DemoHistoryFiller,
                     on_finished: Callable[[], None]) -> QProgressBar:
    """A progress bar in the status bar while the demo fills; removed when done."""
    bar = QProgressBar(status_bar)
    bar.setObjectName("demoHistoryProgress")
    bar.setFormat("Demo history %v/%m")
    bar.setMaximumWidth(220)
    bar.setRange(0, 0)  # busy while the board's detainers are made
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
