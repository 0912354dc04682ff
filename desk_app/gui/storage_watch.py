"""The board's eye on the SQLite file: read-only while it cannot be written.

Every `CHECK_SECONDS` the store's `WriteCheck` is asked, off the GUI thread, whether
the database file can be written (disk full, read-only file or folder, the file gone).
`unwritable(sentence)` is emitted when it stops being writable (the main window greys
out what would save and says why), `writable()` when it can be written again; nothing
is emitted while the answer stays the same. On PostgreSQL nothing runs: the live
updates' lost connection does the same job there.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from desk_app.gui.background import run_in_background
from desk_app.store.database import Database
from desk_app.store.write_check import WriteCheck

log = logging.getLogger(__name__)

CHECK_SECONDS = 3


class StorageWatch(QObject):
    """Tells the window when the SQLite file stops (and starts again) taking writes.

    `problem` is the last answer (None: writable); `_asking` is true while a check
    runs, so that a slow drive never piles checks up.
    """

    unwritable = Signal(str)
    writable = Signal()

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._check = WriteCheck(db.engine)
        self.problem: str | None = None
        self._asking = False
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_SECONDS * 1000)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        """Check now and every few seconds (only for an SQLite file)."""
        if self._check.applies and not self._timer.isActive():
            self._timer.start()
            self.check()

    def stop(self) -> None:
        """No more checks (the window is closing)."""
        self._timer.stop()

    def check(self) -> None:
        """Ask once, in the background; the answer arrives as a signal if it changed."""
        if self._asking or not self._check.applies:
            return
        self._asking = True
        run_in_background(self._check.problem, self._answered, self._failed)

    def _answered(self, problem: str | None) -> None:
        self._asking = False
        if problem == self.problem:
            return
        self.problem = problem
        if problem is None:
            log.info("the database can be written again")
            self.writable.emit()
        else:
            log.warning("the database cannot be written: %s", problem)
            self.unwritable.emit(problem)

    def _failed(self, message: str) -> None:
        self._asking = False
        self._answered(f"The database file could not be checked ({message}).")
