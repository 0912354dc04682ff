"""Logging a detainer: what is stored, what is refused, and that a refusal stores nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields
from datetime import date, datetime, timedelta

import pytest

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm, DetainerSnapshot
from desk_app.domain.errors import InvalidFieldsError
from desk_app.domain.vocabulary import (
    ClockStart,
    CustodyStatus,
    FormType,
    StepState,
    Trigger,
)
from desk_app.store.desk import Desk
from desk_app.store.models import AuditEntry, ChecklistStep, Detainer


def full_form(received_at: datetime) -> DetainerForm:
    """A form with every field filled with something other than its default."""
    return DetainerForm(
        detainer_number="D26-00042", form_type=FormType.I_247D, case_number="26-7781-AR",
        subject_name="Nguyễn Thị Minh Khai", received_at=received_at,
        booking_number="B2654321", subject_id="123456789", event_number="EVT7654321",
        file_number="A987654321", date_of_birth=date(1988, 2, 29), citizenship="Vietnam",
        sex="F", issuing_office="ERO Boston Field Office, Burlington MA",
        issuing_officer="SDDO R. Callahan", issuing_phone="(802) 872-6123",
        ground_final_order=True, ground_pending_proceedings=False,
        ground_biometric_match=True, ground_statements=False, box2_transferred=False,
        request_notify=False, request_hold=False, request_serve_copy=False,
        reason_for_detainer="", arrest_location="North St & Fenn St",
        offenses="Shoplifting; Trespass", criminal_history=True, resident=True,
        receipt_correction_reason="",
    )


def field_names(error: InvalidFieldsError) -> set[str]:
    """The fields a refusal marks on the form."""
    return {e.field for e in error.errors}


def assert_nothing_stored(count_rows: Callable[[type], int]) -> None:
    """No detainer, step or audit entry exists."""
    assert count_rows(Detainer) == 0
    assert count_rows(ChecklistStep) == 0
    assert count_rows(AuditEntry) == 0


def test_every_typed_field_is_stored(desk: Desk, officer: Actor, now: datetime,
                                     stored: Callable[[int], Detainer]) -> None:
    """A records clerk would find a field typed from the I-247A missing from the record."""
    form = full_form(now - timedelta(minutes=30))
    snap = desk.detainers.log(form, officer)
    row = stored(snap.id)
    for f in fields(DetainerForm):
        if f.name == "reason_for_detainer":
            continue
        assert getattr(row, f.name) == getattr(form, f.name), f.name
    assert row.reason_for_detainer == ("final order of removal; "
                                       "biometric confirmation and records checks")
    assert row.profile_id == "pittsfield-413"
    assert row.clock_start_rule is ClockStart.RECEIPT
    assert row.custody_status is CustodyStatus.IN_CUSTODY
    assert row.version == 1
    assert row.created_at == row.updated_at == now
    assert row.updated_by == officer.name
    assert row.closed_at is None and row.voided_at is None and row.outcome is None


def test_typed_reason_is_kept_over_the_ticked_boxes(
        desk: Desk, officer: Actor, make_form: Callable[..., DetainerForm],
        stored: Callable[[int], Detainer]) -> None:
    """The tracking sheet would show the boxes instead of the reason the officer typed."""
    snap = desk.detainers.log(make_form(ground_final_order=True,
                                        reason_for_detainer="  Other: ICE phone call "),
                              officer)
    assert stored(snap.id).reason_for_detainer == "Other: ICE phone call"


def test_steps_are_copied_from_the_profile_in_order(
        desk: Desk, log_detainer: Callable[..., DetainerSnapshot],
        stored: Callable[[int], Detainer]) -> None:
    """A desk officer would see the checklist out of the policy's order or missing a step."""
    snap = log_detainer()
    row = stored(snap.id)
    rules = desk.profile.steps
    assert [s.step_id for s in row.steps] == [r.id for r in rules]
    for position, (step, rule) in enumerate(zip(row.steps, rules, strict=True)):
        assert step.position == position
        assert (step.text, step.duty, step.trigger, step.blocking, step.citation) == (
            rule.text, rule.duty, rule.trigger, rule.blocking, rule.citation)
        assert step.when_bail == ",".join(d.value for d in rule.when_bail)
        assert step.state is StepState.PENDING
        assert step.done_at is None and step.done_by == ""
        expected_due = row.received_at if rule.trigger is Trigger.ON_RECEIPT else None
        assert step.due_at == expected_due, step.step_id
    assert row.steps[-2].step_id == "notify_ero_if_bailed"
    assert row.steps[-2].due_at is None


def test_logging_writes_one_audit_entry(log_detainer: Callable[..., DetainerSnapshot],
                                        officer: Actor, now: datetime,
                                        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """A supervisor reading the audit log could not tell who logged the detainer."""
    snap = log_detainer()
    entries = audit_entries()
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.actor, entry.action, entry.detainer_id, entry.at) == (
        officer.name, "detainer logged", snap.id, now)
    assert entry.before == ""
    after = json.loads(entry.after)
    assert after["detainer_number"] == "D26-00001"
    assert after["subject_name"] == "José Ñúñez"
    assert after["received_at"] == snap.received_at.isoformat()
    assert "D26-00001" in entry.summary and "José Ñúñez" in entry.summary


def test_duplicate_detainer_number_is_refused(
        log_detainer: Callable[..., DetainerSnapshot], count_rows: Callable[[type], int],
        published: list[int]) -> None:
    """The same fax logged twice would put one person on the board twice."""
    first = log_detainer()
    with pytest.raises(InvalidFieldsError) as refused:
        log_detainer(detainer_number="  D26-00001 ", subject_name="Someone Else")
    assert field_names(refused.value) == {"detainer_number"}
    assert "already logged" in str(refused.value)
    assert count_rows(Detainer) == 1
    assert count_rows(ChecklistStep) == len(first.steps)
    assert count_rows(AuditEntry) == 1
    assert published == [first.id]


def test_receipt_in_the_future_is_refused(log_detainer: Callable[..., DetainerSnapshot],
                                          now: datetime,
                                          count_rows: Callable[[type], int]) -> None:
    """A mistyped receipt time would give the person hours the law does not allow."""
    with pytest.raises(InvalidFieldsError) as refused:
        log_detainer(received_at=now + timedelta(minutes=5))
    assert field_names(refused.value) == {"received_at"}
    assert "tick “The receipt date is right”" in str(refused.value)
    assert_nothing_stored(count_rows)


def test_receipt_ahead_of_a_slow_workstation_clock_is_logged_when_confirmed(
        desk: Desk, officer: Actor, make_form: Callable[..., DetainerForm],
        now: datetime) -> None:
    """A workstation clock 20 minutes behind would otherwise block logging the fax;
    a day ahead is a mistyped date, confirmed or not."""
    with pytest.raises(InvalidFieldsError, match="is in the future"):
        desk.detainers.log(make_form(received_at=now + timedelta(days=1, minutes=1)),
                           officer, old_receipt_confirmed=True)
    snap = desk.detainers.log(make_form(received_at=now + timedelta(minutes=20)), officer,
                              old_receipt_confirmed=True)
    assert snap.received_at == now + timedelta(minutes=20)


def test_receipt_a_few_seconds_ahead_is_accepted(
        log_detainer: Callable[..., DetainerSnapshot], now: datetime) -> None:
    """A workstation clock a few seconds behind the fax machine would block logging."""
    snap = log_detainer(received_at=now + timedelta(seconds=30))
    assert snap.received_at == now + timedelta(seconds=30)


def test_birth_after_receipt_is_refused(log_detainer: Callable[..., DetainerSnapshot],
                                        now: datetime,
                                        count_rows: Callable[[type], int]) -> None:
    """A date of birth with the wrong year would be stored on the record."""
    received = now - timedelta(hours=1)
    with pytest.raises(InvalidFieldsError) as refused:
        log_detainer(received_at=received, date_of_birth=received.date() + timedelta(days=1))
    assert field_names(refused.value) == {"date_of_birth"}
    assert_nothing_stored(count_rows)


@pytest.mark.parametrize("field", ["case_number", "subject_name", "detainer_number"])
def test_missing_required_field_is_refused(field: str,
                                           log_detainer: Callable[..., DetainerSnapshot],
                                           count_rows: Callable[[type], int],
                                           published: list[int]) -> None:
    """A detainer without its Case #, name or number could never be found again."""
    with pytest.raises(InvalidFieldsError) as refused:
        log_detainer(**{field: "   "})
    assert field_names(refused.value) == {field}
    assert_nothing_stored(count_rows)
    assert published == []


def test_every_problem_is_named_at_once(log_detainer: Callable[..., DetainerSnapshot],
                                        now: datetime,
                                        count_rows: Callable[[type], int]) -> None:
    """The officer would have to fix the form one refusal at a time."""
    with pytest.raises(InvalidFieldsError) as refused:
        log_detainer(case_number="", subject_name="", detainer_number="",
                     received_at=now + timedelta(hours=2))
    assert field_names(refused.value) == {"case_number", "subject_name", "detainer_number",
                                          "received_at"}
    assert_nothing_stored(count_rows)
