"""Sign in at start, after the workstation locked itself, or create the first administrator.

On a new database nobody can sign in yet, so the dialog offers to create the first
administrator instead (username, display name, password twice). After an idle lock it
says why it appeared; it cannot be dismissed without signing in, and it never touches
the board behind it (the main window hides what must not be seen meanwhile).

A refusal (wrong password, locked or disabled account) shows in a red line; the typed
username stays, the password field is cleared for the next try. When an administrator
has asked a person to choose a new password, the dialog asks for it (twice) after the
password is checked and before the board opens.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.errors import DeskError, FieldError, InvalidFieldsError
from desk_app.domain.passwords import MIN_LENGTH
from desk_app.gui.dialog_parts import error_line, heading_label, wrapped
from desk_app.gui.input_limits import cap
from desk_app.store.field_limits import text_limit
from desk_app.store.people_service import PeopleService

log = logging.getLogger(__name__)

FIELD_LABELS = {"username": "Username", "display_name": "Display name",
                "password": "Password", "role": "Role"}


def describe_refusal(error: DeskError) -> str:
    """A refusal as one or more plain lines, each field named as the form names it."""
    items = error.errors if isinstance(error, InvalidFieldsError) else [error]
    lines = []
    for item in items:
        if isinstance(item, FieldError):
            label = FIELD_LABELS.get(item.field, item.field.replace("_", " ").capitalize())
            lines.append(f"{label}: {item.message}.")
        else:
            lines.append(str(item))
    return "\n".join(lines)


def password_edit(placeholder: str = "") -> QLineEdit:
    """A field that shows dots, not the password, and offers no copying of it."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


class SignInDialog(QDialog):
    """Ask who is at the desk; afterwards `actor` is the signed-in person.

    Attributes the caller and tests use: `actor` (None until accepted), `first_run`
    (True when the first administrator is being created), `username_edit`,
    `password_edit`, `display_name_edit` and `repeat_edit` (first run only),
    `error_label`, `sign_in_button`, `quit_button` (None when locked).
    """

    def __init__(self, people: PeopleService, parent: QWidget | None = None,
                 locked_by: str | None = None, lock_minutes: int = 10,
                 why: str | None = None) -> None:
        super().__init__(parent)
        self.people = people
        self.actor: Actor | None = None
        self.locked_by = locked_by
        self.first_run = not people.has_people()
        self.setWindowTitle("Detainer Desk – sign in")
        self.setModal(True)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        outer = QVBoxLayout(self)
        outer.setSpacing(self.fontMetrics().height() // 2)

        self.username_edit = QLineEdit()
        self.username_edit.setPlaceholderText("e.g. dreyes")
        cap(self.username_edit, text_limit("people", "username"))
        self.password_edit = password_edit()
        self.display_name_edit: QLineEdit | None = None
        self.repeat_edit: QLineEdit | None = None
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        if self.first_run:
            outer.addWidget(heading_label("Create the first administrator", self))
            outer.addWidget(wrapped(
                "Nobody has an account on this desk yet. The first person is the "
                "administrator, who then adds everyone else and gives each a role. The "
                "display name is how the audit log will name you."))
            self.display_name_edit = QLineEdit()
            self.display_name_edit.setPlaceholderText("e.g. Lt. A. Okafor")
            cap(self.display_name_edit, text_limit("audit_log", "actor"))  # the log names them
            self.password_edit.setPlaceholderText(f"at least {MIN_LENGTH} characters")
            self.repeat_edit = password_edit("the same password again")
            form.addRow("&Username:", self.username_edit)
            form.addRow("&Display name:", self.display_name_edit)
            form.addRow("&Password:", self.password_edit)
            form.addRow("&Repeat password:", self.repeat_edit)
            ok_text = "&Create administrator and sign in"
        else:
            if locked_by is None:
                outer.addWidget(heading_label("Sign in to Detainer Desk", self))
            else:
                outer.addWidget(heading_label(
                    why or f"Locked after {lock_minutes} minutes without input. "
                    "Sign in to continue", self))
                who = f"{locked_by} was signed in. " if locked_by else ""
                outer.addWidget(wrapped(f"{who}The board stays as it was; anyone on "
                                        "duty may sign in."))
            form.addRow("&Username:", self.username_edit)
            form.addRow("&Password:", self.password_edit)
            ok_text = "&Sign in"
        # Asked only when an administrator made this person choose a new password.
        self.new_password_edit = password_edit(f"at least {MIN_LENGTH} characters")
        self.new_repeat_edit = password_edit("the same new password again")
        form.addRow("&New password:", self.new_password_edit)
        form.addRow("Repeat &new password:", self.new_repeat_edit)
        for edit in (self.new_password_edit, self.new_repeat_edit):
            form.setRowVisible(edit, False)
            edit.textChanged.connect(self._refresh)
        self._form = form
        self.password_due: Actor | None = None  # signed in, a new password still owed
        outer.addLayout(form)
        self.notice_label = wrapped("")
        self.notice_label.hide()
        outer.addWidget(self.notice_label)

        self.error_label = error_line()
        outer.addWidget(self.error_label)
        outer.addStretch(1)

        buttons = QDialogButtonBox()
        self.sign_in_button: QPushButton = buttons.addButton(
            ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        self.quit_button: QPushButton | None = None
        if locked_by is None:
            self.quit_button = buttons.addButton("&Quit",
                                                 QDialogButtonBox.ButtonRole.RejectRole)
            self.quit_button.setAutoDefault(False)
        buttons.accepted.connect(self._on_sign_in)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)

        for edit in self._edits():
            edit.textChanged.connect(self._refresh)
        self.username_edit.setFocus()
        self._refresh()

    def _edits(self) -> list[QLineEdit]:
        extra = [self.display_name_edit, self.repeat_edit]
        if self.password_due is not None:
            extra += [self.new_password_edit, self.new_repeat_edit]
        return [self.username_edit, self.password_edit, *(e for e in extra if e)]

    def _refresh(self) -> None:
        """Sign in only once every field has something in it."""
        self.sign_in_button.setEnabled(all(e.text().strip() for e in self._edits()))

    def show_error(self, text: str) -> None:
        """Show a refusal in the red line; the username stays as typed."""
        self.error_label.setText(text)
        self.error_label.show()
        self.adjustSize()

    def _on_sign_in(self) -> None:
        if not self.sign_in_button.isEnabled():
            return
        self.error_label.hide()
        try:
            if self.password_due is not None:
                self.actor = self._new_password()
            elif self.first_run:
                self.actor = self._first_administrator()
            else:
                signed_in = self.people.authenticate(self.username_edit.text(),
                                                     self.password_edit.text())
                if self.people.must_change_password(self.username_edit.text()):
                    self._ask_new_password(signed_in)
                    return
                self.actor = signed_in
        except DeskError as error:
            if self.password_due is not None:
                self.show_error(describe_refusal(error))
                self.new_password_edit.clear()
                self.new_repeat_edit.clear()
                self.new_password_edit.setFocus()
                return
            log.info("sign-in refused: %s", error)
            self.show_error(describe_refusal(error))
            field = error.field if isinstance(error, FieldError) else "password"
            if field == "username":
                self.username_edit.setFocus()
                self.username_edit.selectAll()
            elif field == "display_name" and self.display_name_edit is not None:
                self.display_name_edit.setFocus()
            else:
                self.password_edit.clear()
                if self.repeat_edit is not None:
                    self.repeat_edit.clear()
                self.password_edit.setFocus()
            return
        log.info("signed in: %s (%s)", self.actor.name, self.actor.role.value)
        self.accept()

    def _ask_new_password(self, signed_in: Actor) -> None:
        """The administrator asked for a new password: ask for it before the board."""
        self.password_due = signed_in
        self.username_edit.setEnabled(False)
        self.password_edit.setEnabled(False)
        for edit in (self.new_password_edit, self.new_repeat_edit):
            self._form.setRowVisible(edit, True)
        self.notice_label.setText(
            f"{signed_in.name}: an administrator asks you to choose a new password before "
            f"you start. Type it twice ({MIN_LENGTH} characters or more).")
        self.notice_label.show()
        self.sign_in_button.setText("Set &password and sign in")
        self.new_password_edit.setFocus()
        self._refresh()

    def _new_password(self) -> Actor:
        if self.new_password_edit.text() != self.new_repeat_edit.text():
            raise FieldError("password", "the two new passwords differ; type the same "
                                         "password twice")
        return self.people.change_own_password(self.username_edit.text(),
                                               self.password_edit.text(),
                                               self.new_password_edit.text())

    def _first_administrator(self) -> Actor:
        assert self.display_name_edit is not None and self.repeat_edit is not None
        if self.password_edit.text() != self.repeat_edit.text():
            raise FieldError("password", "the two passwords differ; type the same "
                                         "password twice")
        return self.people.first_administrator(self.username_edit.text(),
                                                self.display_name_edit.text(),
                                                self.password_edit.text())

    def reject(self) -> None:
        """Quit at start-up; after an idle lock, Escape must not uncover the board."""
        if self.locked_by is None:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        """A locked workstation's sign-in cannot be closed, only signed into."""
        if self.locked_by is not None and self.actor is None:
            event.ignore()
            return
        super().closeEvent(event)

