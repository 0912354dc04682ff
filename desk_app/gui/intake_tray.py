"""The tray announces the intake queue: each new fax once, and each fax that has waited
more than 15 minutes once.

The board's tray icon (the same that carries the detainer alerts) shows a message for
every document that reaches the queue after the board opened, at whichever station's
folder it arrived, and for every document that then waits longer than the alert time
without a decision; the late one also flashes the window in the taskbar. Each item is
announced once per kind, however often the queue is looked at.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from desk_app.domain.intake import ALERT_AFTER, IntakeEntry
from desk_app.gui.intake_queue import IntakePanel

SHOWN_MS = 10000  # how long the tray message stays up


class IntakeAnnouncer(QObject):
    """Says in the tray what the queue's `arrived` and `waited_too_long` signals tell."""

    def __init__(self, panel: IntakePanel, tray: QSystemTrayIcon | None) -> None:
        super().__init__(panel)
        self.panel = panel
        self.tray = tray
        panel.arrived.connect(self.new_fax)
        panel.waited_too_long.connect(self.late_fax)

    def new_fax(self, entry: IntakeEntry) -> None:
        """A document reached the queue."""
        self._say(f"New fax in the intake queue: {entry.file_name} at {entry.station}.",
                  QSystemTrayIcon.MessageIcon.Information)

    def late_fax(self, entry: IntakeEntry) -> None:
        """A document has waited longer than the alert time for a decision."""
        minutes = int(ALERT_AFTER.total_seconds() // 60)
        self._say(f"A fax has waited more than {minutes} minutes in the intake queue: "
                  f"{entry.file_name} at {entry.station}.",
                  QSystemTrayIcon.MessageIcon.Warning)
        QApplication.alert(self.panel.window(), 0)

    def _say(self, text: str, icon: QSystemTrayIcon.MessageIcon) -> None:
        if self.tray is not None:
            self.tray.showMessage("Detainer Desk", text, icon, SHOWN_MS)
