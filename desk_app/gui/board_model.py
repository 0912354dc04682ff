"""The board's table model: one row per active detainer, ticking every second.

`tick(now)` recomputes each row's clock and emits `dataChanged` only for the cells
whose text changed (the countdown, and the whole row when its urgency changes); the
model is never reset while the board is live.

Private state:
    _rows: one `BoardRow` per active detainer, in insertion order (the proxy sorts).
    _now: the instant of the last tick, used for the display of every row.

A countdown of a day or more shows whole hours ("1 d 5 h"), so each row keeps when
its text can next change (`BoardRow.left_until`) and a tick passes it by until then:
on a busy board most rows are days away and cost nothing a second.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desk_app.domain.clock import DetainerClock
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.instants import format_duration, format_local
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.stations import station_label
from desk_app.domain.urgency import Assessment, Thresholds, Urgency, assess, steady_until
from desk_app.domain.vocabulary import ClockStart
from desk_app.gui.rows_model import RowsModel

AnyIndex = QModelIndex | QPersistentModelIndex

COL_STATUS, COL_LEFT, COL_EXPIRES, COL_NAME, COL_CASE, COL_DETAINER, COL_CUSTODY, \
    COL_START, COL_STATION, COL_CHECKLIST = range(10)
DAY_SECONDS = 86400
NEVER = datetime.max.replace(tzinfo=UTC)  # a countdown that waits for a re-assessment
HEADERS = ("Status", "Left (wall clock)", "Expires", "Arrestee", "Case #", "Detainer",
           "Custody", "Clock from", "Station", "Checklist: next step")

DETAINER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
URGENCY_ROLE = Qt.ItemDataRole.UserRole + 3
ROLES_ANSWERED = frozenset(int(role) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole,
    DETAINER_ID_ROLE, SORT_ROLE, URGENCY_ROLE))

SYMBOLS = {Urgency.WAITING: "◷", Urgency.NORMAL: "●", Urgency.WARNING: "▲",
           Urgency.CRITICAL: "◆", Urgency.EXPIRED: "✖", Urgency.RELEASE_DUE: "✖"}
BACKGROUNDS = {Urgency.WARNING: "#ffe8a3", Urgency.CRITICAL: "#f5a3a3",
               Urgency.EXPIRED: "#8b0000", Urgency.RELEASE_DUE: "#5b1f7a"}
FOREGROUNDS = {Urgency.EXPIRED: "#ffffff", Urgency.RELEASE_DUE: "#ffffff"}
START_WORDS = {ClockStart.RECEIPT: "fax receipt", ClockStart.RELEASE_ELIGIBLE: "release-eligible"}


_BRUSHES: dict[str, QBrush] = {}
_FONTS: dict[bool, QFont] = {}


def _brush(colour: str | None) -> QBrush | None:
    """One shared brush per colour (None: the view's own)."""
    if colour is None:
        return None
    brush = _BRUSHES.get(colour)
    if brush is None:
        brush = _BRUSHES[colour] = QBrush(QColor(colour))
    return brush


def _font(bold: bool) -> QFont:
    """The countdown and status font, bold from Warning up; made once each."""
    font = _FONTS.get(bold)
    if font is None:
        font = _FONTS[bold] = QFont()
        font.setBold(bold)
    return font


@dataclass
class BoardRow:
    """A detainer and its clock at the last tick.

    `assessment` is made at `assessed_at` and keeps its urgency and reason until
    `steady_until` (None: until the detainer changes); in between a tick moves only the
    countdown, worked out from the expiry. `BoardModel.board_row` brings the assessment's
    time left up to the model's instant for whoever reads it.
    """

    detainer: DetainerSnapshot
    assessment: Assessment
    assessed_at: datetime
    steady_until: datetime | None
    left_text: str = ""  # the countdown as shown, kept to see whether a tick changed it
    left_until: datetime | None = None  # the countdown cannot change before (None: ask)
    left_at: datetime | None = None  # the instant `left_text` was worked out for


class BoardModel(RowsModel):
    """Active detainers with live countdowns, for the board and the wall display."""

    HEADERS = HEADERS

    urgency_changed = Signal(int, int, int)  # detainer id, old urgency, new urgency

    def __init__(self, profile: PolicyProfile, clock: DetainerClock, thresholds: Thresholds,
                 now: datetime, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._profile = profile
        self._clock = clock
        self._thresholds = thresholds
        self._now = now
        self._rows: list[BoardRow] = []

    # -- Qt model API ---------------------------------------------------------------
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """What each cell shows, its colours, and the ids and keys the views need.

        Asked several times per visible cell at every repaint, so the roles the board
        does not use are turned away first and the brushes and fonts are made once."""
        if role not in ROLES_ANSWERED or not index.isValid():
            return None
        row = self._rows[index.row()]
        urgency = row.assessment.urgency
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            return _brush(BACKGROUNDS.get(urgency))
        if role == Qt.ItemDataRole.ForegroundRole:
            return _brush(FOREGROUNDS.get(urgency))
        if role == Qt.ItemDataRole.FontRole and index.column() in (COL_STATUS, COL_LEFT):
            return _font(urgency >= Urgency.WARNING)
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a narrowed cell too
            reason = row.assessment.reason
            if index.column() in (COL_NAME, COL_CUSTODY, COL_DETAINER, COL_START,
                                  COL_CHECKLIST):
                text = self._text(row, index.column())
                return f"{text}\n{reason}" if reason else text
            return reason or None
        if role == DETAINER_ID_ROLE:
            return row.detainer.id
        if role == URGENCY_ROLE:
            return int(urgency)
        if role == SORT_ROLE:
            return self._sort_value(row, index.column())
        return None

    # -- updates --------------------------------------------------------------------
    def set_rows(self, detainers: Iterable[DetainerSnapshot],
                 now: datetime | None = None) -> None:
        """Load the board once at start-up (the only reset this model ever does), as at
        `now` (by default the instant of the last tick)."""
        self.beginResetModel()
        self._now = now or self._now
        self._rows = [self._row(d) for d in detainers if d.is_active]
        self.endResetModel()

    def upsert(self, detainer: DetainerSnapshot) -> None:
        """Insert, replace or remove one detainer after it changed."""
        position = self.row_of(detainer.id)
        if not detainer.is_active:
            if position is not None:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position]
                self.endRemoveRows()
            return
        fresh = self._row(detainer)
        if position is None:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
            self._rows.append(fresh)
            self.endInsertRows()
            return
        self._rows[position] = fresh
        self.dataChanged.emit(self.index(position, 0),
                              self.index(position, len(HEADERS) - 1))

    def drop(self, detainer_id: int) -> None:
        """Take a detainer off this board (it changed to a station the board does not
        show); nothing happens when it is not on it."""
        position = self.row_of(detainer_id)
        if position is not None:
            self.beginRemoveRows(QModelIndex(), position, position)
            del self._rows[position]
            self.endRemoveRows()

    def tick(self, now: datetime) -> None:
        """Advance every countdown; emit only the cells that changed.

        The countdowns that moved go out as one range of the time-left column: the
        proxy and the view handle each dataChanged whole, so one signal per row would
        cost a board of 500 rows 500 times the work. A row whose urgency changed is
        reported whole, on its own.
        """
        backwards = now < self._now
        self._now = now
        first = last = -1
        for position, row in enumerate(self._rows):
            if now < row.assessed_at or (row.steady_until is not None
                                         and now >= row.steady_until):
                old = row.assessment.urgency
                self._reassess(row)
                new = row.assessment.urgency
                row.left_at = None
                if new is not old:
                    self.dataChanged.emit(self.index(position, 0),
                                          self.index(position, len(HEADERS) - 1))
                    self.urgency_changed.emit(row.detainer.id, int(old), int(new))
                    continue
            elif not backwards and row.left_until is not None and now < row.left_until:
                continue  # "1 d 5 h" until the hour turns
            elif row.left_until is not None or backwards:
                before = row.left_text
                if self._shown_left(row) == before:
                    continue
            # else: a countdown under a day (or time held) moves every second; its
            # text is worked out when a view draws it, for the rows in sight only.
            if first < 0:
                first = position
            last = position
        if first >= 0:
            self.dataChanged.emit(self.index(first, COL_LEFT), self.index(last, COL_LEFT),
                                  [Qt.ItemDataRole.DisplayRole])

    def set_thresholds(self, thresholds: Thresholds) -> None:
        """New warning/critical settings take effect at the next tick."""
        self._thresholds = thresholds
        for row in self._rows:
            row.steady_until = row.assessed_at  # re-assess every row at the next tick

    # -- lookups --------------------------------------------------------------------
    def row_of(self, detainer_id: int) -> int | None:
        """The row showing `detainer_id`, if it is on the board."""
        for position, row in enumerate(self._rows):
            if row.detainer.id == detainer_id:
                return position
        return None

    def board_row(self, position: int) -> BoardRow:
        """The detainer and assessment on one row, as of the last tick."""
        row = self._rows[position]
        if row.assessed_at != self._now:
            self._reassess(row)
        return row

    def shown_state(self, position: int) -> tuple[int, str, int, str]:
        """What a row shows that changes by itself (the countdown, the urgency and its
        reason), as of the last tick, without re-assessing it: a reader compares it
        with what it showed last to know whether to redraw."""
        row = self._rows[position]
        return (row.detainer.id, self._shown_left(row), int(row.assessment.urgency),
                row.assessment.reason)

    def detainer(self, detainer_id: int) -> DetainerSnapshot | None:
        """The board's copy of one detainer."""
        position = self.row_of(detainer_id)
        return None if position is None else self._rows[position].detainer

    # -- private --------------------------------------------------------------------
    def _row(self, detainer: DetainerSnapshot) -> BoardRow:
        row = BoardRow(detainer, self._assess(detainer), self._now, None)
        row.steady_until = steady_until(detainer, self._clock, self._thresholds, self._now)
        self._shown_left(row)
        return row

    def _reassess(self, row: BoardRow) -> None:
        row.assessment = self._assess(row.detainer)
        row.assessed_at = self._now
        row.steady_until = steady_until(row.detainer, self._clock, self._thresholds,
                                        self._now)

    def _shown_left(self, row: BoardRow) -> str:
        """The countdown as of the last tick, worked out once per tick when asked."""
        if row.left_at != self._now:
            row.left_text, row.left_until = self._countdown(row)
            row.left_at = self._now
        return row.left_text

    def _countdown(self, row: BoardRow) -> tuple[str, datetime | None]:
        """The countdown: wall-clock time to the expiry (the same as `left.wall`); for a
        person whose release is due, the time held past eligibility instead. With it,
        the instant before which the text cannot change (None: it may change at the
        next second)."""
        held = row.assessment.held_past_eligibility(self._now)
        if held is not None:
            return f"held {format_duration(held)} past release", None
        expiry = row.assessment.expiry
        if expiry is None:
            return "not started", NEVER
        if self._now >= expiry:
            return "0:00:00", NEVER
        left = expiry - self._now
        seconds = int(left.total_seconds())
        if seconds < DAY_SECONDS:
            return format_duration(left), None
        # "d h" shows whole hours: the text holds while as many whole hours are left.
        return (format_duration(left),
                expiry.astimezone(UTC) - timedelta(hours=seconds // 3600))

    def _assess(self, detainer: DetainerSnapshot) -> Assessment:
        return assess(detainer, self._profile, self._clock, self._thresholds, self._now)

    def _text(self, row: BoardRow, column: int) -> str:
        d, a = row.detainer, row.assessment
        if column == COL_STATUS:
            return f"{SYMBOLS[a.urgency]} {a.urgency.label}"
        if column == COL_LEFT:
            return self._shown_left(row)
        if column == COL_EXPIRES:
            return format_local(a.expiry, self._clock.zone) if a.expiry else "—"
        if column == COL_NAME:
            return d.subject_name
        if column == COL_CASE:
            return d.case_number
        if column == COL_DETAINER:
            return f"{d.detainer_number} · {d.form_type}"
        if column == COL_CUSTODY:
            return d.custody_words
        if column == COL_START:
            return START_WORDS[a.start_rule]
        if column == COL_STATION:
            return station_label(d.station)
        return self._checklist_text(d)

    @staticmethod
    def _checklist_text(d: DetainerSnapshot) -> str:
        done, total = d.progress()
        step = d.next_step
        return f"{done}/{total} · {step.text}" if step else f"{done}/{total} · all done"

    def _sort_value(self, row: BoardRow, column: int) -> object:
        if column in (COL_STATUS, COL_LEFT, COL_EXPIRES):
            # Least time left first is earliest expiry first; unlike the time left, the
            # expiry stays put from tick to tick, so the order never needs re-checking.
            group, value = row.assessment.sort_key
            if group == 0:  # release due: the longest held first, above every other row
                return value
            expiry = row.assessment.expiry
            return group * 1e12 + (expiry.timestamp() if expiry else 1e11)
        return self._text(row, column)
