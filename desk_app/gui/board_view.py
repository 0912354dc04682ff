"""The board tab: alert banner, search box, the table of active detainers, the detail."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
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
from desk_app.gui.board_model import (
    COL_CHECKLIST,
    COL_LEFT,
    DETAINER_ID_ROLE,
    SORT_ROLE,
    BoardModel,
)
from desk_app.gui.detail_panel import DetailPanel


class BoardView(QWidget):
    """Widgets and layout only; the main window wires the actions."""

    def __init__(self, model: BoardModel, clock: DetainerClock,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setDynamicSortFilter(True)
        self.banner = QLabel()
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
        self.table = QTableView()
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
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_CHECKLIST, QHeaderView.ResizeMode.Stretch)
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

    def show_banner(self, message: str) -> None:
        """Put an alert in the banner until acknowledged."""
        self.banner.setText(message)
        self.banner.show()
        self.dismiss.show()

    def hide_banner(self) -> None:
        """Clear the banner once the officer has read it."""
        self.banner.hide()
        self.dismiss.hide()

    def show_fax(self, text: str) -> None:
        """Offer the newest fax from the inbox (empty text hides the offer)."""
        self.fax_label.setText(text)
        self.fax_label.setVisible(bool(text))
        self.fax_button.setVisible(bool(text))

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
