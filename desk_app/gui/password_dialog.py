"""Tools > Change my password…: a person replaces their own password.

The current password is checked like a sign-in (a wrong one counts toward the lockout
and gets the sign-in's one answer); the new one is typed twice and must have at least
12 characters (FBI CJIS Security Policy 5.6.2.1.1). A refusal shows in a red line and the
dialog stays open; the password fields are cleared for the next try.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.errors import DeskError
from desk_app.domain.passwords import MIN_LENGTH
from desk_app.gui.dialog_parts import error_line, heading_label, ok_cancel, wrapped
from desk_app.gui.sign_in_dialog import describe_refusal, password_edit
from desk_app.store.people_service import PeopleService

if TYPE_CHECKING:
    from desk_app.gui.main_window import MainWindow

log = logging.getLogger(__name__)

DIFFER = "New password: the two new passwords differ; type the same one twice."


class PasswordDialog(QDialog):
    """Change the signed-in person's own password.

    Attributes tests use: `current_edit`, `new_edit`, `repeat_edit`, `error_label`,
    `ok_button`, and `changed` (the Actor once the password is changed, else None).
    """

    def __init__(self, people: PeopleService, username: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people = people
        self.username = username
        self.changed: Actor | None = None
        self.setWindowTitle("Change my password")
        self.setModal(True)
        outer = QVBoxLayout(self)
        outer.addWidget(heading_label(f"Change the password of {username}", self))
        outer.addWidget(wrapped(f"At least {MIN_LENGTH} characters; a few words strung "
                                "together are easy to remember and hard to guess."))
        self.current_edit = password_edit()
        self.new_edit = password_edit(f"at least {MIN_LENGTH} characters")
        self.repeat_edit = password_edit("the same new password again")
        form = QFormLayout()
        form.addRow("&Current password:", self.current_edit)
        form.addRow("&New password:", self.new_edit)
        form.addRow("&Repeat new password:", self.repeat_edit)
        outer.addLayout(form)
        self.error_label = error_line()
        outer.addWidget(self.error_label)
        buttons, self.ok_button = ok_cancel(self, "&Change password", self._on_ok)
        outer.addWidget(buttons)
        for edit in (self.current_edit, self.new_edit, self.repeat_edit):
            edit.textChanged.connect(self._refresh)
        self._refresh()

    def _refresh(self) -> None:
        """Change only once all three fields have something in them."""
        self.ok_button.setEnabled(all(e.text() for e in (
            self.current_edit, self.new_edit, self.repeat_edit)))

    def _on_ok(self) -> None:
        if not self.ok_button.isEnabled():
            return
        if self.new_edit.text() != self.repeat_edit.text():
            self._refuse(DIFFER)
            return
        try:
            self.changed = self.people.change_own_password(
                self.username, self.current_edit.text(), self.new_edit.text())
        except DeskError as error:
            log.info("password change refused: %s", error)
            self._refuse(describe_refusal(error))
            return
        self.accept()

    def _refuse(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        for edit in (self.current_edit, self.new_edit, self.repeat_edit):
            edit.clear()
        self.current_edit.setFocus()


def change_my_password(window: MainWindow) -> None:
    """Tools > Change my password…: open the dialog for whoever is signed in."""
    if window.people is None or window.actor.username is None:
        return
    dialog = PasswordDialog(window.people, window.actor.username, window)
    dialog.accepted.connect(lambda: window.statusBar().showMessage(
        "Your password was changed.", 10_000))
    dialog.open()  # modal, without blocking the board's clock
