"""Which detainers a board shows: this workstation's station's, or the department's.

A workstation at a station (its settings file's `station`, or `--station`) shows that
station's active detainers, and those without a station, by default; View > Department
view (Ctrl+Shift+D, also on the toolbar) shows every station's, with the Station column.
A workstation with no station set always shows the department. The board's model holds
only what the view shows, so the alerts, the count in the status bar and the wall
display follow the same choice (docs/stations.md).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.stations import belongs_to_view

NO_STATION_SET = ("No station is set for this workstation (settings file: station = "
                  "\"...\"), so the board shows the whole department")


class StationChoice(QObject):
    """This workstation's station and whether the board shows it or the department.

    `action` is the checkable Department view action; `changed` is emitted when it is
    toggled (the board loads again)."""

    changed = Signal()

    def __init__(self, station: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.station = station
        self.action = QAction("&Department view", parent)
        self.action.setObjectName("departmentView")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        parent.addAction(self.action)
        if station:
            tip = (f"Show every station's active detainers, not only {station}'s "
                   "(Ctrl+Shift+D)")
        else:
            tip = NO_STATION_SET
            self.action.setChecked(True)
            self.action.setEnabled(False)
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)
        self.action.toggled.connect(lambda _on: self.changed.emit())

    @property
    def department(self) -> bool:
        """True while the board shows every station."""
        return self.action.isChecked()

    @property
    def shown(self) -> str | None:
        """The station whose detainers the board shows; None: every station's."""
        return None if self.department or not self.station else self.station

    def keeps(self, detainer: DetainerSnapshot) -> bool:
        """Whether this board shows `detainer` (its station's, or one without)."""
        return belongs_to_view(detainer.station, self.shown)

    def words(self) -> str:
        """What the title and the status bar say of the view: "Station: X", with
        "department view" while it shows every station."""
        if not self.station:
            return "Department (no station set)"
        return f"Station: {self.station}" + (" · department view" if self.department
                                              else "")
