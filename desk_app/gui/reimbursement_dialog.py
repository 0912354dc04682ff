"""The follow-up dialog for money the federal government paid for a request
(ordinance §4(d), Trust Act §4(d)): an exact amount of dollars and the day received.

Like every custody dialog, the save carries the version the dialog was opened on: an
amount recorded meanwhile at another workstation is not written over without warning."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLineEdit, QWidget

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.errors import FieldError, InvalidFieldsError
from desk_app.domain.money import parse_dollars
from desk_app.gui.custody_dialogs import CustodyDialog
from desk_app.gui.dialog_parts import heading_label, wrapped
from desk_app.gui.form_fields import date_edit
from desk_app.gui.qt_dates import py_date
from desk_app.store.desk import Desk


class ReimbursementDialog(CustodyDialog):
    """Record a reimbursement: the amount typed in figures and the day it came in; the
    six-monthly report lists it in the period of that day."""

    def __init__(self, desk: Desk, actor: Actor, detainer_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, actor, detainer_id, "Reimbursement", parent)
        self.body.addWidget(heading_label("Money received from the federal government",
                                          self))
        self.body.addWidget(wrapped("For this request, as the six-monthly report lists it "
                                    "(ordinance §4(d), Trust Act §4(d)). 0 clears it."))
        current = self.detainer.reimbursement_amount
        self.amount_edit = QLineEdit(f"{current:.2f}" if current else "")
        self.amount_edit.setPlaceholderText("e.g. 1,250.50")
        self.amount_edit.textChanged.connect(lambda _text: self._refresh())
        self.form.addRow("&Amount ($):", self.amount_edit)
        today = desk.profile.local_day(desk.time.now())
        received = self.detainer.reimbursement_received_on or today
        self.received_edit = date_edit(QDate(received.year, received.month, received.day))
        self.form.addRow("&Received on:", self.received_edit)
        self._finish("&Record reimbursement", self.amount_edit)

    def _is_valid(self) -> bool:
        return bool(self.amount_edit.text().strip())

    def _save(self) -> DetainerSnapshot:
        try:
            amount = parse_dollars(self.amount_edit.text(), "amount")
        except FieldError as error:
            raise InvalidFieldsError([error]) from None
        return self.desk.detainers.record_reimbursement(
            self.detainer_id, amount, py_date(self.received_edit.date()), self.actor,
            expected_version=self.detainer.version)
