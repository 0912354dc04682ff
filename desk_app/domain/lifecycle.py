"""The lifecycle of a detainer in one place: which custody events end custody on the
criminal charge, which checklist steps each event makes due, and what blocks closing.

The services apply these rules to the stored rows, the dialogs ask them what an event
will make due, and the reports read release eligibility the same way, so no rule is
written twice. Custody is two things: custody on the criminal charge (held until court,
no bail set, bail not paid: lawful) and custody that continues only because of the
detainer (forbidden in Massachusetts). Release eligibility is the moment the first ends,
from any Trust Act §1 (a)-(g) event; a transfer to court does not end it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from desk_app.domain.actor import Actor
from desk_app.domain.errors import FieldError, RuleRefusedError
from desk_app.domain.vocabulary import (
    BailDecision,
    CustodyStatus,
    Duty,
    Outcome,
    ReleaseGround,
    Role,
    StepState,
    Trigger,
)

if TYPE_CHECKING:  # the profile and snapshots are read, never built, here
    from desk_app.domain.detainer import DetainerSnapshot, StepSnapshot
    from desk_app.domain.policy import PolicyProfile


@dataclass(frozen=True)
class LeavingCustody:
    """What closing with an outcome does to custody: the status, the steps it makes due
    and, if it ends custody on the charge, the Trust Act §1 ground."""

    status: CustodyStatus
    trigger: Trigger
    ground: ReleaseGround | None


_LEAVING = {
    Outcome.RELEASED_ON_BAIL: LeavingCustody(CustodyStatus.RELEASED, Trigger.ON_RELEASE,
                                             ReleaseGround.BAIL_POSTED),
    Outcome.RELEASED_ON_RECOGNIZANCE: LeavingCustody(
        CustodyStatus.RELEASED, Trigger.ON_RELEASE, ReleaseGround.RECOGNIZANCE),
    Outcome.RELEASED_OTHERWISE: LeavingCustody(CustodyStatus.RELEASED, Trigger.ON_RELEASE,
                                               ReleaseGround.OTHERWISE_ELIGIBLE),
    # The person leaves our custody, but a transfer to court is not a release: the
    # criminal case goes on, so release eligibility does not start (DESIGN: custody).
    Outcome.TRANSFERRED_TO_COURT: LeavingCustody(CustodyStatus.TRANSFERRED,
                                                 Trigger.ON_TRANSFER, None),
    Outcome.TRANSFERRED_TO_ICE: LeavingCustody(CustodyStatus.TRANSFERRED,
                                               Trigger.ON_TRANSFER, None),
}

# Closing as released on bail or recognizance is a bail decision even if none was
# recorded, so the steps that decision makes due (the ERO notice) are not skipped.
IMPLIED_BAIL = {Outcome.RELEASED_ON_BAIL: BailDecision.MONETARY_BAIL,
                Outcome.RELEASED_ON_RECOGNIZANCE: BailDecision.PERSONAL_RECOGNIZANCE}


def leaving_custody(outcome: Outcome) -> LeavingCustody | None:
    """What closing with `outcome` does to custody; None if the person did not move."""
    return _LEAVING.get(outcome)


def made_due_by_release(steps: Iterable[StepSnapshot]) -> list[StepSnapshot]:
    """The open steps a release makes due (the Released dialog says which)."""
    return [s for s in steps if s.is_open and s.trigger is Trigger.ON_RELEASE]


def refuse_event_on_closed(number: str, closed_at: datetime | None,
                           voided_at: datetime | None) -> None:
    """No custody event, step or notice is recorded on a closed or voided detainer."""
    if closed_at is not None or voided_at is not None:
        raise RuleRefusedError(f"Detainer {number} is already closed.")


def bail_ground(decision: BailDecision) -> ReleaseGround | None:
    """Recognizance ends custody on the charge at once; monetary bail only when posted;
    held until court does not."""
    return ReleaseGround.RECOGNIZANCE if decision is BailDecision.PERSONAL_RECOGNIZANCE \
        else None


def bail_status(decision: BailDecision) -> CustodyStatus:
    """Where the person stands after the clerk's decision."""
    return {BailDecision.HELD_UNTIL_COURT: CustodyStatus.HELD_UNTIL_COURT,
            BailDecision.MONETARY_BAIL: CustodyStatus.BAIL_SET,
            BailDecision.PERSONAL_RECOGNIZANCE: CustodyStatus.BAILED}[decision]


def parse_when_bail(stored: str) -> tuple[BailDecision, ...]:
    """The decisions a stored step lists ("monetary bail,personal recognizance")."""
    return tuple(BailDecision(v) for v in stored.split(",") if v)


def bail_makes_due(when_bail: Iterable[BailDecision], decision: BailDecision) -> bool:
    """Whether a bail decision makes an on_bail_decision step due (none listed = any)."""
    listed = tuple(when_bail)
    return not listed or decision in listed


def is_blocking_open(blocking: bool, state: StepState, due_at: datetime | None) -> bool:
    """A step that stops the detainer being closed without a supervisor's override."""
    return blocking and state is StepState.PENDING and due_at is not None


def check_bail_posted(at: datetime, received_at: datetime,
                      decided_at: datetime | None) -> list[FieldError]:
    """Bail cannot be posted before the bail decision, nor before the fax arrived."""
    errors = []
    if decided_at is not None and at < decided_at:
        errors.append(FieldError("time", "is before the bail decision; check the time"))
    elif at < received_at:
        errors.append(FieldError("time", "is before the detainer was received; check the "
                                         "time"))
    return errors



def made_due_by_bail(steps: Iterable[StepSnapshot], profile: PolicyProfile,
                     decision: BailDecision) -> list[StepSnapshot]:
    """The open steps a bail decision would make due, for the dialog to say so first."""
    rules = {rule.id: rule for rule in profile.steps}
    return [s for s in steps
            if s.is_open and s.trigger is Trigger.ON_BAIL_DECISION and s.step_id in rules
            and bail_makes_due(rules[s.step_id].when_bail, decision)]


def blocking_steps(snapshot: DetainerSnapshot, outcome: Outcome | None
                   ) -> list[tuple[StepSnapshot, bool]]:
    """Blocking steps that would stop this close: (step, becomes due only by closing).

    Closing with a release or transfer outcome makes that trigger's steps due at once,
    so they block too, even though the board does not show them as due yet.
    """
    leaving = leaving_custody(outcome) if outcome is not None else None
    trigger = leaving.trigger if leaving is not None else None
    found = []
    for step in snapshot.steps:
        if not step.blocking or step.state is not StepState.PENDING:
            continue
        if step.due_at is not None:
            found.append((step, False))
        elif trigger is not None and step.trigger is trigger:
            found.append((step, True))
    return found


# Who may do a step of each duty. A supervisor is a sworn officer and may do any
# officer's step; a step of another role's duty is done by a supervisor only as an
# override, recorded in the audit log.
_DUTY_ROLES: dict[Duty, frozenset[Role]] = {
    Duty.SHIFT_SUPERVISOR: frozenset({Role.SUPERVISOR}),
    Duty.COMMANDING_OFFICER: frozenset({Role.SUPERVISOR}),
    Duty.DESK_SERGEANT: frozenset({Role.SUPERVISOR}),
    Duty.OFFICER_IN_CHARGE: frozenset({Role.DESK_OFFICER, Role.SUPERVISOR}),
    Duty.DESK_OFFICER: frozenset({Role.DESK_OFFICER, Role.SUPERVISOR}),
    Duty.ARRESTING_OFFICER: frozenset({Role.DESK_OFFICER, Role.SUPERVISOR}),
    Duty.BOOKING_OFFICER: frozenset({Role.DESK_OFFICER, Role.SUPERVISOR}),
    Duty.RECORDS_CLERK: frozenset({Role.RECORDS_CLERK}),
    Duty.CRIME_ANALYST: frozenset({Role.ANALYST}),
}


def duty_override(duty: Duty, actor: Actor, text: str, citation: str) -> str:
    """"" when `actor` holds the step's duty; the audit words of a supervisor's override
    when not; RuleRefusedError for anyone else."""
    if actor.role in _DUTY_ROLES[duty]:
        return ""
    if actor.may_override:
        return f"supervisor override: '{text}' is the {duty}'s duty ({citation})"
    raise RuleRefusedError(f"'{text}' is the {duty}'s duty ({citation}); ask the {duty} "
                           "or a supervisor to record it.")


def refuse_bail_posted(decision: BailDecision | None) -> None:
    """Bail can be posted only after the clerk set monetary bail."""
    if decision is not BailDecision.MONETARY_BAIL:
        raise RuleRefusedError("Record a monetary bail decision before bail is posted.")


def kept_after_eligibility(d: DetainerSnapshot) -> bool:
    """Whether the person stayed in our custody after custody on the charge ended and
    then left other than by release: a hold on the detainer itself (§4(b))."""
    if d.closed_at is None or d.release_eligible_at is None or d.outcome is None:
        return False
    leaving = leaving_custody(d.outcome)
    released = leaving is not None and leaving.status is CustodyStatus.RELEASED
    return not released and d.closed_at > d.release_eligible_at
