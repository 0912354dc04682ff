"""One change to one detainer: load, edit, audit, commit, tell the listeners.

Every service call that changes a detainer goes through `DetainerChange`, so that no
change is ever made without its audit entry, its version check and its notification.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from desk_app.domain.actor import Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.errors import ConflictError, NotFoundError
from desk_app.domain.time_source import TimeSource
from desk_app.domain.vocabulary import ExportKind
from desk_app.store.audit import write_audit
from desk_app.store.database import Database
from desk_app.store.models import AuditEntry, Detainer
from desk_app.store.outbox import queue_export, queue_tracking_sheet, record_pdf_name
from desk_app.store.snapshots import audit_values, changed, detainer_snapshot

Listener = Callable[[int], None]


class ChangeFeed:
    """Listeners told the id of each record of one kind that changed (a detainer, an
    ICE contact); the GUI refreshes on it. The desk has one feed per kind, on its
    `StoreContext`, so every service and view built on it hear each other."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        """Call `listener(record_id)` after every committed change."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling `listener` (a closed view); unknown listeners are ignored."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def publish(self, detainer_id: int) -> None:
        """Tell every listener; called only after the commit succeeded."""
        for listener in list(self._listeners):
            listener(detainer_id)


@dataclass
class DetainerEdit:
    """The open transaction of one change: the row to edit and the audit summary."""

    session: Session
    row: Detainer
    summary: str


class StoreContext:
    """What every service needs: the database, the time and the change feeds
    (`feed` for detainers, `contact_feed` for ICE contacts, `intake_feed` for the
    intake queue)."""

    def __init__(self, db: Database, time: TimeSource, zone: ZoneInfo,
                 feed: ChangeFeed | None = None, exports: bool = False) -> None:
        self.db = db
        self.time = time
        self.zone = zone
        self.feed = feed or ChangeFeed()
        self.contact_feed = ChangeFeed()
        self.intake_feed = ChangeFeed()  # intake items taken in, read or decided
        # True when a records folder is set: every change refreshes the tracking sheet
        # there, and each closed detainer's record PDF is filed.
        self.exports = exports

    def queue_exports(self, session: Session, row: Detainer) -> None:
        """Queue what the records folder needs after this change, in its transaction."""
        if not self.exports:
            return
        now = self.time.now()
        queue_tracking_sheet(session, now=now)
        if row.closed_at is not None:
            queue_export(session, ExportKind.RECORD_PDF,
                         record_pdf_name(row.detainer_number), row.id, now=now)

    def load(self, session: Session, detainer_id: int) -> Detainer:
        """The detainer row with steps and attachments, or NotFoundError."""
        row = session.scalar(select(Detainer).where(Detainer.id == detainer_id).options(
            selectinload(Detainer.steps), selectinload(Detainer.attachments)))
        if row is None:
            raise NotFoundError(f"no detainer with id {detainer_id}")
        return row

    @contextmanager
    def change(self, detainer_id: int, actor: Actor, action: AuditAction, summary: str,
               expected_version: int | None = None) -> Iterator[DetainerEdit]:
        """Yield the row to edit; on exit write the audit entry and commit."""
        with self.db.sessions() as session:
            row = self.load(session, detainer_id)
            if expected_version is not None and row.version != expected_version:
                raise ConflictError(_conflict_message(session, row, self.zone))
            before = audit_values(row)
            edit = DetainerEdit(session, row, summary)
            yield edit
            now = self.time.now()
            row.updated_at = now
            row.updated_by = actor.name
            try:
                # The version check runs at this flush: a save racing another is
                # refused here, not only at the commit.
                session.flush()
                old, new = changed(before, audit_values(row))
                write_audit(session, at=now, actor=actor.name, action=action,
                            detainer_id=row.id, summary=edit.summary, before=old, after=new)
                self.queue_exports(session, row)
                session.commit()
            except StaleDataError:
                session.rollback()
                fresh = self.load(session, detainer_id)
                raise ConflictError(_conflict_message(session, fresh, self.zone)) from None
        self.feed.publish(detainer_id)

    def snapshot(self, detainer_id: int) -> DetainerSnapshot:
        """Read one detainer back as a plain value."""
        with self.db.sessions() as session:
            return detainer_snapshot(self.load(session, detainer_id))

    def audit(self, session: Session, actor: Actor, action: AuditAction, summary: str,
              detainer_id: int | None = None, **after: Any) -> None:
        """An audit entry that changes no detainer field (an alert shown, a print)."""
        write_audit(session, at=self.time.now(), actor=actor.name, action=action,
                    detainer_id=detainer_id, summary=summary, after=after or None)


def _conflict_message(session: Session, row: Detainer, zone: ZoneInfo) -> str:
    """Who changed the detainer, when, and what (the newest audit entry on it)."""
    when: datetime = row.updated_at.astimezone(zone)
    latest = session.scalar(select(AuditEntry.summary).where(
        AuditEntry.detainer_id == row.id, AuditEntry.at == row.updated_at,
        AuditEntry.actor == row.updated_by).order_by(AuditEntry.id.desc()).limit(1))
    what = f" Their change: {latest.rstrip('.')}." if latest else ""
    return (f"Not saved: this detainer was changed by {row.updated_by or 'someone else'} "
            f"at {when:%H:%M}; your changes are kept in the form, "
            f"review them and save again.{what}")
