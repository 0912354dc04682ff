"""Reading the audit log back for the audit viewer: filter by detainer, person, date."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select

from desk_app.domain.actor import Actor
from desk_app.domain.audit_masking import masking
from desk_app.domain.permissions import Access
from desk_app.domain.time_source import TimeSource
from desk_app.store.access_log import AccessLog
from desk_app.store.database import Database
from desk_app.store.models import AuditEntry, Detainer


@dataclass(frozen=True)
class AuditLine:
    """One audit entry as the viewer shows it."""

    id: int
    at: datetime
    actor: str
    action: str
    detainer_number: str
    summary: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditFilter:
    """What the viewer narrows by; empty values match everything."""

    detainer_number: str = ""
    person: str = ""
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 2000


def audit_lines(db: Database, where: AuditFilter, viewer: Actor,
                time: TimeSource) -> list[AuditLine]:
    """The newest entries matching `where`; only supervisors and administrators, and
    each reading is itself audited (who looked, for what)."""
    AccessLog(db, time).check(viewer, Access.AUDIT_LOG_READ, _described(where))
    query = (select(AuditEntry, Detainer.detainer_number)
             .outerjoin(Detainer, Detainer.id == AuditEntry.detainer_id))
    if where.detainer_number.strip():
        query = query.where(Detainer.detainer_number.contains(where.detainer_number.strip(),
                                                              autoescape=True))
    if where.person.strip():
        query = query.where(AuditEntry.actor.contains(where.person.strip(), autoescape=True))
    if where.since is not None:
        query = query.where(AuditEntry.at >= where.since)
    if where.until is not None:
        query = query.where(AuditEntry.at < where.until)
    query = query.order_by(AuditEntry.id.desc()).limit(where.limit)
    with db.sessions() as session:
        return [_masked(AuditLine(e.id, e.at, e.actor, e.action, number or "", e.summary,
                                  e.before, e.after), viewer)
                for e, number in session.execute(query)]


def _masked(line: AuditLine, viewer: Actor) -> AuditLine:
    """The line with what the viewer's role may not read replaced (audit_masking.py)."""
    words = masking(viewer.role, line.action)
    if not words:
        return line
    return replace(line, summary=words, before=words if line.before else "",
                   after=words if line.after else "")


def _described(where: AuditFilter) -> str:
    """The filter in words, for the audit entry of a reading."""
    parts = [f"detainer {where.detainer_number.strip()}" if where.detainer_number.strip()
             else "", f"person {where.person.strip()}" if where.person.strip() else "",
             f"from {where.since:%Y-%m-%d %H:%M}" if where.since else "",
             f"before {where.until:%Y-%m-%d %H:%M}" if where.until else ""]
    return "newest entries" + "".join(f", {p}" for p in parts if p)
