"""The ICE contact log tables: one row per contact, one row per person to be told.

Kept in its own module (and migration 0003) so the detainer tables stay as they are.
A contact keeps the rule citation and the information citation that applied when it
was logged, because a profile may be edited later and the log must still show what
the desk was told to do at the time. Nothing is deleted; every change is audited.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desk_app.domain.contact_log import MAX_LENGTHS as CONTACT_LENGTHS
from desk_app.domain.contact_log import (
    CallbackResult,
    ContactDecision,
    ContactKind,
    ContactReason,
    IceUnit,
)
from desk_app.domain.text_lengths import LENGTHS, NOTE
from desk_app.store.field_limits import typed_text
from desk_app.store.models import Base
from desk_app.store.types import UTCDateTime


def _enum(kind: type[StrEnum], name: str) -> Enum:
    """Store an enum by its value (the words people read), checked by the database."""
    return Enum(kind, name=name, values_callable=lambda e: [m.value for m in e],
                native_enum=False, length=40, validate_strings=True)


class IceContact(Base):
    """One ICE presence call, request for assistance, notification request or warrant."""

    __tablename__ = "ice_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    profile_id: Mapped[str] = mapped_column(String(LENGTHS["profile_id"]))
    kind: Mapped[ContactKind] = mapped_column(_enum(ContactKind, "contact_kind"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    agent_name: Mapped[str] = mapped_column(String(CONTACT_LENGTHS["agent_name"]))
    agent_phone: Mapped[str] = mapped_column(String(CONTACT_LENGTHS["agent_phone"]), default="")
    unit: Mapped[IceUnit] = mapped_column(_enum(IceUnit, "ice_unit"))
    reason: Mapped[ContactReason] = mapped_column(_enum(ContactReason, "contact_reason"))
    # Presence calls and assistance requests (Policy 413 §IV.E.3)
    decision: Mapped[ContactDecision | None] = mapped_column(
        _enum(ContactDecision, "contact_decision"))
    rule_citation: Mapped[str] = mapped_column(String(LENGTHS["rule_citation"]), default="")
    address: Mapped[str] = mapped_column(String(CONTACT_LENGTHS["address"]), default="")
    cad_number: Mapped[str] = mapped_column(
        String(CONTACT_LENGTHS["cad_number"]), default="", index=True)
    callback_result: Mapped[CallbackResult | None] = mapped_column(
        _enum(CallbackResult, "callback_result"))
    callback_note: Mapped[str] = mapped_column(Text, default="", info=typed_text(NOTE))
    callback_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    callback_by: Mapped[str] = mapped_column(String(LENGTHS["callback_by"]), default="")
    # Notification requests and administrative warrants for a person in custody
    detainer_id: Mapped[int | None] = mapped_column(ForeignKey("detainers.id"), index=True)
    subject_name: Mapped[str] = mapped_column(String(CONTACT_LENGTHS["subject_name"]), default="")
    information_released: Mapped[str] = mapped_column(Text, default="", info=typed_text(NOTE))
    information_withheld: Mapped[str] = mapped_column(Text, default="", info=typed_text(NOTE))
    nothing_else_released: Mapped[bool] = mapped_column(Boolean, default=False)
    information_citation: Mapped[str] = mapped_column(
        String(LENGTHS["information_citation"]), default="")
    note: Mapped[str] = mapped_column(Text, default="", info=typed_text(NOTE))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(LENGTHS["created_by"]))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(LENGTHS["updated_by"]), default="")

    notices: Mapped[list[IceContactNotice]] = relationship(
        back_populates="contact", order_by="IceContactNotice.position",
        cascade="save-update, merge")

    __mapper_args__ = {"version_id_col": version}


class IceContactNotice(Base):
    """One person the profile says is told of an ICE presence, and who told them when."""

    __tablename__ = "ice_contact_notices"
    __table_args__ = (UniqueConstraint("contact_id", "recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("ice_contacts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(String(LENGTHS["recipient"]))
    method: Mapped[str] = mapped_column(String(LENGTHS["method"]), default="")
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    notified_by: Mapped[str] = mapped_column(String(LENGTHS["notified_by"]), default="")

    contact: Mapped[IceContact] = relationship(back_populates="notices")
