"""The administrator's list of people: add, reset a password, disable or enable, role.

People are never deleted (the audit log names them); a departed officer is disabled.
Every button calls `PeopleService` as the signed-in administrator; the service checks
MANAGE_PEOPLE again and audits each change, so this dialog is only the way in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.errors import DeskError, FieldError
from desk_app.domain.instants import format_local
from desk_app.domain.passwords import MIN_LENGTH
from desk_app.domain.time_source import TimeSource
from desk_app.domain.vocabulary import Role
from desk_app.gui.dialog_parts import ask, error_line, heading_label, ok_cancel, wrapped
from desk_app.gui.dialog_run import run_then
from desk_app.gui.discard_check import input_state, may_close
from desk_app.gui.input_limits import cap
from desk_app.gui.rows_model import RowsModel
from desk_app.gui.sign_in_dialog import describe_refusal, password_edit
from desk_app.store.field_limits import text_limit
from desk_app.store.people_service import PeopleService, PersonInfo

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex

COL_NAME, COL_USERNAME, COL_ROLE, COL_STATUS, COL_CREATED = range(5)
HEADERS = ("Name", "Username", "Role", "Status", "Account created")
USERNAME_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


def role_words(role: Role) -> str:
    """A role as a heading shows it: "Desk officer"."""
    return role.value[:1].upper() + role.value[1:]


class PeopleModel(RowsModel):
    """One row per person, disabled ones included, for a view behind a sort proxy.

    Private state:
        _rows: the people as last listed by the service.
        _time: where "now" comes from, to tell whether a lock is still running.
        _zone: the department's zone, for the "locked until" and created times.
    """

    HEADERS = HEADERS

    def __init__(self, time: TimeSource, zone: ZoneInfo,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._time = time
        self._zone = zone
        self._rows: list[PersonInfo] = []

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text, the username of the row, sort keys, grey text for disabled."""
        if not index.isValid():
            return None
        person = self._rows[index.row()]
        if role == USERNAME_ROLE:
            return person.username
        if role == SORT_ROLE and index.column() == COL_CREATED:
            return person.created_at.timestamp()
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self._text(person, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and not person.active:
            return Qt.GlobalColor.gray
        return None

    def person_at(self, position: int) -> PersonInfo:
        """The person on one (source) row."""
        return self._rows[position]

    def _text(self, person: PersonInfo, column: int) -> str:
        if column == COL_NAME:
            return person.display_name
        if column == COL_USERNAME:
            return person.username
        if column == COL_ROLE:
            return role_words(person.role)
        if column == COL_STATUS:
            return self.status(person)
        return format_local(person.created_at, self._zone, with_year=True)

    def status(self, person: PersonInfo) -> str:
        """Active, Disabled, or Locked until HH:MM after too many wrong passwords."""
        if not person.active:
            return "Disabled"
        now = self._time.now()
        if person.is_locked(now):
            assert person.locked_until is not None
            until: datetime = person.locked_until.astimezone(self._zone)
            return f"Locked until {until:%H:%M}"
        return "Active, new password asked" if person.must_change_password else "Active"


class PersonFormDialog(QDialog):
    """A small form for one change: add a person, a new password, or a new role.

    Which rows appear depends on `mode` ("add", "password" or "role"). `_save` is the
    callable that sends the form to the service; a refusal stays in the red line with
    everything still typed.
    """

    def __init__(self, mode: str, title: str, parent: QWidget | None = None,
                 person: PersonInfo | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.setWindowTitle(title)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        outer = QVBoxLayout(self)
        outer.addWidget(heading_label(title, self))
        if person is not None:
            outer.addWidget(wrapped(f"{person.display_name} ({person.username})"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.username_edit = QLineEdit()
        self.display_name_edit = QLineEdit()
        self.display_name_edit.setPlaceholderText("as the audit log names them")
        cap(self.username_edit, text_limit("people", "username"))
        cap(self.display_name_edit, text_limit("audit_log", "actor"))  # the log names them
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(role_words(role), role)
        if person is not None:
            self.role_combo.setCurrentIndex(list(Role).index(person.role))
        self.password_edit = password_edit(f"at least {MIN_LENGTH} characters")
        self.repeat_edit = password_edit("the same again")
        if mode == "add":
            form.addRow("&Username:", self.username_edit)
            form.addRow("&Display name:", self.display_name_edit)
        if mode in ("add", "role"):
            form.addRow("&Role:", self.role_combo)
        if mode in ("add", "password"):
            form.addRow("&Password:", self.password_edit)
            form.addRow("R&epeat password:", self.repeat_edit)
        outer.addLayout(form)
        self.error_label = error_line()
        outer.addWidget(self.error_label)
        buttons, self.ok_button = ok_cancel(self, "&Save", self._on_ok)
        outer.addWidget(buttons)
        self.save: Callable[[PersonFormDialog], object] | None = None
        self._pristine = input_state(self)

    def reject(self) -> None:
        """Escape or Cancel: close, but ask first if anything typed would be lost."""
        if may_close(self, self._pristine):
            super().reject()

    def role(self) -> Role:
        """The role chosen in the combo."""
        return Role(self.role_combo.currentData())

    def password(self) -> str:
        """The new password, once both fields agree."""
        if self.mode in ("add", "password") and \
                self.password_edit.text() != self.repeat_edit.text():
            raise FieldError("password", "the two passwords differ; type the same "
                                         "password twice")
        return self.password_edit.text()

    def _on_ok(self) -> None:
        assert self.save is not None
        try:
            self.save(self)
        except DeskError as error:
            self.error_label.setText(describe_refusal(error))
            self.error_label.show()
            return
        self.accept()


class PeopleDialog(QDialog):
    """The administrator's people list with Add, Reset password, Disable/Enable, Role,
    and Ask for a new password (at the next sign-in)."""

    def __init__(self, people: PeopleService, actor: Actor, zone: ZoneInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people = people
        self.actor = actor
        self.setWindowTitle("People")
        self.resize(self.fontMetrics().averageCharWidth() * 110,
                    self.fontMetrics().height() * 24)
        self.model = PeopleModel(people.time, zone, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        self.add_button = QPushButton("&Add person…")
        self.reset_button = QPushButton("&Reset password…")
        self.active_button = QPushButton("&Disable")
        self.role_button = QPushButton("Change r&ole…")
        self.ask_button = QPushButton("As&k for a new password")
        self.ask_button.setToolTip("At the next sign-in this person must choose a new "
                                   "password before the board opens")
        self.close_button = QPushButton("Close")
        self.add_button.clicked.connect(self._add)
        self.reset_button.clicked.connect(self._reset_password)
        self.active_button.clicked.connect(self._toggle_active)
        self.role_button.clicked.connect(self._change_role)
        self.ask_button.clicked.connect(self._ask_new_password)
        self.close_button.clicked.connect(self.accept)

        self.error_label = error_line()
        outer = QVBoxLayout(self)
        outer.addWidget(wrapped("Everyone who may sign in, and their role. People are "
                                "disabled, never deleted: the audit log names them."))
        outer.addWidget(self.view, 1)
        outer.addWidget(self.error_label)
        row = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.active_button,
                       self.role_button, self.ask_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        outer.addLayout(row)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.listing = people.open_list(actor)  # the reading audited once per opening
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        """Read the list again and keep (or move) the selection."""
        selected = self.selected()
        keep = select or (selected.username if selected else None)
        self.model.set_rows(self.listing.read())
        if keep:
            for row in range(self.proxy.rowCount()):
                if self.proxy.index(row, 0).data(USERNAME_ROLE) == keep:
                    self.view.selectRow(row)
        self._selection_changed()

    def selected(self) -> PersonInfo | None:
        """The person on the selected row, if any (mapped back through the proxy)."""
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() \
            else []
        if not rows:
            return None
        return self.model.person_at(self.proxy.mapToSource(rows[0]).row())

    def _selection_changed(self) -> None:
        person = self.selected()
        for button in (self.reset_button, self.active_button, self.role_button,
                       self.ask_button):
            button.setEnabled(person is not None)
        self.active_button.setText("&Enable" if person and not person.active else "&Disable")

    def _show_error(self, error: DeskError) -> None:
        self.error_label.setText(describe_refusal(error))
        self.error_label.show()

    def _run_form(self, form: PersonFormDialog, after: Callable[[], None]) -> None:
        """Run the form; `after` runs once it is saved (also a draft reopened after the
        idle lock and saved then)."""
        self.error_label.hide()
        run_then(form, lambda _form: after())

    def _add(self) -> None:
        form = PersonFormDialog("add", "Add a person", self)
        form.role_combo.setCurrentIndex(list(Role).index(Role.DESK_OFFICER))
        added: list[str] = []

        def save(f: PersonFormDialog) -> None:
            info = self.people.add(f.username_edit.text(), f.display_name_edit.text(),
                                   f.role(), f.password(), self.actor)
            added.append(info.username)

        form.save = save
        self._run_form(form, lambda: self.refresh(select=added[-1]))

    def _reset_password(self) -> None:
        person = self.selected()
        if person is None:
            return
        form = PersonFormDialog("password", "Reset password", self, person)
        form.save = lambda f: self.people.reset_password(person.username, f.password(),
                                                         self.actor)
        self._run_form(form, self.refresh)

    def _change_role(self) -> None:
        person = self.selected()
        if person is None:
            return
        form = PersonFormDialog("role", "Change role", self, person)
        form.save = lambda f: self.people.change_role(person.username, f.role(), self.actor)
        self._run_form(form, self.refresh)

    def _ask_new_password(self) -> None:
        """The selected person chooses a new password at the next sign-in (audited)."""
        person = self.selected()
        if person is None:
            return
        self.error_label.hide()
        try:
            self.people.require_password_change(person.username, self.actor)
        except DeskError as error:
            log.info("people change refused: %s", error)
            self._show_error(error)
            return
        self.refresh()

    def _toggle_active(self) -> None:
        person = self.selected()
        if person is None:
            return
        self.error_label.hide()
        if person.active:
            if not ask(self, "Disable account",
                       f"Disable {person.display_name} ({person.username})? They can no "
                       "longer sign in; their name stays in the audit log. You can enable "
                       "them again."):
                return
        try:
            self.people.set_active(person.username, not person.active, self.actor)
        except DeskError as error:
            log.info("people change refused: %s", error)
            self._show_error(error)
            return
        self.refresh()
