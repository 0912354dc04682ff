"""The outbox table: exports waiting to be written to the records folder.

An export is queued in the same transaction as the change that caused it, so a change
is never committed without its export, and an export never outlives a rolled-back
change. `desk_app.records.sync` drains the table; its state survives restarts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.domain.text_lengths import LENGTHS
from desk_app.domain.vocabulary import ExportKind as ExportKind  # re-exported for older imports
from desk_app.store.models import Base
from desk_app.store.types import UTCDateTime


class OutboxItem(Base):
    """One file to (re)write in the records folder, with its retry state.

    `requests` counts the changes coalesced into this item: the sync marks the item
    done only if no change asked for the file again while it was being written.
    `next_attempt_at` doubles as a short lease while a workstation is writing it.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ExportKind] = mapped_column(
        Enum(ExportKind, name="export_kind", values_callable=lambda e: [m.value for m in e],
             native_enum=False, length=40, validate_strings=True))
    target_name: Mapped[str] = mapped_column(String(LENGTHS["target_name"]), index=True)
    detainer_id: Mapped[int | None] = mapped_column(ForeignKey("detainers.id"))
    payload: Mapped[str] = mapped_column(String(LENGTHS["payload"]), default="")
    requests: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    sha256: Mapped[str] = mapped_column(String(LENGTHS["sha256"]), default="")
