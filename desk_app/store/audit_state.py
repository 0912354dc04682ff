"""Does the database still say what the audit log says it was changed to?

The hash chain shows that no entry was rewritten; it cannot show a row changed behind
the log's back. Someone with the database could make a records clerk an administrator
with one UPDATE and never touch `audit_log`. So `audit verify` also replays every audited
change of each person (added, role changed, enabled, disabled) and compares the result
with the `people` table: a role or an active state that no audit entry explains is
reported, naming the person and the last entry that does explain their record. The same
is done for every detainer: each change's audit entry keeps the fields it changed, so
replaying them gives the status, custody and closing fields the record must hold now
(`AUDITED_DETAINER_FIELDS`); a record that differs, or that no entry logged, is reported.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.audit_actions import AuditAction
from desk_app.store.audit import to_json
from desk_app.store.models import AuditEntry, Detainer, Person
from desk_app.store.snapshots import audit_values

PEOPLE_ACTIONS = (AuditAction.FIRST_ADMINISTRATOR_CREATED, AuditAction.PERSON_ADDED,
                  AuditAction.ROLE_CHANGED, AuditAction.PERSON_ENABLED,
                  AuditAction.PERSON_DISABLED)
# Entries written before the username was kept in `after`: the summary names the person.
_SUMMARY_NAMES = (re.compile(r"^Changed the role of (\S+) from "),
                  re.compile(r"^(?:Enabled|Disabled) the account of (\S+)$"))


@dataclass(frozen=True)
class StateMismatch:
    """One person whose stored record no audited change explains."""

    username: str  # the person's username, or the detainer's number
    field: str
    stored: str
    audited: str
    entry_id: int | None  # the last entry that set this field (None: never audited)
    kind: str = "person"  # or "detainer"

    def sentence(self) -> str:
        """What `audit verify` prints."""
        table = "people" if self.kind == "person" else "detainers"
        if self.entry_id is None:
            verb = "added this person" if self.kind == "person" else "logged this detainer"
            return (f"{self.kind} {self.username}: no audit entry {verb}; the {table} "
                    "table was changed outside the application")
        return (f"{self.kind} {self.username}: {self.field} is '{self.stored}' but audit "
                f"entry {self.entry_id} set it to '{self.audited}'; the {table} table was "
                "changed outside the application")


def _username(entry: AuditEntry, after: dict[str, object]) -> str | None:
    name = after.get("username")
    if isinstance(name, str):
        return name
    for pattern in _SUMMARY_NAMES:
        found = pattern.match(entry.summary)
        if found:
            return found.group(1)
    return None


def people_mismatches(session: Session) -> list[StateMismatch]:
    """Every person whose role or active state differs from the audited one."""
    audited: dict[str, dict[str, tuple[object, int]]] = {}
    entries = session.scalars(select(AuditEntry).where(
        AuditEntry.detainer_id.is_(None), AuditEntry.action.in_(PEOPLE_ACTIONS))
        .order_by(AuditEntry.id))
    for entry in entries:
        after = json.loads(entry.after) if entry.after else {}
        username = _username(entry, after)
        if username is None:
            continue
        state = audited.setdefault(username, {})
        for field in ("role", "active"):
            if field in after:
                state[field] = (after[field], entry.id)
    found: list[StateMismatch] = []
    for person in session.scalars(select(Person).order_by(Person.id)):
        last = audited.get(person.username)
        if last is None:
            found.append(StateMismatch(person.username, "record", "present", "", None))
            continue
        for field, stored in (("role", person.role.value), ("active", person.active)):
            if field in last and last[field][0] != stored:
                found.append(StateMismatch(person.username, field, str(stored),
                                           str(last[field][0]), last[field][1]))
    return found


# What a detainer's audit entries must explain: its status, custody, closing and voiding.
AUDITED_DETAINER_FIELDS = (
    "received_at", "custody_status", "bail_decision", "bail_decided_at",
    "release_eligible_at", "ero_notified_at", "copy_served_at", "outcome", "closed_at",
    "closed_by", "override_reason", "voided_at", "void_reason", "deported")


def detainer_mismatches(session: Session) -> list[StateMismatch]:
    """Every detainer whose audited fields differ from the replay of its audit entries."""
    audited: dict[int, dict[str, tuple[object, int]]] = {}
    entries = session.execute(select(AuditEntry.id, AuditEntry.detainer_id, AuditEntry.after)
                              .where(AuditEntry.detainer_id.is_not(None), AuditEntry.after != "")
                              .order_by(AuditEntry.id))
    for entry_id, detainer_id, after_text in entries:
        if detainer_id is None:  # excluded by the query; for the type checker
            continue
        after = json.loads(after_text)
        state = audited.setdefault(detainer_id, {"": (None, entry_id)})  # "": the first
        for field in AUDITED_DETAINER_FIELDS:
            if field in after:
                state[field] = (after[field], entry_id)
    found: list[StateMismatch] = []
    for row in session.scalars(select(Detainer).order_by(Detainer.id)):
        replayed = audited.get(row.id)
        if replayed is None:
            found.append(StateMismatch(row.detainer_number, "record", "present", "", None,
                                       "detainer"))
            continue
        stored = json.loads(to_json({f: v for f, v in audit_values(row).items()
                                     if f in AUDITED_DETAINER_FIELDS}))
        for field in AUDITED_DETAINER_FIELDS:
            value, entry_id = replayed.get(field, (None, replayed[""][1]))
            if not _same(stored[field], value):
                found.append(StateMismatch(row.detainer_number, field, _shown(stored[field]),
                                           _shown(value), entry_id, "detainer"))
    return found


def _same(stored: Any, audited: Any) -> bool:
    """Equal values; instants compared as instants (an entry may carry another offset)."""
    if isinstance(stored, str) and isinstance(audited, str) and stored != audited:
        try:
            return datetime.fromisoformat(stored) == datetime.fromisoformat(audited)
        except ValueError:
            return False
    return bool(stored == audited)


def _shown(value: Any) -> str:
    return "nothing" if value is None else str(value)
