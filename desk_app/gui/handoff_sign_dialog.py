"""The incoming supervisor signs the handoff with their own username and password.

A refusal ("... may not sign the shift handoff; ask a supervisor") is often two or
three lines: the dialog grows to show all of it instead of squashing its fields.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DeskError
from desk_app.domain.handoff import HandoffRecord
from desk_app.gui.contact_log_view import describe
from desk_app.gui.dialog_parts import error_line, fit_height, heading_label, wrapped
from desk_app.gui.input_limits import cap
from desk_app.gui.sign_in_dialog import password_edit
from desk_app.store.field_limits import text_limit
from desk_app.store.handoff_service import HandoffService

log = logging.getLogger(__name__)


class IncomingSignDialog(QDialog):
    """The incoming supervisor signs in here (their own username and password)."""

    def __init__(self, service: HandoffService, handoff_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.handoff_id = handoff_id
        self.record: HandoffRecord | None = None
        self.setWindowTitle("Incoming supervisor signs the handoff")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)
        layout = self._layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Incoming supervisor: sign with your own account",
                                       self))
        layout.addWidget(wrapped("Read the handoff first. Signing records that you took "
                                 "over the shift as it is shown; it cannot be undone."))
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("username")
        cap(self.username_edit, text_limit("handoffs", "incoming_username"))
        self.password_edit = password_edit()
        self.password_edit.setObjectName("password")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Username:", self.username_edit)
        form.addRow("&Password:", self.password_edit)
        layout.addLayout(form)
        self.error_label = error_line()
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        buttons = QDialogButtonBox()
        self.sign_button = buttons.addButton("&Sign as incoming supervisor",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._sign)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _sign(self) -> None:
        try:
            self.record = self.service.sign_incoming(
                self.handoff_id, self.username_edit.text(), self.password_edit.text())
        except DeskError as error:
            log.info("incoming signature refused: %s", error)
            self.error_label.setText(describe(error))
            self.error_label.show()
            self.fit_height()
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        self.accept()

    def fit_height(self) -> None:
        """Be tall enough for every wrapped line at the current width."""
        fit_height(self)
