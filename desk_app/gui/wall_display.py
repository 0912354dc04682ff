"""The wall display: every active detainer in large type, for a screen across the room.

It only reads: no menu, no toolbar, no selection, nothing to click, so it never needs to
lock. The most urgent rows (release due, expired, critical) are pinned on top; the type
is as large as the screen allows with every row in view, rows on two lines when that
gives larger type (`wall_fit.py`), and when even the smallest type cannot hold them all
the other rows turn over a page at a time. The clock and the time of the last read from the
database are always in view, so a stale screen is seen to be stale.

It is started by `desk-app wall` (its own window, no sign-in) or by F11 on the board
(the board is hidden behind it, and leaving it asks for a sign-in).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.instants import format_local
from desk_app.domain.municipality import MUNICIPALITY_UNSET
from desk_app.domain.urgency import Thresholds, Urgency
from desk_app.gui.board_model import (
    COL_CASE,
    COL_CHECKLIST,
    COL_EXPIRES,
    COL_START,
    COL_STATION,
    COL_STATUS,
    SORT_ROLE,
    URGENCY_ROLE,
    BoardModel,
)
from desk_app.gui.wall_fit import SMALLEST_PT, Fit, best_fit, shown, text_width
from desk_app.store.desk import Desk

log = logging.getLogger(__name__)

HIDDEN_COLUMNS = (COL_CASE, COL_START)  # the detainer # stays: it is what ICE quotes
PINNED = (Urgency.RELEASE_DUE, Urgency.EXPIRED, Urgency.CRITICAL)
RELOAD_MS = 15_000  # read the database again (changes made at other workstations)
PAGE_MS = 12_000  # how long each page of the unpinned rows stays up


def pinned_rank(urgency: int) -> int:
    """0 for release due, 1 expired, 2 critical, 3 for every other row."""
    try:
        return PINNED.index(Urgency(urgency))
    except ValueError:
        return len(PINNED)


class WallProxy(QSortFilterProxyModel):
    """Pinned rows first (release due, expired, critical), then by expiry; the long
    texts on two lines when the rows have two (`lines`)."""

    lines = 1

    def set_lines(self, lines: int) -> None:
        """Set every row, and the header, on `lines` lines."""
        if lines == self.lines:
            return
        self.lines = lines
        columns = self.columnCount()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, columns - 1),
                                  [Qt.ItemDataRole.DisplayRole])

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The board's text, split on two lines where the rows have two (the status
        stays whole: "✖ RELEASE DUE"; the checklist wraps to its column's width)."""
        value = super().data(index, role)
        if role == Qt.ItemDataRole.DisplayRole and isinstance(value, str) \
                and index.column() not in (COL_STATUS, COL_CHECKLIST):
            return shown(value, self.lines)
        return value

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The board's column titles, on two lines where the rows have two."""
        value = super().headerData(section, orientation, role)
        if role == Qt.ItemDataRole.DisplayRole and isinstance(value, str):
            return shown(value, self.lines)
        return value

    def lessThan(self, left: QModelIndex | QPersistentModelIndex,  # noqa: N802
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        """Compare by pinned rank, then by the board's expiry order."""
        model = self.sourceModel()
        keys = []
        for index in (left, right):
            row = index.row()
            keys.append((pinned_rank(model.index(row, 0).data(URGENCY_ROLE)),
                         model.index(row, COL_EXPIRES).data(SORT_ROLE)))
        return keys[0] < keys[1]


class WallDisplay(QWidget):
    """A read-only, self-updating board for a wall screen."""

    leave_requested = Signal()  # F11 or Escape: the board behind it asks for a sign-in

    def __init__(self, desk: Desk, parent: QWidget | None = None,
                 station: str | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("wallDisplay")
        where = f"Station: {station}" if station else "Department"
        self.setWindowTitle(f"Detainer Desk — {desk.municipality or MUNICIPALITY_UNSET} — "
                            f"{where} — wall display")
        self.desk = desk
        self.station = station  # the board's choice: its station, or None (department)
        settings = desk.settings
        self.model = BoardModel(desk.profile, desk.clock,
                                Thresholds(warning=timedelta(hours=settings.warning_hours),
                                           critical=timedelta(hours=settings.critical_hours)),
                                desk.time.now(), self)
        self.proxy = WallProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setDynamicSortFilter(True)
        self.proxy.sort(0)
        self.table = self._table()
        self.title = QLabel(f"ACTIVE ICE DETAINERS — {desk.municipality or MUNICIPALITY_UNSET}"
                            + (f" — {station}" if station else ""))
        self.title.setObjectName("wallTitle")
        self.clock = QLabel()
        self.clock.setObjectName("wallClock")
        self.updated = QLabel()
        self.updated.setObjectName("wallUpdated")
        self.page_label = QLabel()
        self.page = 0
        self.font_pt = 0
        self.fitted: Fit | None = None
        self.last_read: datetime | None = None
        self._layout()
        self.tick_timer = self._timer(1000, self.tick)
        self.reload_timer = self._timer(RELOAD_MS, self.reload)
        self.page_timer = self._timer(PAGE_MS, self.next_page)
        self.model.rowsInserted.connect(self.fit)
        self.model.rowsRemoved.connect(self.fit)
        self.model.modelReset.connect(self.fit)
        self.proxy.layoutChanged.connect(self._page_rows)  # a row became critical
        self.reload()

    def _timer(self, interval_ms: int, slot: Callable[[], None]) -> QTimer:
        """A repeating timer, not started yet, calling `slot` every `interval_ms`."""
        timer = QTimer(self)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

    def _table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("wallBoard")
        table.setModel(self.proxy)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionsClickable(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_CHECKLIST, QHeaderView.ResizeMode.Stretch)
        for column in HIDDEN_COLUMNS:
            table.setColumnHidden(column, True)
        # The Station column only on the department's wall of a department with stations.
        table.setColumnHidden(COL_STATION, self.station is not None or not self.desk.stations)
        return table

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.page_label)
        top.addWidget(self.updated)
        top.addWidget(self.clock)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.setStyleSheet(self._top_style(0))

    @staticmethod
    def _top_style(height: int) -> str:
        """The title, clock and "last updated" sizes on a screen `height` pixels high
        (20 pt for the clock at 768, 27 pt at 1080)."""
        title, clock, updated = max(16, height // 54), max(20, height // 40), \
            max(12, height // 80)
        return (f"QLabel#wallTitle {{ font-size: {title}pt; font-weight: bold; }}"
                f"QLabel#wallClock {{ font-size: {clock}pt; font-weight: bold; "
                "margin-left: 18px; }"
                f"QLabel#wallUpdated {{ font-size: {updated}pt; color: #333; "
                "margin-left: 18px; }"
                "QLabel#wallUpdated[stale=\"true\"] { color: white; background: #8b0000; }")

    # -- what it shows ----------------------------------------------------------------
    def show_on_screen(self) -> None:
        """Full screen on the screen it is on (sized first: some X servers run no
        window manager to do it)."""
        self.setGeometry(self.screen().geometry())
        self.showFullScreen()

    def start(self) -> None:
        """Begin counting down and reading the database."""
        self.tick()
        self.tick_timer.start()
        self.reload_timer.start()

    def stop(self) -> None:
        """Stop every timer (the window is closing or the board takes over)."""
        for timer in (self.tick_timer, self.reload_timer, self.page_timer):
            timer.stop()

    def reload(self) -> None:
        """Read the active detainers again; a failed read leaves the rows and says so."""
        now = self.desk.time.now()
        try:
            detainers = self.desk.detainers.active(self.station)
        except Exception:  # noqa: BLE001 - the wall keeps showing what it has
            log.exception("the wall display could not read the database")
            self._show_updated(stale=True)
            return
        self.model.set_rows(detainers, now)
        self.last_read = now
        self._show_updated(stale=False)

    def tick(self) -> None:
        """Once a second: the countdowns and the clock."""
        now = self.desk.time.now()
        self.model.tick(now)
        self.clock.setText(f"{format_local(now, self.desk.zone)}:{now:%S}")
        if self.last_read is not None and now - self.last_read > timedelta(minutes=2):
            self._show_updated(stale=True)

    def _show_updated(self, stale: bool) -> None:
        when = "never" if self.last_read is None else \
            f"{self.last_read.astimezone(self.desk.zone):%H:%M:%S}"
        self.updated.setText(f"Last updated {when}" + (
            " — cannot read the database" if stale else ""))
        self.updated.setProperty("stale", stale)
        self.updated.style().unpolish(self.updated)
        self.updated.style().polish(self.updated)

    # -- fitting every row ------------------------------------------------------------
    def fit(self) -> None:
        """The largest type at which every row fits, on one line or two, the rows
        grown into the height left; paging if even the smallest type does not hold
        them. Applied only when it changes."""
        frame = 2 * self.table.frameWidth()
        fit = best_fit(self.proxy.rowCount(), self.table.height() - frame,
                       self.table.width() - frame,
                       {lines: self._widths_at(SMALLEST_PT, lines) for lines in (1, 2)},
                       self._line_at, SMALLEST_PT)
        if fit != self.fitted or not self.table.styleSheet():
            self._apply(fit)
        self._page_rows()

    def _widths_at(self, size: int, lines: int) -> float:
        """The width every column but the checklist needs at `size` points with rows
        of `lines` lines (widest text, bold, plus padding), and room for the
        checklist's count."""
        font = QFont(self.table.font())
        font.setPointSize(size)
        font.setBold(True)
        metrics = QFontMetrics(font)
        padding = metrics.averageCharWidth() * 2
        total: float = metrics.horizontalAdvance("8/8 ·") + padding  # at least the count
        for column in range(self.model.columnCount()):
            if self.table.isColumnHidden(column) or column == COL_CHECKLIST:
                continue
            texts = [str(self.model.headerData(column, Qt.Orientation.Horizontal))]
            texts += [str(self.model.index(r, column).data() or "")
                      for r in range(self.model.rowCount())]
            if column != COL_STATUS:
                texts = [shown(text, lines) for text in texts]
            total += text_width(texts, metrics.horizontalAdvance) + padding
        return total

    def _line_at(self, size: int) -> float:
        """The height of a line of text at `size` points."""
        font = QFont(self.table.font())
        font.setPointSize(size)
        return float(QFontMetrics(font).height())

    def _apply(self, fit: Fit) -> None:
        self.fitted = fit
        self.font_pt = fit.points
        self.table.setStyleSheet(f"QTableView#wallBoard {{ font-size: {fit.points}pt; }}"
                                 f"QHeaderView::section {{ font-size: {fit.points}pt; }}")
        self.proxy.set_lines(fit.lines)
        self.table.setWordWrap(fit.lines > 1)  # the checklist's next step, elided after two
        self.table.verticalHeader().setDefaultSectionSize(fit.row)
        self.table.horizontalHeader().setFixedHeight(fit.header)

    def rows_per_page(self) -> int:
        """How many rows the table shows at once at the current type size."""
        room = self.table.height() - 2 * self.table.frameWidth() \
            - self.table.horizontalHeader().height()
        return max(1, room // self.table.verticalHeader().defaultSectionSize())

    def _page_rows(self) -> None:
        """Hide the unpinned rows that are not on the current page."""
        total = self.proxy.rowCount()
        ranks = [pinned_rank(self.proxy.index(r, 0).data(URGENCY_ROLE)) for r in range(total)]
        pinned = sum(1 for rank in ranks if rank < len(PINNED))
        space = max(1, self.rows_per_page() - pinned)
        others = total - pinned
        pages = max(1, -(-others // space))
        self.page %= pages
        first = pinned + self.page * space
        for row in range(total):
            hide = row >= pinned and not first <= row < first + space
            self.table.setRowHidden(row, hide)
        self.page_label.setText(f"page {self.page + 1} of {pages}" if pages > 1 else "")
        if pages > 1 and not self.page_timer.isActive():
            self.page_timer.start()
        elif pages == 1:
            self.page_timer.stop()

    def next_page(self) -> None:
        """Turn to the next page of unpinned rows."""
        self.page += 1
        self._page_rows()

    # -- events -----------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """The clock and title sized for the screen, then the rows fitted to what is
        left."""
        super().resizeEvent(event)
        style = self._top_style(self.height())
        if style != self.styleSheet():
            self.setStyleSheet(style)
            layout = self.layout()
            if layout is not None:
                layout.activate()  # the table's new height, before it is filled
        self.fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """F11 or Escape: leave the wall (the board asks who is signing in)."""
        if event.key() in (Qt.Key.Key_F11, Qt.Key.Key_Escape):
            self.leave_requested.emit()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Stop the timers before the window goes."""
        self.stop()
        super().closeEvent(event)
