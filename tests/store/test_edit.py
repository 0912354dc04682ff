"""Correcting a detainer: audited field by field, guarded by the version check."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.errors import ConflictError, InvalidFieldsError
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import Trigger
from desk_app.store.desk import Desk
from desk_app.store.models import AuditEntry, Detainer


def test_edit_audits_only_the_changed_fields(
        desk: Desk, officer: Actor, log_detainer: Callable[..., DetainerSnapshot],
        stored: Callable[[int], Detainer],
        audit_entries: Callable[..., list[AuditEntry]], published: list[int]) -> None:
    """A supervisor would have to diff the whole record to see what an edit changed."""
    snap = log_detainer()
    edited = desk.detainers.edit(snap.id, snap.version,
                                 {"subject_name": " José Núñez ", "booking_number": "B26777"},
                                 officer)
    row = stored(snap.id)
    assert (row.subject_name, row.booking_number) == ("José Núñez", "B26777")
    assert row.case_number == snap.case_number
    assert row.version == edited.version == snap.version + 1
    entry = audit_entries()[-1]
    assert (entry.actor, entry.action, entry.detainer_id) == (officer.name, "detainer edited",
                                                              snap.id)
    assert json.loads(entry.before) == {"subject_name": "José Ñúñez", "booking_number": ""}
    assert json.loads(entry.after) == {"subject_name": "José Núñez", "booking_number": "B26777"}
    assert published == [snap.id, snap.id]


def test_edit_by_someone_else_records_who(
        desk: Desk, other_officer: Actor, log_detainer: Callable[..., DetainerSnapshot],
        stored: Callable[[int], Detainer],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """The record would still name the officer who logged it as the last to change it."""
    snap = log_detainer()
    desk.detainers.edit(snap.id, snap.version, {"citizenship": "Honduras"}, other_officer)
    assert stored(snap.id).updated_by == other_officer.name
    entry = audit_entries()[-1]
    assert entry.actor == other_officer.name
    assert set(json.loads(entry.after)) <= {"citizenship", "updated_by"}
    assert json.loads(entry.after)["citizenship"] == "Honduras"


def test_stale_version_is_refused_and_names_who_saved_first(
        desk: Desk, officer: Actor, other_officer: Actor, clock: FixedTime,
        log_detainer: Callable[..., DetainerSnapshot], stored: Callable[[int], Detainer],
        audit_entries: Callable[..., list[AuditEntry]], published: list[int]) -> None:
    """Two officers editing the same detainer would silently overwrite each other."""
    snap = log_detainer()
    clock.advance(timedelta(minutes=7))
    desk.detainers.edit(snap.id, snap.version, {"booking_number": "B-WALSH"}, other_officer)
    with pytest.raises(ConflictError) as refused:
        desk.detainers.edit(snap.id, snap.version, {"booking_number": "B-REYES"}, officer)
    message = str(refused.value)
    assert other_officer.name in message
    assert "14:07" in message  # local time in Pittsfield
    assert "your changes are kept" in message
    row = stored(snap.id)
    assert row.booking_number == "B-WALSH"
    assert row.version == snap.version + 1
    assert len(audit_entries()) == 2
    assert published == [snap.id, snap.id]


def test_correcting_receipt_needs_a_reason(
        desk: Desk, officer: Actor, now: datetime,
        log_detainer: Callable[..., DetainerSnapshot], stored: Callable[[int], Detainer],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """The 48-hour clock could be moved without anyone saying why."""
    snap = log_detainer()
    with pytest.raises(InvalidFieldsError) as refused:
        desk.detainers.edit(snap.id, snap.version,
                            {"received_at": now - timedelta(hours=3)}, officer)
    assert [e.field for e in refused.value.errors] == ["receipt_correction_reason"]
    assert stored(snap.id).received_at == snap.received_at
    assert len(audit_entries()) == 1


def test_corrected_receipt_moves_the_receipt_steps(
        desk: Desk, officer: Actor, now: datetime,
        log_detainer: Callable[..., DetainerSnapshot], stored: Callable[[int], Detainer],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """The checklist would show steps due before the fax was really received."""
    snap = log_detainer()
    corrected = now - timedelta(hours=3, minutes=15)
    desk.detainers.edit(snap.id, snap.version,
                        {"received_at": corrected,
                         "receipt_correction_reason": "fax header shows 10:45"}, officer)
    row = stored(snap.id)
    assert row.received_at == corrected
    assert row.receipt_correction_reason == "fax header shows 10:45"
    for step in row.steps:
        expected = corrected if step.trigger is Trigger.ON_RECEIPT else None
        assert step.due_at == expected, step.step_id
    after = json.loads(audit_entries()[-1].after)
    assert after["received_at"] == corrected.isoformat()
    assert after["receipt_correction_reason"] == "fax header shows 10:45"


def test_second_receipt_correction_needs_its_own_reason(
        desk: Desk, officer: Actor, now: datetime,
        log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """The clock could be moved again with no reason in the audit entry that moved it."""
    snap = log_detainer()
    snap = desk.detainers.edit(snap.id, snap.version,
                               {"received_at": now - timedelta(hours=2),
                                "receipt_correction_reason": "fax header"}, officer)
    with pytest.raises(InvalidFieldsError):
        desk.detainers.edit(snap.id, snap.version,
                            {"received_at": now - timedelta(hours=5)}, officer)


def test_edit_to_a_number_already_logged_is_refused(
        desk: Desk, officer: Actor, log_detainer: Callable[..., DetainerSnapshot],
        stored: Callable[[int], Detainer]) -> None:
    """Two detainers would end up with the same number and be confused in the records."""
    log_detainer(detainer_number="D26-00001")
    second = log_detainer(detainer_number="D26-00002")
    with pytest.raises(InvalidFieldsError) as refused:
        desk.detainers.edit(second.id, second.version, {"detainer_number": "D26-00001"},
                            officer)
    assert [e.field for e in refused.value.errors] == ["detainer_number"]
    assert stored(second.id).detainer_number == "D26-00002"


def test_fields_outside_the_form_cannot_be_edited(
        desk: Desk, officer: Actor, log_detainer: Callable[..., DetainerSnapshot],
        stored: Callable[[int], Detainer]) -> None:
    """An edit could close a detainer or change its outcome without the close rules."""
    snap = log_detainer()
    with pytest.raises(InvalidFieldsError) as refused:
        desk.detainers.edit(snap.id, snap.version, {"outcome": "expired"}, officer)
    assert [e.field for e in refused.value.errors] == ["outcome"]
    assert stored(snap.id).outcome is None
