"""Backs the desk database up on schedule while the board runs, off the GUI thread.

Once a minute it asks `backup_schedule.backup_due` (every few hours and at each
change of shift); a due backup is made and pruned in the background, and the status
bar shows the age of the newest good backup, as a warning after a day. A desk on
PostgreSQL is backed up by the server (docs/backup.md), so nothing runs there.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from desk_app.gui.background import run_in_background
from desk_app.store.backup_schedule import backup_age, backup_due, backup_now, newest_backup
from desk_app.store.desk import Desk

log = logging.getLogger(__name__)

CHECK_MS = 60_000
FIRST_BACKUP_CHECK_MS = 5_000  # after the board has painted


class BackupRunner(QObject):
    """Makes due backups and emits the status bar's words (text, is it a warning)."""

    status = Signal(str, bool)

    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._busy = False
        self._last: datetime | None = None
        self._problem = ""
        self.enabled = desk.db.engine.dialect.name == "sqlite" and bool(
            desk.db.engine.url.database) and desk.db.engine.url.database != ":memory:"
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        if self.enabled:
            self._timer.start()

    def check(self) -> None:
        """Read the newest backup's age and start a backup if one is due."""
        if not self.enabled or self._busy:
            return
        self._busy = True
        run_in_background(self._due_work, self._checked, self._failed)

    def backup_now(self) -> None:
        """Start a backup at once (the menu's "Back up now")."""
        if not self.enabled or self._busy:
            return
        self._busy = True
        run_in_background(lambda: self._backup(), self._checked, self._failed)

    def _due_work(self) -> datetime | None:
        last = newest_backup(self._desk)
        settings = self._desk.settings
        now = self._desk.time.now()
        if backup_due(last, now, timedelta(hours=settings.backup_every_hours),
                      settings.shift_times(), self._desk.zone):
            return self._backup()
        return last

    def _backup(self) -> datetime | None:
        log.info(backup_now(self._desk))
        return newest_backup(self._desk)

    def _checked(self, last: datetime | None) -> None:
        self._busy = False
        self._last = last
        self._problem = ""
        self._show()

    def _failed(self, message: str) -> None:
        self._busy = False
        self._problem = message
        self._show()

    def _show(self) -> None:
        age = backup_age(self._last, self._desk.time.now())
        if self._problem:
            self.status.emit(f"{age.text}; the last backup failed: {self._problem}", True)
        else:
            self.status.emit(age.text, age.warning)
