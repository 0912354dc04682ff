"""The tables: detainers, their checklist steps and attachments, people, audit, settings.

Every column is typed; instants are UTC; nothing is ever deleted (a mistake is voided).
The detainer columns carry every field of the Pittsfield §E tracking sheet.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from desk_app.domain.detainer import MAX_LENGTHS as DETAINER_LENGTHS
from desk_app.domain.search_text import search_key
from desk_app.domain.text_lengths import LENGTHS, NOTE
from desk_app.domain.vocabulary import (
    BailDecision,
    ClockStart,
    CustodyStatus,
    Duty,
    FormType,
    Outcome,
    ReleaseGround,
    Role,
    StepState,
    Trigger,
)
from desk_app.store.field_limits import typed_text
from desk_app.store.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(kind: type, name: str) -> Enum:
    """Store an enum by its value (the words people read), checked by the database."""
    return Enum(kind, name=name, values_callable=lambda e: [m.value for m in e],
                native_enum=False, length=40, validate_strings=True)


class Base(DeclarativeBase):
    """The one declarative base, with constraint names Alembic can rely on."""

    metadata = MetaData(naming_convention=NAMING)


class Detainer(Base):
    """One detainer (or warrant, or notification request) as received and handled."""

    __tablename__ = "detainers"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    profile_id: Mapped[str] = mapped_column(String(LENGTHS["profile_id"]))
    detainer_number: Mapped[str] = mapped_column(
        String(DETAINER_LENGTHS["detainer_number"]), unique=True)
    form_type: Mapped[FormType] = mapped_column(_enum(FormType, "form_type"))
    case_number: Mapped[str] = mapped_column(String(DETAINER_LENGTHS["case_number"]), index=True)
    booking_number: Mapped[str] = mapped_column(
        String(DETAINER_LENGTHS["booking_number"]), default="")
    # Form I-247A header
    subject_id: Mapped[str] = mapped_column(String(DETAINER_LENGTHS["subject_id"]), default="")
    event_number: Mapped[str] = mapped_column(String(DETAINER_LENGTHS["event_number"]), default="")
    file_number: Mapped[str] = mapped_column(String(DETAINER_LENGTHS["file_number"]), default="")
    subject_name: Mapped[str] = mapped_column(String(DETAINER_LENGTHS["subject_name"]), index=True)
    # Folded name, case # and detainer #: found in any case, script or accent.
    search_key: Mapped[str] = mapped_column(Text, default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    citizenship: Mapped[str] = mapped_column(String(DETAINER_LENGTHS["citizenship"]), default="")
    sex: Mapped[str] = mapped_column(String(DETAINER_LENGTHS["sex"]), default="")
    issuing_office: Mapped[str] = mapped_column(
        String(DETAINER_LENGTHS["issuing_office"]), default="")
    issuing_officer: Mapped[str] = mapped_column(
        String(DETAINER_LENGTHS["issuing_officer"]), default="")
    issuing_phone: Mapped[str] = mapped_column(
        String(DETAINER_LENGTHS["issuing_phone"]), default="")
    # Box 1 grounds, Box 2, and the requests ticked on the form
    ground_final_order: Mapped[bool] = mapped_column(Boolean, default=False)
    ground_pending_proceedings: Mapped[bool] = mapped_column(Boolean, default=False)
    ground_biometric_match: Mapped[bool] = mapped_column(Boolean, default=False)
    ground_statements: Mapped[bool] = mapped_column(Boolean, default=False)
    box2_transferred: Mapped[bool] = mapped_column(Boolean, default=False)
    request_notify: Mapped[bool] = mapped_column(Boolean, default=True)
    request_hold: Mapped[bool] = mapped_column(Boolean, default=True)
    request_serve_copy: Mapped[bool] = mapped_column(Boolean, default=True)
    reason_for_detainer: Mapped[str] = mapped_column(
        String(DETAINER_LENGTHS["reason_for_detainer"]), default="")
    # Booking side
    arrest_location: Mapped[str] = mapped_column(
        String(DETAINER_LENGTHS["arrest_location"]), default="")
    offenses: Mapped[str] = mapped_column(
        Text, default="", info=typed_text(DETAINER_LENGTHS["offenses"]))
    criminal_history: Mapped[bool] = mapped_column(Boolean, default=False)
    resident: Mapped[bool] = mapped_column(Boolean, default=False)
    # The clock and custody
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    receipt_correction_reason: Mapped[str] = mapped_column(
        Text, default="", info=typed_text(DETAINER_LENGTHS["receipt_correction_reason"]))
    clock_start_rule: Mapped[ClockStart] = mapped_column(_enum(ClockStart, "clock_start"))
    release_eligible_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Trust Act §1 (a)-(g): what ended custody on the charge, and who recorded it.
    release_ground: Mapped[ReleaseGround | None] = mapped_column(
        _enum(ReleaseGround, "release_ground"))
    release_eligible_by: Mapped[str] = mapped_column(
        String(LENGTHS["release_eligible_by"]), default="")
    custody_status: Mapped[CustodyStatus] = mapped_column(
        _enum(CustodyStatus, "custody_status"), default=CustodyStatus.IN_CUSTODY)
    bail_decision: Mapped[BailDecision | None] = mapped_column(
        _enum(BailDecision, "bail_decision"))
    bail_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    bail_amount: Mapped[str] = mapped_column(String(LENGTHS["bail_amount"]), default="")
    # ERO notification (Policy 413 §IV.A.3(g)) and copy served (§IV.A.3(h))
    ero_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ero_notified_by: Mapped[str] = mapped_column(String(LENGTHS["ero_notified_by"]), default="")
    ero_method: Mapped[str] = mapped_column(String(LENGTHS["ero_method"]), default="")
    ero_contact: Mapped[str] = mapped_column(String(LENGTHS["ero_contact"]), default="")
    ero_message: Mapped[str] = mapped_column(Text, default="", info=typed_text(NOTE))
    copy_served_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    copy_served_by: Mapped[str] = mapped_column(String(LENGTHS["copy_served_by"]), default="")
    # Leaving the board
    outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome, "outcome"), index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # "<officer>, override signed by <supervisor>": two display names (migration 0009)
    closed_by: Mapped[str] = mapped_column(String(LENGTHS["closed_by"]), default="")
    close_note: Mapped[str] = mapped_column(Text, default="", info=typed_text(NOTE))
    override_reason: Mapped[str] = mapped_column(Text, default="", info=typed_text(NOTE))
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    void_reason: Mapped[str] = mapped_column(Text, default="", info=typed_text(NOTE))
    # Follow-up (Pittsfield §E): None = unknown
    deported: Mapped[bool | None] = mapped_column(Boolean)
    # Ordinance §4(d) / Trust Act §4(d): money from the federal government, in exact
    # dollars and cents, and the day it was received (the report counts by that day).
    reimbursement_amount: Mapped[Decimal] = mapped_column(
        Numeric(12, 2, asdecimal=True), default=Decimal("0.00"))
    reimbursement_received_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(LENGTHS["updated_by"]), default="")
    # The station where the fax was received (migration 0011); "" = no station, which
    # every station's board shows (domain/stations.py).
    station: Mapped[str] = mapped_column(String(DETAINER_LENGTHS["station"]), default="",
                                         server_default="", index=True)

    steps: Mapped[list[ChecklistStep]] = relationship(
        back_populates="detainer", order_by="ChecklistStep.position",
        cascade="save-update, merge")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="detainer", order_by="Attachment.id", cascade="save-update, merge")

    __mapper_args__ = {"version_id_col": version}


@event.listens_for(Detainer, "before_insert")
@event.listens_for(Detainer, "before_update")
def _refresh_search_key(_mapper: object, _connection: object, row: Detainer) -> None:
    row.search_key = search_key(row.subject_name, row.case_number, row.detainer_number)


class ChecklistStep(Base):
    """One policy step for one detainer, copied from the profile when it was logged."""

    __tablename__ = "checklist_steps"
    __table_args__ = (UniqueConstraint("detainer_id", "step_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    detainer_id: Mapped[int] = mapped_column(ForeignKey("detainers.id"), index=True)
    step_id: Mapped[str] = mapped_column(String(LENGTHS["step_id"]))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(LENGTHS["text"]))
    duty: Mapped[Duty] = mapped_column(_enum(Duty, "duty"))
    trigger: Mapped[Trigger] = mapped_column(_enum(Trigger, "trigger"))
    blocking: Mapped[bool] = mapped_column(Boolean)
    citation: Mapped[str] = mapped_column(String(LENGTHS["citation"]))
    when_bail: Mapped[str] = mapped_column(String(LENGTHS["when_bail"]), default="")
    state: Mapped[StepState] = mapped_column(_enum(StepState, "step_state"),
                                             default=StepState.PENDING)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by: Mapped[str] = mapped_column(String(LENGTHS["done_by"]), default="")
    note: Mapped[str] = mapped_column(Text, default="", info=typed_text(NOTE))

    detainer: Mapped[Detainer] = relationship(back_populates="steps")


class Attachment(Base):
    """The scanned or faxed detainer, kept with its checksum so a copy can be proven."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    detainer_id: Mapped[int] = mapped_column(ForeignKey("detainers.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(LENGTHS["file_name"]))
    media_type: Mapped[str] = mapped_column(String(LENGTHS["media_type"]))
    sha256: Mapped[str] = mapped_column(String(LENGTHS["sha256"]))
    size_bytes: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    added_by: Mapped[str] = mapped_column(String(LENGTHS["added_by"]))

    detainer: Mapped[Detainer] = relationship(back_populates="attachments")


class Person(Base):
    """Someone who signs in; disabled, never deleted, because the audit log names them."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(LENGTHS["username"]), unique=True)
    display_name: Mapped[str] = mapped_column(String(LENGTHS["display_name"]))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    password_hash: Mapped[str] = mapped_column(String(LENGTHS["password_hash"]), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set by an administrator: the next sign-in must choose a new password first.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=false())


class AuditEntry(Base):
    """One change, append-only: who, when, what, before and after, hash-chained."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(LENGTHS["actor"]), index=True)
    action: Mapped[str] = mapped_column(String(LENGTHS["action"]))
    detainer_id: Mapped[int | None] = mapped_column(ForeignKey("detainers.id"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(LENGTHS["prev_hash"]))
    entry_hash: Mapped[str] = mapped_column(String(LENGTHS["entry_hash"]))


class Setting(Base):
    """A workstation or department setting (active profile, municipality, thresholds)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(LENGTHS["key"]), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
