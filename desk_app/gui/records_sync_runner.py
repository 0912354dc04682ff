"""Keeps the records folder up to date while the board runs, off the GUI thread.

Every 30 seconds (and shortly after each change) it runs the outbox once in the
background and shows in the status bar what is still waiting.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desk_app.gui.background import run_in_background
from desk_app.records.export_folder import stage_report
from desk_app.records.sync import RecordsSync, SyncResult
from desk_app.store.desk import Desk
from desk_app.store.outbox import queue_saved_report

INTERVAL_MS = 30_000
AFTER_CHANGE_MS = 2_000


class RecordsSyncRunner(QObject):
    """Schedules `RecordsSync.run_once` and reports "N exports waiting…"."""

    status = Signal(str)
    message = Signal(str)  # a passing sentence for the status bar (a report not queued)

    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.run_now)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(AFTER_CHANGE_MS)
        self._soon.timeout.connect(self.run_now)
        desk.ctx.feed.subscribe(lambda _id: self._soon.start())
        self._timer.start()

    def run_now(self) -> None:
        """Start one pass in the background, unless one is running or no folder is set."""
        folder = self._desk.settings.records_folder
        if self._busy or not folder:
            if not folder:
                self.status.emit("")
            return
        self._busy = True
        sync = RecordsSync(self._desk, Path(folder))
        run_in_background(lambda: (sync.run_once(), sync.status_text()),
                          self._finished, self._failed)

    def queue_report(self, path: Path) -> None:
        """A saved report also goes to the records folder (when one is set)."""
        if not self._desk.settings.records_folder:
            return
        try:
            staged = stage_report(path)  # the sync copies only from its export folder
        except OSError as exc:
            self.message.emit(f"{path.name} was saved but could not be queued for the "
                              f"records folder: {exc.strerror or exc}. Save it again to "
                              "retry.")
            return
        queue_saved_report(self._desk.db, path.name, staged, now=self._desk.time.now())
        self.run_now()

    def _finished(self, outcome: tuple[SyncResult, str]) -> None:
        self._busy = False
        result, text = outcome
        self.status.emit(text if not result.errors else f"{text} — {result.errors[0]}")

    def _failed(self, message: str) -> None:
        self._busy = False
        self.status.emit(f"Records folder sync failed: {message}")
