"""People who sign in: accounts, passwords, lockout, roles; every change audited.

A person is never deleted, only disabled, because the audit log names them. Only a
role with MANAGE_PEOPLE (the administrator) adds people, resets passwords, disables
accounts and changes roles. Five wrong passwords in a row lock an account for fifteen
minutes. A wrong username, a wrong password and a locked account get the same answer,
after the same amount of work, so that nobody can find out which usernames exist or,
while an account is locked, whether a guess was right. Passwords and their hashes never
reach the audit log.

The count of wrong tries holds under parallel guesses (several workstations, or a script
started many times): each try first takes its place in the count with one atomic UPDATE
and commits it, and only the first five places of a lock period have their password
checked at all. So however many guesses arrive at once, at most five are ever tried.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from desk_app.domain.actor import SYSTEM, Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.errors import DeskError, FieldError, NotFoundError, RuleRefusedError
from desk_app.domain.passwords import burn_time, hash_password, needs_rehash, verify_password
from desk_app.domain.permissions import Access, Permission, require, require_access
from desk_app.domain.text_lengths import LENGTHS
from desk_app.domain.time_source import TimeSource
from desk_app.domain.vocabulary import Role
from desk_app.store.access_log import AccessLog
from desk_app.store.audit import write_audit
from desk_app.store.database import Database
from desk_app.store.models import Person

log = logging.getLogger(__name__)

LOCK_AFTER_FAILURES = 5
LOCK_DURATION = timedelta(minutes=15)
WRONG_CREDENTIALS = ("Wrong username or password. Check both and try again; after "
                     f"{LOCK_AFTER_FAILURES} wrong tries in a row an account is locked for "
                     f"{LOCK_DURATION.seconds // 60} minutes (an administrator can unlock "
                     "it sooner).")


class SignInError(DeskError):
    """A sign-in was refused: wrong credentials, a locked account or a disabled one."""


@dataclass(frozen=True)
class PersonInfo:
    """One person as the administrator's list shows them (never the password hash)."""

    username: str
    display_name: str
    role: Role
    active: bool
    locked_until: datetime | None
    created_at: datetime
    must_change_password: bool = False

    def is_locked(self, now: datetime) -> bool:
        """True while too many wrong passwords keep this account shut."""
        return self.locked_until is not None and now < self.locked_until


def normalise_username(username: str) -> str:
    """Usernames are matched without regard to case or surrounding spaces."""
    return username.strip().lower()


def parse_role(value: Role | str) -> Role:
    """A role from its words ("desk officer") or its name ("desk_officer")."""
    if isinstance(value, Role):
        return value
    words = value.strip().lower().replace("_", " ").replace("-", " ")
    for role in Role:
        if role.value == words:
            return role
    raise FieldError("role", "must be one of: " + ", ".join(r.value for r in Role))


class PeopleList:
    """One opening of the list of people (`PeopleService.open_list`): its reads."""

    def __init__(self, service: PeopleService, viewer: Actor) -> None:
        self._service = service
        self.viewer = viewer

    def read(self) -> list[PersonInfo]:
        """The list now; refused (NotPermittedError) if the viewer may no longer see it."""
        require_access(self.viewer, Access.PEOPLE_LIST_READ)
        return self._service._everyone()  # the opening's own reads


class PeopleService:
    """Accounts and sign-in, over the `people` table; GUI and CLI call it alike."""

    def __init__(self, db: Database, time: TimeSource, zone: ZoneInfo | None = None) -> None:
        self.db = db
        self.time = time
        self.zone = zone  # for "locked until 14:32"; UTC when not given

    # --- reading -----------------------------------------------------------------

    def list_people(self, viewer: Actor) -> list[PersonInfo]:
        """Everyone who ever had an account, disabled ones too, by display name; the
        administrator's list, and each reading of it is audited."""
        return self.open_list(viewer).read()

    def open_list(self, viewer: Actor) -> PeopleList:
        """The list of people as one opened People dialog reads it: checked and audited
        once now; each later `read` (a refresh after a change) is checked again but not
        audited again, so the log says who opened the list, not how often it redrew."""
        AccessLog(self.db, self.time).check(viewer, Access.PEOPLE_LIST_READ,
                                            "the list of people and their roles")
        return PeopleList(self, viewer)

    def _everyone(self) -> list[PersonInfo]:
        with self.db.sessions() as session:
            rows = session.scalars(select(Person).order_by(func.lower(Person.display_name),
                                                           Person.username))
            return [_info(row) for row in rows]

    def get(self, username: str) -> PersonInfo:
        """One person, or NotFoundError."""
        with self.db.sessions() as session:
            return _info(self._load(session, username))

    def has_people(self) -> bool:
        """False on a new database: the first administrator must be created."""
        with self.db.sessions() as session:
            return session.scalar(select(Person.id).limit(1)) is not None

    def has_administrator(self) -> bool:
        """True when at least one active administrator can sign in."""
        with self.db.sessions() as session:
            return session.scalar(select(Person.id).where(
                Person.role == Role.ADMINISTRATOR, Person.active.is_(True)).limit(1)) \
                is not None

    # --- signing in ----------------------------------------------------------------

    def authenticate(self, username: str, password: str,
                     action: AuditAction = AuditAction.SIGNED_IN, detail: str = "") -> Actor:
        """The signed-in Actor for these credentials, or SignInError in plain words.

        `action`: what the audit entry says; `detail` ends its summary (the command line
        names the command)."""
        return self._check(username, password, action, detail)

    def sign(self, username: str, password: str) -> Actor:
        """A signature given on the spot (the incoming supervisor's handoff signature, a
        supervisor's override): checked like a sign-in, and refused (SignInError, in
        plain words, audited) while the person must still choose a new password; an
        administrator asked for it, so the old one no longer vouches for them."""
        return self._check(username, password, AuditAction.SIGNED_IN, signature=True)

    def must_change_password(self, username: str) -> bool:
        """True when an administrator asked this person to choose a new password before
        they may start (the sign-in asks for it; the command line refuses until then)."""
        with self.db.sessions() as session:
            return bool(session.scalar(select(Person.must_change_password).where(
                Person.username == normalise_username(username))))

    def change_own_password(self, username: str, current: str, new: str) -> Actor:
        """A person replaces their own password, proving the current one first.

        The current password is checked like a sign-in (a wrong one counts toward the
        lockout and gets the same answer); the new one must follow the rules
        (12 characters or more) and differ from the current one."""
        if new == current:
            raise FieldError("password", "choose a password you have not used here just "
                                         "now; the new one is the same as the current one")
        new_hash = hash_password(new)  # the rules first: no try is counted for nothing
        actor = self._check(username, current, AuditAction.PASSWORD_CHANGED)
        with self.db.sessions() as session:
            session.execute(update(Person).where(
                Person.username == normalise_username(username))
                .values(password_hash=new_hash, must_change_password=False))
            session.commit()
        return actor

    def require_password_change(self, username: str, by: Actor) -> PersonInfo:
        """The administrator makes someone choose a new password at their next sign-in."""
        require(by, Permission.MANAGE_PEOPLE)
        now = self.time.now()
        with self.db.sessions() as session:
            row = self._load(session, username)
            row.must_change_password = True
            write_audit(session, at=now, actor=by.name, action=AuditAction.PASSWORD_CHANGE_REQUIRED,
                        detainer_id=None,
                        summary=f"{row.username} must choose a new password at the next "
                                "sign-in")
            session.commit()
            return _info(row)

    def _check(self, username: str, password: str, action: AuditAction,
               detail: str = "", signature: bool = False) -> Actor:
        """Check credentials like a sign-in; on success audit `action` under the person.
        `signature`: refuse a person who must choose a new password first."""
        now = self.time.now()
        with self.db.sessions() as session:
            row = session.scalar(select(Person).where(
                Person.username == normalise_username(username)))
            person_id = row.id if row is not None else None
            place = self._take_a_try(session, person_id, now) if person_id else None
            if row is not None and place is not None and place > LOCK_AFTER_FAILURES:
                # More tries at once than the count allows (or a try that never
                # finished): lock now, so the account reopens after the period.
                self._lock(session, row, now)
            session.commit()
        if row is None or place is None or place > LOCK_AFTER_FAILURES:
            burn_time(password)  # the same work as a real check: nothing to tell apart
            raise SignInError(WRONG_CREDENTIALS)
        right = verify_password(password, row.password_hash)
        with self.db.sessions() as session:
            if not right:
                if place == LOCK_AFTER_FAILURES:
                    self._lock(session, row, now)
                session.commit()
                log.info("wrong password (%d of %d)", place, LOCK_AFTER_FAILURES)
                raise SignInError(WRONG_CREDENTIALS)
            if not row.active:
                raise SignInError(f"The account {row.username} is disabled. Ask an "
                                  "administrator to enable it.")
            # A hash made at an older cost is made again now that the password is known.
            rehashed = ({"password_hash": hash_password(password)}
                        if needs_rehash(row.password_hash) else {})
            session.execute(update(Person).where(Person.id == row.id)
                            .values(failed_attempts=0, locked_until=None, **rehashed))
            if signature and row.must_change_password:
                write_audit(session, at=now, actor=row.display_name,
                            action=AuditAction.SIGNATURE_REFUSED, detainer_id=None,
                            summary=f"{row.display_name} ({row.username}) may not sign "
                                    "before choosing a new password")
                session.commit()
                raise SignInError(
                    f"{row.display_name} must choose a new password before signing: an "
                    "administrator asked for one. Sign in at a workstation (or use Tools > "
                    "Change my password…), choose it, then sign again.")
            write_audit(session, at=now, actor=row.display_name, action=action,
                        detainer_id=None, summary=f"{row.display_name} ({row.username}) "
                                                  f"{action} as {row.role.value}{detail}")
            session.commit()
            return Actor(row.display_name, row.role, row.username)

    def _take_a_try(self, session: Session, person_id: int, now: datetime) -> int | None:
        """This try's place in the count of wrong ones (atomic); None while locked."""
        place = session.execute(
            update(Person)
            .where(Person.id == person_id,
                   (Person.locked_until.is_(None)) | (Person.locked_until <= now))
            .values(failed_attempts=func.coalesce(Person.failed_attempts, 0) + 1,
                    locked_until=None)
            .returning(Person.failed_attempts)).scalar_one_or_none()
        return place

    def _lock(self, session: Session, row: Person, now: datetime) -> None:
        """The fifth wrong try: shut the account for LOCK_DURATION (audited once)."""
        until = now + LOCK_DURATION
        locked = cast("CursorResult[Any]", session.execute(
            update(Person)
            .where(Person.id == row.id,
                   (Person.locked_until.is_(None)) | (Person.locked_until <= now))
            .values(failed_attempts=0, locked_until=until))).rowcount
        if locked:
            write_audit(session, at=now, actor=SYSTEM.name, action=AuditAction.ACCOUNT_LOCKED,
                        detainer_id=None,
                        summary=f"{row.username} locked after {LOCK_AFTER_FAILURES} wrong "
                                f"passwords until {until.isoformat()}")

    # --- managing people -----------------------------------------------------------

    def first_administrator(self, username: str, display_name: str, password: str) -> Actor:
        """Create the first administrator on a new database, and sign them in."""
        now = self.time.now()
        with self.db.sessions() as session:
            if session.scalar(select(Person.id).limit(1)) is not None:
                raise RuleRefusedError("People already have accounts on this desk; an "
                                       "administrator adds new people.")
            row = self._new_person(session, username, display_name, Role.ADMINISTRATOR,
                                   password, now)
            write_audit(session, at=now, actor=row.display_name,
                        action=AuditAction.FIRST_ADMINISTRATOR_CREATED, detainer_id=None,
                        summary=f"Created the first administrator {row.username}",
                        after=_audit_values(row))
            session.commit()
            return Actor(row.display_name, row.role, row.username)

    def add(self, username: str, display_name: str, role: Role, password: str,
            by: Actor) -> PersonInfo:
        """Give someone an account with a role and a first password."""
        require(by, Permission.MANAGE_PEOPLE)
        now = self.time.now()
        with self.db.sessions() as session:
            row = self._new_person(session, username, display_name, parse_role(role),
                                   password, now)
            write_audit(session, at=now, actor=by.name, action=AuditAction.PERSON_ADDED,
                        detainer_id=None,
                        summary=f"Added {row.username} ({row.display_name}) as "
                                f"{row.role.value}",
                        after=_audit_values(row))
            session.commit()
            return _info(row)

    def reset_password(self, username: str, new: str, by: Actor,
                       must_change: bool = False) -> PersonInfo:
        """Set a new password (forgotten, or locked out); clears any lock.

        `must_change`: the person chooses their own at the next sign-in (the password
        given here is then only for that sign-in)."""
        require(by, Permission.MANAGE_PEOPLE)
        new_hash = hash_password(new)
        now = self.time.now()
        with self.db.sessions() as session:
            row = self._load(session, username)
            row.password_hash = new_hash
            row.failed_attempts = 0
            row.locked_until = None
            row.must_change_password = must_change
            then = "; a new one is asked at the next sign-in" if must_change else ""
            write_audit(session, at=now, actor=by.name, action=AuditAction.PASSWORD_RESET,
                        detainer_id=None,
                        summary=f"Reset the password of {row.username}{then}")
            session.commit()
            return _info(row)

    def set_active(self, username: str, active: bool, by: Actor) -> PersonInfo:
        """Disable (or enable again) an account; nobody is ever deleted."""
        require(by, Permission.MANAGE_PEOPLE)
        now = self.time.now()
        with self.db.sessions() as session:
            row = self._load(session, username)
            if row.active == active:
                return _info(row)
            if not active:
                self._keep_an_administrator(session, row)
            row.active = active
            word = "enabled" if active else "disabled"
            action = AuditAction.PERSON_ENABLED if active else AuditAction.PERSON_DISABLED
            write_audit(session, at=now, actor=by.name, action=action,
                        detainer_id=None,
                        summary=f"{word.capitalize()} the account of {row.username}",
                        before={"username": row.username, "active": not active},
                        after={"username": row.username, "active": active})
            session.commit()
            return _info(row)

    def change_role(self, username: str, role: Role, by: Actor) -> PersonInfo:
        """Give someone another role; takes effect at their next sign-in."""
        require(by, Permission.MANAGE_PEOPLE)
        role = parse_role(role)
        now = self.time.now()
        with self.db.sessions() as session:
            row = self._load(session, username)
            if row.role is role:
                return _info(row)
            if role is not Role.ADMINISTRATOR:
                self._keep_an_administrator(session, row)
            old = row.role
            row.role = role
            write_audit(session, at=now, actor=by.name, action=AuditAction.ROLE_CHANGED,
                        detainer_id=None,
                        summary=f"Changed the role of {row.username} from {old.value} "
                                f"to {role.value}",
                        before={"username": row.username, "role": old},
                        after={"username": row.username, "role": role})
            session.commit()
            return _info(row)

    # --- helpers -------------------------------------------------------------------

    def _load(self, session: Session, username: str) -> Person:
        row = session.scalar(select(Person).where(
            Person.username == normalise_username(username)))
        if row is None:
            raise NotFoundError(f"Nobody has the username {username.strip()!r}.")
        return row

    def _new_person(self, session: Session, username: str, display_name: str, role: Role,
                    password: str, now: datetime) -> Person:
        name = normalise_username(username)
        shown = " ".join(display_name.split())
        if not name:
            raise FieldError("username", "type a username")
        if any(ch.isspace() for ch in name) or len(name) > LENGTHS["username"]:
            raise FieldError("username", f"must be one word of at most {LENGTHS['username']} "
                                         "characters")
        if not shown:
            raise FieldError("display_name", "type the name the audit log should show")
        if len(shown) > LENGTHS["actor"]:  # the audit log names them
            raise FieldError("display_name", f"must be at most {LENGTHS['actor']} characters")
        if session.scalar(select(Person.id).where(Person.username == name)) is not None:
            raise FieldError("username", f"{name} is already taken; choose another")
        row = Person(username=name, display_name=shown, role=role,
                     password_hash=hash_password(password), active=True,
                     failed_attempts=0, locked_until=None, created_at=now,
                     must_change_password=False)
        session.add(row)
        session.flush()
        return row

    def _keep_an_administrator(self, session: Session, row: Person) -> None:
        """Refuse to disable or demote the last active administrator."""
        if row.role is not Role.ADMINISTRATOR or not row.active:
            return
        others = session.scalar(select(func.count()).select_from(Person).where(
            Person.role == Role.ADMINISTRATOR, Person.active.is_(True),
            Person.id != row.id)) or 0
        if not others:
            raise RuleRefusedError(f"{row.username} is the only active administrator; "
                                   "make someone else an administrator first, or nobody "
                                   "could manage people any more.")


def _info(row: Person) -> PersonInfo:
    return PersonInfo(username=row.username, display_name=row.display_name, role=row.role,
                      active=row.active, locked_until=row.locked_until,
                      created_at=row.created_at,
                      must_change_password=bool(row.must_change_password))


def _audit_values(row: Person) -> dict[str, object]:
    """What the audit log keeps about a new person: never the password or its hash."""
    return {"username": row.username, "display_name": row.display_name,
            "role": row.role, "active": row.active}
