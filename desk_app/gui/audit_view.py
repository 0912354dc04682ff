"""The audit viewer for supervisors and administrators: who changed what, and when.

Private state of `AuditModel`:
    _lines: the entries of the last search, newest first.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QDateEdit,
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
from desk_app.store.audit import verify_chain
from desk_app.store.audit_query import AuditFilter, AuditLine, audit_lines
from desk_app.store.desk import Desk

AnyIndex = QModelIndex | QPersistentModelIndex
COL_AT, COL_ACTOR, COL_ACTION, COL_DETAINER, COL_SUMMARY = range(5)
HEADERS = ("When", "Who", "Action", "Detainer #", "What")


class AuditModel(QAbstractTableModel):
    """Audit entries as rows."""

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._lines: list[AuditLine] = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        """Number of entries shown."""
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        """Number of columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Column titles."""
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text."""
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        line = self._lines[index.row()]
        return (f"{format_local(line.at, self._zone, with_year=True)}:{line.at:%S}",
                line.actor, line.action, line.detainer_number, line.summary)[index.column()]

    def set_lines(self, lines: list[AuditLine]) -> None:
        """Show a new search result."""
        self.beginResetModel()
        self._lines = lines
        self.endResetModel()

    def line(self, row: int) -> AuditLine:
        """The entry on one row."""
        return self._lines[row]


class AuditView(QWidget):
    """Search the audit log and check its hash chain."""

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.actor = actor
        self.model = AuditModel(desk.zone, self)
        self.detainer = QLineEdit(placeholderText="Detainer #")
        self.person = QLineEdit(placeholderText="Person")
        today = QDate(desk.time.now().astimezone(desk.zone).date())
        self.since = QDateEdit(today.addDays(-7))
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        self.search_button = QPushButton("&Search")
        self.verify_button = QPushButton("&Verify chain")
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
        zone = self._desk.zone
        where = AuditFilter(
            detainer_number=self.detainer.text(), person=self.person.text(),
            since=datetime.combine(self.since.date().toPython(), time(0), tzinfo=zone),
            until=datetime.combine(self.until.date().toPython(), time(0), tzinfo=zone)
            + timedelta(days=1))
        try:
            lines = audit_lines(self._desk.db, where, self.actor)
        except DeskError as exc:
            self.message.setText(str(exc))
            return
        self.model.set_lines(lines)
        self.table.resizeColumnsToContents()
        self.message.setText(f"{len(lines)} entries")

    def verify(self) -> None:
        """Walk the hash chain and say whether the log is intact."""
        with self._desk.db.sessions() as session:
            report = verify_chain(session)
        if report.intact:
            self.message.setText(f"{report.entries} entries, chain intact.")
        else:
            self.message.setText(f"Audit entry {report.first_bad_id} does not match: the "
                                 "log was changed outside the application. Tell the "
                                 "system administrator.")

    def _selected(self, current: QModelIndex) -> None:
        if not current.isValid():
            return
        line = self.model.line(current.row())
        self.changes.setPlainText(f"Before: {line.before or '—'}\nAfter:  {line.after or '—'}")
