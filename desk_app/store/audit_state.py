"""Does the database still say what the audit log says it was changed to?

The hash chain shows that no entry was rewritten; it cannot show a row changed behind
the log's back. Someone with the database could make a records clerk an administrator
with one UPDATE and never touch `audit_log`. So `audit verify` also replays every audited
change of each person (added, role changed, enabled, disabled) and compares the result
with the `people` table: a role or an active state that no audit entry explains is
reported, naming the person and the last entry that does explain their record.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.audit_actions import AuditAction
from desk_app.store.models import AuditEntry, Person

PEOPLE_ACTIONS = (AuditAction.FIRST_ADMINISTRATOR_CREATED, AuditAction.PERSON_ADDED,
                  AuditAction.ROLE_CHANGED, AuditAction.PERSON_ENABLED,
                  AuditAction.PERSON_DISABLED)
# Entries written before the username was kept in `after`: the summary names the person.
_SUMMARY_NAMES = (re.compile(r"^Changed the role of (\S+) from "),
                  re.compile(r"^(?:Enabled|Disabled) the account of (\S+)$"))


@dataclass(frozen=True)
class StateMismatch:
    """One person whose stored record no audited change explains."""

    username: str
    field: str
    stored: str
    audited: str
    entry_id: int | None  # the last entry that set this field (None: never audited)

    def sentence(self) -> str:
        """What `audit verify` prints."""
        if self.entry_id is None:
            return (f"person {self.username}: no audit entry added this person; the "
                    "people table was changed outside the application")
        return (f"person {self.username}: {self.field} is '{self.stored}' but audit entry "
                f"{self.entry_id} set it to '{self.audited}'; the people table was changed "
                "outside the application")


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
