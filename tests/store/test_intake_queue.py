"""The intake queue: every fax copied in and audited, out only by an audited decision."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from desk_app.domain.actor import Actor
from desk_app.domain.contact_log import ContactForm, ContactKind, ContactReason, IceUnit
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.errors import ConflictError, InvalidFieldsError
from desk_app.domain.intake import ALERT_AFTER, IntakeState, station_folders
from desk_app.domain.time_source import FixedTime
from desk_app.store.desk import Desk
from desk_app.store.intake_service import IntakeService
from desk_app.store.models import AuditEntry

FAX = b"%PDF-1.4 a faxed detainer"


def take(queue: IntakeService, officer: Actor, station: str = "District B-2",
         content: bytes = FAX, path: str = "/fax/b2/0001.pdf") -> int:
    return queue.take_in(station, path, path.rsplit("/", 1)[-1], "application/pdf", content,
                         officer).id


def test_a_fax_is_copied_in_once_and_its_arrival_audited(
        desk: Desk, officer: Actor, audit_entries: Callable[..., list[AuditEntry]]) -> None:
    queue = IntakeService(desk)
    first = take(queue, officer)
    assert take(queue, officer) == first  # the same file seen again
    second = take(queue, officer, "District C-11", b"%PDF-1.4 another", "/fax/c11/1.pdf")
    waiting = queue.waiting()
    assert [(e.id, e.station) for e in waiting] == [(first, "District B-2"),
                                                   (second, "District C-11")]
    assert [e.id for e in queue.waiting("District C-11")] == [second]
    assert queue.content(first) == FAX
    arrivals = [e for e in audit_entries() if e.action == "intake received"]
    assert len(arrivals) == 2 and "District B-2" in arrivals[0].summary


def test_a_dismissal_needs_a_reason_and_is_audited(
        desk: Desk, officer: Actor, audit_entries: Callable[..., list[AuditEntry]]) -> None:
    queue = IntakeService(desk)
    item = take(queue, officer)
    with pytest.raises(InvalidFieldsError) as refused:
        queue.dismiss(item, "  ", officer)
    assert refused.value.errors[0].field == "reason"
    assert [e.id for e in queue.waiting()] == [item]
    done = queue.dismiss(item, "cover page sent twice", officer)
    assert done.state is IntakeState.DISMISSED and done.decided_by == officer.name
    assert queue.waiting() == []
    entry = [e for e in audit_entries() if e.action == "intake dismissed"][0]
    assert "cover page sent twice" in entry.summary
    with pytest.raises(ConflictError):
        queue.dismiss(item, "again, from another board", officer)


def test_a_refax_is_attached_to_its_detainer(
        desk: Desk, officer: Actor, log_detainer: Callable[..., DetainerSnapshot],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    queue = IntakeService(desk)
    detainer = log_detainer(subject_name="Juan Carlos García López", file_number="A123456789",
                            date_of_birth=date(1990, 5, 17))
    item = take(queue, officer)
    found = queue.refax_matches({"subject_name": "GARCIA LOPEZ, JUAN CARLOS",
                                 "date_of_birth": "1990-05-17", "file_number": "A123456789"})
    assert [m.detainer.id for m in found] == [detainer.id]
    assert found[0].matched_on == ("A-number", "name and date of birth")
    assert found[0].label().startswith(f"re-fax of {detainer.detainer_number}")
    queue.attach_to(item, detainer.id, officer)
    snapshot = desk.ctx.snapshot(detainer.id)
    assert [a.file_name for a in snapshot.attachments] == ["0001.pdf"]
    assert queue.entry(item).state is IntakeState.ATTACHED
    assert any(e.action == "intake attached" and e.detainer_id == detainer.id
               for e in audit_entries())


def test_a_closed_match_is_shown_after_the_active_ones(
        desk: Desk, officer: Actor, log_detainer: Callable[..., DetainerSnapshot]) -> None:
    queue = IntakeService(desk)
    older = log_detainer(detainer_number="D26-00001", event_number="BOS1712000123")
    desk.detainers.void(older.id, "entered twice", officer)
    newer = log_detainer(detainer_number="D26-00002", event_number="BOS1712000123")
    found = queue.refax_matches({"event_number": "BOS1712000123",
                                 "subject_name": "NUNEZ, JOSE"})
    assert [(m.detainer.id, m.active) for m in found] == [(newer.id, True), (older.id, False)]


def test_logging_keeps_which_fields_were_read_and_which_typed(
        desk: Desk, officer: Actor, log_detainer: Callable[..., DetainerSnapshot],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    queue = IntakeService(desk)
    item = take(queue, officer)
    detainer = log_detainer()
    queue.mark_logged(item, detainer.id, ["subject_name", "file_number"], ["citizenship"],
                      officer)
    entry = [e for e in audit_entries() if e.action == "intake logged"][0]
    assert "confirmed: subject_name, file_number; typed: citizenship" in entry.summary
    assert entry.detainer_id == detainer.id


def test_the_first_reading_is_kept_audited_and_shared(
        desk: Desk, desk_url: str, clock: FixedTime, officer: Actor, other_officer: Actor,
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """Another workstation would not see what was read off the fax, or a second board
    that read it meanwhile would overwrite the first reading."""
    from desk_app.store.desk import open_desk

    queue = IntakeService(desk)
    item = take(queue, officer)
    read = {"form": "I-247A", "pages": 2, "fields": {
        "file_number": {"value": "A123456789", "confidence": 0.99},
        "sex": {"value": None, "confidence": 0.4}}}
    assert queue.save_reading(item, read, officer)
    other = open_desk(desk_url, clock)
    try:
        there = IntakeService(other)
        assert json.loads(there.waiting()[0].reading) == read
        assert not there.save_reading(item, {"form": None, "pages": 2, "fields": {}},
                                      other_officer)
        assert json.loads(there.entry(item).reading) == read
    finally:
        other.db.close()
    [entry] = [e for e in audit_entries() if e.action == "intake read"]
    assert entry.actor == officer.name
    assert "read as I-247A, 2 page(s); fields read surely: file_number" in entry.summary


def test_an_item_is_late_after_fifteen_minutes(desk: Desk, officer: Actor,
                                               clock: FixedTime) -> None:
    queue = IntakeService(desk)
    take(queue, officer)
    entry = queue.waiting()[0]
    assert not entry.is_late(clock.now() + ALERT_AFTER)
    assert entry.is_late(clock.now() + ALERT_AFTER + timedelta(seconds=1))


def test_station_folders_setting() -> None:
    assert station_folders("District B-2 = /fax/b2; C-11=/fax/c11\n/fax/main") == [
        ("District B-2", "/fax/b2"), ("C-11", "/fax/c11"), ("/fax/main", "/fax/main")]


def test_two_workstations_share_one_queue(desk: Desk, desk_url: str, clock: FixedTime,
                                          officer: Actor, other_officer: Actor) -> None:
    """Two boards of different stations on one database: a fax taken in at one is in
    the other's queue, and a decision at one takes it out of both."""
    from desk_app.store.desk import open_desk

    other = open_desk(desk_url, clock)
    try:
        here, there = IntakeService(desk), IntakeService(other)
        item = take(here, officer, "District B-2")
        assert [(e.id, e.station) for e in there.waiting()] == [(item, "District B-2")]
        there.dismiss(item, "a duplicate of the page before", other_officer)
        assert here.waiting() == []
        with pytest.raises(ConflictError):
            here.dismiss(item, "also dismissed here", officer)
    finally:
        other.db.close()


def test_filing_as_a_contact_logs_it_in_the_contact_log_linked_to_the_fax(
        desk: Desk, clock: FixedTime, officer: Actor,
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """A notification request faxed in is filed through the desk's contact log: the
    entry is there, names the fax, the item points at it, and both steps are audited."""
    queue = IntakeService(desk)
    item = take(queue, officer, "District C-11")
    form = ContactForm(kind=ContactKind.NOTIFICATION_REQUEST,
                       occurred_at=clock.now() - timedelta(minutes=3),
                       agent_name="M. JOHNSON, Deportation Officer", unit=IceUnit.ERO,
                       reason=ContactReason.CIVIL_ONLY, subject_name="GARCIA, ANA",
                       information_released="nothing", nothing_else_released=True,
                       note="release date asked")
    filed, contact = queue.file_as_contact(item, form, officer)
    assert filed.state is IntakeState.FILED and queue.waiting() == []
    logged = desk.contacts.entries(clock.now() - timedelta(hours=1), clock.now())
    assert [c.id for c in logged] == [contact.id]
    assert logged[0].subject_name == "GARCIA, ANA"
    assert logged[0].note.startswith("release date asked\n")
    assert "0001.pdf from the intake queue" in logged[0].note
    fax = queue.contact_fax(contact.id)
    assert fax is not None and fax.id == item
    actions = [e.action for e in audit_entries()]
    assert "ICE contact logged" in actions and "intake filed" in actions
    filing = [e for e in audit_entries() if e.action == "intake filed"][0]
    assert f"filed as ICE contact {contact.id}" in filing.summary
    with pytest.raises(ConflictError):  # filed once only
        queue.file_as_contact(item, form, officer)
    assert len(desk.contacts.entries(clock.now() - timedelta(hours=1), clock.now())) == 1


def test_a_contact_refused_by_the_log_leaves_the_fax_in_the_queue(
        desk: Desk, clock: FixedTime, officer: Actor) -> None:
    queue = IntakeService(desk)
    item = take(queue, officer)
    form = ContactForm(kind=ContactKind.NOTIFICATION_REQUEST, occurred_at=clock.now(),
                       agent_name="", unit=IceUnit.ERO, reason=ContactReason.CIVIL_ONLY,
                       information_released="nothing", nothing_else_released=True)
    with pytest.raises(InvalidFieldsError) as refused:
        queue.file_as_contact(item, form, officer)
    assert "agent_name" in [e.field for e in refused.value.errors]
    assert [e.id for e in queue.waiting()] == [item]
