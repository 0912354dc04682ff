"""The shift handoff tables: one row per shift change, one row per detainer note.

Kept in its own module (and migration 0004) so the detainer tables stay as they are.
A handoff is drafted (notes may be written), signed by the outgoing supervisor (its
content is frozen as JSON with a SHA-256) and countersigned by the incoming one. The
mapper events below refuse, at every flush, any change the service would refuse: a
frozen handoff stays as it was signed even if some future code forgets to ask, and
nothing here is ever deleted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
    select,
)
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from desk_app.domain.handoff import SignedHandoffError
from desk_app.domain.text_lengths import HANDOFF_NOTE, LENGTHS
from desk_app.domain.vocabulary import Role
from desk_app.store.field_limits import typed_text
from desk_app.store.models import Base
from desk_app.store.types import UTCDateTime


def _role() -> Enum:
    return Enum(Role, name="handoff_role", values_callable=lambda e: [m.value for m in e],
                native_enum=False, length=40, validate_strings=True)


class Handoff(Base):
    """One shift change's handoff; `shift_start` (the incoming shift's) is unique."""

    __tablename__ = "handoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    profile_id: Mapped[str] = mapped_column(String(LENGTHS["profile_id"]))
    ending_start: Mapped[datetime] = mapped_column(UTCDateTime())
    shift_start: Mapped[datetime] = mapped_column(UTCDateTime(), unique=True)
    shift_end: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(LENGTHS["created_by"]))
    # Frozen when the outgoing supervisor signs.
    content_json: Mapped[str] = mapped_column(Text, default="")
    content_sha256: Mapped[str] = mapped_column(String(LENGTHS["content_sha256"]), default="")
    outgoing_by: Mapped[str] = mapped_column(String(LENGTHS["outgoing_by"]), default="")
    outgoing_role: Mapped[Role | None] = mapped_column(_role())
    outgoing_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # Added when the incoming supervisor countersigns; nothing changes afterwards.
    incoming_by: Mapped[str] = mapped_column(String(LENGTHS["incoming_by"]), default="")
    incoming_username: Mapped[str] = mapped_column(String(LENGTHS["incoming_username"]), default="")
    incoming_role: Mapped[Role | None] = mapped_column(_role())
    incoming_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(LENGTHS["updated_by"]), default="")

    notes: Mapped[list[HandoffNoteRow]] = relationship(
        back_populates="handoff", order_by="HandoffNoteRow.detainer_id",
        cascade="save-update, merge", passive_deletes="all")

    __mapper_args__ = {"version_id_col": version}


class HandoffNoteRow(Base):
    """The free-text note on one detainer in one handoff, written before signing."""

    __tablename__ = "handoff_notes"
    __table_args__ = (UniqueConstraint("handoff_id", "detainer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id"), index=True)
    detainer_id: Mapped[int] = mapped_column(ForeignKey("detainers.id"))
    note: Mapped[str] = mapped_column(Text, default="", info=typed_text(HANDOFF_NOTE))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(LENGTHS["updated_by"]))

    handoff: Mapped[Handoff] = relationship(back_populates="notes")


# The only columns that may still change once the outgoing supervisor has signed.
COUNTERSIGN_COLUMNS = frozenset({"incoming_by", "incoming_username", "incoming_role",
                                 "incoming_signed_at", "updated_at", "updated_by",
                                 "version"})


def _stored_signatures(connection: Connection, handoff_id: int) -> tuple[Any, Any]:
    """(outgoing_signed_at, incoming_signed_at) as committed, not as edited."""
    table = Handoff.__table__
    row = connection.execute(select(table.c.outgoing_signed_at, table.c.incoming_signed_at)
                             .where(table.c.id == handoff_id)).one_or_none()
    return (row[0], row[1]) if row is not None else (None, None)


@event.listens_for(Handoff, "before_update")
def _refuse_change_once_signed(_mapper: Mapper[Any], connection: Connection,
                               target: Handoff) -> None:
    outgoing, incoming = _stored_signatures(connection, target.id)
    if incoming is not None:
        raise SignedHandoffError("This handoff is signed by both supervisors; it cannot "
                                 "be changed.")
    if outgoing is not None:
        state = inspect(target)
        changed = {a.key for a in state.attrs if a.history.has_changes()}
        if changed - COUNTERSIGN_COLUMNS:
            raise SignedHandoffError("This handoff is signed by the outgoing supervisor; "
                                     "only the incoming supervisor's signature may be "
                                     "added.")


@event.listens_for(Handoff, "before_delete")
def _refuse_delete(_mapper: Mapper[Any], _connection: Connection, _target: Handoff) -> None:
    raise SignedHandoffError("A handoff is never deleted.")


def _refuse_note_once_signed(_mapper: Mapper[Any], connection: Connection,
                             target: HandoffNoteRow) -> None:
    outgoing, _incoming = _stored_signatures(connection, target.handoff_id)
    if outgoing is not None:
        raise SignedHandoffError("The notes of a signed handoff cannot be changed.")


for _event in ("before_insert", "before_update", "before_delete"):
    event.listen(HandoffNoteRow, _event, _refuse_note_once_signed)
