"""Small dialogs that record one custody event each: a step, bail decision, ERO, copy.

Every dialog takes the desk, the signed-in actor and the detainer id, calls the service
itself when OK is pressed, and either stores the new snapshot on `result_snapshot` and
accepts, or shows the refusal in plain words in a red line and stays open with
everything still typed. Each save carries the version of the detainer the dialog was
opened on; when another workstation changed it since, the save is refused with who
changed what and when, and the dialog takes the new version as its basis, so that
pressing the button again (after reviewing) saves. Times are typed as department
wall-clock time (`desk.zone`) and converted with zoneinfo, never through the
workstation's own zone. Bail posted, release, close and void, which end custody or
take a detainer off the board, live in `close_dialog`.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerSnapshot, StepSnapshot
from desk_app.domain.errors import ConflictError, DeskError, InvalidFieldsError
from desk_app.domain.instants import format_local
from desk_app.domain.lifecycle import made_due_by_bail
from desk_app.domain.vocabulary import BailDecision, Duty, StepRecord
from desk_app.gui.dialog_parts import (
    describe,
    error_line,
    fit_height,
    heading_label,
    instant_of,
    wall_clock_edit,
    wrapped,
)
from desk_app.gui.discard_check import input_state, may_close
from desk_app.gui.held_until_court import held_until_court_note
from desk_app.gui.input_limits import cap
from desk_app.gui.time_typing import with_typing
from desk_app.store.custody_service import ERO_METHODS, EroNotice
from desk_app.store.desk import Desk
from desk_app.store.field_limits import text_limit

log = logging.getLogger(__name__)

ERO_SENTENCE = ("The subject is no longer in our custody and will not be available "
                "for transfer.")
ERO_HEADING = ("Tell ICE ERO that the subject is no longer in our custody and will not "
               "be available for transfer")
ERO_FALLBACK_CITATION = "Policy 413 §IV.A.3(g)"

class CustodyDialog(QDialog):
    """What every custody dialog shares: the detainer line, the red error, OK/Cancel.

    Subclasses fill `self.body` / `self.form`, then call `_finish`; they implement
    `_save` (one service call returning the new snapshot) and may override
    `_is_valid` (OK stays disabled until it is true) and `_after_save`.
    `_fields` maps a service field name to the widget that holds it, so a refusal
    can put the cursor where the mistake is.
    """

    def __init__(self, desk: Desk, actor: Actor, detainer_id: int, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.actor = actor
        self.detainer_id = detainer_id
        self.result_snapshot: DetainerSnapshot | None = None
        self.detainer = desk.detainers.get(detainer_id)
        self._fields: dict[str, QWidget] = {}
        self.setWindowTitle(f"{title} – {self.detainer.detainer_number}")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self._outer = QVBoxLayout(self)
        self._outer.setSpacing(self.fontMetrics().height() // 2)
        self._outer.addWidget(wrapped(
            f"Detainer {self.detainer.detainer_number} · {self.detainer.subject_name}"))
        self.body = QVBoxLayout()
        self._outer.addLayout(self.body)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # Every field takes the row's width, so a wrapped value (a citation) is not
        # squeezed to its narrowest and cut.
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form_placed = False
        self._pristine: tuple[object, ...] | None = None

    def _place_form(self) -> None:
        """Put the form rows into the body here (once); later widgets go below them."""
        if not self._form_placed:
            self.body.addLayout(self.form)
            self._form_placed = True

    def _finish(self, ok_text: str, first: QWidget | None = None,
                cancel_text: str = "&Cancel") -> None:
        """Add the error line and the buttons after the subclass's own fields."""
        if self.form.rowCount():
            self._place_form()
        self.error_label = error_line()
        self._outer.addStretch(1)
        self._outer.addWidget(self.error_label)
        self.buttons = QDialogButtonBox()
        self.ok_button: QPushButton = self.buttons.addButton(
            ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button: QPushButton = self.buttons.addButton(
            QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(cancel_text)
        self.cancel_button.setAutoDefault(False)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self._outer.addWidget(self.buttons)
        # Enter inside a multi-line field makes a new line; Ctrl+Enter still saves.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self._on_ok)
        if first is not None:
            first.setFocus()
        self._refresh()

    def _refresh(self) -> None:
        """Enable OK only when the form is complete enough to send."""
        self.ok_button.setEnabled(self._is_valid())

    def _is_valid(self) -> bool:
        return True

    def _save(self) -> DetainerSnapshot:
        raise NotImplementedError

    def _after_save(self, snapshot: DetainerSnapshot) -> None:
        """Hook for results beyond the snapshot (the ERO step, the print request)."""

    def _detainer_changed(self) -> None:
        """Hook: `self.detainer` was read again after another workstation changed it."""

    def show_error(self, text: str) -> None:
        """Show a refusal in the red line; nothing typed is cleared."""
        self.error_label.setText(text)
        self.error_label.show()
        self.fit_height()

    def fit_height(self) -> None:
        """Be tall enough for every wrapped line at the current width."""
        fit_height(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        """Fit the wrapped text once the dialog has its real width; note what the
        fields hold, so Escape can tell whether anything was typed."""
        super().showEvent(event)
        if self._pristine is None:
            self._pristine = input_state(self)
        self.fit_height()

    def reject(self) -> None:
        """Escape or Cancel: close, but ask first if anything typed would be lost."""
        if self.result_snapshot is not None or may_close(self, self._pristine):
            super().reject()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        """A narrower dialog wraps more lines, so it needs more height."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_height()

    def _on_ok(self) -> None:
        if not self.ok_button.isEnabled():
            return
        self.error_label.hide()
        try:
            snapshot = self._save()
        except ConflictError as error:
            log.info("%s refused: %s", type(self).__name__, error)
            self.show_error(str(error))
            self._rebase()
            return
        except DeskError as error:
            log.info("%s refused: %s", type(self).__name__, error)
            self.show_error(describe(error, self.desk.zone))
            if isinstance(error, InvalidFieldsError):
                widget = next((self._fields[e.field] for e in error.errors
                               if e.field in self._fields), None)
                if widget is not None:
                    widget.setFocus()
            return
        self.result_snapshot = snapshot
        self._after_save(snapshot)
        self.accept()

    def _rebase(self) -> None:
        """Read the detainer as the other workstation left it: what the dialog shows of
        it is brought up to date and the next save is based on it; typing is kept."""
        try:
            self.detainer = self.desk.detainers.get(self.detainer_id)
        except DeskError as error:  # the refusal already shown says what to do
            log.info("reading detainer %s again failed: %s", self.detainer_id, error)
            return
        self._detainer_changed()
        self.fit_height()

    def _time_row(self, label: str) -> QDateTimeEdit:
        """A "when" row defaulting to now, in department time, named in the label."""
        edit = wall_clock_edit(self.desk.zone, self.desk.time.now())
        zone_name = self.desk.time.now().astimezone(self.desk.zone).tzname()
        self.form.addRow(f"{label} ({zone_name}):", with_typing(
            edit, lambda: self.desk.time.now().astimezone(self.desk.zone).date()))
        self._fields["time"] = edit
        return edit

    def _step_rows(self, step: StepSnapshot) -> None:
        """The step's words, who does it and where the rule comes from."""
        self.body.addWidget(heading_label(step.text, self))
        self.form.addRow("Who does it:", wrapped(str(step.duty).capitalize()))
        self.form.addRow("Policy:", wrapped(step.citation))


class StepDoneDialog(CustodyDialog):
    """Tick off one checklist step, with an optional note, as done by the actor."""

    def __init__(self, desk: Desk, actor: Actor, detainer_id: int, step: StepSnapshot,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, actor, detainer_id, "Step done", parent)
        self.step = step
        self._step_rows(step)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("optional")
        cap(self.note_edit, text_limit("checklist_steps", "note"))
        self.form.addRow("&Note:", self.note_edit)
        self.form.addRow("Recorded as done by:", wrapped(actor.name))
        self._finish("&Done", self.note_edit)

    def _save(self) -> DetainerSnapshot:
        return self.desk.custody.complete_step(self.detainer_id, self.step.step_id,
                                               self.actor, self.note_edit.text(),
                                               expected_version=self.detainer.version)


class StepNotApplicableDialog(CustodyDialog):
    """Say why a step does not apply to this detainer; the reason is kept and audited."""

    def __init__(self, desk: Desk, actor: Actor, detainer_id: int, step: StepSnapshot,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, actor, detainer_id, "Step not applicable", parent)
        self.step = step
        self._step_rows(step)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("required: why this step does not apply")
        self.reason_edit.textChanged.connect(self._refresh)
        cap(self.reason_edit, text_limit("checklist_steps", "note"))  # the reason is its note
        self.form.addRow("&Reason:", self.reason_edit)
        self._fields["reason"] = self.reason_edit
        self._finish("Mark &not applicable", self.reason_edit)

    def _is_valid(self) -> bool:
        return bool(self.reason_edit.text().strip())

    def _save(self) -> DetainerSnapshot:
        return self.desk.custody.mark_not_applicable(
            self.detainer_id, self.step.step_id, self.actor, self.reason_edit.text(),
            expected_version=self.detainer.version)


class BailDecisionDialog(CustodyDialog):
    """Record the bail clerk's decision; afterwards `ero_step` names a due ERO step.

    The caller opens `EroNoticeDialog` at once when `ero_step` is set, because a bailed
    arrestee must be reported to ICE ERO as no longer in custody.
    """

    LABELS = {
        BailDecision.MONETARY_BAIL: "&Monetary bail",
        BailDecision.PERSONAL_RECOGNIZANCE: "&Personal recognizance",
        BailDecision.HELD_UNTIL_COURT: "&Held until court is next in session",
    }

    def __init__(self, desk: Desk, actor: Actor, detainer_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, actor, detainer_id, "Bail decision", parent)
        self.ero_step: StepSnapshot | None = None
        self.body.addWidget(heading_label("What did the bail clerk decide?", self))
        self.group = QButtonGroup(self)
        self.radios: dict[BailDecision, QRadioButton] = {}
        for decision, text in self.LABELS.items():
            radio = QRadioButton(text)
            self.radios[decision] = radio
            self.group.addButton(radio)
            self.body.addWidget(radio)
            if decision is BailDecision.MONETARY_BAIL:
                row = QHBoxLayout()
                row.setContentsMargins(self.fontMetrics().averageCharWidth() * 4, 0, 0, 0)
                self.amount_edit = QLineEdit()
                self.amount_edit.setPlaceholderText("e.g. $500")
                self.amount_edit.setEnabled(False)
                cap(self.amount_edit, text_limit("detainers", "bail_amount"))
                amount_label = QLabel("&Amount:")
                amount_label.setBuddy(self.amount_edit)
                row.addWidget(amount_label)
                row.addWidget(self.amount_edit, 1)
                self.body.addLayout(row)
            if decision is BailDecision.HELD_UNTIL_COURT:
                self.held_words = held_until_court_note(self.desk.profile,
                                                        self.detainer.received_at, self)
                self.body.addWidget(self.held_words)
        self.group.buttonToggled.connect(self._decision_changed)
        self.makes_due = wrapped("")
        self.makes_due.hide()
        self.body.addWidget(self.makes_due)
        self.time_edit = self._time_row("&When decided")
        self._finish("&Record decision", self.radios[BailDecision.MONETARY_BAIL])

    def decision(self) -> BailDecision | None:
        """The decision whose radio button is checked, if any."""
        return next((d for d, r in self.radios.items() if r.isChecked()), None)

    def _decision_changed(self) -> None:
        decision = self.decision()
        self.amount_edit.setEnabled(decision is BailDecision.MONETARY_BAIL)
        due = made_due_by_bail(self.detainer.steps, self.desk.profile, decision) \
            if decision else []
        self.makes_due.setText("This makes due: " + "; ".join(
            f"{s.text} ({s.citation})" for s in due) if due and decision else "")
        self.makes_due.setVisible(bool(self.makes_due.text()))
        self.fit_height()
        self._refresh()

    def _is_valid(self) -> bool:
        return self.decision() is not None

    def _detainer_changed(self) -> None:
        self._decision_changed()  # the steps the decision makes due, as they are now

    def _save(self) -> DetainerSnapshot:
        decision = self.decision()
        assert decision is not None
        amount = self.amount_edit.text() if decision is BailDecision.MONETARY_BAIL else ""
        return self.desk.custody.record_bail_decision(
            self.detainer_id, decision, self.actor,
            at=instant_of(self.time_edit, self.desk.zone), amount=amount,
            expected_version=self.detainer.version)

    def _after_save(self, snapshot: DetainerSnapshot) -> None:
        rule = self.desk.profile.step_recording(StepRecord.ERO_NOTICE)
        self.ero_step = next((s for s in snapshot.steps
                              if rule is not None and s.step_id == rule.id and s.is_due),
                             None)


class EroNoticeDialog(CustodyDialog):
    """Record the call (or fax, or email) telling ICE ERO the person is no longer held."""

    METHOD_LABELS = {"phone": "&Phone", "fax": "&Fax", "email": "&Email"}

    def __init__(self, desk: Desk, actor: Actor, detainer_id: int,
                 step: StepSnapshot | None, parent: QWidget | None = None) -> None:
        super().__init__(desk, actor, detainer_id, "Notify ICE ERO", parent)
        self.step = step
        self.body.addWidget(heading_label("Notify ICE ERO", self, 1.3))
        self.body.addWidget(heading_label(ERO_HEADING + ".", self, 1.0))
        citation = step.citation if step else ERO_FALLBACK_CITATION
        duty = f" The {step.duty} makes this notice." if step else ""
        self.body.addWidget(wrapped(f"{citation}.{duty}"))
        self.already = wrapped("")
        self.body.addWidget(self.already)
        self._detainer_changed()
        self.time_edit = self._time_row("&When")
        self._fields["ero_notified_at"] = self.time_edit
        methods = QHBoxLayout()
        self.method_group = QButtonGroup(self)
        self.method_radios: dict[str, QRadioButton] = {}
        for method in ERO_METHODS:
            radio = QRadioButton(self.METHOD_LABELS.get(method, method))
            self.method_radios[method] = radio
            self.method_group.addButton(radio)
            methods.addWidget(radio)
        methods.addStretch(1)
        self.method_group.buttonToggled.connect(self._refresh)
        self.form.addRow("How:", methods)
        self._fields["ero_method"] = self.method_radios[ERO_METHODS[0]]
        self.contact_edit = QLineEdit()
        self.contact_edit.setPlaceholderText("required: name or desk at ERO, and number")
        self.contact_edit.textChanged.connect(self._refresh)
        cap(self.contact_edit, text_limit("detainers", "ero_contact"))
        self.form.addRow("&To whom at ERO:", self.contact_edit)
        self._fields["ero_contact"] = self.contact_edit
        self.message_edit = QPlainTextEdit(ERO_SENTENCE)
        self.message_edit.setTabChangesFocus(True)
        cap(self.message_edit, text_limit("detainers", "ero_message"))
        lines = self.message_edit.fontMetrics().lineSpacing()
        self.message_edit.setMinimumHeight(lines * 4)
        self.message_edit.setMaximumHeight(lines * 6)
        self.form.addRow("What was &said:", self.message_edit)
        self.form.addRow("Recorded as notified by:", wrapped(actor.name))
        self._finish("&Record notice", self.method_radios[ERO_METHODS[0]])

    def _detainer_changed(self) -> None:
        """Say so when a notice is already recorded: this one would replace it."""
        d = self.detainer
        if d.ero_notified_at is not None:
            self.already.setText(
                f"Already recorded: ERO told by {d.ero_method} ({d.ero_contact}), by "
                f"{d.ero_notified_by} at {format_local(d.ero_notified_at, self.desk.zone)}. "
                "Recording this notice replaces it; the audit log keeps both.")
        self.already.setVisible(d.ero_notified_at is not None)

    def method(self) -> str | None:
        """The checked method (phone, fax or email), if any."""
        return next((m for m, r in self.method_radios.items() if r.isChecked()), None)

    def _is_valid(self) -> bool:
        return self.method() is not None and bool(self.contact_edit.text().strip())

    def _save(self) -> DetainerSnapshot:
        notice = EroNotice(at=instant_of(self.time_edit, self.desk.zone, "ero_notified_at"),
                           method=self.method() or "", contact=self.contact_edit.text(),
                           message=self.message_edit.toPlainText())
        return self.desk.custody.record_ero_notice(
            self.detainer_id, notice, self.actor, self.step.step_id if self.step else None,
            expected_version=self.detainer.version)


def serving_officers(detainer: DetainerSnapshot, actor: Actor) -> list[str]:
    """Who may be named as serving the copy: the arresting officer first (whoever did
    the arresting officer's steps), then the person recording it."""
    names = [s.done_by for s in detainer.steps
             if s.duty is Duty.ARRESTING_OFFICER and s.done_by]
    names.append(actor.name)
    return list(dict.fromkeys(names))


class CopyServedDialog(CustodyDialog):
    """Record that the arrestee was handed a copy; `print_requested` asks for a print."""

    def __init__(self, desk: Desk, actor: Actor, detainer_id: int,
                 step: StepSnapshot | None, parent: QWidget | None = None) -> None:
        super().__init__(desk, actor, detainer_id, "Copy given to the arrestee", parent)
        self.step = step
        self.print_requested = False
        if step is not None:
            self._step_rows(step)
        else:
            self.body.addWidget(heading_label("Give the arrestee a copy of the detainer",
                                              self))
        self.time_edit = self._time_row("&When given")
        self.served_by = QComboBox()
        self.served_by.setEditable(True)
        self.served_by.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        cap(self.served_by, text_limit("detainers", "copy_served_by"))
        for name in serving_officers(self.detainer, actor):
            self.served_by.addItem(name)
        self.served_by.setToolTip("The officer who hands the copy to the arrestee; their "
                                  "name goes on the copy's signature line")
        self.form.addRow("&Served by:", self.served_by)
        self._fields["served_by"] = self.served_by
        self.print_check = QCheckBox("&Print the arrestee copy now")
        self.print_check.toggled.connect(self._print_toggled)
        self._place_form()
        self.body.addWidget(self.print_check)
        self._finish("&Record copy given", self.time_edit)
        self.served_by.editTextChanged.connect(self._refresh)

    def _print_toggled(self, checked: bool) -> None:
        self.print_requested = checked

    def _save(self) -> DetainerSnapshot:
        return self.desk.custody.record_copy_served(
            self.detainer_id, self.actor, at=instant_of(self.time_edit, self.desk.zone),
            step_id=self.step.step_id if self.step else None,
            served_by=self.served_by.currentText(), expected_version=self.detainer.version)

    def _is_valid(self) -> bool:
        return bool(self.served_by.currentText().strip())
