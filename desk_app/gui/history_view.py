"""The History tab: search closed detainers and record the deportation follow-up."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.urgency import Thresholds, assess
from desk_app.domain.vocabulary import Outcome
from desk_app.gui.detail_panel import DetailPanel
from desk_app.gui.dialog_run import run_then
from desk_app.gui.form_fields import date_edit, local_days
from desk_app.gui.history_model import DETAINER_ID_ROLE, SORT_ROLE, HistoryModel
from desk_app.gui.qt_dates import qdate
from desk_app.gui.signed_in import ActsForSignedIn, SignedIn, signed_in_source
from desk_app.store.desk import Desk
from desk_app.store.detainer_service import HistoryFilter


class HistoryView(QWidget, ActsForSignedIn):
    """Search by name, case #, detainer #, date range and outcome."""

    open_requested = Signal(int)  # detainer id, to show in the detail panel

    def __init__(self, desk: Desk, actor: Actor | SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.signed_in = signed_in_source(actor)
        self.model = HistoryModel(desk.zone, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.search = QLineEdit(placeholderText="Name, case # or detainer #")
        self.search.setClearButtonEnabled(True)
        today = qdate(desk.time.now().astimezone(desk.zone).date())
        self.date_from = date_edit(today.addYears(-2))
        self.date_to = date_edit(today)
        self.outcome = QComboBox()
        self.outcome.addItem("Any outcome", None)
        for outcome in Outcome:
            self.outcome.addItem(outcome.value, outcome)
        self.include_active = QCheckBox("Include active")
        self.find_button = QPushButton("&Search")
        self.reimbursement = QPushButton("Record &reimbursement…")
        self.reimbursement.setToolTip("Money received from the federal government for this "
                                      "request (ordinance §4(d), Trust Act §4(d))")
        self.follow_up = QPushButton("Record &follow-up…")
        self.follow_up.setToolTip("Was the person deported? (Administrative Services "
                                  "follow-up, Pittsfield §E)")
        self.count = QLabel()
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.detail = DetailPanel(desk.clock, interactive=False,
                                  empty_text="Select a detainer in the results above")
        self._layout()
        self.find_button.clicked.connect(self.run_search)
        self.search.returnPressed.connect(self.run_search)
        self.follow_up.clicked.connect(self._record_follow_up)
        self.reimbursement.clicked.connect(self._record_reimbursement)
        self.table.selectionModel().currentRowChanged.connect(self._selected)

    def _layout(self) -> None:
        bar = QHBoxLayout()
        for label, widget in (("Find:", self.search), ("From:", self.date_from),
                              ("To:", self.date_to)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget, 2 if widget is self.search else 0)
        bar.addWidget(self.outcome)
        bar.addWidget(self.include_active)
        bar.addWidget(self.find_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        foot = QHBoxLayout()
        foot.addWidget(self.count, 1)
        foot.addWidget(self.follow_up)
        foot.addWidget(self.reimbursement)
        top_layout.addLayout(foot)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.detail)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

    def offer_file_actions(self, actions: list[QAction]) -> None:
        """Right-click on a result offers the window's print and scan actions."""
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addActions(actions)

    def run_search(self) -> None:
        """Ask the store for the detainers matching the search fields."""
        received_from, received_to = local_days(self.date_from.date(), self.date_to.date(),
                                                self._desk.zone)
        where = HistoryFilter(
            text=self.search.text(),
            received_from=received_from,
            received_to=received_to,
            outcome=self.outcome.currentData(),
            include_active=self.include_active.isChecked(),
        )
        rows = self._desk.detainers.history(where)
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        more = " (showing the newest 500; narrow the search)" if len(rows) >= where.limit \
            else ""
        self.count.setText(f"{len(rows)} detainers found{more}")

    def selected_id(self) -> int | None:
        """The detainer selected in the table, if any."""
        index = self.table.currentIndex()
        return index.data(DETAINER_ID_ROLE) if index.isValid() else None

    def _selected(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.detail.show_detainer(None, None)
            return
        detainer = self.model.detainer_at(self.proxy.mapToSource(index).row())
        self.show_detail(detainer)
        self.open_requested.emit(detainer.id)

    def show_detail(self, detainer: DetainerSnapshot) -> None:
        """Show one detainer (closed or active) in the panel below the results."""
        desk = self._desk
        assessment = assess(detainer, desk.profile, desk.clock, Thresholds(), desk.time.now())
        self.detail.show_detainer(detainer, assessment)

    def _record_reimbursement(self) -> None:
        """Open the reimbursement dialog for the selected detainer."""
        from desk_app.gui.reimbursement_dialog import ReimbursementDialog

        detainer_id = self.selected_id()
        if detainer_id is None:
            self.count.setText("Select a detainer first, then record its reimbursement.")
            return
        def saved(dialog: ReimbursementDialog) -> None:
            if dialog.result_snapshot is not None:
                self.model.replace(dialog.result_snapshot)
                self.show_detail(dialog.result_snapshot)

        run_then(ReimbursementDialog(self._desk, self.actor, detainer_id, self), saved)

    def _record_follow_up(self) -> None:
        """Open the follow-up dialog for the selected detainer."""
        from desk_app.gui.follow_up_dialog import FollowUpDialog

        detainer_id = self.selected_id()
        if detainer_id is None:
            self.count.setText("Select a detainer first, then record its follow-up.")
            return
        dialog = FollowUpDialog(self._desk, self.actor, detainer_id, self)
        if dialog.exec() and dialog.result_snapshot is not None:
            self.model.replace(dialog.result_snapshot)
            self.show_detail(dialog.result_snapshot)

