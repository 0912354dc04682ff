"""The ICE contact log tab: every presence call, request for assistance, notification
request and administrative warrant in a date range, newest first, with the buttons
that log a new one, mark the command staff notified and record ICE's callback.

The view builds widgets and opens the dialogs; the service does the work and its
contact feed (one per desk, in this process) tells the view to reload, so a contact
logged from any window of this application appears without a click. Changes made at
another workstation show at the next reload (changing the dates, or any change here).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.contact_log import (
    CallbackResult,
    ContactDecision,
    ContactEntry,
    ContactKind,
    ContactReason,
)
from desk_app.domain.errors import ConflictError, DeskError, InvalidFieldsError
from desk_app.domain.instants import format_local, isolate
from desk_app.gui.contact_dialog import ContactDialog, sentence
from desk_app.gui.dialog_parts import wrapped
from desk_app.gui.form_fields import date_edit, local_days
from desk_app.gui.input_limits import ask_line
from desk_app.gui.qt_dates import qdate
from desk_app.gui.rows_model import RowsModel
from desk_app.gui.signed_in import ActsForSignedIn, SignedIn, signed_in_source
from desk_app.store.contact_service import ContactLogService
from desk_app.store.desk import Desk
from desk_app.store.field_limits import text_limit

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex
D = TypeVar("D", bound=QDialog)

COL_WHEN, COL_KIND, COL_AGENT, COL_WHERE, COL_REASON, COL_DECISION, COL_CAD, \
    COL_NOTIFIED, COL_CALLBACK = range(9)
HEADERS = ("When", "Kind", "Agent (unit)", "Address / person", "Reason stated",
           "Decision / released", "CAD #", "Notified", "Callback")
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
PENDING_BACKGROUND = "#ffe8a3"  # the board's warning colour: someone is still to be told
DEFAULT_DAYS = 30
CALLBACK_CHOICES = {"No service": CallbackResult.NO_SERVICE,
                    "One in custody": CallbackResult.ONE_IN_CUSTODY,
                    "Other (say what)": CallbackResult.OTHER}


# The table's words where the full ones would push columns off a 1366-pixel screen;
# the full words are in each cell's tooltip and in the details under the table.
SHORT_WORDS = {
    ContactKind.ADMINISTRATIVE_WARRANT: "admin. warrant",
    ContactReason.STATE_WARRANT: "MA / other state warrant",
    ContactReason.CIVIL_ONLY: "civil only",
    ContactDecision.OFFICER_SAFETY_ONLY: "officer safety only",
}


def short(value: StrEnum) -> str:
    """The table's word for a kind, reason or decision."""
    return SHORT_WORDS.get(value, value.value)


def describe(error: DeskError) -> str:
    """A refusal in the desk's words, one line per field."""
    if isinstance(error, InvalidFieldsError):
        return "\n".join(sentence(e.field, e.message) for e in error.errors)
    return str(error)


def notified_text(entry: ContactEntry) -> str:
    """"1 of 2 told", "all 2 told", or "" when nobody is to be told."""
    if not entry.notices:
        return ""
    told = len(entry.notices) - len(entry.pending_recipients)
    total = len(entry.notices)
    return f"all {total} told" if told == total else f"{told} of {total} told"


class ContactLogModel(RowsModel):
    """Rows of the contact log, one per contact, for a table behind a sort proxy.

    Private state:
        _rows: the contacts of the last reload, newest first (as the service gives them).
        _zone: the department's zone, in which times are shown.
    """

    HEADERS = HEADERS

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._rows: list[ContactEntry] = []

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text, the contact id, sort keys, and amber where a notice is pending."""
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if role == ENTRY_ID_ROLE:
            return entry.id
        if role == SORT_ROLE and column == COL_WHEN:
            return entry.occurred_at.timestamp()
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self._text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if (role == Qt.ItemDataRole.BackgroundRole and column == COL_NOTIFIED
                and entry.pending_recipients):
            return QBrush(QColor(PENDING_BACKGROUND))
        if (role == Qt.ItemDataRole.ForegroundRole and column == COL_NOTIFIED
                and entry.pending_recipients):
            return QBrush(QColor("#000000"))
        return None

    def entry_at(self, position: int) -> ContactEntry:
        """The contact on one row."""
        return self._rows[position]

    def row_of(self, entry_id: int) -> int | None:
        """The row showing a contact, if it is shown."""
        return next((i for i, e in enumerate(self._rows) if e.id == entry_id), None)

    def _tooltip(self, e: ContactEntry, column: int) -> str | None:
        if column == COL_KIND:
            return e.kind.value
        if column == COL_REASON:
            return e.reason.value
        if column == COL_DECISION and e.decision:
            return f"{e.decision.value} (rule: {e.rule_citation})"
        if column == COL_NOTIFIED and e.pending_recipients:
            return "Still to be told: " + ", ".join(e.pending_recipients)
        return None

    def _text(self, e: ContactEntry, column: int) -> str:
        if column == COL_WHEN:
            return format_local(e.occurred_at, self._zone, with_year=True)
        if column == COL_KIND:
            return short(e.kind)
        if column == COL_AGENT:
            return f"{e.agent_name} ({e.unit})"
        if column == COL_WHERE:
            if e.kind.is_field_operation:
                return e.address
            person = isolate(e.subject_name) if e.subject_name else ""
            return " · ".join(part for part in (e.detainer_number, person) if part)
        if column == COL_REASON:
            return short(e.reason)
        if column == COL_DECISION:
            return short(e.decision) if e.decision else f"released: {e.information_released}"
        if column == COL_CAD:
            return e.cad_number
        if column == COL_NOTIFIED:
            return notified_text(e)
        return e.callback_text or ("awaited" if e.kind.is_field_operation else "")


class ContactLogView(QWidget, ActsForSignedIn):
    """The ICE contact log: date range, table, details of the selected contact, actions.

    `dialog` is the "New ICE contact" form opened last (tests drive it). Marking a
    notice and recording the callback ask with small standard prompts; the time
    recorded is the moment of the answer.
    """

    def __init__(self, desk: Desk, actor: Actor | SignedIn,
                 service: ContactLogService | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.signed_in = signed_in_source(actor)
        self.service = service or desk.contacts
        self.dialog: QDialog | None = None
        # A callback note whose save was refused, by contact: offered again, not lost.
        self.unsaved_notes: dict[int, str] = {}
        self.model = ContactLogModel(desk.zone, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        today = qdate(desk.time.now().astimezone(desk.zone).date())
        self.date_from = date_edit(today.addDays(-DEFAULT_DAYS))
        self.date_to = date_edit(today)
        self.count = QLabel()
        self.table = QTableView()
        self.table.setObjectName("contactLog")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_WHEN, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.details = wrapped("")
        self.details.setObjectName("contactDetails")
        self.new_button = QPushButton("&New contact…")
        self.new_button.setToolTip("Log an ICE presence call, request for assistance, "
                                   "notification request or administrative warrant")
        self.notified_button = QPushButton("Mark no&tified…")
        self.notified_button.setToolTip("Record that the people the policy names were told")
        self.callback_button = QPushButton("Record ca&llback…")
        self.callback_button.setToolTip("What ICE reported when it called back")
        self._layout()
        self.date_from.dateChanged.connect(self.reload)
        self.date_to.dateChanged.connect(self.reload)
        self.new_button.clicked.connect(self.new_contact)
        self.notified_button.clicked.connect(self.mark_notified)
        self.callback_button.clicked.connect(self.record_callback)
        self.table.selectionModel().currentRowChanged.connect(self._show_selected)
        self._listen()
        self.reload()

    def _layout(self) -> None:
        bar = QHBoxLayout()
        for text, widget in (("&From:", self.date_from), ("T&o:", self.date_to)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget)
        bar.addWidget(self.count, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.notified_button)
        bar.addWidget(self.callback_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)

    def _listen(self) -> None:
        """Reload on every committed contact change, for as long as this view exists."""
        feed, ref = self.service.feed, weakref.ref(self)

        def changed(_entry_id: int) -> None:
            view = ref()
            if view is not None:
                view.reload()  # the cursor stays where the user left it

        feed.subscribe(changed)
        self.destroyed.connect(lambda *_: feed.unsubscribe(changed))

    # --- reading --------------------------------------------------------------------------

    def reload(self, *_: object, keep: int | None = None) -> None:
        """Ask the store for the contacts in the date range; keep the selection."""
        keep = keep if keep is not None else self.selected_id()
        start, end = local_days(self.date_from.date(), self.date_to.date(), self.desk.zone)
        rows = self.service.entries(start, end) if end > start else []
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.count.setText(f"{len(rows)} ICE contact{'s' if len(rows) != 1 else ''}"
                           if end > start else "“From” is after “To”: nothing to show")
        if keep is not None:
            self.select(keep)
        self._show_selected()

    def select(self, entry_id: int) -> None:
        """Put the cursor on a contact's row, if it is shown."""
        row = self.model.row_of(entry_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def selected_id(self) -> int | None:
        """The id of the contact under the cursor, if any."""
        index = self.table.currentIndex()
        return index.data(ENTRY_ID_ROLE) if index.isValid() else None

    def selected_entry(self) -> ContactEntry | None:
        """The contact under the cursor, if any."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.entry_at(self.proxy.mapToSource(index).row())

    def _show_selected(self, *_: object) -> None:
        entry = self.selected_entry()
        self.notified_button.setEnabled(bool(entry and entry.pending_recipients))
        self.callback_button.setEnabled(bool(entry and entry.kind.is_field_operation))
        self.details.setText("\n".join(entry.details(self.desk.zone)) if entry else
                             "Select a contact to see its details.")

    # --- actions ---------------------------------------------------------------------------

    def mark_notified(self) -> None:
        """Ask who was told of the selected ICE presence, and record it (now, by the actor)."""
        entry = self.selected_entry()
        if entry is None or not entry.pending_recipients:
            return
        method = next(n.method for n in entry.notices if not n.done)
        notice = self.service.profile.presence_notice
        source = f" ({notice.citation})" if notice is not None else ""
        question = (f"Who has just been told of this ICE presence ({entry.address})?\n"
                    f"By {method}{source}." if entry.kind.is_field_operation else
                    f"Record that this was done: {method}.")
        recipient, ok = QInputDialog.getItem(
            self, f"Mark notified – ICE contact #{entry.id}", question,
            list(entry.pending_recipients), 0, False)
        if ok:
            self._apply(lambda: self.service.mark_notified(
                entry.id, recipient, self.actor, expected_version=entry.version))

    def record_callback(self) -> None:
        """Ask what ICE reported when it called back about the selected contact."""
        entry = self.selected_entry()
        if entry is None or not entry.kind.is_field_operation:
            return
        title = f"Record callback – ICE contact #{entry.id}"
        was = f"\nAlready recorded: {entry.callback_text}; this replaces it." \
            if entry.callback_result else ""
        word, ok = QInputDialog.getItem(
            self, title, f"What did ICE report when it called back (CAD {entry.cad_number})?"
            f"{was}", list(CALLBACK_CHOICES), 0, False)
        if not ok:
            return
        result = CALLBACK_CHOICES[word]
        other = result is CallbackResult.OTHER
        note = ask_line(self, title, "What ICE said:" if other else "Details (optional):",
                        text_limit("ice_contacts", "callback_note"),
                        self.unsaved_notes.get(entry.id, ""))
        if note is not None:
            self._apply(lambda: self.service.record_callback(
                entry.id, result, self.actor, note, expected_version=entry.version),
                typed=(entry.id, note))

    def _apply(self, change: Callable[[], ContactEntry],
               typed: tuple[int, str] | None = None) -> None:
        """Make one change; a refusal is shown in plain words and nothing is lost: a
        note typed for it (`typed`: contact id, text) is offered again next time, and
        a contact changed elsewhere meanwhile is shown as it now is."""
        try:
            entry = change()
        except DeskError as exc:
            log.info("contact change refused: %s", exc)
            if typed is not None and typed[1].strip():
                self.unsaved_notes[typed[0]] = typed[1]
            QMessageBox.warning(self, "Not recorded", describe(exc))
            if isinstance(exc, ConflictError):
                self.reload(keep=self.selected_id())
            return
        self.unsaved_notes.pop(entry.id, None)
        self.reload(keep=entry.id)

    def new_contact(self) -> ContactDialog:
        """Open the "New ICE contact" form (not blocking); the row appears once logged."""
        return self._open(ContactDialog(self.desk, self.actor, self.service, self))

    def _open(self, dialog: D) -> D:
        """Show a dialog window-modal without blocking; on save, show its contact."""
        # No lambda holds the dialog: it is deleted once closed, and a closure keeping
        # its wrapper alive across that deletion crashes PySide.
        dialog.accepted.connect(self._dialog_saved)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_saved(self) -> None:
        entry: ContactEntry | None = getattr(self.sender(), "saved", None)
        if entry is None:
            return
        day = qdate(entry.occurred_at.astimezone(self.desk.zone).date())
        if not self.date_from.date() <= day <= self.date_to.date():
            self.date_from.setDate(min(day, self.date_from.date()))
            self.date_to.setDate(max(day, self.date_to.date()))
        self.reload(keep=entry.id)
        self.table.setFocus()
