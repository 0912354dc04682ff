"""History: closed and voided detainers, searchable, one row each.

Private state:
    _rows: the detainers the last search returned, newest first.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.instants import format_local
from desk_app.gui.rows_model import RowsModel

AnyIndex = QModelIndex | QPersistentModelIndex

COL_RECEIVED, COL_NAME, COL_CASE, COL_DETAINER, COL_FORM, COL_OUTCOME, COL_CLOSED, \
    COL_DEPORTED = range(8)
HEADERS = ("Received", "Arrestee", "Case #", "Detainer #", "Form", "Outcome", "Closed",
           "Deported")
DETAINER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


def deported_word(value: bool | None) -> str:
    """Y / N / Unknown, as the tracking sheet writes it."""
    return {True: "Y", False: "N", None: "Unknown"}[value]


class HistoryModel(RowsModel):
    """Rows of a history search, for the History tab behind a sort/filter proxy."""

    HEADERS = HEADERS

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._rows: list[DetainerSnapshot] = []

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text, the detainer id, and sortable keys."""
        if not index.isValid():
            return None
        d = self._rows[index.row()]
        if role == DETAINER_ID_ROLE:
            return d.id
        if role == SORT_ROLE and index.column() in (COL_RECEIVED, COL_CLOSED):
            instant = d.received_at if index.column() == COL_RECEIVED else \
                (d.closed_at or d.voided_at)
            return instant.timestamp() if instant else 0.0
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self._text(d, index.column())
        return None

    def replace(self, detainer: DetainerSnapshot) -> None:
        """Refresh one row after an edit (e.g. the deported follow-up)."""
        for position, row in enumerate(self._rows):
            if row.id == detainer.id:
                self._rows[position] = detainer
                self.dataChanged.emit(self.index(position, 0),
                                      self.index(position, len(HEADERS) - 1))

    def detainer_at(self, position: int) -> DetainerSnapshot:
        """The detainer on one row."""
        return self._rows[position]

    def _text(self, d: DetainerSnapshot, column: int) -> str:
        if column == COL_RECEIVED:
            return format_local(d.received_at, self._zone, with_year=True)
        if column == COL_NAME:
            return d.subject_name
        if column == COL_CASE:
            return d.case_number
        if column == COL_DETAINER:
            return d.detainer_number
        if column == COL_FORM:
            return str(d.form_type)
        if column == COL_OUTCOME:
            return f"voided: {d.void_reason}" if d.voided_at else str(d.outcome or "active")
        if column == COL_CLOSED:
            when = d.closed_at or d.voided_at
            return format_local(when, self._zone, with_year=True) if when else ""
        return deported_word(d.deported)
