"""What happens to a detainer while the person is held: steps, bail, ERO, copy, close.

Each call is one transaction with its audit entry. Bail, release and transfer make the
profile's `on_bail_decision`, `on_release` and `on_transfer` steps due; a detainer with
a due blocking step open cannot be closed except by a supervisor's audited override.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.errors import FieldError, InvalidFieldsError, RuleRefusedError
from desk_app.domain.permissions import Permission, allowed, require
from desk_app.domain.vocabulary import (
    BailDecision,
    CustodyStatus,
    Outcome,
    StepState,
    Trigger,
)
from desk_app.store.change import StoreContext
from desk_app.store.models import ChecklistStep, Detainer

RELEASE_OUTCOMES = frozenset({Outcome.RELEASED_ON_BAIL, Outcome.RELEASED_ON_RECOGNIZANCE,
                              Outcome.RELEASED_OTHERWISE})
TRANSFER_OUTCOMES = frozenset({Outcome.TRANSFERRED_TO_ICE, Outcome.TRANSFERRED_TO_COURT})
ERO_METHODS = ("phone", "fax", "email")
# Closing as released on bail or recognizance is a bail decision even if none was
# recorded, so the steps that decision makes due (the ERO notice) are not skipped.
IMPLIED_BAIL = {Outcome.RELEASED_ON_BAIL: BailDecision.MONETARY_BAIL,
                Outcome.RELEASED_ON_RECOGNIZANCE: BailDecision.PERSONAL_RECOGNIZANCE}


@dataclass(frozen=True)
class EroNotice:
    """The notice to ICE ERO that the person is no longer in custody (§IV.A.3(g))."""

    at: datetime
    method: str
    contact: str
    message: str


class CustodyService:
    """The checklist and custody events of a detainer, as the policy orders them."""

    def __init__(self, ctx: StoreContext) -> None:
        self.ctx = ctx

    def complete_step(self, detainer_id: int, step_id: str, actor: Actor,
                      note: str = "") -> DetainerSnapshot:
        """Mark a step done, recording who and when."""
        require(actor, Permission.RECORD_STEPS)
        with self.ctx.change(detainer_id, actor, "step done", "") as edit:
            row = edit.row
            step = _pending_step(row, step_id)
            _settle(step, StepState.DONE, actor, self.ctx.time.now(), note.strip())
            edit.summary = f"Done: {step.text}" + (f" ({step.note})" if step.note else "")
        return self.ctx.snapshot(detainer_id)

    def mark_not_applicable(self, detainer_id: int, step_id: str, actor: Actor,
                            reason: str) -> DetainerSnapshot:
        """Mark a step not applicable; a reason is required and kept."""
        require(actor, Permission.RECORD_STEPS)
        if not reason.strip():
            raise InvalidFieldsError([FieldError("reason", "say why the step does not apply")])
        with self.ctx.change(detainer_id, actor, "step not applicable", "") as edit:
            row = edit.row
            step = _pending_step(row, step_id)
            _settle(step, StepState.NOT_APPLICABLE, actor, self.ctx.time.now(), reason.strip())
            edit.summary = f"Not applicable: {step.text} ({step.note})"
        return self.ctx.snapshot(detainer_id)

    def record_bail_decision(self, detainer_id: int, decision: BailDecision, actor: Actor,
                             at: datetime | None = None, amount: str = "") -> DetainerSnapshot:
        """The bail clerk's decision (§IV.A.2); makes the bail-decision steps due."""
        require(actor, Permission.RECORD_STEPS)
        at = self._instant(at)
        with self.ctx.change(detainer_id, actor, "bail decision",
                             f"Bail decision: {decision}") as edit:
            row = edit.row
            _refuse_if_closed(row)
            _apply_bail_decision(row, decision, at)
            row.bail_amount = amount.strip()
        return self.ctx.snapshot(detainer_id)

    def record_bail_posted(self, detainer_id: int, actor: Actor,
                           at: datetime | None = None) -> DetainerSnapshot:
        """Monetary bail was posted: the person would now otherwise be released."""
        require(actor, Permission.RECORD_STEPS)
        at = self._instant(at)
        with self.ctx.change(detainer_id, actor, "bail posted", "Bail posted") as edit:
            row = edit.row
            _refuse_if_closed(row)
            if row.bail_decision is not BailDecision.MONETARY_BAIL:
                raise RuleRefusedError("Record a monetary bail decision before bail is posted.")
            row.custody_status = CustodyStatus.BAILED
            row.release_eligible_at = at
        return self.ctx.snapshot(detainer_id)

    def record_ero_notice(self, detainer_id: int, notice: EroNotice, actor: Actor,
                          step_id: str | None = None) -> DetainerSnapshot:
        """Record that ICE ERO was told; completes the profile's ERO step if named."""
        require(actor, Permission.RECORD_STEPS)
        errors = []
        if notice.method not in ERO_METHODS:
            errors.append(FieldError("ero_method", "choose phone, fax or email"))
        if not notice.contact.strip():
            errors.append(FieldError("ero_contact", "name the person or desk at ERO"))
        if notice.at > self.ctx.time.now():
            errors.append(FieldError("ero_notified_at", "is in the future"))
        if errors:
            raise InvalidFieldsError(errors)
        with self.ctx.change(detainer_id, actor, "ERO notified",
                             f"ERO notified by {notice.method} ({notice.contact.strip()})"
                             ) as edit:
            row = edit.row
            row.ero_notified_at = notice.at
            row.ero_notified_by = actor.name
            row.ero_method = notice.method
            row.ero_contact = notice.contact.strip()
            row.ero_message = notice.message.strip()
            if step_id:
                _finish(_pending_step(row, step_id), actor, notice.at,
                        f"by {notice.method} to {notice.contact.strip()}")
        return self.ctx.snapshot(detainer_id)

    def record_copy_served(self, detainer_id: int, actor: Actor, at: datetime | None = None,
                           step_id: str | None = None, served_by: str = "",
                           ) -> DetainerSnapshot:
        """Record that the arrestee was given a copy (§IV.A.3(h)), and by whom (the
        officer who handed it over; the person recording it if not named)."""
        require(actor, Permission.RECORD_STEPS)
        at = self._instant(at)
        with self.ctx.change(detainer_id, actor, "copy served",
                             "Copy of the detainer given to the arrestee") as edit:
            row = edit.row
            row.copy_served_at = at
            row.copy_served_by = served_by.strip() or actor.name
            if step_id:
                _finish(_pending_step(row, step_id), actor, at, "copy given to the arrestee")
        return self.ctx.snapshot(detainer_id)

    def record_release(self, detainer_id: int, actor: Actor,
                       at: datetime | None = None) -> DetainerSnapshot:
        """The person walked out; the release steps become due."""
        require(actor, Permission.RECORD_STEPS)
        at = self._instant(at)
        with self.ctx.change(detainer_id, actor, "released", "Released from custody"
                             ) as edit:
            row = edit.row
            _refuse_if_closed(row)
            _mark_left_custody(row, CustodyStatus.RELEASED, Trigger.ON_RELEASE, at)
        return self.ctx.snapshot(detainer_id)

    def close(self, detainer_id: int, outcome: Outcome, actor: Actor,
              at: datetime | None = None, note: str = "",
              override_reason: str = "") -> DetainerSnapshot:
        """Take the detainer off the board with its outcome; blocking steps first."""
        require(actor, Permission.CLOSE_DETAINER)
        at = self._instant(at)
        with self.ctx.change(detainer_id, actor, "detainer closed",
                             f"Closed: {outcome}") as edit:
            row = edit.row
            _refuse_if_closed(row)
            implied = IMPLIED_BAIL.get(outcome)
            if implied is not None and row.bail_decision is None:
                _apply_bail_decision(row, implied, at)
            if outcome in RELEASE_OUTCOMES:
                _mark_left_custody(row, CustodyStatus.RELEASED, Trigger.ON_RELEASE, at)
            elif outcome in TRANSFER_OUTCOMES:
                _mark_left_custody(row, CustodyStatus.TRANSFERRED, Trigger.ON_TRANSFER, at)
            blocking = [s for s in row.steps
                        if s.blocking and s.state is StepState.PENDING and s.due_at]
            if blocking:
                self._check_override(blocking, actor, override_reason)
                row.override_reason = override_reason.strip()
                edit.summary = (f"Closed: {outcome}; supervisor override by {actor.name}: "
                                f"{override_reason.strip()}")
            row.outcome = outcome
            row.closed_at = at
            row.closed_by = actor.name
            row.close_note = note.strip()
        return self.ctx.snapshot(detainer_id)

    def record_alert(self, detainer_id: int, state: str, actor: Actor) -> None:
        """Audit that the board showed an alert (threshold crossed, expiry) once."""
        with self.ctx.db.sessions() as session:
            self.ctx.audit(session, actor, "alert shown", f"Alert shown: {state}",
                           detainer_id=detainer_id, state=state)
            session.commit()

    @staticmethod
    def _check_override(blocking: list[ChecklistStep], actor: Actor, reason: str) -> None:
        names = "; ".join(f"{s.text} ({s.citation})" for s in blocking)
        if not reason.strip():
            raise RuleRefusedError(f"These steps must be done before closing: {names}. "
                                   "Finish them, or ask a supervisor to override with a "
                                   "reason.")
        if not allowed(actor.role, Permission.OVERRIDE_CLOSE):
            raise RuleRefusedError(f"Only a supervisor may close with steps open ({names}).")

    def _instant(self, at: datetime | None) -> datetime:
        now = self.ctx.time.now()
        if at is None:
            return now
        if at > now:
            raise InvalidFieldsError([FieldError("time", "is in the future")])
        return at


def _pending_step(row: Detainer, step_id: str) -> ChecklistStep:
    for step in row.steps:
        if step.step_id == step_id:
            if step.state is not StepState.PENDING:
                raise RuleRefusedError(f"'{step.text}' was already recorded as {step.state} "
                                       f"by {step.done_by}.")
            return step
    raise RuleRefusedError(f"This detainer has no checklist step '{step_id}'.")


def _apply_bail_decision(row: Detainer, decision: BailDecision, at: datetime) -> None:
    row.bail_decision = decision
    row.bail_decided_at = at
    if decision is BailDecision.HELD_UNTIL_COURT:
        row.custody_status = CustodyStatus.HELD_UNTIL_COURT
    elif decision is BailDecision.MONETARY_BAIL:
        row.custody_status = CustodyStatus.BAIL_SET
    else:
        row.custody_status = CustodyStatus.BAILED
        row.release_eligible_at = at
    for step in row.steps:
        if step.trigger is Trigger.ON_BAIL_DECISION and _applies(step, decision):
            step.due_at = step.due_at or at


def _settle(step: ChecklistStep, state: StepState, actor: Actor, at: datetime,
            note: str) -> None:
    """Record that a step was done (or does not apply): who, when, and why."""
    step.state = state
    step.done_at = at
    step.done_by = actor.name
    step.note = note


def _finish(step: ChecklistStep, actor: Actor, at: datetime, note: str) -> None:
    _settle(step, StepState.DONE, actor, at, note)
    step.due_at = step.due_at or at


def _applies(step: ChecklistStep, decision: BailDecision) -> bool:
    return not step.when_bail or decision.value in step.when_bail.split(",")


def _mark_left_custody(row: Detainer, status: CustodyStatus, trigger: Trigger,
                       at: datetime) -> None:
    row.custody_status = status
    row.release_eligible_at = row.release_eligible_at or at
    for step in row.steps:
        if step.trigger is trigger:
            step.due_at = step.due_at or at


def _refuse_if_closed(row: Detainer) -> None:
    if row.closed_at is not None or row.voided_at is not None:
        raise RuleRefusedError(f"Detainer {row.detainer_number} is already closed.")


def _summarise(row: Detainer, text: str) -> None:
    """Leave the audit summary on the row for the change context to pick up."""
    row.__dict__["_audit_summary"] = text
