"""The append-only, hash-chained audit log.

Each entry stores the hash of the entry before it and a hash of its own content, so an
edit made behind the application's back breaks the chain where it was made.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.time_source import ensure_utc
from desk_app.store.models import AuditEntry

GENESIS = "0" * 64
AUDIT_LOCK_KEY = 0x6465736B61756469  # "deskaudi": the audit chain's advisory lock


def to_json(values: Mapping[str, Any]) -> str:
    """Serialise field values (dates, enums included) in a stable, readable form."""
    return json.dumps(values, default=_plain, sort_keys=True, ensure_ascii=False)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, Decimal):  # money: exact, as typed to the cent ("250.50")
        return str(value)
    raise TypeError(f"cannot audit a {type(value).__name__}")


def entry_digest(prev_hash: str, at: datetime, actor: str, action: str,
                 detainer_id: int | None, summary: str, before: str, after: str) -> str:
    """The hash of one entry's content chained to the previous entry's hash."""
    content = json.dumps([prev_hash, at.isoformat(timespec="microseconds"), actor, action,
                          detainer_id, summary, before, after], ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def write_audit(session: Session, *, at: datetime, actor: str, action: AuditAction,
                detainer_id: int | None, summary: str,
                before: Mapping[str, Any] | None = None,
                after: Mapping[str, Any] | None = None) -> AuditEntry:
    """Append one entry in the caller's transaction, chained to the last one."""
    at = ensure_utc(at)  # hashed as the database will give it back
    _wait_for_other_writers(session)
    prev = session.scalar(select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1))
    prev_hash = prev or GENESIS
    before_text = to_json(before) if before else ""
    after_text = to_json(after) if after else ""
    words = str(action)  # stored and hashed as the plain words
    entry = AuditEntry(at=at, actor=actor, action=words, detainer_id=detainer_id,
                       summary=summary, before=before_text, after=after_text,
                       prev_hash=prev_hash,
                       entry_hash=entry_digest(prev_hash, at, actor, words, detainer_id,
                                               summary, before_text, after_text))
    session.add(entry)
    session.flush()
    return entry


def _wait_for_other_writers(session: Session) -> None:
    """On PostgreSQL, append one entry at a time across every workstation.

    Two transactions reading the last hash at once would both chain to it and the
    honest log would fail verification. A transaction-level advisory lock, taken after
    the caller's own rows are flushed (so locks are always taken in the same order),
    makes the next writer wait until this entry is committed, then read it.
    """
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite lets one writer at a time into the file
    session.flush()
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK_KEY})


@dataclass(frozen=True)
class ChainReport:
    """The outcome of walking the audit chain."""

    entries: int
    first_bad_id: int | None

    @property
    def intact(self) -> bool:
        """True when every entry matches its content and its predecessor."""
        return self.first_bad_id is None


def verify_chain(session: Session) -> ChainReport:
    """Walk the log in order and report the first entry that does not match."""
    prev_hash = GENESIS
    count = 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        count += 1
        expected = entry_digest(prev_hash, entry.at, entry.actor, entry.action,
                                entry.detainer_id, entry.summary, entry.before, entry.after)
        if entry.prev_hash != prev_hash or entry.entry_hash != expected:
            return ChainReport(count, entry.id)
        prev_hash = entry.entry_hash
    return ChainReport(count, None)
