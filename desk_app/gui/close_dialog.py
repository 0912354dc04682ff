"""The end of custody: bail posted, release, close with the outcome, or void a mistake.

Closing is blocked while a blocking checklist step is open (Policy 413 and its sister
profiles); the dialog lists those steps in red with their citations and, only then,
offers the supervisor override. A supervisor at the desk overrides in their own name;
for anyone else the supervisor signs in on the spot (name and password, checked like a
sign-in, counting toward the account's lockout), and the close is recorded under both
names (store/override_signature.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.errors import (
    DeskError,
    FieldError,
    InvalidFieldsError,
    RuleRefusedError,
)
from desk_app.domain.lifecycle import blocking_steps, made_due_by_release
from desk_app.domain.money import stored_amount_text
from desk_app.domain.vocabulary import Outcome, ReleaseGround
from desk_app.gui.custody_dialogs import CustodyDialog
from desk_app.gui.dialog_parts import ERROR_COLOUR, heading_label, instant_of, wrapped
from desk_app.gui.input_limits import cap
from desk_app.store.desk import Desk
from desk_app.store.field_limits import text_limit
from desk_app.store.override_signature import OverrideApproval


class BailPostedDialog(CustodyDialog):
    """Record that monetary bail was posted: the person would now otherwise be released."""

    def __init__(self, desk: Desk, actor: Actor, detainer_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, actor, detainer_id, "Bail posted", parent)
        amount = stored_amount_text(self.detainer.bail_amount) or "amount not recorded"
        self.body.addWidget(heading_label(f"Bail posted ({amount})", self))
        self.body.addWidget(wrapped("From this moment the person would otherwise be "
                                    "released."))
        self.time_edit = self._time_row("&When posted")
        self._finish("&Record bail posted", self.time_edit)

    def _save(self) -> DetainerSnapshot:
        return self.desk.custody.record_bail_posted(
            self.detainer_id, self.actor, at=instant_of(self.time_edit, self.desk.zone),
            expected_version=self.detainer.version)


class ReleaseEligibleDialog(CustodyDialog):
    """Record that custody on the criminal charge ended (Trust Act §1 (a)-(g)): charges
    dismissed, acquittal, sentence served, diversion, a court-ordered release... From that
    moment a person still here is held only because of the detainer."""

    def __init__(self, desk: Desk, actor: Actor, detainer_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, actor, detainer_id, "Release eligible", parent)
        self.body.addWidget(heading_label("Custody on the charge has ended", self))
        self.body.addWidget(wrapped("From this moment the person would otherwise be "
                                    "released. A transfer to court is not a release."))
        self.ground_combo = QComboBox()
        self.ground_combo.setPlaceholderText("Choose what ended it")
        for ground in ReleaseGround:
            self.ground_combo.addItem(f"{ground.value[:1].upper()}{ground.value[1:]} "
                                      f"({ground.section})", ground)
        self.ground_combo.setCurrentIndex(-1)
        self.ground_combo.currentIndexChanged.connect(lambda _index: self._refresh())
        self.form.addRow("&What ended it:", self.ground_combo)
        self.time_edit = self._time_row("&When")
        self._finish("&Record release eligible", self.ground_combo)

    def ground(self) -> ReleaseGround | None:
        """The chosen Trust Act §1 event, if any."""
        value = self.ground_combo.currentData()
        return ReleaseGround(value) if value is not None else None

    def _is_valid(self) -> bool:
        return self.ground() is not None

    def _save(self) -> DetainerSnapshot:
        ground = self.ground()
        assert ground is not None
        return self.desk.custody.record_release_eligible(
            self.detainer_id, ground, self.actor, at=instant_of(self.time_edit, self.desk.zone),
            expected_version=self.detainer.version)


class ReleaseDialog(CustodyDialog):
    """Record that the person left custody; the profile's release steps become due."""

    def __init__(self, desk: Desk, actor: Actor, detainer_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, actor, detainer_id, "Released", parent)
        self.body.addWidget(heading_label("Released from custody", self))
        due = made_due_by_release(self.detainer.steps)
        if due:
            self.body.addWidget(wrapped("This makes due: " + "; ".join(
                f"{s.text} ({s.citation})" for s in due)))
        self.time_edit = self._time_row("&When released")
        self._finish("&Record release", self.time_edit)

    def _save(self) -> DetainerSnapshot:
        return self.desk.custody.record_release(
            self.detainer_id, self.actor, at=instant_of(self.time_edit, self.desk.zone),
            expected_version=self.detainer.version)


class CloseDialog(CustodyDialog):
    """Close a detainer with its outcome, time and note; override open steps if allowed.

    `override_box` is shown only while blocking steps are open. A signed-in supervisor
    overrides in their own name; anyone else needs a supervisor to sign in on the spot
    in `supervisor_edit` and `supervisor_password_edit` (hidden for a supervisor).
    """

    def __init__(self, desk: Desk, actor: Actor, detainer_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, actor, detainer_id, "Close detainer", parent)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.body.addWidget(heading_label("Close this detainer", self))
        self.body.addWidget(wrapped("It leaves the board with its outcome; the record, "
                                    "its checklist and the audit log are kept."))
        self.outcome_combo = QComboBox()
        self.outcome_combo.setPlaceholderText("Choose the outcome")
        for outcome in Outcome:
            self.outcome_combo.addItem(outcome.value[:1].upper() + outcome.value[1:],
                                       outcome)
        self.outcome_combo.setCurrentIndex(-1)
        self.outcome_combo.currentIndexChanged.connect(self._outcome_changed)
        self.form.addRow("&Outcome:", self.outcome_combo)
        self.time_edit = self._time_row("&When")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("optional")
        cap(self.note_edit, text_limit("detainers", "close_note"))
        self.form.addRow("&Note:", self.note_edit)
        self._place_form()

        self.steps_heading = QLabel()
        self.steps_heading.setWordWrap(True)
        self.steps_list = wrapped("")
        self.steps_list.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.body.addWidget(self.steps_heading)
        self.body.addWidget(self.steps_list)

        self.override_box = QGroupBox("Supervisor override")
        box_form = QFormLayout(self.override_box)
        box_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.supervisor_edit = QLineEdit()
        self.supervisor_edit.setPlaceholderText("the supervisor's username")
        cap(self.supervisor_edit, text_limit("people", "username"))
        self.supervisor_password_edit = QLineEdit()
        self.supervisor_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.supervisor_password_edit.setPlaceholderText("typed by the supervisor")
        if actor.may_override:
            box_form.addRow(wrapped(f"You may close with these steps open. The override "
                                    f"and its reason are recorded under your name, "
                                    f"{actor.name}, in the audit log."))
        else:
            box_form.addRow(wrapped("A supervisor may close with these steps open: the "
                                    "supervisor signs in here with their own username "
                                    "and password. The audit log records both your name "
                                    "and the supervisor's."))
            box_form.addRow("&Supervisor:", self.supervisor_edit)
            box_form.addRow("Supervisor's pass&word:", self.supervisor_password_edit)
        self.override_edit = QLineEdit()
        self.override_edit.setPlaceholderText("required for an override: why close now")
        cap(self.override_edit, text_limit("detainers", "override_reason"))
        box_form.addRow("Override &reason:", self.override_edit)
        self.body.addWidget(self.override_box)
        self._fields.update(supervisor=self.supervisor_edit,
                            override_reason=self.override_edit)
        self._show_blocking()
        self._finish("Close &detainer", self.outcome_combo)

    def outcome(self) -> Outcome | None:
        """The outcome chosen in the combo, if any."""
        value = self.outcome_combo.currentData()
        return Outcome(value) if value is not None else None

    def _outcome_changed(self) -> None:
        self._show_blocking()
        self._refresh()

    def _show_blocking(self) -> None:
        """List the open blocking steps in red, and offer the override only if any."""
        steps = blocking_steps(self.detainer, self.outcome())
        self.override_box.setVisible(bool(steps))
        self.steps_list.setVisible(bool(steps))
        if steps:
            self.steps_heading.setText("<b>Blocking steps still open</b> (closing needs "
                                       "them done, or a supervisor's override):")
            self.steps_list.setText("\n".join(
                f"• {s.text} ({s.citation})" + (" – due on closing" if later else "")
                for s, later in steps))
        else:
            self.steps_heading.setText("All blocking steps are done.")
        self.fit_height()

    def _is_valid(self) -> bool:
        return self.outcome() is not None

    def _detainer_changed(self) -> None:
        self._show_blocking()  # another workstation may have ticked or reopened steps

    def _save(self) -> DetainerSnapshot:
        outcome = self.outcome()
        assert outcome is not None
        at = instant_of(self.time_edit, self.desk.zone)
        reason = self.override_edit.text().strip() if not self.override_box.isHidden() else ""
        approval = self._approval() if reason else None
        try:
            return self.desk.custody.close(self.detainer_id, outcome, self.actor, at=at,
                                           note=self.note_edit.text(),
                                           override_reason=reason, approval=approval,
                                           expected_version=self.detainer.version)
        except RuleRefusedError as error:
            # Another workstation may have ticked or reopened steps: show them as now.
            self.detainer = self.desk.detainers.get(self.detainer_id)
            self._show_blocking()
            steps = blocking_steps(self.detainer, outcome)
            if steps and not reason:
                # The list above already gives each citation; say what to do next.
                names = "; ".join(s.text for s, _ in steps)
                raise RuleRefusedError(
                    f"Not closed: these blocking steps are still open: {names}. Finish "
                    "them first, or fill in the supervisor override above.") from error
            raise

    def _approval(self) -> OverrideApproval | None:
        """The signature of the supervisor who approves the override: None when the
        signed-in person is one, else a supervisor signs in here now (their password is
        cleared whatever the answer)."""
        if self.actor.may_override:
            return None
        username = self.supervisor_edit.text().strip()
        password = self.supervisor_password_edit.text()
        self.supervisor_password_edit.clear()
        if not username or not password:
            raise InvalidFieldsError([FieldError(
                "supervisor", "the supervisor who authorises the override signs in here "
                              "with their username and password")])
        try:
            return self.desk.custody.approvals.sign(self.desk.people, username, password,
                                                    self.detainer_id)
        except DeskError as error:
            raise RuleRefusedError(f"Not closed: the override was not signed. {error}") \
                from error


class VoidDialog(CustodyDialog):
    """Take an entry made by mistake off the board; nothing is deleted, the reason kept."""

    def __init__(self, desk: Desk, actor: Actor, detainer_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(desk, actor, detainer_id, "Void entry", parent)
        self.body.addWidget(heading_label("Void this entry", self))
        self.body.addWidget(wrapped(
            "For an entry made by mistake (logged twice, wrong person). Nothing is "
            "deleted: the entry leaves the board and the reason is kept in the audit log. "
            "To take a real detainer off the board, close it instead."))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("required: e.g. logged twice, see D-123")
        cap(self.reason_edit, text_limit("detainers", "void_reason"))
        self.reason_edit.textChanged.connect(self._refresh)
        self.form.addRow("&Reason:", self.reason_edit)
        self._fields["void_reason"] = self.reason_edit
        self._finish("&Void entry", self.reason_edit)

    def _is_valid(self) -> bool:
        return bool(self.reason_edit.text().strip())

    def _save(self) -> DetainerSnapshot:
        return self.desk.detainers.void(self.detainer_id, self.reason_edit.text(), self.actor,
                                        expected_version=self.detainer.version)
