"""Queue an export in the transaction of the change that caused it.

The service that changes a detainer calls `queue_export` before it commits, in the
same session: the export is then committed with the change or rolled back with it,
and a crash between the two cannot lose one without the other. Several changes to
the same file before the sync runs become one write.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.vocabulary import ExportKind
from desk_app.store.outbox_models import OutboxItem

if TYPE_CHECKING:
    from desk_app.store.database import Database

log = logging.getLogger(__name__)

TRACKING_SHEET_NAME = "ice-detainer-tracking-sheet.xlsx"
MANIFEST_NAME = "MANIFEST.sha256"
FORBIDDEN_IN_NAMES = ("/", "\\", "\n", "\r", "\0", ":")


def check_target_name(name: str) -> str:
    """A plain file name inside the records folder, or ValueError saying what is wrong."""
    if not name or name != name.strip():
        raise ValueError(f"export file name {name!r} is empty or has spaces at its ends")
    if any(ch in name for ch in FORBIDDEN_IN_NAMES) or name in (".", ".."):
        raise ValueError(f"export file name {name!r} must be a plain file name, "
                         "not a path")
    if name.startswith(".") or name == MANIFEST_NAME:
        raise ValueError(f"export file name {name!r} is reserved for the sync itself")
    return name


def queue_export(session: Session, kind: ExportKind, name: str,
                 detainer_id: int | None = None, *, now: datetime,
                 payload: str = "") -> int:
    """Ask for `name` to be (re)written in the records folder; return the item id.

    Call it inside the transaction of the change, before the commit. If the same file
    is already waiting, that item is reused (its `requests` count goes up), so ten
    changes before the next sync make one write, and a change that lands while the
    sync is writing makes the sync write again.
    """
    check_target_name(name)
    waiting = session.scalar(
        select(OutboxItem).where(OutboxItem.target_name == name,
                                 OutboxItem.done_at.is_(None))
        .order_by(OutboxItem.id).limit(1))
    if waiting is not None:
        # An SQL increment, so that a concurrent sync comparing the count sees it.
        waiting.requests = OutboxItem.requests + 1
        session.flush()
        return waiting.id
    item = OutboxItem(kind=ExportKind(kind), target_name=name, detainer_id=detainer_id,
                      payload=payload, requests=1, created_at=now, attempts=0,
                      next_attempt_at=now, last_error="", sha256="")
    session.add(item)
    session.flush()
    log.debug("export queued: %s (%s)", name, kind)
    return item.id


def record_pdf_name(detainer_number: str) -> str:
    """The file name of a closed detainer's record sheet in the records folder."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in detainer_number)
    return f"detainer-record-{safe}.pdf"


def queue_tracking_sheet(session: Session, *, now: datetime) -> int:
    """Ask for a fresh tracking sheet in the records folder (after any change)."""
    return queue_export(session, ExportKind.TRACKING_SHEET, TRACKING_SHEET_NAME, now=now)


def queue_saved_report(db: Database, name: str, staged: str, *, now: datetime) -> None:
    """A report the analyst saved also goes to the records folder: queue the copy staged
    in the export folder (`records.export_folder.stage_report`, whose payload `staged`
    names it) under the file name `name`, in a transaction of its own."""
    with db.sessions() as session:
        queue_export(session, ExportKind.REPORT, name, now=now, payload=staged)
        session.commit()
