"""The shift handoff: figures computed from snapshots, then signing as stored.

The first half checks `domain.handoff` with hand-built snapshots and fixed instants (no
database): the shift windows, including the night shift across midnight and a
daylight-saving night, and which detainers expire during the incoming shift. The
second half signs handoffs through the service on SQLite and PostgreSQL.

Times are written in Massachusetts wall-clock time (`local(...)`) so that each
boundary can be checked by hand against the shift starts 07:00, 15:00 and 23:00.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from desk_app.domain.actor import Actor
from desk_app.domain.clock import DetainerClock
from desk_app.domain.closures import ClosureCalendar
from desk_app.domain.contact_log import (
    ContactDecision,
    ContactForm,
    ContactKind,
    ContactReason,
    IceUnit,
)
from desk_app.domain.detainer import DetainerSnapshot, StepSnapshot
from desk_app.domain.errors import InvalidFieldsError, RuleRefusedError
from desk_app.domain.handoff import (
    AuditFact,
    ContactFact,
    HandoffState,
    ShiftWindow,
    SignedHandoffError,
    compute_handoff,
    handoff_shifts,
)
from desk_app.domain.handoff_json import content_digest, content_from_json, content_to_json
from desk_app.domain.permissions import NotPermittedError
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.profiles import find
from desk_app.domain.time_source import FixedTime
from desk_app.domain.urgency import Thresholds, Urgency
from desk_app.domain.vocabulary import (
    BailDecision,
    ClockStart,
    CustodyStatus,
    FormType,
    Role,
    StepState,
    Trigger,
)
from desk_app.resources import policies_dir
from desk_app.store.desk import Desk
from desk_app.store.handoff_models import Handoff, HandoffNoteRow
from desk_app.store.handoff_service import HandoffService
from desk_app.store.models import AuditEntry
from desk_app.store.outbox_models import ExportKind, OutboxItem
from desk_app.store.people_service import PeopleService, SignInError

ZONE = ZoneInfo("America/New_York")
SHIFTS = [time(7), time(15), time(23)]
PITTSFIELD = find(policies_dir(), "pittsfield-413")
TRUST_ACT = find(policies_dir(), "trust-act")
# 48 real hours, no excluded days: expiries that can be checked on the fingers.
PLAIN_CLOCK = DetainerClock(48, ZONE, ClosureCalendar(exclude_weekends=False,
                                                      exclude_holidays=False))


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A Massachusetts wall-clock instant, as UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=ZONE).astimezone(UTC)


def steps_of(profile: PolicyProfile, received: datetime, bail: BailDecision | None = None,
             done: tuple[str, ...] = ()) -> tuple[StepSnapshot, ...]:
    """The profile's checklist as a fresh detainer has it (receipt steps due)."""
    result = []
    for i, rule in enumerate(profile.steps):
        due = received if rule.trigger is Trigger.ON_RECEIPT else None
        if bail is not None and rule.trigger is Trigger.ON_BAIL_DECISION \
                and rule.applies_to_bail(bail):
            due = received + timedelta(hours=1)
        state = StepState.DONE if rule.id in done else StepState.PENDING
        result.append(StepSnapshot(i + 1, rule.id, i, rule.text, rule.duty, rule.trigger,
                                   rule.blocking, rule.citation, state, due,
                                   due if state is StepState.DONE else None,
                                   "Ofc. D. Reyes" if state is StepState.DONE else "", ""))
    return tuple(result)


def snapshot(id: int, received: datetime, **overrides: Any) -> DetainerSnapshot:
    """An active I-247A detainer received at `received`; keywords override fields."""
    values: dict[str, Any] = dict(
        id=id, version=1, profile_id="pittsfield-413", detainer_number=f"D26-{id:04d}",
        form_type=FormType.I_247A, case_number=f"26-{id}-AR", booking_number="",
        subject_id="", event_number="", file_number="", subject_name=f"Subject {id}",
        date_of_birth=None, citizenship="", sex="", issuing_office="", issuing_officer="",
        issuing_phone="", ground_final_order=True, ground_pending_proceedings=False,
        ground_biometric_match=False, ground_statements=False, box2_transferred=False,
        request_notify=True, request_hold=True, request_serve_copy=True,
        reason_for_detainer="", arrest_location="", offenses="", criminal_history=False,
        resident=False, received_at=received, receipt_correction_reason="",
        clock_start_rule=ClockStart.RECEIPT, release_eligible_at=None, release_ground=None,
        release_eligible_by="",
        custody_status=CustodyStatus.IN_CUSTODY, bail_decision=None, bail_decided_at=None,
        bail_amount="", ero_notified_at=None, ero_notified_by="", ero_method="",
        ero_contact="", ero_message="", copy_served_at=None, copy_served_by="",
        outcome=None, closed_at=None, closed_by="", close_note="", override_reason="",
        voided_at=None, void_reason="", deported=None, reimbursement_amount=Decimal("0.00"),
        reimbursement_received_on=None,
        created_at=received, updated_at=received, updated_by="Ofc. D. Reyes",
        steps=steps_of(PITTSFIELD, received))
    values.update(overrides)
    return DetainerSnapshot(**values)


def compute(detainers: list[DetainerSnapshot], now: datetime, *,
            profile: PolicyProfile = PITTSFIELD, clock: DetainerClock = PLAIN_CLOCK,
            **extra: Any) -> Any:
    """The handoff content at `now` with the default shifts."""
    ending, incoming = handoff_shifts(now, SHIFTS, ZONE)
    return compute_handoff(detainers, profile=profile, clock=clock, thresholds=Thresholds(),
                           now=now, ending=ending, incoming=incoming, zone=ZONE, **extra)


# --- shifts ------------------------------------------------------------------------------


@pytest.mark.parametrize(("now", "ending", "incoming"), [
    # Afternoon: the day shift hands over to the evening shift.
    (local(2026, 11, 25, 14), (local(2026, 11, 25, 7), local(2026, 11, 25, 15)),
     (local(2026, 11, 25, 15), local(2026, 11, 25, 23))),
    # Late evening: the night shift runs across midnight, 23:00 to 07:00 next day.
    (local(2026, 11, 25, 22, 30), (local(2026, 11, 25, 15), local(2026, 11, 25, 23)),
     (local(2026, 11, 25, 23), local(2026, 11, 26, 7))),
    # Briefing running past the hour: still the handoff to the shift that just began.
    (local(2026, 11, 25, 23, 40), (local(2026, 11, 25, 15), local(2026, 11, 25, 23)),
     (local(2026, 11, 25, 23), local(2026, 11, 26, 7))),
    # After midnight, past the allowance: the night shift hands over to the day shift.
    (local(2026, 11, 26, 0, 30), (local(2026, 11, 25, 23), local(2026, 11, 26, 7)),
     (local(2026, 11, 26, 7), local(2026, 11, 26, 15))),
    # Early morning before 07:00: the same night shift is ending.
    (local(2026, 11, 26, 6, 45), (local(2026, 11, 25, 23), local(2026, 11, 26, 7)),
     (local(2026, 11, 26, 7), local(2026, 11, 26, 15))),
])
def test_shift_windows(now: datetime, ending: tuple[datetime, datetime],
                       incoming: tuple[datetime, datetime]) -> None:
    """The sheet would hand over the wrong shift, or lose the night across midnight."""
    got_ending, got_incoming = handoff_shifts(now, SHIFTS, ZONE)
    assert (got_ending.start, got_ending.end) == ending
    assert (got_incoming.start, got_incoming.end) == incoming


def test_without_allowance_the_next_start_is_strictly_after_now() -> None:
    """A handoff made exactly at 15:00 with no allowance would hand over a past shift."""
    _ending, incoming = handoff_shifts(local(2026, 11, 25, 15), SHIFTS, ZONE, timedelta(0))
    assert incoming.start == local(2026, 11, 25, 23)


def test_night_shift_on_the_daylight_saving_night_is_nine_hours() -> None:
    """A night shift on 1 November would end at 06:00 on the wall instead of 07:00."""
    _ending, incoming = handoff_shifts(local(2026, 10, 31, 22), SHIFTS, ZONE)
    assert incoming.start.astimezone(ZONE).hour == 23
    assert incoming.end.astimezone(ZONE).hour == 7
    assert incoming.end - incoming.start == timedelta(hours=9)


def test_custom_shift_times_and_labels() -> None:
    """A department on 12-hour shifts would see 8-hour windows, or an unreadable label."""
    ending, incoming = handoff_shifts(local(2026, 11, 25, 17), [time(18), time(6)], ZONE)
    assert ending == ShiftWindow(local(2026, 11, 25, 6), local(2026, 11, 25, 18))
    assert incoming.label(ZONE) == "Wed 25 Nov 18:00–Thu 26 Nov 06:00"
    assert ending.label(ZONE) == "Wed 25 Nov 06:00–18:00"


# --- what expires or becomes due ----------------------------------------------------------


def test_expiring_during_the_night_shift_boundaries() -> None:
    """A detainer expiring at 23:00 or after midnight would be missing from the night
    shift's list, or one expiring at 07:00 would be put on it."""
    now = local(2026, 11, 10, 22, 30)  # incoming shift: Tue 23:00 to Wed 07:00
    expiring = {1: local(2026, 11, 10, 22, 59), 2: local(2026, 11, 10, 23),
                3: local(2026, 11, 11, 0, 30), 4: local(2026, 11, 11, 6, 59),
                5: local(2026, 11, 11, 7), 6: local(2026, 11, 10, 22)}
    board = [snapshot(i, at - timedelta(hours=48), steps=()) for i, at in expiring.items()]
    content = compute(board, now)
    assert [c.detainer_id for c in content.expiring_next_shift] == [2, 3, 4]
    before = [c for c in content.coming if not c.in_next_shift]
    assert [c.detainer_id for c in before] == [1]  # 22:59: due before the shift starts
    rows = {a.detainer_id: a for a in content.active}
    assert rows[6].urgency_level == Urgency.EXPIRED
    assert rows[2].expiry == local(2026, 11, 10, 23)


def test_steps_turning_overdue_in_the_next_shift() -> None:
    """The incoming shift would not be told that the ERO notice turns overdue at 16:00."""
    now = local(2026, 11, 25, 14)
    bailed = snapshot(1, local(2026, 11, 25, 13), bail_decision=BailDecision.MONETARY_BAIL,
                      steps=steps_of(PITTSFIELD, local(2026, 11, 25, 13),
                                     BailDecision.MONETARY_BAIL,
                                     done=tuple(s.id for s in PITTSFIELD.steps
                                                if s.trigger is Trigger.ON_RECEIPT)))
    content = compute([bailed], now)
    overdue = [c for c in content.coming if c.kind == "steps overdue"]
    assert len(overdue) == 1
    assert overdue[0].at == local(2026, 11, 25, 16)  # due 14:00 + 2 hours
    assert "Notify ICE ERO" in overdue[0].text and overdue[0].in_next_shift


def test_open_steps_ero_owed_and_release_due() -> None:
    """An owed ERO notice or a person held past release would drop off the handoff."""
    now = local(2026, 11, 25, 14)
    received = local(2026, 11, 25, 9)
    receipt_steps = tuple(s.id for s in PITTSFIELD.steps if s.trigger is Trigger.ON_RECEIPT)
    owed = snapshot(1, received, bail_decision=BailDecision.PERSONAL_RECOGNIZANCE,
                    release_eligible_at=received + timedelta(hours=1),
                    custody_status=CustodyStatus.BAILED,
                    steps=steps_of(PITTSFIELD, received, BailDecision.PERSONAL_RECOGNIZANCE,
                                   done=receipt_steps))
    told = replace(owed, id=2, detainer_number="D26-0002",
                   steps=steps_of(PITTSFIELD, received, BailDecision.PERSONAL_RECOGNIZANCE,
                                  done=(*receipt_steps, "notify_ero_if_bailed")))
    fresh = snapshot(3, received)
    released = replace(told, id=4, detainer_number="D26-0004",
                       custody_status=CustodyStatus.RELEASED)
    content = compute([owed, told, fresh, released], now)
    assert [e.detainer_id for e in content.ero_owed] == [1]
    assert content.ero_owed[0].bail_decision == "personal recognizance"
    assert [r.detainer_id for r in content.release_due] == [1, 2]
    assert not any(r.hold_permitted for r in content.release_due)
    assert all("Policy 413 §IV.A.2 is superseded by Lunn v. Commonwealth (2017)" in r.rule
               for r in content.release_due)
    assert [a.urgency for a in content.active][:2] == ["RELEASE DUE", "RELEASE DUE"]
    fresh_open = [s for s in content.open_steps if s.detainer_id == 3]
    assert len(fresh_open) == len(receipt_steps)
    assert all(s.overdue for s in fresh_open)  # due 09:00, five hours ago
    row = next(a for a in content.active if a.detainer_id == 1)
    assert row.checklist[[s.step_id for s in content.legend].index(
        "notify_ero_if_bailed")] == "open"


def test_release_due_where_a_hold_is_not_permitted() -> None:
    """Under the Trust Act a person held after bail would not be flagged RELEASE DUE."""
    eligible = local(2026, 11, 25, 12)
    held = snapshot(1, local(2026, 11, 25, 9), profile_id="trust-act",
                    clock_start_rule=ClockStart.RELEASE_ELIGIBLE, release_eligible_at=eligible,
                    custody_status=CustodyStatus.BAILED, steps=())
    content = compute([held], local(2026, 11, 25, 14), profile=TRUST_ACT)
    assert not content.release_due[0].hold_permitted
    assert content.active[0].urgency == "RELEASE DUE"


def test_ending_shift_events_from_audit_and_contacts() -> None:
    """The incoming would miss a bail decision or an ICE call, or see last week's."""
    now = local(2026, 11, 25, 14)
    audit = [AuditFact(local(2026, 11, 25, 6, 59), "Ofc. A", "detainer logged", "too early"),
             AuditFact(local(2026, 11, 25, 8), "Ofc. A", "detainer logged", "Logged D-1", 1,
                       "D-1", "Ana"),
             AuditFact(local(2026, 11, 25, 9), "Ofc. A", "step done", "Done: scan"),
             AuditFact(local(2026, 11, 25, 10), "Ofc. A", "bail decision", "Bail decision: "
                       "monetary bail", 1, "D-1", "Ana"),
             AuditFact(local(2026, 11, 25, 11), "Sgt. K", "detainer closed", "Closed: expired")]
    contacts = [ContactFact(local(2026, 11, 25, 12), "Ofc. A", "Presence call (HSI)")]
    content = compute([], now, audit=audit, contacts=contacts)
    assert [e.kind for e in content.events] == ["Logged", "Bail decision", "Closed",
                                                "ICE contact"]


def test_content_json_round_trip_and_digest() -> None:
    """A reprint would differ from what was signed, or the checksum would not hold."""
    now = local(2026, 11, 25, 14)
    content = compute([snapshot(1, local(2026, 11, 24, 16), subject_name="محمد عبد الله")],
                      now, municipality="Pittsfield")
    text = content_to_json(content)
    assert content_from_json(text) == content
    assert content_to_json(content_from_json(text)) == text
    assert content_digest(text) == hashlib.sha256(text.encode()).hexdigest()
    assert "محمد عبد الله" in text


# --- the service: signing ------------------------------------------------------------------


@pytest.fixture
def people(desk: Desk) -> PeopleService:
    """An administrator, the incoming sergeant, a desk officer and a namesake of Kim."""
    service = PeopleService(desk.db, desk.time, desk.zone)
    admin = service.first_administrator("admin", "Lt. A. Okafor", "admin-pass-phrase")
    service.add("jlee", "Sgt. J. Lee", Role.SUPERVISOR, "lee-pass-phrase", admin)
    service.add("dreyes", "Ofc. D. Reyes", Role.DESK_OFFICER, "reyes-pass-phrase", admin)
    service.add("mkim", "Sgt. M. Kim", Role.SUPERVISOR, "kim-pass-phrase", admin)
    return service


@pytest.fixture
def handoffs(desk: Desk, people: PeopleService) -> Iterator[HandoffService]:
    """The handoff service of the desk, at Wed 25 Nov 14:00 (incoming 15:00-23:00)."""
    yield HandoffService(desk, people)


def stored_handoff(desk: Desk, handoff_id: int) -> Handoff:
    """The handoff row as stored."""
    with desk.db.sessions() as session:
        row = session.get(Handoff, handoff_id)
        assert row is not None
        return row


def test_outgoing_and_incoming_sign(desk: Desk, handoffs: HandoffService, log_detainer: Any,
                                    supervisor: Actor) -> None:
    """The stored handoff would lack a signature, its checksum, or the notes signed."""
    detainer = log_detainer()
    handoffs.set_note(detainer.id, "Arraignment Friday 09:00", supervisor)
    out = handoffs.sign_outgoing(supervisor)
    assert out.state is HandoffState.AWAITING_INCOMING
    signed = handoffs.sign_incoming(out.id, "JLee ", "lee-pass-phrase")
    assert signed.state is HandoffState.SIGNED
    assert signed.outgoing is not None and signed.outgoing.name == "Sgt. M. Kim"
    assert signed.incoming_signature is not None
    assert (signed.incoming_signature.name, signed.incoming_signature.username) == \
        ("Sgt. J. Lee", "jlee")
    row = stored_handoff(desk, out.id)
    assert row.content_sha256 == hashlib.sha256(row.content_json.encode()).hexdigest()
    assert handoffs.verify(out.id)
    assert signed.content is not None
    assert signed.content.note_for(detainer.id) == "Arraignment Friday 09:00"
    assert [a.detainer_number for a in signed.content.active] == ["D26-00001"]
    assert signed.incoming == ShiftWindow(local(2026, 11, 25, 15), local(2026, 11, 25, 23))
    assert [h.id for h in handoffs.history()] == [out.id]


def test_signing_is_audited(handoffs: HandoffService, log_detainer: Any, supervisor: Actor,
                            audit_entries: Any) -> None:
    """A note or a signature would leave no trace of who wrote or signed it."""
    detainer = log_detainer()
    handoffs.set_note(detainer.id, "Watch for ERO call", supervisor)
    out = handoffs.sign_outgoing(supervisor)
    handoffs.sign_incoming(out.id, "jlee", "lee-pass-phrase")
    actions = [(e.action, e.actor) for e in audit_entries() if e.action.startswith("handoff")]
    assert actions == [("handoff started", "Sgt. M. Kim"), ("handoff note", "Sgt. M. Kim"),
                       ("handoff signed by outgoing", "Sgt. M. Kim"),
                       ("handoff signed by incoming", "Sgt. J. Lee")]


def test_signed_handoff_cannot_be_changed(desk: Desk, handoffs: HandoffService,
                                          log_detainer: Any, supervisor: Actor) -> None:
    """Someone could rewrite a note or re-sign after both supervisors signed."""
    detainer = log_detainer()
    handoffs.set_note(detainer.id, "Original note", supervisor)
    out = handoffs.sign_outgoing(supervisor)
    with pytest.raises(SignedHandoffError, match="cannot be changed"):
        handoffs.set_note(detainer.id, "Rewritten", supervisor)
    with pytest.raises(SignedHandoffError):
        handoffs.sign_outgoing(supervisor)
    handoffs.sign_incoming(out.id, "jlee", "lee-pass-phrase")
    with pytest.raises(SignedHandoffError):
        handoffs.sign_incoming(out.id, "jlee", "lee-pass-phrase")
    assert handoffs.get(out.id).content.note_for(detainer.id) == "Original note"


def test_store_refuses_edits_that_bypass_the_service(desk: Desk, handoffs: HandoffService,
                                                    log_detainer: Any,
                                                    supervisor: Actor) -> None:
    """Code that edits the rows directly could alter a signed handoff unnoticed."""
    detainer = log_detainer()
    handoffs.set_note(detainer.id, "Original note", supervisor)
    out = handoffs.sign_outgoing(supervisor)
    with desk.db.sessions() as session:
        row = session.get(Handoff, out.id)
        row.content_json = row.content_json.replace("Original", "Altered")
        with pytest.raises(SignedHandoffError):
            session.commit()
    with desk.db.sessions() as session:
        note = session.scalar(select(HandoffNoteRow))
        note.note = "Altered"
        with pytest.raises(SignedHandoffError):
            session.commit()
    with desk.db.sessions() as session:
        session.delete(session.get(Handoff, out.id))
        with pytest.raises(SignedHandoffError):
            session.commit()
    assert handoffs.verify(out.id)


def test_desk_officer_cannot_sign_or_write_notes(handoffs: HandoffService, log_detainer: Any,
                                                 officer: Actor, supervisor: Actor) -> None:
    """A desk officer could sign the handoff in the sergeant's place."""
    detainer = log_detainer()
    with pytest.raises(NotPermittedError, match="sign the shift handoff"):
        handoffs.sign_outgoing(officer)
    with pytest.raises(NotPermittedError):
        handoffs.set_note(detainer.id, "note", officer)
    out = handoffs.sign_outgoing(supervisor)
    with pytest.raises(NotPermittedError, match="Ofc. D. Reyes"):
        handoffs.sign_incoming(out.id, "dreyes", "reyes-pass-phrase")
    assert handoffs.get(out.id).state is HandoffState.AWAITING_INCOMING


def test_incoming_must_authenticate_and_be_someone_else(handoffs: HandoffService,
                                                        supervisor: Actor) -> None:
    """The outgoing sergeant could sign both lines, or a typed name would count."""
    with pytest.raises(NotPermittedError):
        handoffs.sign_outgoing(Actor("Ofc. X", Role.RECORDS_CLERK))
    out = handoffs.sign_outgoing(supervisor)
    with pytest.raises(SignInError):
        handoffs.sign_incoming(out.id, "jlee", "wrong")
    with pytest.raises(RuleRefusedError, match="own username"):
        handoffs.sign_incoming(out.id, "mkim", "kim-pass-phrase")  # Sgt. M. Kim again
    assert handoffs.get(out.id).incoming_signature is None


def test_incoming_cannot_sign_before_outgoing(handoffs: HandoffService, log_detainer: Any,
                                              supervisor: Actor) -> None:
    """The incoming could countersign a draft that nobody has signed."""
    draft = handoffs.set_note(log_detainer().id, "note", supervisor)
    with pytest.raises(RuleRefusedError, match="outgoing supervisor signs first"):
        handoffs.sign_incoming(draft.id, "jlee", "lee-pass-phrase")


def test_note_needs_an_active_detainer_and_a_sane_length(
        handoffs: HandoffService, desk: Desk, log_detainer: Any, supervisor: Actor) -> None:
    """A note on a closed detainer, or a pasted report, would land on the sheet."""
    detainer = log_detainer()
    with pytest.raises(InvalidFieldsError, match="longer than"):
        handoffs.set_note(detainer.id, "x" * 2001, supervisor)
    desk.detainers.void(detainer.id, "entered twice", supervisor)
    with pytest.raises(InvalidFieldsError, match="no longer on the board"):
        handoffs.set_note(detainer.id, "note", supervisor)


def test_sheet_is_queued_when_exports_are_on(desk: Desk, handoffs: HandoffService,
                                             supervisor: Actor) -> None:
    """The signed sheet would never reach the records folder, or reach it twice."""
    desk.ctx.exports = True
    out = handoffs.sign_outgoing(supervisor)
    handoffs.sign_incoming(out.id, "jlee", "lee-pass-phrase")
    with desk.db.sessions() as session:
        items = list(session.scalars(select(OutboxItem).where(
            OutboxItem.kind == ExportKind.HANDOFF)))
    assert [(i.target_name, i.payload) for i in items] == \
        [("handoff-2026-11-25-1500.pdf", str(out.id))]
    assert items[0].requests == 2  # outgoing and incoming: one file, written once


def test_nothing_is_queued_without_a_records_folder(desk: Desk, handoffs: HandoffService,
                                                    supervisor: Actor) -> None:
    """A desk with no records folder would pile up exports nobody writes."""
    handoffs.sign_outgoing(supervisor)
    with desk.db.sessions() as session:
        assert session.scalar(select(OutboxItem).where(
            OutboxItem.kind == ExportKind.HANDOFF)) is None


def test_ending_shift_shows_logging_bail_and_ice_contacts(
        desk: Desk, clock: FixedTime, handoffs: HandoffService, log_detainer: Any,
        officer: Actor, supervisor: Actor, now: datetime) -> None:
    """The incoming would not learn of a bail decision or an ICE call this shift."""
    clock.set(now - timedelta(hours=9))  # 05:00: the night shift, not this one
    log_detainer(detainer_number="D26-OLD", received_at=now - timedelta(hours=9))
    clock.set(now - timedelta(hours=2))
    fresh = log_detainer(detainer_number="D26-NEW", received_at=now - timedelta(hours=2))
    desk.custody.record_bail_decision(fresh.id, BailDecision.MONETARY_BAIL, officer)
    clock.set(now)
    desk.contacts.log_contact(ContactForm(
        kind=ContactKind.PRESENCE_CALL, occurred_at=now - timedelta(hours=1),
        agent_name="SA J. Smith", unit=IceUnit.HSI, reason=ContactReason.CIVIL_ONLY,
        decision=ContactDecision.DECLINE, address="12 North St", cad_number="26-1"),
        officer)
    content = handoffs.preview()
    assert [(e.kind, e.detainer_number) for e in content.events] == [
        ("Logged", "D26-NEW"), ("Bail decision", "D26-NEW"), ("ICE contact", "")]
    assert "declin" in content.events[-1].summary
    with desk.db.sessions() as session:  # preview changes nothing
        assert session.scalar(select(Handoff)) is None
        assert session.scalar(select(AuditEntry).where(
            AuditEntry.action.like("handoff%"))) is None
