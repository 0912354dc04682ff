"""The board window's status bar: who is signed in, the other workstations, the records
folder, the newest backup, the count of active detainers, a clock warning and the clock.

Kept apart from `main_window`, which decides what to say; this module lays the labels
out in a fixed order and says it in the same words and colours every second.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QLabel, QStatusBar

from desk_app.domain.instants import format_local
from desk_app.gui.elided_label import ElidedLabel

WARNING_STYLE = "color: #a00000; font-weight: bold;"


class StatusLine:
    """The permanent labels of the status bar, in their order from left to right."""

    def __init__(self, bar: QStatusBar) -> None:
        # Who is signed in stays in view: a passing message in the status bar would
        # otherwise replace it for good.
        self.signed_in = ElidedLabel()
        self.signed_in.setObjectName("signedIn")
        bar.insertWidget(0, self.signed_in, 1)
        self.live = QLabel()
        self.sync = QLabel()
        self.backup = QLabel()
        self.pending = QLabel()
        # A workstation clock off the server's by more than two minutes (server_time.py).
        self.clock_warning = QLabel()
        self.clock_warning.setObjectName("clockWarning")
        self.clock_warning.setWordWrap(True)
        self.clock_warning.setStyleSheet(WARNING_STYLE)
        self.clock_warning.hide()
        self.clock = QLabel()
        for label in (self.live, self.sync, self.backup, self.pending):
            bar.addPermanentWidget(label)
        bar.addPermanentWidget(self.clock_warning, 2)
        bar.addPermanentWidget(self.clock)

    def show_backup_age(self, text: str, warning: bool) -> None:
        """The newest good backup's age, in red when it is too old or the last failed."""
        self.backup.setText(text)
        self.backup.setStyleSheet(WARNING_STYLE if warning else "")

    def show_signed_in(self, text: str) -> None:
        """Who is signed in and under which policy (cut with '…', whole in the tooltip)."""
        self.signed_in.setText(text)
        self.signed_in.setToolTip(text)

    def show_now(self, now: datetime, zone: ZoneInfo, active: int, warning: str) -> None:
        """Once a second: the department's time, the active count, any clock warning."""
        if warning != self.clock_warning.text():
            self.clock_warning.setText(warning)
            self.clock_warning.setToolTip(warning)
            self.clock_warning.setVisible(bool(warning))
        self.clock.setText(f"{format_local(now, zone)}:{now:%S}  {now.astimezone(zone):%Z}")
        self.pending.setText(f"{active} active detainer{'s' if active != 1 else ''}")
