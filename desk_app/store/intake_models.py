"""The intake queue's table: every document that arrived in a watched fax folder.

An item holds its own copy of the file (taken before the folder's file is
acknowledged), the station whose folder it came from, when it arrived, what the form
reader read off it, and the decision that took it out of the queue: logged as a
detainer, attached to one, filed as an ICE contact, or dismissed with a reason.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.domain.intake import IntakeState
from desk_app.domain.text_lengths import LENGTHS, NOTE
from desk_app.store.field_limits import typed_text
from desk_app.store.models import Base, _enum
from desk_app.store.types import UTCDateTime


class IntakeItem(Base):
    """One faxed or e-faxed document waiting for, or given, a decision."""

    __tablename__ = "intake_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    station: Mapped[str] = mapped_column(String(LENGTHS["station"]))
    source_path: Mapped[str] = mapped_column(String(LENGTHS["source_path"]))
    file_name: Mapped[str] = mapped_column(String(LENGTHS["file_name"]))
    media_type: Mapped[str] = mapped_column(String(LENGTHS["media_type"]))
    sha256: Mapped[str] = mapped_column(String(LENGTHS["sha256"]), index=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    state: Mapped[IntakeState] = mapped_column(_enum(IntakeState, "intake_state"), index=True)
    reading: Mapped[str] = mapped_column(Text, default="")  # JSON of `desk-app intake read`
    read_fields: Mapped[str] = mapped_column(Text, default="")  # confirmed as read
    typed_fields: Mapped[str] = mapped_column(Text, default="")  # typed or changed
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decided_by: Mapped[str] = mapped_column(String(LENGTHS["decided_by"]), default="")
    reason: Mapped[str] = mapped_column(Text, default="", info=typed_text(NOTE))
    detainer_id: Mapped[int | None] = mapped_column(ForeignKey("detainers.id"), nullable=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("ice_contacts.id"),
                                                   nullable=True)

    __mapper_args__ = {"version_id_col": version}
