"""One change to one record: load, edit, audit, commit, tell the listeners.

Every service call that changes a detainer or an ICE contact goes through
`StoreContext.change_record` (`change` for detainers), so that no change is ever made
without its audit entry, its version check and its notification. What differs between
the kinds of record (how a row is loaded, which columns are audited, what a refused
save says, which feed hears it) is a `RecordKind`; the way a change is made is one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified
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

    def publish(self, record_id: int) -> None:
        """Tell every listener; called only after the commit succeeded."""
        for listener in list(self._listeners):
            listener(record_id)


class Stamped(Protocol):
    """A record that says who changed it last and when (its version bumps with it)."""

    id: Any
    version: Any
    updated_at: Any
    updated_by: Any


Row = TypeVar("Row", bound=Stamped)


@dataclass
class Edit(Generic[Row]):
    """The open transaction of one change: the row to edit and its audit entry.

    The audit entry records `before`/`after` when the service sets them (what a change
    to a record's child rows did, say); otherwise what changed in the row's audited
    columns."""

    session: Session
    row: Row
    summary: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


DetainerEdit = Edit[Detainer]


@dataclass(frozen=True)
class RecordKind(Generic[Row]):
    """What differs between the kinds of record a change is made to."""

    load: Callable[[Session, int], Row]
    audited: Callable[[Row], dict[str, Any]]  # the columns the audit entry compares
    detainer_of: Callable[[Row], int | None]  # whose history shows the entry
    conflict: Callable[[Session, Row], str]  # who changed it first, in words
    feed: ChangeFeed
    # What else the transaction does once the row is saved (queue the exports).
    after_save: Callable[[Session, Row], None] | None = None


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
        """Yield the detainer row to edit; on exit write the audit entry and commit."""
        with self.change_record(self.detainer_kind, detainer_id, actor, action, summary,
                                expected_version) as edit:
            yield edit

    @property
    def detainer_kind(self) -> RecordKind[Detainer]:
        """How a detainer is changed: audited column by column, its exports queued."""
        return RecordKind(load=self.load, audited=audit_values,
                          detainer_of=lambda row: row.id,
                          conflict=lambda session, row: _conflict_message(session, row,
                                                                          self.zone),
                          feed=self.feed, after_save=self.queue_exports)

    @contextmanager
    def change_record(self, kind: RecordKind[Row], record_id: int, actor: Actor,
                      action: AuditAction, summary: str,
                      expected_version: int | None = None) -> Iterator[Edit[Row]]:
        """The one way a record is changed: yield the row to edit; on exit stamp it,
        write the audit entry, commit, and tell the listeners of its feed.

        Refused with ConflictError (who changed it first, when, what) if the row's
        version is not `expected_version`, or if another save wins the race."""
        with self.db.sessions() as session:
            row = kind.load(session, record_id)
            if expected_version is not None and row.version != expected_version:
                raise ConflictError(kind.conflict(session, row))
            before = kind.audited(row)
            edit = Edit(session, row, summary)
            yield edit
            now = self.time.now()
            row.updated_at = now
            row.updated_by = actor.name
            flag_modified(row, "updated_at")  # a change to child rows alone bumps the version
            try:
                # The version check runs at this flush: a save racing another is
                # refused here, not only at the commit.
                session.flush()
                old, new = changed(before, kind.audited(row))
                write_audit(session, at=now, actor=actor.name, action=action,
                            detainer_id=kind.detainer_of(row), summary=edit.summary,
                            before=edit.before if edit.after is not None else old,
                            after=edit.after if edit.after is not None else new)
                if kind.after_save is not None:
                    kind.after_save(session, row)
                session.commit()
            except StaleDataError:
                session.rollback()
                fresh = kind.load(session, record_id)
                raise ConflictError(kind.conflict(session, fresh)) from None
        kind.feed.publish(record_id)

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
