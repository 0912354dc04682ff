"""The board tab: alert banner, search box, the table of active detainers, the detail."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QRect, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.clock import DetainerClock
from desk_app.domain.urgency import Urgency
from desk_app.gui.board_model import (
    COL_CHECKLIST,
    COL_CUSTODY,
    COL_DETAINER,
    COL_EXPIRES,
    COL_LEFT,
    COL_NAME,
    COL_START,
    COL_STATION,
    DETAINER_ID_ROLE,
    SORT_ROLE,
    URGENCY_ROLE,
    BoardModel,
)
from desk_app.gui.detail_panel import DetailPanel
from desk_app.gui.rows_model import AnyIndex


def two_lines(text: str) -> str:
    """A header set on two lines: broken at the space that leaves the shorter longest
    line, never inside brackets nor leaving a line of one character ("Checklist:\nnext
    step", "Left\n(wall clock)"); unchanged when there is no such space."""
    best: tuple[int, int] | None = None  # (longest line, where)
    depth = 0
    for at, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if char == " " and depth == 0 and min(at, len(text) - at - 1) > 1:
            longest = max(at, len(text) - at - 1)
            if best is None or longest < best[0]:
                best = (longest, at)
    return text if best is None else f"{text[:best[1]]}\n{text[best[1] + 1:]}"


def level(wanted: dict[int, int], floors: dict[int, int], budget: int) -> dict[int, int]:
    """Columns narrowed to share `budget` pixels: the widest cut first, down to one
    common width, so that a column of short cells ("fax receipt", "North") stays whole
    while long names and custody words give up room; none below its floor (its header).
    All at their floors when even that is more than the budget."""
    def total(cap: int) -> int:
        return sum(max(floors[c], min(w, cap)) for c, w in wanted.items())

    low, high = 0, max(wanted.values(), default=0)
    while low < high:  # the widest common width that fits the budget
        middle = (low + high + 1) // 2
        if total(middle) <= budget:
            low = middle
        else:
            high = middle - 1
    return {c: max(floors[c], min(w, low)) for c, w in wanted.items()}


class BoardProxy(QSortFilterProxyModel):
    """The board's sorting and filtering, and its headers on one line or two.

    Sorting by time left sorts by the expiry column instead: the order is the same
    (the sort value of both is the expiry), but the countdown column changes every
    second and a proxy sorted on it would compare every row with its neighbours at each
    tick, where one sorted on the expiry has nothing to check. `two_line_headers` is
    set by the view when the columns fit the board only with their headers on two lines.
    """

    two_line_headers = False

    def set_two_line_headers(self, two: bool) -> None:
        """Headers on two lines (True) or one; the header is told when it changes."""
        if two != self.two_line_headers:
            self.two_line_headers = two
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                        max(self.columnCount() - 1, 0))

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt)
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The source's header, set on two lines when the board asks for it."""
        value = super().headerData(section, orientation, role)
        if (self.two_line_headers and orientation == Qt.Orientation.Horizontal
                and role == Qt.ItemDataRole.DisplayRole and isinstance(value, str)):
            return two_lines(value)
        return value

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column`; time left as the expiry."""
        super().sort(COL_EXPIRES if column == COL_LEFT else column, order)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:  # noqa: N802 (Qt)
        """A person whose release is due stays above every other row, whatever the
        column and the direction of the sort."""
        left_due: bool = left.data(URGENCY_ROLE) == int(Urgency.RELEASE_DUE)
        right_due: bool = right.data(URGENCY_ROLE) == int(Urgency.RELEASE_DUE)
        if left_due != right_due:
            ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
            return left_due if ascending else right_due
        return bool(super().lessThan(left, right))


class BoardTable(QTableView):
    """The board's table: a tick repaints the countdown column, not the whole table.

    `resized` is called when the width the cells have changes (the window, or a
    vertical scroll bar coming or going): the columns are fitted again.
    """

    resized: Callable[[], None] | None = None

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Fit the columns to the viewport's new width."""
        handled = super().viewportEvent(event)
        if (event.type() == QEvent.Type.Resize and isinstance(event, QResizeEvent)
                and event.size().width() != event.oldSize().width()
                and self.resized is not None):
            self.resized()
        return handled

    def dataChanged(self, top_left: AnyIndex, bottom_right: AnyIndex,  # noqa: N802
                    roles: Sequence[int] = ()) -> None:
        """Repaint only the time-left column when only it changed (once a second).

        For a range of rows QTableView repaints the whole viewport: every visible cell
        asks the model again for its text, colours and font, for one changed column.
        """
        if top_left.column() == bottom_right.column() == COL_LEFT:
            if self.isVisible() and not self.isColumnHidden(COL_LEFT):
                viewport = self.viewport()
                viewport.update(QRect(self.columnViewportPosition(COL_LEFT), 0,
                                      self.columnWidth(COL_LEFT), viewport.height()))
            return
        super().dataChanged(top_left, bottom_right, list(roles))


HEADER_PADDING = 8  # pixels each side of a header's text: the style sheet's 6, the border
SORT_ARROW = 20  # pixels beside the sorted column's header text for its arrow
CHECKLIST_ROOM = 40  # pixels the checklist column keeps beyond its header, for its cells
# The columns that give up room when the board is narrower than its cells.
SHRINKABLE = (COL_NAME, COL_CUSTODY, COL_DETAINER, COL_START, COL_STATION)


class BoardView(QWidget):
    """Widgets and layout only; the main window wires the actions."""

    def __init__(self, model: BoardModel, clock: DetainerClock,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = BoardProxy(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setDynamicSortFilter(True)
        self.banner = QLabel()
        self._alert_text = ""  # the alert the banner shows, if it shows one
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.dismiss = QPushButton("Acknowledge")
        self.dismiss.hide()
        self.dismiss.clicked.connect(self.hide_banner)
        self.fax_label = QLabel()
        self.fax_label.setObjectName("faxBar")
        self.fax_label.setWordWrap(True)
        self.fax_button = QPushButton("&Log this fax…")
        self.fax_label.hide()
        self.fax_button.hide()
        self.search = QLineEdit(placeholderText="Filter the board: name, case #, detainer #")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = BoardTable()
        self.table.setObjectName("board")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_LEFT, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Fitted to the contents when the board loads and widened when a row needs it,
        # not live: a header that resizes to contents measures every cell of every row
        # whenever any cell changes, which is every second.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_CHECKLIST, QHeaderView.ResizeMode.Stretch)
        self._natural: dict[int, int] = {}  # each column's width for its widest cell
        self.table.resized = self._fit_to_width
        header.sortIndicatorChanged.connect(lambda *_sort: self._fit_to_width())  # its arrow
        model.modelReset.connect(self._fit_columns)
        model.rowsInserted.connect(lambda _parent, first, last: self._widen(first, last))
        model.dataChanged.connect(self._changed)
        self.detail = DetailPanel(clock)
        self.empty = QLabel("No active detainers. Log one with New detainer (Ctrl+N) when "
                            "a fax arrives.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout()

    def _layout(self) -> None:
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.dismiss)
        fax_row = QHBoxLayout()
        fax_row.addWidget(self.fax_label, 1)
        fax_row.addWidget(self.fax_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addLayout(banner_row)
        layout.addLayout(fax_row)
        layout.addWidget(splitter, 1)

    def _changed(self, top_left: QModelIndex, bottom_right: QModelIndex,
                 _roles: object = None) -> None:
        """A changed row may need wider columns (the countdown never does)."""
        if not top_left.column() == bottom_right.column() == COL_LEFT:
            self._widen(top_left.row(), bottom_right.row())

    def _fit_columns(self) -> None:
        """Measure every column's widest cell (the board has just been loaded), the
        hidden Station column's too (the department view may show it at any time)."""
        for column in range(self.model.columnCount()):
            if column != COL_CHECKLIST:
                self._natural[column] = self.table.sizeHintForColumn(column)
        self._fit_to_width()

    def _fit_to_width(self) -> None:
        """Keep every column in sight, every header whole: when the cells' natural
        widths do not fit (1366x768), the long text columns (name, custody, detainer,
        clock start, station) give up room, the widest first (`level`), never below
        their header; their cells then end in "…" and the tooltip says the rest. Then
        the headers are set on two lines, which leaves the cells more room (the
        department view's Station column beside a "held 00:26:04 past release" time
        would otherwise squeeze the checklist's header)."""
        if not self._natural:
            return
        self.proxy.set_two_line_headers(self._whole() > self.table.viewport().width())
        checklist = self.header_width(COL_CHECKLIST) + CHECKLIST_ROOM
        available = self.table.viewport().width() - checklist
        widths = self._wanted()
        excess = sum(widths.values()) - available
        if excess > 0:
            shrinkable = {c: widths[c] for c in SHRINKABLE if c in widths}  # shown ones
            floors = {c: self.header_width(c) for c in shrinkable}
            widths.update(level(shrinkable, floors, sum(shrinkable.values()) - excess))
        for column, width in widths.items():
            if self.table.columnWidth(column) != width:
                self.table.setColumnWidth(column, width)

    def _wanted(self, one_line: bool = False) -> dict[int, int]:
        """Each shown column (but the checklist) as wide as its widest cell and header
        (as set, or on one line)."""
        return {c: max(w, self.header_width(c, one_line)) for c, w in self._natural.items()
                if not self.table.isColumnHidden(c)}

    def _whole(self) -> int:
        """The width every shown cell and header needs whole, the headers on one line,
        and the checklist's room: wider than the table, some cells must be cut."""
        return (sum(self._wanted(one_line=True).values())
                + self.header_width(COL_CHECKLIST, one_line=True) + CHECKLIST_ROOM)

    def header_width(self, column: int, one_line: bool = False) -> int:
        """What a column's header needs to read whole: its longest line in the header's
        bold type, the section's padding, and the sort arrow on the sorted column. (Qt's
        own size hint keeps room for an arrow on every column, as wide as the header
        is high: a board at 1366 pixels cannot spare that.) `one_line`: as if the
        headers were on one line, whatever they are set to."""
        header = self.table.horizontalHeader()
        font = QFont(header.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        shown = self.model if one_line else self.proxy
        lines = str(shown.headerData(column, Qt.Orientation.Horizontal)).split("\n")
        arrow = SORT_ARROW if header.sortIndicatorSection() == column else 0
        return max(metrics.horizontalAdvance(line) for line in lines) + 2 * HEADER_PADDING \
            + arrow

    def _widen(self, first: int, last: int) -> None:
        """Widen the columns that the cells of these (source) rows do not fit in."""
        widened = False
        for source_row in range(first, last + 1):
            for column in range(self.model.columnCount()):
                if column == COL_CHECKLIST:
                    continue
                index = self.proxy.mapFromSource(self.model.index(source_row, column))
                need = self.table.sizeHintForIndex(index).width()
                if need > self._natural.get(column, 0):
                    self._natural[column] = need
                    widened = True
        if widened:
            self._fit_to_width()

    def show_banner(self, message: str) -> None:
        """Put an alert in the banner until acknowledged."""
        self.banner.setText(message)
        self.banner.show()
        self.dismiss.show()

    def hide_banner(self) -> None:
        """Clear the banner once the officer has read it."""
        self.banner.hide()
        self.dismiss.hide()

    def show_alert(self, message: str, more: int) -> None:
        """The alert in front, and how many more wait behind it (alerts.AlertCenter)."""
        waiting = f"  ({more} more alert{'s' if more != 1 else ''} waiting)" if more else ""
        self.show_banner(message + waiting)
        self._alert_text = self.banner.text()

    def clear_alert(self) -> None:
        """The last alert was acknowledged: take it down, but never another notice (a
        settings notice, a refused fax) that the banner shows instead."""
        if self._alert_text and self.banner.text() == self._alert_text:
            self.hide_banner()

    def show_waiting_faxes(self, waiting: list[Path]) -> None:
        """Offer the oldest fax waiting in the inbox, and say how many more there are."""
        count = len(waiting)
        self.show_fax("" if not count else (
            f"New fax in the inbox: {waiting[0].name}"
            + (f" (and {count - 1} more)" if count > 1 else "")
            + ". If it is a detainer, log it now."))

    def show_fax(self, text: str) -> None:
        """Offer the newest fax from the inbox (empty text hides the offer)."""
        self.fax_label.setText(text)
        self.fax_label.setVisible(bool(text))
        self.fax_button.setVisible(bool(text))

    def show_station_column(self, shown: bool) -> None:
        """The Station column in the department view only (a station's board is all one
        station's, and the room goes to the other columns)."""
        self.table.setColumnHidden(COL_STATION, not shown)
        self._fit_to_width()

    def update_empty_hint(self) -> None:
        """Say plainly when the board is empty rather than showing a blank table."""
        self.empty.setVisible(self.model.rowCount() == 0)

    def selected_id(self) -> int | None:
        """The detainer selected on the board."""
        index = self.table.currentIndex()
        return index.data(DETAINER_ID_ROLE) if index.isValid() else None

    def select(self, detainer_id: int) -> None:
        """Select the row of `detainer_id` if it is on the board."""
        position = self.model.row_of(detainer_id)
        if position is None:
            return
        index = self.proxy.mapFromSource(self.model.index(position, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)
