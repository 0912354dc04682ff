"""A detainer as the desk types it in, and as the board reads it back.

`DetainerForm` is what the "New detainer" form submits; `check_form` says, field by
field, what is wrong. `DetainerSnapshot` and `StepSnapshot` are the plain values the
services hand to the GUI and the records: no ORM object ever leaves a session.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from desk_app.domain.errors import FieldError
from desk_app.domain.identifiers import direction_controls
from desk_app.domain.stations import MAX_STATION, check_station
from desk_app.domain.text_lengths import NOTE
from desk_app.domain.vocabulary import (
    BailDecision,
    ClockStart,
    CustodyStatus,
    DetainerReason,
    Duty,
    FormType,
    Outcome,
    ReleaseGround,
    StepState,
    Trigger,
)

# A fax can be logged a little after the clock on the fax machine says it arrived; a
# minute of workstation clock drift passes unasked. A later receipt is possible only on
# a workstation whose clock is behind: the desk confirms it, up to a day ahead; further
# ahead it is a mistyped date and always refused.
CLOCK_DRIFT = timedelta(minutes=1)
FUTURE_RECEIPT_LIMIT = timedelta(days=1)
FUTURE_RECEIPT = ("is later than this workstation's clock; check the date and time, or, if "
                  "this workstation's clock is behind, tick “The receipt date is right”")
# A receipt older than this is most likely a mistyped year (1926 for 2026): it expires
# the detainer at once, so the desk must confirm it before it is logged.
RECEIPT_AGE_LIMIT = timedelta(days=30)
OLD_RECEIPT = ("is more than 30 days ago; check the year, or tick “The receipt date is "
               "right” to log it as typed")


@dataclass(frozen=True)
class DetainerForm:
    """Everything the desk officer enters from Form I-247A and the booking record."""

    detainer_number: str
    form_type: FormType
    case_number: str
    subject_name: str
    received_at: datetime
    booking_number: str = ""
    subject_id: str = ""
    event_number: str = ""
    file_number: str = ""
    date_of_birth: date | None = None
    citizenship: str = ""
    sex: str = ""
    issuing_office: str = ""
    issuing_officer: str = ""
    issuing_phone: str = ""
    ground_final_order: bool = False
    ground_pending_proceedings: bool = False
    ground_biometric_match: bool = False
    ground_statements: bool = False
    box2_transferred: bool = False
    request_notify: bool = True
    request_hold: bool = True
    request_serve_copy: bool = True
    reason_for_detainer: str = ""
    arrest_location: str = ""
    offenses: str = ""
    criminal_history: bool = False
    resident: bool = False
    receipt_correction_reason: str = ""
    # Where the fax was received (domain/stations.py); "" = no station.
    station: str = ""

    def reason_text(self) -> str:
        """The tracking sheet's "Reason for Detainer": typed, or read off the boxes."""
        if self.reason_for_detainer.strip():
            return self.reason_for_detainer.strip()
        grounds = [
            (self.ground_final_order, DetainerReason.FINAL_ORDER),
            (self.ground_pending_proceedings, DetainerReason.PENDING_PROCEEDINGS),
            (self.ground_biometric_match, DetainerReason.BIOMETRIC_MATCH),
            (self.ground_statements, DetainerReason.STATEMENTS),
            (self.box2_transferred, DetainerReason.TRANSFERRED_FROM_DHS),
        ]
        return "; ".join(reason.value for ticked, reason in grounds if ticked)


REQUIRED_TEXT = {
    "detainer_number": "Detainer #",
    "case_number": "Case #",
    "subject_name": "Subject name",
}

MAX_LENGTHS = {
    "detainer_number": 60, "case_number": 60, "booking_number": 60, "subject_id": 60,
    "event_number": 60, "file_number": 60, "subject_name": 200, "citizenship": 100,
    "sex": 20, "issuing_office": 200, "issuing_officer": 200, "issuing_phone": 60,
    "reason_for_detainer": 200, "arrest_location": 200, "offenses": NOTE,
    "receipt_correction_reason": NOTE,
    "station": MAX_STATION,
}


# Fields that name a person or an officer: refused with direction controls in them.
NAMES = ("subject_name", "issuing_officer", "issuing_office", "citizenship")


def check_form(form: DetainerForm, now: datetime,
               old_receipt_confirmed: bool = False) -> list[FieldError]:
    """Every problem with the form, each naming its field and what is expected.

    A receipt more than 30 days old, or later than the workstation's clock (by up to a
    day), is refused unless the person confirmed it (`old_receipt_confirmed`); one more
    than a day ahead is always refused."""
    errors: list[FieldError] = []
    for name, label in REQUIRED_TEXT.items():
        if not str(getattr(form, name)).strip():
            errors.append(FieldError(name, f"{label} is required"))
    for name, limit in MAX_LENGTHS.items():
        if len(str(getattr(form, name))) > limit:
            errors.append(FieldError(name, f"is longer than {limit} characters; shorten it"))
    for name in MAX_LENGTHS:
        if "\x00" in str(getattr(form, name)):  # PostgreSQL cannot store it at all
            errors.append(FieldError(name, "contains a NUL character; retype the text"))
    for name in NAMES:
        if direction_controls(str(getattr(form, name))):
            errors.append(FieldError(name, "contains invisible direction-control characters "
                                           "(pasted text?), which would show the name "
                                           "differently from what is stored; retype it"))
    if form.station and (problem := check_station(form.station)):
        errors.append(FieldError("station", problem))
    if form.received_at.tzinfo is None:
        errors.append(FieldError("received_at", "needs a time zone"))
    elif form.received_at > now + FUTURE_RECEIPT_LIMIT:
        errors.append(FieldError("received_at",
                                 "is in the future; enter when the fax actually arrived"))
    elif form.received_at > now + CLOCK_DRIFT and not old_receipt_confirmed:
        errors.append(FieldError("received_at", FUTURE_RECEIPT))
    elif form.received_at < now - RECEIPT_AGE_LIMIT and not old_receipt_confirmed:
        errors.append(FieldError("received_at", OLD_RECEIPT))
    if form.date_of_birth is not None and form.date_of_birth > _arrest_day(form):
        errors.append(FieldError("date_of_birth",
                                 "is after the detainer was received; check the year"))
    if form.date_of_birth is not None and form.date_of_birth < date(1900, 1, 1):
        errors.append(FieldError("date_of_birth", "is before 1900; check the year"))
    return errors


def reported_reason(before: DetainerForm, after: DetainerForm,
                    changes: dict[str, object]) -> str:
    """The reason the reports count after an edit: the grounds ticked and the reason stay
    one value. A reason read off the boxes follows the boxes; a typed one stays typed."""
    if "reason_for_detainer" in changes:
        return after.reason_text()
    derived_before = replace(before, reason_for_detainer="").reason_text()
    if before.reason_for_detainer.strip() in ("", derived_before):
        return replace(after, reason_for_detainer="").reason_text()
    return before.reason_for_detainer.strip()


def governing_start(rule: ClockStart, received_at: datetime,
                    eligible_at: datetime | None) -> tuple[datetime | None, ClockStart]:
    """The instant the clock counts from, and which of the two it is.

    8 CFR 287.7(d) counts from the moment the person would otherwise be released. A
    department may count from the fax instead, but never so that the expiry falls later
    than the limit counted from release eligibility: a fax logged after the person became
    releasable counts from eligibility. The expiry only moves later with a later start,
    so the earlier of the two instants governs.
    """
    if rule is ClockStart.RELEASE_ELIGIBLE:
        return eligible_at, ClockStart.RELEASE_ELIGIBLE
    if eligible_at is not None and eligible_at < received_at:
        return eligible_at, ClockStart.RELEASE_ELIGIBLE
    return received_at, ClockStart.RECEIPT


def start_words(rule: ClockStart, governs: ClockStart) -> str:
    """Which start governs, in words, saying so when eligibility overrides the fax."""
    if governs is ClockStart.RECEIPT:
        return "fax receipt"
    if rule is ClockStart.RELEASE_ELIGIBLE:
        return "release eligibility"
    return ("release eligibility: the fax came after it, and the clock never runs past "
            "the limit counted from eligibility (8 CFR 287.7(d))")


def _arrest_day(form: DetainerForm) -> date:
    return form.received_at.date() if form.received_at.tzinfo else date.max


@dataclass(frozen=True)
class StepSnapshot:
    """One checklist step as it stands, for the detail panel and the record sheet."""

    id: int
    step_id: str
    position: int
    text: str
    duty: Duty
    trigger: Trigger
    blocking: bool
    citation: str
    state: StepState
    due_at: datetime | None
    done_at: datetime | None
    done_by: str
    note: str

    @property
    def is_open(self) -> bool:
        """Due (or waiting for its trigger) and neither done nor marked not applicable."""
        return self.state is StepState.PENDING

    @property
    def is_due(self) -> bool:
        """Its trigger has happened and it is still pending."""
        return self.is_open and self.due_at is not None


@dataclass(frozen=True)
class AttachmentInfo:
    """A stored scan of the detainer (without its bytes)."""

    id: int
    file_name: str
    media_type: str
    sha256: str
    size_bytes: int
    added_at: datetime
    added_by: str


@dataclass(frozen=True)
class DetainerSnapshot:
    """A detainer read back from the store: every field, its steps and attachments."""

    id: int
    version: int
    profile_id: str
    detainer_number: str
    form_type: FormType
    case_number: str
    booking_number: str
    subject_id: str
    event_number: str
    file_number: str
    subject_name: str
    date_of_birth: date | None
    citizenship: str
    sex: str
    issuing_office: str
    issuing_officer: str
    issuing_phone: str
    ground_final_order: bool
    ground_pending_proceedings: bool
    ground_biometric_match: bool
    ground_statements: bool
    box2_transferred: bool
    request_notify: bool
    request_hold: bool
    request_serve_copy: bool
    reason_for_detainer: str
    arrest_location: str
    offenses: str
    criminal_history: bool
    resident: bool
    received_at: datetime
    receipt_correction_reason: str
    clock_start_rule: ClockStart
    release_eligible_at: datetime | None
    release_ground: ReleaseGround | None
    release_eligible_by: str
    custody_status: CustodyStatus
    bail_decision: BailDecision | None
    bail_decided_at: datetime | None
    bail_amount: str
    ero_notified_at: datetime | None
    ero_notified_by: str
    ero_method: str
    ero_contact: str
    ero_message: str
    copy_served_at: datetime | None
    copy_served_by: str
    outcome: Outcome | None
    closed_at: datetime | None
    closed_by: str
    close_note: str
    override_reason: str
    voided_at: datetime | None
    void_reason: str
    deported: bool | None
    reimbursement_amount: Decimal
    reimbursement_received_on: date | None
    created_at: datetime
    updated_at: datetime
    updated_by: str
    station: str = ""  # where the fax was received; "" = no station (domain/stations.py)
    steps: tuple[StepSnapshot, ...] = field(default_factory=tuple)
    attachments: tuple[AttachmentInfo, ...] = field(default_factory=tuple)

    @property
    def is_active(self) -> bool:
        """On the board: not closed and not voided."""
        return self.closed_at is None and self.voided_at is None

    @property
    def clock_start(self) -> datetime | None:
        """The instant the 48 hours count from, or None while it has not started."""
        return governing_start(self.clock_start_rule, self.received_at,
                               self.release_eligible_at)[0]

    @property
    def custody_words(self) -> str:
        """Custody as two things: on the criminal charge (the status), or, once release
        eligibility is recorded and the person is still here, on the detainer alone."""
        gone = (CustodyStatus.RELEASED, CustodyStatus.TRANSFERRED)
        if self.release_eligible_at is not None and self.custody_status not in gone:
            return "held on the detainer alone"
        return str(self.custody_status)

    @property
    def eligibility_words(self) -> str:
        """What ended custody on the charge, under which section, and who recorded it."""
        if self.release_ground is None:
            return ""
        by = f", recorded by {self.release_eligible_by}" if self.release_eligible_by else ""
        return f"{self.release_ground} ({self.release_ground.section}{by})"

    @property
    def start_governs(self) -> ClockStart:
        """Which instant the clock counts from: the fax, or release eligibility."""
        return governing_start(self.clock_start_rule, self.received_at,
                               self.release_eligible_at)[1]

    @property
    def open_blocking_steps(self) -> tuple[StepSnapshot, ...]:
        """Steps that must be done (or marked not applicable) before closing."""
        return tuple(s for s in self.steps if s.blocking and s.is_due)

    @property
    def next_step(self) -> StepSnapshot | None:
        """The first step that is due and still open, in the profile's order."""
        return next((s for s in self.steps if s.is_due), None)

    def progress(self) -> tuple[int, int]:
        """(finished, applicable) steps, counting only steps whose trigger happened."""
        triggered = [s for s in self.steps if s.due_at is not None or not s.is_open]
        finished = [s for s in triggered if not s.is_open]
        return len(finished), len(triggered)
