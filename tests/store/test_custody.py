"""Checklist steps, bail, the ERO notice, the copy served and release, as stored."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm, DetainerSnapshot
from desk_app.domain.errors import InvalidFieldsError, RuleRefusedError
from desk_app.domain.policy import ChecklistStepRule
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import (
    BailDecision,
    CustodyStatus,
    Duty,
    Outcome,
    StepState,
    Trigger,
)
from desk_app.store.custody_service import EroNotice
from desk_app.store.desk import Desk
from desk_app.store.detainer_service import DetainerService
from desk_app.store.models import AuditEntry, ChecklistStep, Detainer

ERO_STEP = "notify_ero_if_bailed"


def step_of(row: Detainer, step_id: str) -> ChecklistStep:
    """One checklist step of a stored detainer."""
    return next(s for s in row.steps if s.step_id == step_id)


def test_completing_a_step_records_who_and_when(
        desk: Desk, officer: Actor, clock: FixedTime,
        log_detainer: Callable[..., DetainerSnapshot], stored: Callable[[int], Detainer],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """The record sheet would not show who told the bail clerk, or when."""
    snap = log_detainer()
    clock.advance(timedelta(minutes=4))
    after = desk.custody.complete_step(snap.id, "inform_bail_clerk", officer,
                                       note=" told Clerk Ames ")
    step = step_of(stored(snap.id), "inform_bail_clerk")
    assert step.state is StepState.DONE
    assert step.done_at == clock.now()
    assert step.done_by == officer.name
    assert step.note == "told Clerk Ames"
    assert after.version == snap.version + 1
    entry = audit_entries()[-1]
    assert (entry.action, entry.actor) == ("step done", officer.name)
    assert "Inform the bail clerk" in entry.summary and "told Clerk Ames" in entry.summary


def test_completing_a_step_twice_is_refused(
        desk: Desk, officer: Actor, other_officer: Actor,
        log_detainer: Callable[..., DetainerSnapshot], stored: Callable[[int], Detainer],
        audit_entries: Callable[..., list[AuditEntry]], published: list[int]) -> None:
    """A second officer's click would overwrite who really did the step."""
    snap = log_detainer()
    desk.custody.complete_step(snap.id, "scan_into_imc", officer)
    with pytest.raises(RuleRefusedError) as refused:
        desk.custody.complete_step(snap.id, "scan_into_imc", other_officer)
    assert officer.name in str(refused.value)
    assert step_of(stored(snap.id), "scan_into_imc").done_by == officer.name
    assert len(audit_entries()) == 2
    assert published == [snap.id, snap.id]


def test_unknown_step_is_refused(desk: Desk, officer: Actor,
                                 log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """A step from another department's policy could be ticked on this detainer."""
    snap = log_detainer()
    with pytest.raises(RuleRefusedError, match="no checklist step 'lost_step'"):
        desk.custody.complete_step(snap.id, "lost_step", officer)


def test_not_applicable_needs_a_reason(
        desk: Desk, officer: Actor, log_detainer: Callable[..., DetainerSnapshot],
        stored: Callable[[int], Detainer]) -> None:
    """A step could be skipped without anyone saying why it did not apply."""
    snap = log_detainer()
    with pytest.raises(InvalidFieldsError) as refused:
        desk.custody.mark_not_applicable(snap.id, "update_report", officer, "  ")
    assert [e.field for e in refused.value.errors] == ["reason"]
    assert step_of(stored(snap.id), "update_report").state is StepState.PENDING


def test_not_applicable_keeps_the_reason(
        desk: Desk, officer: Actor, log_detainer: Callable[..., DetainerSnapshot],
        stored: Callable[[int], Detainer], audit_entries: Callable[..., list[AuditEntry]]
) -> None:
    """The record would not say why a step was skipped."""
    snap = log_detainer()
    desk.custody.mark_not_applicable(snap.id, "update_report", officer, "report already filed")
    step = step_of(stored(snap.id), "update_report")
    assert step.state is StepState.NOT_APPLICABLE
    assert (step.note, step.done_by) == ("report already filed", officer.name)
    assert audit_entries()[-1].action == "step not applicable"
    with pytest.raises(RuleRefusedError):
        desk.custody.complete_step(snap.id, "update_report", officer)


@pytest.mark.parametrize(("decision", "status", "eligible", "ero_due"), [
    (BailDecision.MONETARY_BAIL, CustodyStatus.BAIL_SET, False, True),
    (BailDecision.PERSONAL_RECOGNIZANCE, CustodyStatus.BAILED, True, True),
    (BailDecision.HELD_UNTIL_COURT, CustodyStatus.HELD_UNTIL_COURT, False, False),
])
def test_bail_decision(decision: BailDecision, status: CustodyStatus, eligible: bool,
                       ero_due: bool, desk: Desk, officer: Actor, now: datetime,
                       log_detainer: Callable[..., DetainerSnapshot],
                       stored: Callable[[int], Detainer],
                       audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """The board would show the wrong custody, or ask for an ERO call nobody owes."""
    snap = log_detainer()
    decided = now - timedelta(minutes=10)
    desk.custody.record_bail_decision(snap.id, decision, officer, decided, amount=" $500 ")
    row = stored(snap.id)
    assert row.bail_decision is decision
    assert row.bail_decided_at == decided
    # Exact dollars, and only for the decision that has an amount.
    assert row.bail_amount == ("500.00" if decision is BailDecision.MONETARY_BAIL else "")
    assert row.custody_status is status
    assert row.release_eligible_at == (decided if eligible else None)
    assert step_of(row, ERO_STEP).due_at == (decided if ero_due else None)
    assert step_of(row, ERO_STEP).state is StepState.PENDING
    for step in row.steps:
        if step.trigger is Trigger.ON_RECEIPT:
            assert step.due_at == row.received_at
    entry = audit_entries()[-1]
    assert entry.action == "bail decision"
    assert json.loads(entry.after)["custody_status"] == status.value


def test_bail_decision_in_the_future_is_refused(
        desk: Desk, officer: Actor, now: datetime,
        log_detainer: Callable[..., DetainerSnapshot], stored: Callable[[int], Detainer]
) -> None:
    """A mistyped time would start a clock that has not started yet."""
    snap = log_detainer()
    with pytest.raises(InvalidFieldsError) as refused:
        desk.custody.record_bail_decision(snap.id, BailDecision.PERSONAL_RECOGNIZANCE,
                                          officer, now + timedelta(hours=1))
    assert [e.field for e in refused.value.errors] == ["time"]
    assert stored(snap.id).bail_decision is None


def test_bail_posted_makes_the_person_release_eligible(
        desk: Desk, officer: Actor, now: datetime,
        log_detainer: Callable[..., DetainerSnapshot], stored: Callable[[int], Detainer],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """The board would keep showing "bail set" after the bail was paid."""
    snap = log_detainer()
    decided, posted = now - timedelta(minutes=40), now - timedelta(minutes=5)
    desk.custody.record_bail_decision(snap.id, BailDecision.MONETARY_BAIL, officer, decided,
                                      amount="$1,000")
    desk.custody.record_bail_posted(snap.id, officer, posted)
    row = stored(snap.id)
    assert row.custody_status is CustodyStatus.BAILED
    assert row.release_eligible_at == posted
    assert step_of(row, ERO_STEP).due_at == decided
    assert audit_entries()[-1].action == "bail posted"


def test_bail_posted_without_monetary_bail_is_refused(
        desk: Desk, officer: Actor, log_detainer: Callable[..., DetainerSnapshot],
        stored: Callable[[int], Detainer], published: list[int]) -> None:
    """A person held until court could be shown as bailed."""
    snap = log_detainer()
    desk.custody.record_bail_decision(snap.id, BailDecision.HELD_UNTIL_COURT, officer)
    with pytest.raises(RuleRefusedError, match="monetary bail"):
        desk.custody.record_bail_posted(snap.id, officer)
    assert stored(snap.id).custody_status is CustodyStatus.HELD_UNTIL_COURT
    assert published == [snap.id, snap.id]


def test_ero_notice_is_checked_field_by_field(
        desk: Desk, supervisor: Actor, now: datetime,
        log_detainer: Callable[..., DetainerSnapshot], stored: Callable[[int], Detainer],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """A notice with no method, nobody named, or a time not yet come would be recorded."""
    snap = log_detainer()
    desk.custody.record_bail_decision(snap.id, BailDecision.PERSONAL_RECOGNIZANCE, supervisor)
    notice = EroNotice(now + timedelta(minutes=10), "carrier pigeon", "  ", "")
    with pytest.raises(InvalidFieldsError) as refused:
        desk.custody.record_ero_notice(snap.id, notice, supervisor, ERO_STEP)
    assert {e.field for e in refused.value.errors} == {"ero_method", "ero_contact",
                                                       "ero_notified_at"}
    row = stored(snap.id)
    assert row.ero_notified_at is None
    assert step_of(row, ERO_STEP).state is StepState.PENDING
    assert audit_entries()[-1].action == "bail decision"


def test_ero_notice_completes_the_step(
        desk: Desk, supervisor: Actor, now: datetime,
        log_detainer: Callable[..., DetainerSnapshot], stored: Callable[[int], Detainer],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """The ERO step would stay open after ERO was told, blocking the close."""
    snap = log_detainer()
    desk.custody.record_bail_decision(snap.id, BailDecision.PERSONAL_RECOGNIZANCE, supervisor,
                                      now - timedelta(minutes=30))
    told = now - timedelta(minutes=3)
    notice = EroNotice(told, "phone", " SDDO R. Callahan ", " Released on PR. ")
    desk.custody.record_ero_notice(snap.id, notice, supervisor, ERO_STEP)
    row = stored(snap.id)
    assert (row.ero_notified_at, row.ero_notified_by, row.ero_method, row.ero_contact,
            row.ero_message) == (told, supervisor.name, "phone", "SDDO R. Callahan",
                                 "Released on PR.")
    step = step_of(row, ERO_STEP)
    assert (step.state, step.done_at, step.done_by) == (StepState.DONE, told, supervisor.name)
    assert "SDDO R. Callahan" in step.note
    entry = audit_entries()[-1]
    assert entry.action == "ERO notified"
    assert "phone" in entry.summary


def test_copy_served_completes_the_step(
        desk: Desk, officer: Actor, now: datetime,
        log_detainer: Callable[..., DetainerSnapshot], stored: Callable[[int], Detainer],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """The record would not prove the arrestee was given a copy of the detainer."""
    snap = log_detainer()
    served = now - timedelta(minutes=20)
    desk.custody.record_copy_served(snap.id, officer, served, "give_arrestee_copy")
    row = stored(snap.id)
    assert (row.copy_served_at, row.copy_served_by) == (served, officer.name)
    step = step_of(row, "give_arrestee_copy")
    assert (step.state, step.done_at, step.done_by) == (StepState.DONE, served, officer.name)
    assert audit_entries()[-1].action == "copy served"


@pytest.fixture
def release_service(desk: Desk) -> DetainerService:
    """Pittsfield's profile plus one release step and one transfer step."""
    extra = (
        ChecklistStepRule(id="tell_ero_released", text="Tell ERO the person was released",
                          duty=Duty.SHIFT_SUPERVISOR, trigger=Trigger.ON_RELEASE,
                          blocking=True, citation="test §1"),
        ChecklistStepRule(id="send_transfer_papers",
                          text="Send the papers with the transfer", duty=Duty.DESK_SERGEANT,
                          trigger=Trigger.ON_TRANSFER, blocking=True, citation="test §2"),
    )
    profile = replace(desk.profile, steps=desk.profile.steps + extra)
    return DetainerService(desk.ctx, profile)


def test_release_makes_the_release_steps_due(
        desk: Desk, officer: Actor, now: datetime, release_service: DetainerService,
        make_form: Callable[..., DetainerForm], stored: Callable[[int], Detainer],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """The desk would not be reminded of what the policy requires once the person left."""
    snap = release_service.log(make_form(), officer)
    assert step_of(stored(snap.id), "tell_ero_released").due_at is None
    released = now - timedelta(minutes=2)
    desk.custody.record_release(snap.id, officer, released)
    row = stored(snap.id)
    assert row.custody_status is CustodyStatus.RELEASED
    assert row.release_eligible_at == released
    assert step_of(row, "tell_ero_released").due_at == released
    assert step_of(row, "send_transfer_papers").due_at is None
    assert audit_entries()[-1].action == "released"


def test_transfer_makes_the_transfer_steps_due_and_blocks_the_close(
        desk: Desk, officer: Actor, release_service: DetainerService,
        make_form: Callable[..., DetainerForm], stored: Callable[[int], Detainer]) -> None:
    """A transfer to ICE could be closed without the papers the policy requires."""
    snap = release_service.log(make_form(), officer)
    for step in snap.steps:
        if step.is_due:
            desk.custody.complete_step(snap.id, step.step_id, officer)
    with pytest.raises(RuleRefusedError, match="Send the papers with the transfer"):
        desk.custody.close(snap.id, Outcome.TRANSFERRED_TO_ICE, officer)
    row = stored(snap.id)
    assert row.closed_at is None
    assert row.custody_status is CustodyStatus.IN_CUSTODY
    assert step_of(row, "send_transfer_papers").due_at is None
