"""The audit viewer for supervisors and administrators: who changed what, and when.

Private state of `AuditModel`:
    _rows: the entries of the last search, newest first (see RowsModel).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.errors import DeskError
from desk_app.domain.instants import format_local
from desk_app.gui.audit_detail import change_lines
from desk_app.gui.form_fields import date_edit, local_days
from desk_app.gui.rows_model import RowsModel
from desk_app.gui.signed_in import ActsForSignedIn, SignedIn, signed_in_source
from desk_app.store.audit_check import check_audit
from desk_app.store.audit_query import AuditFilter, AuditLine, audit_lines
from desk_app.store.desk import Desk

AnyIndex = QModelIndex | QPersistentModelIndex
COL_AT, COL_ACTOR, COL_ACTION, COL_DETAINER, COL_SUMMARY = range(5)
HEADERS = ("When", "Who", "Action", "Detainer #", "What")


class AuditModel(RowsModel):
    """Audit entries as rows."""

    HEADERS = HEADERS

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._zone = zone

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text."""
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        line: AuditLine = self._rows[index.row()]
        return (f"{format_local(line.at, self._zone, with_year=True)}:{line.at:%S}",
                line.actor, line.action, line.detainer_number, line.summary)[index.column()]

    def line(self, row: int) -> AuditLine:
        """The entry on one row."""
        line: AuditLine = self._rows[row]
        return line


class AuditView(QWidget, ActsForSignedIn):
    """Search the audit log and check it as `desk-app audit verify` does; what the
    viewer's role may not read is masked by the service (domain/audit_masking.py)."""

    def __init__(self, desk: Desk, actor: Actor | SignedIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.signed_in = signed_in_source(actor)
        self.model = AuditModel(desk.zone, self)
        self.detainer = QLineEdit(placeholderText="Detainer #")
        self.person = QLineEdit(placeholderText="Person")
        local = desk.time.now().astimezone(desk.zone)
        today = QDate(local.year, local.month, local.day)
        self.since = date_edit(today.addDays(-7))
        self.until = date_edit(today)
        self.search_button = QPushButton("&Search")
        self.verify_button = QPushButton("&Verify log")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.changes = QPlainTextEdit()
        self.changes.setReadOnly(True)
        self.changes.setPlaceholderText("Select an entry to see the values before and after.")
        self._layout()
        self.search_button.clicked.connect(self.search)
        for edit in (self.detainer, self.person):
            edit.returnPressed.connect(self.search)
        self.verify_button.clicked.connect(self.verify)
        self.table.selectionModel().currentRowChanged.connect(self._selected)

    def _layout(self) -> None:
        bar = QHBoxLayout()
        for label, widget in (("Detainer:", self.detainer), ("Person:", self.person),
                              ("From:", self.since), ("To:", self.until)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.search_button)
        bar.addWidget(self.verify_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.changes)
        splitter.setSizes([500, 150])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

    def search(self) -> None:
        """Run the search with the fields as typed."""
        since, until = local_days(self.since.date(), self.until.date(), self._desk.zone)
        where = AuditFilter(detainer_number=self.detainer.text(), person=self.person.text(),
                            since=since, until=until)
        try:
            lines = audit_lines(self._desk.db, where, self.actor, self._desk.time)
        except DeskError as exc:
            self.message.setText(str(exc))
            return
        self.model.set_rows(lines)
        self.table.resizeColumnsToContents()
        self.message.setText(f"{len(lines)} entries")

    def verify(self) -> None:
        """Run the same checks as `desk-app audit verify` and say what they found."""
        try:
            result = check_audit(self._desk, self.actor)
        except DeskError as exc:
            self.message.setText(str(exc))
            return
        if result.passed:
            self.message.setText(" ".join([result.summary() + ".", *(
                f"{sentence[:1].upper()}{sentence[1:]}." for sentence in result.unchecked)]))
        else:
            self.message.setText("The audit log was changed outside the application; tell "
                                 "the system administrator. " + " ".join(
                                     f"{problem[:1].upper()}{problem[1:]}."
                                     for problem in result.problems))

    def _selected(self, current: QModelIndex) -> None:
        if not current.isValid():
            return
        line = self.model.line(current.row())
        self.changes.setPlainText(change_lines(line.before, line.after, self._desk.zone))
