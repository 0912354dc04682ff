"""What happens to a detainer while the person is held: steps, bail, ERO, copy, close.

Each call is one transaction with its audit entry. Bail, release and transfer make the
profile's `on_bail_decision`, `on_release` and `on_transfer` steps due; a detainer with
a due blocking step open cannot be closed except by a supervisor's audited override.
Every call takes `expected_version`, the version of the detainer the person's dialog was
opened on: a save over a newer change from another workstation is refused with who
changed what and when (`StoreContext.change`), never written over it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desk_app.domain.actor import Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.errors import FieldError, InvalidFieldsError, RuleRefusedError
from desk_app.domain.lifecycle import (
    IMPLIED_BAIL,
    LeavingCustody,
    bail_ground,
    bail_makes_due,
    bail_status,
    check_bail_posted,
    duty_override,
    is_blocking_open,
    leaving_custody,
    parse_when_bail,
    refuse_bail_posted,
    refuse_event_on_closed,
)
from desk_app.domain.money import parse_dollars
from desk_app.domain.permissions import Permission, allowed, require
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.vocabulary import (
    BailDecision,
    CustodyStatus,
    Duty,
    EroMethod,
    Matter,
    Outcome,
    ReleaseGround,
    StepRecord,
    StepState,
    Trigger,
)
from desk_app.store.change import StoreContext
from desk_app.store.models import ChecklistStep, Detainer
from desk_app.store.override_signature import OverrideApproval, OverrideSignatures

ERO_METHODS = tuple(EroMethod)  # in the order the ERO dialog offers them


@dataclass(frozen=True)
class EroNotice:
    """The notice to ICE ERO that the person is no longer in custody (§IV.A.3(g))."""

    at: datetime
    method: str  # as chosen or typed: an `EroMethod` value, checked when recorded
    contact: str
    message: str


class CustodyService:
    """The checklist and custody events of a detainer, as the policy orders them."""

    def __init__(self, ctx: StoreContext, profile: PolicyProfile) -> None:
        self.ctx = ctx
        self.profile = profile
        # A supervisor's override signed on the spot: issued here, redeemed by `close`.
        self.approvals = OverrideSignatures(ctx.db, ctx.time)

    def complete_step(self, detainer_id: int, step_id: str, actor: Actor,
                      note: str = "", expected_version: int | None = None,
                      ) -> DetainerSnapshot:
        """Mark a step done, recording who and when."""
        require(actor, Permission.RECORD_STEPS)
        with self.ctx.change(detainer_id, actor, AuditAction.STEP_DONE, "",
                             expected_version) as edit:
            row = edit.row
            step = _pending_step(row, step_id)
            override = _duty(step, actor)
            _settle(step, StepState.DONE, actor, self.ctx.time.now(), note.strip())
            edit.summary = f"Done: {step.text}" + (f" ({step.note})" if step.note else "") \
                + override
        return self.ctx.snapshot(detainer_id)

    def mark_not_applicable(self, detainer_id: int, step_id: str, actor: Actor,
                            reason: str, expected_version: int | None = None,
                            ) -> DetainerSnapshot:
        """Mark a step not applicable; a reason is required and kept."""
        require(actor, Permission.RECORD_STEPS)
        if not reason.strip():
            raise InvalidFieldsError([FieldError("reason", "say why the step does not apply")])
        with self.ctx.change(detainer_id, actor, AuditAction.STEP_NOT_APPLICABLE, "",
                             expected_version) as edit:
            row = edit.row
            step = _pending_step(row, step_id)
            override = _duty(step, actor)
            _settle(step, StepState.NOT_APPLICABLE, actor, self.ctx.time.now(), reason.strip())
            edit.summary = f"Not applicable: {step.text} ({step.note})" + override
        return self.ctx.snapshot(detainer_id)

    def record_bail_decision(self, detainer_id: int, decision: BailDecision, actor: Actor,
                             at: datetime | None = None, amount: str = "",
                             expected_version: int | None = None) -> DetainerSnapshot:
        """The bail clerk's decision (§IV.A.2); makes the bail-decision steps due."""
        require(actor, Permission.RECORD_STEPS)
        at = self._instant(at)
        amount = _bail_amount(decision, amount)
        with self.ctx.change(detainer_id, actor, AuditAction.BAIL_DECISION,
                             f"Bail decision: {decision}",
                             expected_version) as edit:
            row = edit.row
            _refuse_if_closed(row)
            _apply_bail_decision(row, decision, at, actor)
            row.bail_amount = amount
        return self.ctx.snapshot(detainer_id)

    def record_bail_posted(self, detainer_id: int, actor: Actor,
                           at: datetime | None = None,
                           expected_version: int | None = None) -> DetainerSnapshot:
        """Monetary bail was posted: the person would now otherwise be released."""
        require(actor, Permission.RECORD_STEPS)
        at = self._instant(at)
        with self.ctx.change(detainer_id, actor, AuditAction.BAIL_POSTED, "Bail posted",
                             expected_version) as edit:
            row = edit.row
            _refuse_if_closed(row)
            refuse_bail_posted(row.bail_decision)
            errors = check_bail_posted(at, row.received_at, row.bail_decided_at)
            if errors:
                raise InvalidFieldsError(errors)
            row.custody_status = CustodyStatus.BAILED
            _set_eligible(row, at, ReleaseGround.BAIL_POSTED, actor)
        return self.ctx.snapshot(detainer_id)

    def record_ero_notice(self, detainer_id: int, notice: EroNotice, actor: Actor,
                          step_id: str | None = None, expected_version: int | None = None,
                          ) -> DetainerSnapshot:
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
        received = self.ctx.snapshot(detainer_id).received_at
        forbidden = self.profile.forbids(Matter.TELL_ICE_OF_RELEASE,
                                         self.profile.local_day(received))
        if forbidden is not None:
            raise RuleRefusedError(f"ICE may not be told of this person's release: "
                                   f"{forbidden.explanation()}.")
        with self.ctx.change(detainer_id, actor, AuditAction.ERO_NOTIFIED,
                             f"ERO notified by {notice.method} ({notice.contact.strip()})",
                             expected_version) as edit:
            row = edit.row
            row.ero_notified_at = notice.at
            row.ero_notified_by = actor.name
            row.ero_method = EroMethod(notice.method).value
            row.ero_contact = notice.contact.strip()
            row.ero_message = notice.message.strip()
            rule = self.profile.step_recording(StepRecord.ERO_NOTICE)
            if rule is not None:
                edit.summary += _duty_of(rule.duty, rule.text, rule.citation, actor)
            if step_id:
                _finish(_pending_step(row, step_id), actor, notice.at,
                        f"by {notice.method} to {notice.contact.strip()}")
        return self.ctx.snapshot(detainer_id)

    def record_copy_served(self, detainer_id: int, actor: Actor, at: datetime | None = None,
                           step_id: str | None = None, served_by: str = "",
                           expected_version: int | None = None) -> DetainerSnapshot:
        """Record that the arrestee was given a copy (§IV.A.3(h)), and by whom (the
        officer who handed it over; the person recording it if not named)."""
        require(actor, Permission.RECORD_STEPS)
        at = self._instant(at)
        with self.ctx.change(detainer_id, actor, AuditAction.COPY_SERVED,
                             "Copy of the detainer given to the arrestee",
                             expected_version) as edit:
            row = edit.row
            row.copy_served_at = at
            row.copy_served_by = served_by.strip() or actor.name
            if step_id:
                step = _pending_step(row, step_id)
                edit.summary += _duty(step, actor)
                _finish(step, actor, at, "copy given to the arrestee")
        return self.ctx.snapshot(detainer_id)

    def record_release_eligible(self, detainer_id: int, ground: ReleaseGround, actor: Actor,
                                at: datetime | None = None,
                                expected_version: int | None = None) -> DetainerSnapshot:
        """Custody on the criminal charge ended (Trust Act §1 (a)-(g)): from this moment
        the person would otherwise be released, whoever recorded it and when."""
        require(actor, Permission.RECORD_STEPS)
        at = self._instant(at)
        with self.ctx.change(detainer_id, actor, AuditAction.RELEASE_ELIGIBLE,
                             f"Release eligible: {ground} ({ground.section})",
                             expected_version) as edit:
            row = edit.row
            _refuse_if_closed(row)
            if row.release_eligible_at is not None:
                raise RuleRefusedError(
                    f"Release eligibility was already recorded ({row.release_ground or 'by '}"
                    f"{'' if row.release_ground else row.release_eligible_by}); correct it "
                    "with a supervisor rather than recording it twice.")
            _set_eligible(row, at, ground, actor)
        return self.ctx.snapshot(detainer_id)

    def record_release(self, detainer_id: int, actor: Actor,
                       at: datetime | None = None,
                       expected_version: int | None = None) -> DetainerSnapshot:
        """The person walked out; the release steps become due."""
        require(actor, Permission.RECORD_STEPS)
        at = self._instant(at)
        with self.ctx.change(detainer_id, actor, AuditAction.RELEASED, "Released from custody",
                             expected_version) as edit:
            row = edit.row
            _refuse_if_closed(row)
            _mark_left_custody(row, leaving_custody(Outcome.RELEASED_OTHERWISE), at, actor)
        return self.ctx.snapshot(detainer_id)

    def close(self, detainer_id: int, outcome: Outcome, actor: Actor,
              at: datetime | None = None, note: str = "",
              override_reason: str = "", approval: OverrideApproval | None = None,
              expected_version: int | None = None) -> DetainerSnapshot:
        """Take the detainer off the board with its outcome; blocking steps first.

        `approval`: the proof that a supervisor signed the override on the spot
        (`self.approvals.sign`) when `actor` may not override; it is redeemed first (a
        forged, reused, expired or another detainer's approval is refused and audited)
        and the close is then recorded under both names.
        """
        require(actor, Permission.CLOSE_DETAINER)
        signer = actor if approval is None else \
            self.approvals.redeem(approval, detainer_id, actor)
        at = self._instant(at)
        with self.ctx.change(detainer_id, actor, AuditAction.DETAINER_CLOSED,
                             f"Closed: {outcome}",
                             expected_version) as edit:
            row = edit.row
            _refuse_if_closed(row)
            implied = IMPLIED_BAIL.get(outcome)
            if implied is not None and row.bail_decision is None:
                _apply_bail_decision(row, implied, at, actor)
            leaving = leaving_custody(outcome)
            if leaving is not None:
                _mark_left_custody(row, leaving, at, actor)
            blocking = [s for s in row.steps
                        if is_blocking_open(s.blocking, s.state, s.due_at)]
            if blocking:
                self._check_override(blocking, signer, override_reason)
                row.override_reason = override_reason.strip()
                edit.summary = (f"Closed: {outcome}; supervisor override by {signer.name}"
                                f"{_signed_for(actor, signer)}: {override_reason.strip()}")
            row.outcome = outcome
            row.closed_at = at
            row.closed_by = actor.name + (_signed_by(actor, signer) if blocking else "")
            row.close_note = note.strip()
        return self.ctx.snapshot(detainer_id)

    def record_alert(self, detainer_id: int, state: str, actor: Actor) -> None:
        """Audit that the board showed an alert (threshold crossed, expiry) once."""
        with self.ctx.db.sessions() as session:
            self.ctx.audit(session, actor, AuditAction.ALERT_SHOWN, f"Alert shown: {state}",
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


def _signed_for(actor: Actor, signer: Actor) -> str:
    """The audit words naming the officer for whom a supervisor signed, if another."""
    return "" if signer == actor else f" (signed on the spot for {actor.name})"


def _signed_by(actor: Actor, signer: Actor) -> str:
    """`closed_by`'s second name: the supervisor who signed the override, if another."""
    return "" if signer == actor else f", override signed by {signer.name}"


def _pending_step(row: Detainer, step_id: str) -> ChecklistStep:
    for step in row.steps:
        if step.step_id == step_id:
            if step.state is not StepState.PENDING:
                raise RuleRefusedError(f"'{step.text}' was already recorded as {step.state} "
                                       f"by {step.done_by}.")
            return step
    raise RuleRefusedError(f"This detainer has no checklist step '{step_id}'.")


def _bail_amount(decision: BailDecision, typed: str) -> str:
    """A monetary bail's amount as exact dollars ("500.00"); none for other decisions."""
    if decision is not BailDecision.MONETARY_BAIL or not typed.strip():
        return ""
    try:
        return str(parse_dollars(typed, "bail_amount"))
    except FieldError as error:
        raise InvalidFieldsError([error]) from None


def _duty(step: ChecklistStep, actor: Actor) -> str:
    """Refuse a person whose role is not the step's duty; a supervisor's override is
    returned as words for the audit entry."""
    return _duty_of(step.duty, step.text, step.citation, actor)


def _duty_of(duty: Duty, text: str, citation: str, actor: Actor) -> str:
    override = duty_override(duty, actor, text, citation)
    return f" ({override})" if override else ""


def _apply_bail_decision(row: Detainer, decision: BailDecision, at: datetime,
                         actor: Actor) -> None:
    row.bail_decision = decision
    row.bail_decided_at = at
    row.custody_status = bail_status(decision)
    ground = bail_ground(decision)
    if ground is not None:
        _set_eligible(row, at, ground, actor)
    for step in row.steps:
        if step.trigger is Trigger.ON_BAIL_DECISION and \
                bail_makes_due(parse_when_bail(step.when_bail), decision):
            step.due_at = step.due_at or at


def _set_eligible(row: Detainer, at: datetime, ground: ReleaseGround, actor: Actor) -> None:
    """Release eligibility starts at the first event that ends custody on the charge."""
    if row.release_eligible_at is None or at < row.release_eligible_at:
        row.release_eligible_at = at
        row.release_ground = ground
        row.release_eligible_by = actor.name


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


def _mark_left_custody(row: Detainer, leaving: LeavingCustody | None, at: datetime,
                       actor: Actor) -> None:
    assert leaving is not None
    row.custody_status = leaving.status
    if leaving.ground is not None and row.release_eligible_at is None:
        _set_eligible(row, at, leaving.ground, actor)
    for step in row.steps:
        if step.trigger is leaving.trigger:
            step.due_at = step.due_at or at


def _refuse_if_closed(row: Detainer) -> None:
    refuse_event_on_closed(row.detainer_number, row.closed_at, row.voided_at)
