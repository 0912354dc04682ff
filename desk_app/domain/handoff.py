"""The shift handoff: what the outgoing supervisor hands to the incoming one.

Pure functions over detainer snapshots and audit facts, so every figure on the
handoff screen and sheet can be checked without a database or a window:

- which shift is ending and which is coming (`handoff_shifts`): shift starts are local
  wall-clock times (settings, default 07:00, 15:00, 23:00); the incoming shift runs
  from the next start to the one after, across midnight when it must;
- every active detainer with its urgency, expiry and time left;
- what expires, or whose checklist steps turn overdue, before the incoming shift ends;
- open checklist steps, ERO notifications still owed, people release-eligible and still
  in custody, and what happened during the ending shift.

`HandoffContent` is what both supervisors sign; `handoff_json` stores it.
Imports only the standard library and the domain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.clock import DetainerClock
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.errors import RuleRefusedError
from desk_app.domain.instants import format_local
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.time_source import ensure_utc
from desk_app.domain.urgency import STEP_OVERDUE_AFTER, Thresholds, assess
from desk_app.domain.vocabulary import CustodyStatus, StepRecord, StepState

CONTENT_FORMAT = 1  # the stored JSON's format (handoff_json)
# A handoff signed up to this long after a shift start still hands over to that shift
# (the briefing often runs a little past the hour).
LATE_HANDOFF = timedelta(hours=1)
# Audit actions that say what happened during a shift, with the word the sheet shows.
SHIFT_ACTIONS: Mapping[str, str] = {
    AuditAction.DETAINER_LOGGED: "Logged", AuditAction.BAIL_DECISION: "Bail decision",
    AuditAction.BAIL_POSTED: "Bail posted", AuditAction.ERO_NOTIFIED: "ERO notified",
    AuditAction.RELEASED: "Released", AuditAction.DETAINER_CLOSED: "Closed",
    AuditAction.DETAINER_VOIDED: "Voided",
}
CONTACT_KIND = "ICE contact"
EXPIRES = "expires"
STEPS_OVERDUE = "steps overdue"


class SignedHandoffError(RuleRefusedError):
    """A signed handoff was asked to change; what both supervisors signed stands."""


# --- the shifts -------------------------------------------------------------------------

@dataclass(frozen=True)
class ShiftWindow:
    """One shift: from its start (included) to the next start (excluded), in UTC."""

    start: datetime
    end: datetime

    def contains(self, instant: datetime) -> bool:
        """True when `instant` falls inside the shift."""
        return self.start <= instant < self.end

    def label(self, zone: ZoneInfo) -> str:
        """"Wed 25 Nov 15:00–23:00", or both days when the shift crosses midnight."""
        start, end = self.start.astimezone(zone), self.end.astimezone(zone)
        tail = f"{end:%H:%M}" if start.date() == end.date() else format_local(end, zone)
        return f"{format_local(self.start, zone)}–{tail}"


def handoff_shifts(now: datetime, starts: Sequence[time], zone: ZoneInfo,
                   late: timedelta = LATE_HANDOFF) -> tuple[ShiftWindow, ShiftWindow]:
    """(ending shift, incoming shift) for a handoff made at `now`.

    The incoming shift starts at the first shift start after `now - late` and runs to
    the start after it; the ending shift is the one before. Starts are local times, so
    a 23:00 start on a daylight-saving night is still 23:00 on the wall.
    """
    if not starts:
        raise ValueError("no shift start times")
    if not timedelta(0) <= late < timedelta(hours=12):
        raise ValueError("the late-handoff allowance must be under 12 hours")
    day = ensure_utc(now).astimezone(zone).date()
    candidates = sorted({ensure_utc(datetime.combine(day + timedelta(days=offset), start,
                                                     tzinfo=zone))
                         for offset in range(-2, 3) for start in starts})
    after = ensure_utc(now) - late
    i = next(i for i, start in enumerate(candidates) if start > after)
    return (ShiftWindow(candidates[i - 1], candidates[i]),
            ShiftWindow(candidates[i], candidates[i + 1]))


def handoff_sheet_name(incoming_start: datetime, zone: ZoneInfo) -> str:
    """The records-folder file name: "handoff-2026-11-25-1500.pdf" (local start)."""
    return f"handoff-{incoming_start.astimezone(zone):%Y-%m-%d-%H%M}.pdf"


# --- facts handed in by the store ------------------------------------------------------

@dataclass(frozen=True)
class AuditFact:
    """One audit entry, with the detainer it names (number and subject) if any."""

    at: datetime
    actor: str
    action: str
    summary: str
    detainer_id: int | None = None
    detainer_number: str = ""
    subject_name: str = ""


@dataclass(frozen=True)
class ContactFact:
    """One ICE contact (call, visit, request, warrant) from the contact log."""

    at: datetime
    actor: str
    summary: str
    detainer_id: int | None = None
    detainer_number: str = ""
    subject_name: str = ""


# --- the content both supervisors sign -------------------------------------------------

@dataclass(frozen=True)
class StepLegend:
    """One step of the profile's checklist, numbered as the sheet's grid shows it."""

    number: int
    step_id: str
    text: str
    blocking: bool


@dataclass(frozen=True)
class ActiveRow:
    """One detainer on the board at handoff time."""

    detainer_id: int
    detainer_number: str
    case_number: str
    subject_name: str
    form_type: str
    custody: str
    urgency_level: int
    urgency: str
    clock_start: datetime | None
    expiry: datetime | None
    counted_left_s: int | None
    wall_left_s: int | None
    open_steps: int
    # One mark per legend step: "open", "done", "n/a", or "" (not due yet).
    checklist: tuple[str, ...] = ()


@dataclass(frozen=True)
class ComingItem:
    """Something that expires or becomes due before the incoming shift ends."""

    detainer_id: int
    detainer_number: str
    subject_name: str
    at: datetime
    kind: str
    text: str
    in_next_shift: bool  # False: it falls before the incoming shift even starts


@dataclass(frozen=True)
class OpenStepRow:
    """A checklist step whose trigger happened and which is still pending."""

    detainer_id: int
    detainer_number: str
    subject_name: str
    step_id: str
    text: str
    duty: str
    due_at: datetime | None
    blocking: bool
    overdue: bool
    citation: str


@dataclass(frozen=True)
class EroOwedRow:
    """A bail decision made the ERO notice due and nobody has recorded it yet."""

    detainer_id: int
    detainer_number: str
    subject_name: str
    bail_decision: str
    due_at: datetime | None
    text: str
    citation: str


@dataclass(frozen=True)
class ReleaseDueRow:
    """A person who would otherwise be released and who is still in custody."""

    detainer_id: int
    detainer_number: str
    subject_name: str
    eligible_at: datetime
    custody: str
    hold_permitted: bool
    rule: str


@dataclass(frozen=True)
class ShiftEvent:
    """Something that happened during the ending shift, for the incoming to know."""

    at: datetime
    kind: str
    actor: str
    summary: str
    detainer_id: int | None = None
    detainer_number: str = ""
    subject_name: str = ""


@dataclass(frozen=True)
class HandoffNote:
    """The outgoing supervisor's free-text note on one detainer."""

    detainer_id: int
    detainer_number: str
    subject_name: str
    text: str
    written_by: str
    written_at: datetime


@dataclass(frozen=True)
class HandoffContent:
    """Everything the handoff screen and sheet show; what both supervisors sign."""

    computed_at: datetime
    zone: str
    municipality: str
    profile_id: str
    profile_title: str
    hold_permitted: bool
    ending: ShiftWindow
    incoming: ShiftWindow
    legend: tuple[StepLegend, ...]
    active: tuple[ActiveRow, ...]
    coming: tuple[ComingItem, ...]
    open_steps: tuple[OpenStepRow, ...]
    ero_owed: tuple[EroOwedRow, ...]
    release_due: tuple[ReleaseDueRow, ...]
    events: tuple[ShiftEvent, ...]
    notes: tuple[HandoffNote, ...] = ()
    format: int = CONTENT_FORMAT

    @property
    def expiring_next_shift(self) -> tuple[ComingItem, ...]:
        """Detainers whose 48 hours run out during the incoming shift."""
        return tuple(c for c in self.coming if c.kind == EXPIRES and c.in_next_shift)

    def note_for(self, detainer_id: int) -> str:
        """The note written on one detainer, or ""."""
        return next((n.text for n in self.notes if n.detainer_id == detainer_id), "")


class HandoffState(StrEnum):
    """Where a stored handoff stands."""

    DRAFT = "draft: not signed"
    AWAITING_INCOMING = "signed by the outgoing supervisor; waiting for the incoming"
    SIGNED = "signed by both supervisors"


@dataclass(frozen=True)
class Signature:
    """Who signed, in which role, and when (the incoming also by username)."""

    name: str
    role: str
    at: datetime
    username: str = ""


@dataclass(frozen=True)
class HandoffRecord:
    """A stored handoff: its notes, and once signed its frozen content and signatures."""

    id: int
    version: int
    ending_start: datetime
    incoming: ShiftWindow
    created_at: datetime
    created_by: str
    notes: tuple[HandoffNote, ...] = ()
    content: HandoffContent | None = None
    content_sha256: str = ""
    outgoing: Signature | None = None
    incoming_signature: Signature | None = None

    @property
    def state(self) -> HandoffState:
        """Draft, waiting for the incoming supervisor, or signed by both."""
        if self.outgoing is None:
            return HandoffState.DRAFT
        if self.incoming_signature is None:
            return HandoffState.AWAITING_INCOMING
        return HandoffState.SIGNED


# --- computing the content --------------------------------------------------------------

def compute_handoff(detainers: Iterable[DetainerSnapshot], *, profile: PolicyProfile,
                    clock: DetainerClock, thresholds: Thresholds, now: datetime,
                    ending: ShiftWindow, incoming: ShiftWindow, zone: ZoneInfo,
                    municipality: str = "", audit: Iterable[AuditFact] = (),
                    contacts: Iterable[ContactFact] = (),
                    notes: Iterable[HandoffNote] = ()) -> HandoffContent:
    """The handoff at `now`: every section, from snapshots of the active detainers."""
    now = ensure_utc(now)
    board = [d for d in detainers if d.is_active]
    board.sort(key=lambda d: (assess(d, profile, clock, thresholds, now).sort_key, d.id))
    legend = tuple(StepLegend(i + 1, s.id, s.text, s.blocking)
                   for i, s in enumerate(profile.steps))
    return HandoffContent(
        computed_at=now, zone=zone.key, municipality=municipality, profile_id=profile.id,
        profile_title=profile.title,
        hold_permitted=profile.hold(profile.local_day(now)).permits,
        ending=ending, incoming=incoming, legend=legend,
        active=tuple(_active_row(d, profile, clock, thresholds, now, legend)
                     for d in board),
        coming=coming_items(board, clock, now, incoming),
        open_steps=tuple(r for d in board for r in _open_steps(d, now)),
        ero_owed=ero_owed(board, profile),
        release_due=release_due(board, profile),
        events=shift_events(audit, contacts, ending.start, now),
        notes=tuple(sorted((n for n in notes if n.text.strip()),
                           key=lambda n: n.detainer_id)))


def _active_row(d: DetainerSnapshot, profile: PolicyProfile, clock: DetainerClock,
                thresholds: Thresholds, now: datetime,
                legend: tuple[StepLegend, ...]) -> ActiveRow:
    a = assess(d, profile, clock, thresholds, now)
    by_id = {s.step_id: s for s in d.steps}
    marks = tuple(_mark(by_id.get(entry.step_id)) for entry in legend)
    return ActiveRow(
        detainer_id=d.id, detainer_number=d.detainer_number, case_number=d.case_number,
        subject_name=d.subject_name, form_type=str(d.form_type),
        custody=d.custody_words, urgency_level=int(a.urgency), urgency=a.urgency.label,
        clock_start=a.start, expiry=a.expiry,
        counted_left_s=int(a.left.counted.total_seconds()) if a.left else None,
        wall_left_s=int(a.left.wall.total_seconds()) if a.left else None,
        open_steps=sum(1 for s in d.steps if s.is_due), checklist=marks)


def _mark(step: Any) -> str:
    if step is None:
        return ""
    if step.state is StepState.DONE:
        return "done"
    if step.state is StepState.NOT_APPLICABLE:
        return "n/a"
    return "open" if step.is_due else ""


def coming_items(board: Iterable[DetainerSnapshot], clock: DetainerClock, now: datetime,
                 incoming: ShiftWindow) -> tuple[ComingItem, ...]:
    """Expiries and steps turning overdue from `now` until the incoming shift ends."""
    items: list[ComingItem] = []
    for d in board:
        start = d.clock_start
        if start is not None:
            expiry = clock.expiry(start)
            if now <= expiry < incoming.end:
                items.append(ComingItem(d.id, d.detainer_number, d.subject_name, expiry,
                                        EXPIRES, "Detainer expires (48 hours counted)",
                                        incoming.contains(expiry)))
        turning = sorted((s.due_at + STEP_OVERDUE_AFTER, s.text) for s in d.steps
                         if s.is_due and s.due_at is not None
                         and now <= s.due_at + STEP_OVERDUE_AFTER < incoming.end)
        if turning:
            at, first = turning[0]
            text = (f"Step turns overdue: {first}" if len(turning) == 1 else
                    f"{len(turning)} steps turn overdue, first: {first}")
            items.append(ComingItem(d.id, d.detainer_number, d.subject_name, at,
                                    STEPS_OVERDUE, text, incoming.contains(at)))
    items.sort(key=lambda c: (c.at, c.detainer_id, c.kind))
    return tuple(items)


def _open_steps(d: DetainerSnapshot, now: datetime) -> list[OpenStepRow]:
    return [OpenStepRow(d.id, d.detainer_number, d.subject_name, s.step_id, s.text,
                        str(s.duty), s.due_at, s.blocking,
                        s.due_at is not None and now - s.due_at > STEP_OVERDUE_AFTER,
                        s.citation)
            for s in d.steps if s.is_due]


def ero_owed(board: Iterable[DetainerSnapshot],
             profile: PolicyProfile) -> tuple[EroOwedRow, ...]:
    """Detainers whose ERO step (the profile's `ero_notice` step) is due and open."""
    rule = profile.step_recording(StepRecord.ERO_NOTICE)
    if rule is None:
        return ()
    rows = []
    for d in board:
        step = next((s for s in d.steps if s.step_id == rule.id and s.is_due), None)
        if step is not None:
            rows.append(EroOwedRow(d.id, d.detainer_number, d.subject_name,
                                   str(d.bail_decision or ""), step.due_at, step.text,
                                   step.citation))
    return tuple(rows)


def release_due(board: Iterable[DetainerSnapshot],
                profile: PolicyProfile) -> tuple[ReleaseDueRow, ...]:
    """People who would otherwise be released and are still in our custody."""
    gone = (CustodyStatus.RELEASED, CustodyStatus.TRANSFERRED)
    rows = []
    for d in board:
        if d.release_eligible_at is None or d.custody_status in gone:
            continue
        ruling = profile.hold(profile.local_day(d.received_at))
        rows.append(ReleaseDueRow(d.id, d.detainer_number, d.subject_name,
                                  d.release_eligible_at, d.custody_words,
                                  ruling.permits, ruling.explanation()))
    return tuple(rows)


def shift_events(audit: Iterable[AuditFact], contacts: Iterable[ContactFact],
                 since: datetime, until: datetime) -> tuple[ShiftEvent, ...]:
    """Logged, bail decisions, ERO notices, releases, closes and ICE contacts, in order."""
    events = [ShiftEvent(a.at, SHIFT_ACTIONS[a.action], a.actor, a.summary, a.detainer_id,
                         a.detainer_number, a.subject_name)
              for a in audit if a.action in SHIFT_ACTIONS and since <= a.at <= until]
    events += [ShiftEvent(c.at, CONTACT_KIND, c.actor, c.summary, c.detainer_id,
                          c.detainer_number, c.subject_name)
               for c in contacts if since <= c.at <= until]
    events.sort(key=lambda e: e.at)  # stable: audit order within one instant
    return tuple(events)
