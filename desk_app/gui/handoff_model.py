"""The tables of the Handoff tab: one generic read-only model per section, and the
sections' columns (what expires in the next shift, open steps, ERO owed, release due,
what happened this shift).

Private state of `SectionModel`:
    _rows: the section's plain values, in the order the handoff service ranked them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desk_app.domain.instants import format_duration, format_local, isolate
from desk_app.domain.urgency import Urgency
from desk_app.gui.board_model import BACKGROUNDS, FOREGROUNDS

AnyIndex = QModelIndex | QPersistentModelIndex


ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the plain value shown on the row
DETAINER_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
COL_SUBJECT, COL_NUMBER, COL_CUSTODY, COL_STATUS, COL_EXPIRES, COL_LEFT, COL_STEPS, \
    COL_NOTE = range(8)
OPEN_BACKGROUND = "#ffe8a3"
RELOAD_EVERY_MS = 60_000


@dataclass(frozen=True)
class Column:
    """One column of a section table: its title, the row's attribute (or a function of
    the row), and optionally its own sort key. Instants show in the department's zone
    and sort in time; booleans show as yes or no."""

    title: str
    value: str | Callable[[Any], Any]
    sort: Callable[[Any], Any] | None = None

    def raw(self, row: Any) -> Any:
        """The row's value for this column, before formatting."""
        return getattr(row, self.value) if isinstance(self.value, str) else self.value(row)


class SectionModel(QAbstractTableModel):
    """The rows of one handoff section (plain frozen values) behind a sort proxy.

    Private state:
        _columns: what each column shows, in order (`Column`).
        _rows: the values of the last `set_rows`, in the order the service gave them.
        _zone: the department's zone, in which instants are shown.
        _shade: row -> (background, foreground) colours, or None for the default.
    """

    def __init__(self, columns: Sequence[Column], zone: ZoneInfo,
                 parent: QObject | None = None,
                 shade: Callable[[Any], tuple[str, str] | None] | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._rows: list[Any] = []
        self._zone = zone
        self._shade = shade

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        """Number of rows shown."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        """Number of columns."""
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Column titles."""
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text (its full text as tooltip), colours, the row value and sort keys."""
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(column.raw(row))
        if role == SORT_ROLE:
            return column.sort(row) if column.sort else self._key(column.raw(row))
        if role == ROW_ROLE:
            return row
        if role == DETAINER_ID_ROLE:
            return getattr(row, "detainer_id", None)
        colours = self._shade(row) if self._shade else None
        if colours and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(colours[0]))
        if colours and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(colours[1]))
        return None

    def _text(self, value: Any) -> str:
        if value is None:
            return "—"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, datetime):
            return format_local(value, self._zone)
        return str(value)

    @staticmethod
    def _key(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.timestamp()
        return float("inf") if value is None else value

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show a new set of rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_value(self, position: int) -> Any:
        """The value on one (source) row."""
        return self._rows[position]

    def refresh(self) -> None:
        """Ask the views to read every cell again (a note changed)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self._columns) - 1))


def left_text(row: Any) -> str:
    """Wall-clock time to the expiry, the same as the board's "Left (wall clock)"."""
    seconds = row.wall_left_s
    return "not started" if seconds is None else format_duration(timedelta(seconds=seconds))


def urgency_shade(row: Any) -> tuple[str, str] | None:
    urgency = Urgency(row.urgency_level)
    if urgency not in BACKGROUNDS:
        return None
    return BACKGROUNDS[urgency], FOREGROUNDS.get(urgency, "#000000")


def _who(row: Any) -> str:
    return f"{row.detainer_number} · {isolate(row.subject_name)}" if row.detainer_number \
        else "—"


# The sections beside the board: tab title, attribute of the content, columns, shading.
SECTIONS: tuple[tuple[str, str, tuple[Column, ...],
                      Callable[[Any], tuple[str, str] | None] | None], ...] = (
    ("Next shift", "coming", (
        Column("When", "at"), Column("Detainer", _who),
        Column("What", lambda r: r.text + ("" if r.in_next_shift
                                           else " (before the shift starts)"))), None),
    ("Open steps", "open_steps", (
        Column("Detainer", _who), Column("Step", "text"), Column("Who", "duty"),
        Column("Due since", "due_at"), Column("Blocks closing", "blocking")),
     lambda r: (OPEN_BACKGROUND, "#000000") if r.overdue else None),
    ("ERO owed", "ero_owed", (
        Column("Detainer", _who), Column("Bail decision", "bail_decision"),
        Column("Due since", "due_at"),
        Column("Step", lambda r: f"{r.text} ({r.citation})")), None),
    ("Release due", "release_due", (
        Column("Detainer", _who), Column("Eligible since", "eligible_at"),
        Column("Custody", "custody"),
        Column("Rule", lambda r: ("Hold permitted: " if r.hold_permitted else
                                  "RELEASE DUE, hold NOT permitted: ") + r.rule)), None),
    ("This shift", "events", (
        Column("When", "at"), Column("What", "kind"), Column("Detainer", _who),
        Column("Detail", "summary"), Column("By", "actor")), None),
)
