"""The outbox as the records sync works it: what is due, leases, failures, done.

`records/sync.py` renders files and writes them to the records folder; every row it
reads or changes goes through `OutboxQueue` (built once by the desk: `desk.outbox`),
so the records layer writes no database row itself. Each call is one short
transaction; an item changes only while it still matches what the caller read, so
two workstations draining one outbox never write a file twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from desk_app.domain.actor import SYSTEM
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.time_source import TimeSource
from desk_app.domain.vocabulary import ExportKind
from desk_app.store.audit import write_audit
from desk_app.store.database import Database
from desk_app.store.outbox_models import OutboxItem

BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_MAX = timedelta(minutes=30)


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: 30 s, 1 min, 2 min ... at most 30 min."""
    if attempts <= 0:
        return timedelta(0)
    doublings: int = 2 ** min(attempts - 1, 16)
    return min(BACKOFF_FIRST * doublings, BACKOFF_MAX)


@dataclass(frozen=True)
class PendingExport:
    """A file still waiting for the records folder, for the status bar's detail list."""

    name: str
    kind: ExportKind
    attempts: int
    next_attempt_at: datetime
    last_error: str


@dataclass(frozen=True)
class QueuedExport:
    """One waiting outbox item as the sync read it (the values it must still match)."""

    id: int
    kind: ExportKind
    detainer_id: int | None
    payload: str
    attempts: int
    requests: int
    next_attempt_at: datetime


class OutboxQueue:
    """The waiting exports of one desk's database; see the module docstring."""

    def __init__(self, db: Database, time: TimeSource) -> None:
        self.db = db
        self.time = time

    def retry_now(self) -> int:
        """Bring failed exports forward to now (a clerk asked for a sync); return how many.

        Items merely leased by a workstation that is writing them have no error and are
        left alone, so two writers still never race."""
        now = self.time.now()
        with self.db.sessions() as session:
            result = session.execute(update(OutboxItem).where(
                OutboxItem.done_at.is_(None), OutboxItem.last_error != "",
                OutboxItem.next_attempt_at > now).values(next_attempt_at=now))
            session.commit()
            return int(getattr(result, "rowcount", 0) or 0)

    def pending_count(self) -> int:
        """How many files are waiting to be written (coalesced, so one per file)."""
        with self.db.sessions() as session:
            return session.scalar(select(func.count(func.distinct(OutboxItem.target_name)))
                                  .where(OutboxItem.done_at.is_(None))) or 0

    def pending(self) -> list[PendingExport]:
        """The waiting items, oldest first, with the last problem in plain words."""
        with self.db.sessions() as session:
            rows = session.scalars(select(OutboxItem).where(OutboxItem.done_at.is_(None))
                                   .order_by(OutboxItem.id))
            return [PendingExport(r.target_name, r.kind, r.attempts, r.next_attempt_at,
                                  r.last_error) for r in rows]

    def due_targets(self, now: datetime) -> dict[str, list[QueuedExport]]:
        """Waiting items grouped by file, for the files whose earliest try is due."""
        groups: dict[str, list[QueuedExport]] = {}
        with self.db.sessions() as session:
            for r in session.scalars(select(OutboxItem).where(OutboxItem.done_at.is_(None))
                                     .order_by(OutboxItem.id)):
                groups.setdefault(r.target_name, []).append(QueuedExport(
                    r.id, r.kind, r.detainer_id, r.payload, r.attempts, r.requests,
                    r.next_attempt_at))
        return {name: items for name, items in groups.items()
                if min(i.next_attempt_at for i in items) <= now}

    def claim(self, items: Sequence[QueuedExport], lease: timedelta) -> bool:
        """Take a lease on the items; False if another sync took them first."""
        lease_until = self.time.now() + lease
        with self.db.sessions() as session:
            for item in items:
                taken = _update(session, item.id, OutboxItem.next_attempt_at
                                == item.next_attempt_at, next_attempt_at=lease_until)
                if not taken:
                    session.rollback()
                    return False
            session.commit()
        return True

    def note(self, items: Sequence[QueuedExport], reason: str) -> None:
        """Say why the items wait, without counting an attempt or delaying them."""
        with self.db.sessions() as session:
            for item in items:
                _update(session, item.id, OutboxItem.last_error != reason,
                        last_error=reason)
            session.commit()

    def fail(self, items: Sequence[QueuedExport], reason: str) -> None:
        """Count the attempt and wait longer each time (30 s doubling to 30 min)."""
        now = self.time.now()
        with self.db.sessions() as session:
            for item in items:
                _update(session, item.id, attempts=item.attempts + 1,
                        next_attempt_at=now + backoff(item.attempts + 1), last_error=reason)
            session.commit()

    def finish(self, items: Sequence[QueuedExport], digest: str) -> None:
        """Mark done, unless a change asked for the file again meanwhile: then redo it."""
        now = self.time.now()
        with self.db.sessions() as session:
            for item in items:
                done = _update(session, item.id, OutboxItem.requests == item.requests,
                               done_at=now, sha256=digest, attempts=item.attempts + 1,
                               last_error="")
                if not done:
                    _update(session, item.id, next_attempt_at=now, last_error="")
            session.commit()


    def refuse(self, items: Sequence[QueuedExport], message: str) -> None:
        """Take the items off the queue for good (trying again could not make them
        right, e.g. a payload naming a file outside the export folder), and audit it."""
        now = self.time.now()
        with self.db.sessions() as session:
            for item in items:
                _update(session, item.id, done_at=now, last_error=message,
                        attempts=item.attempts + 1)
            write_audit(session, at=now, actor=SYSTEM.name, action=AuditAction.EXPORT_REFUSED,
                        detainer_id=None, summary=message)
            session.commit()


def _update(session: Session, item_id: int, *conditions: ColumnElement[bool],
            **values: object) -> bool:
    """Update one waiting item if it still matches; True when it did."""
    statement = (update(OutboxItem)
                 .where(OutboxItem.id == item_id, OutboxItem.done_at.is_(None), *conditions)
                 .values(**values).execution_options(synchronize_session=False))
    return bool(getattr(session.execute(statement), "rowcount", 0))
