"""People and sign-in against a fresh SQLite database: hashes, lockout, audit, roles."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from desk_app.domain.actor import Actor
from desk_app.domain.errors import FieldError, NotFoundError, RuleRefusedError
from desk_app.domain.passwords import SALT_BYTES, PasswordHash, needs_rehash, verify_password
from desk_app.domain.permissions import NotPermittedError
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import Role
from desk_app.store.desk import Desk
from desk_app.store.models import AuditEntry, Person
from desk_app.store.people_service import (
    LOCK_DURATION,
    WRONG_CREDENTIALS,
    PeopleService,
    SignInError,
)

ADMIN_PASSWORD = "admin-pass-1"
PIN = "204917-at-the-desk"


@pytest.fixture
def people(desk: Desk) -> PeopleService:
    """The people service on the test desk's database, clock and zone."""
    return PeopleService(desk.db, desk.time, desk.zone)


@pytest.fixture
def admin(people: PeopleService) -> Actor:
    """The first administrator, created on the new database."""
    return people.first_administrator("chief", "Lt. A. Okafor", ADMIN_PASSWORD)


@pytest.fixture
def stored_person(desk: Desk) -> Callable[[str], Person]:
    """A person's row exactly as the database holds it."""

    def read(username: str) -> Person:
        with desk.db.sessions() as session:
            row = session.scalar(select(Person).where(Person.username == username))
            assert row is not None, f"{username} is not in the database"
            return row

    return read


def everything_audited(entries: list[AuditEntry]) -> str:
    """Every text column of the audit log, joined, to search for leaks."""
    return "\n".join(f"{e.actor}|{e.action}|{e.summary}|{e.before}|{e.after}"
                     for e in entries)


def test_first_administrator_on_a_new_database(
        people: PeopleService, stored_person: Callable[[str], Person],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """A new desk would have nobody able to sign in, or the password sits in plain text."""
    assert not people.has_people() and not people.has_administrator()
    actor = people.first_administrator("  Chief ", "Lt. A. Okafor", ADMIN_PASSWORD)
    assert actor == Actor("Lt. A. Okafor", Role.ADMINISTRATOR)
    row = stored_person("chief")
    assert row.role is Role.ADMINISTRATOR and row.active
    assert ADMIN_PASSWORD not in row.password_hash
    assert row.password_hash.startswith("scrypt$16384$8$1$")
    assert verify_password(ADMIN_PASSWORD, row.password_hash)
    assert people.has_people() and people.has_administrator()
    [entry] = audit_entries()
    assert entry.action == "first administrator created"
    assert ADMIN_PASSWORD not in everything_audited([entry])
    assert row.password_hash not in everything_audited([entry])


def test_second_first_administrator_is_refused(people: PeopleService, admin: Actor) -> None:
    """Anyone at a workstation could make themselves administrator after setup."""
    with pytest.raises(RuleRefusedError):
        people.first_administrator("intruder", "Intruder", "whatever-1-at-all")


def test_add_stores_only_a_hash_and_audits_without_password(
        people: PeopleService, admin: Actor, stored_person: Callable[[str], Person],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """The new officer's PIN would be readable in the database or in the audit log."""
    info = people.add("DReyes", "Ofc. D. Reyes", Role.DESK_OFFICER, PIN, admin)
    assert (info.username, info.display_name, info.role, info.active) == \
        ("dreyes", "Ofc. D. Reyes", Role.DESK_OFFICER, True)
    row = stored_person("dreyes")
    assert PIN not in row.password_hash and verify_password(PIN, row.password_hash)
    entry = audit_entries()[-1]
    assert (entry.actor, entry.action) == ("Lt. A. Okafor", "person added")
    assert "desk officer" in entry.summary
    text = everything_audited(audit_entries())
    assert PIN not in text and row.password_hash not in text and "scrypt" not in text


def test_duplicate_username_is_refused_on_the_field(people: PeopleService,
                                                     admin: Actor) -> None:
    """Two people could share one username and sign in as each other."""
    people.add("dreyes", "Ofc. D. Reyes", Role.DESK_OFFICER, PIN, admin)
    with pytest.raises(FieldError) as caught:
        people.add("DREYES", "Ofc. Dana Reyes", Role.SUPERVISOR, PIN, admin)
    assert caught.value.field == "username"


@pytest.mark.parametrize(("username", "display", "password", "field"), [
    ("", "Ofc. X", PIN, "username"),
    ("two words", "Ofc. X", PIN, "username"),
    ("ofcx", "   ", PIN, "display_name"),
    ("ofcx", "Ofc. X", "12345", "password"),
    ("ofcx", "Ofc. X", "abcdefghijk", "password"),  # eleven: CJIS 5.6.2.1.1 wants 12
])
def test_add_refuses_incomplete_people(people: PeopleService, admin: Actor, username: str,
                                       display: str, password: str, field: str) -> None:
    """An account with no name, a blank display name or a short password would be made."""
    with pytest.raises(FieldError) as caught:
        people.add(username, display, Role.DESK_OFFICER, password, admin)
    assert caught.value.field == field
    assert [p.username for p in people.list_people(admin)] == ["chief"]


def test_authenticate_returns_the_actor_and_audits_the_sign_in(
        people: PeopleService, admin: Actor,
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """The audit log would name the username instead of the officer, or miss the sign-in."""
    people.add("dreyes", "Ofc. D. Reyes", Role.DESK_OFFICER, PIN, admin)
    assert people.authenticate(" DReyes ", PIN) == Actor("Ofc. D. Reyes", Role.DESK_OFFICER)
    entry = audit_entries()[-1]
    assert (entry.actor, entry.action) == ("Ofc. D. Reyes", "signed in")
    assert PIN not in everything_audited(audit_entries())


def test_a_hash_of_an_older_cost_is_made_again_at_sign_in(
        desk: Desk, people: PeopleService, admin: Actor,
        stored_person: Callable[[str], Person]) -> None:
    """Raising the hashing cost would leave every old password at the old, weaker cost."""
    people.add("dreyes", "Ofc. D. Reyes", Role.DESK_OFFICER, PIN, admin)
    salt = b"\x01" * SALT_BYTES
    old = PasswordHash(2**10, 8, 1, salt, hashlib.scrypt(
        PIN.encode(), salt=salt, n=2**10, r=8, p=1, dklen=32)).encode()
    with desk.db.sessions() as session:
        session.execute(update(Person).where(Person.username == "dreyes")
                        .values(password_hash=old))
        session.commit()
    assert people.authenticate("dreyes", PIN).name == "Ofc. D. Reyes"
    renewed = stored_person("dreyes").password_hash
    assert renewed != old and not needs_rehash(renewed)
    assert verify_password(PIN, renewed)
    current = stored_person("chief").password_hash  # already at today's cost: kept
    people.authenticate("chief", ADMIN_PASSWORD)
    assert stored_person("chief").password_hash == current


def test_wrong_username_and_wrong_password_read_the_same(people: PeopleService,
                                                         admin: Actor) -> None:
    """A stranger could tell which usernames exist from the error message."""
    with pytest.raises(SignInError) as unknown:
        people.authenticate("nobody", ADMIN_PASSWORD)
    with pytest.raises(SignInError) as wrong:
        people.authenticate("chief", "not-the-password")
    assert str(unknown.value) == str(wrong.value) == WRONG_CREDENTIALS


def test_five_wrong_tries_lock_for_fifteen_minutes_then_unlock(
        people: PeopleService, admin: Actor, clock: FixedTime,
        stored_person: Callable[[str], Person],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """A guesser could try PINs forever, or an officer stays locked out after the period."""
    people.add("dreyes", "Ofc. D. Reyes", Role.DESK_OFFICER, PIN, admin)
    for attempt in range(1, 5):
        with pytest.raises(SignInError, match="Wrong username or password"):
            people.authenticate("dreyes", "000000")
        assert stored_person("dreyes").failed_attempts == attempt
    with pytest.raises(SignInError) as fifth:
        people.authenticate("dreyes", "000000")
    # The same words as any wrong try: "locked" would tell a stranger the name exists.
    assert str(fifth.value) == WRONG_CREDENTIALS
    assert "locked for 15 minutes" in WRONG_CREDENTIALS
    row = stored_person("dreyes")
    assert row.locked_until == clock.now() + LOCK_DURATION
    assert audit_entries()[-1].action == "account locked"
    # Even the right PIN is refused while locked, in the same words, so that a guesser
    # cannot learn from the answer that a guess made during the lock was right.
    clock.advance(timedelta(minutes=14, seconds=59))
    with pytest.raises(SignInError) as right_but_locked:
        people.authenticate("dreyes", PIN)
    assert str(right_but_locked.value) == WRONG_CREDENTIALS
    clock.advance(timedelta(seconds=1))
    assert people.authenticate("dreyes", PIN).name == "Ofc. D. Reyes"
    row = stored_person("dreyes")
    assert row.locked_until is None and row.failed_attempts == 0


def test_a_right_password_clears_the_count_of_wrong_ones(
        people: PeopleService, admin: Actor, stored_person: Callable[[str], Person]) -> None:
    """Mistakes spread over a whole week would add up and lock an officer out."""
    people.add("dreyes", "Ofc. D. Reyes", Role.DESK_OFFICER, PIN, admin)
    for _ in range(4):
        with pytest.raises(SignInError):
            people.authenticate("dreyes", "000000")
    people.authenticate("dreyes", PIN)
    assert stored_person("dreyes").failed_attempts == 0
    with pytest.raises(SignInError, match="Wrong username"):
        people.authenticate("dreyes", "000000")


def test_disabled_account_is_refused_and_kept(
        people: PeopleService, admin: Actor, stored_person: Callable[[str], Person],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """A departed officer could still sign in, or their name would vanish from the log."""
    people.add("dreyes", "Ofc. D. Reyes", Role.DESK_OFFICER, PIN, admin)
    info = people.set_active("dreyes", False, admin)
    assert not info.active and not stored_person("dreyes").active
    assert audit_entries()[-1].action == "person disabled"
    with pytest.raises(SignInError, match="disabled"):
        people.authenticate("dreyes", PIN)
    assert "dreyes" in [p.username for p in people.list_people(admin)]
    people.set_active("dreyes", True, admin)
    assert people.authenticate("dreyes", PIN).role is Role.DESK_OFFICER


def test_reset_password_replaces_hash_and_clears_lock(
        people: PeopleService, admin: Actor, stored_person: Callable[[str], Person],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """A locked-out officer would wait 15 minutes even after the administrator helped."""
    people.add("dreyes", "Ofc. D. Reyes", Role.DESK_OFFICER, PIN, admin)
    for _ in range(5):
        with pytest.raises(SignInError):
            people.authenticate("dreyes", "000000")
    old_hash = stored_person("dreyes").password_hash
    people.reset_password("dreyes", "583920-new-officer", admin)
    row = stored_person("dreyes")
    assert row.password_hash != old_hash and row.locked_until is None
    assert people.authenticate("dreyes", "583920-new-officer").name == "Ofc. D. Reyes"
    with pytest.raises(SignInError):
        people.authenticate("dreyes", PIN)
    reset = [e for e in audit_entries() if e.action == "password reset"]
    assert len(reset) == 1 and reset[0].actor == "Lt. A. Okafor"
    text = everything_audited(audit_entries())
    assert "583920-new-officer" not in text and row.password_hash not in text


def test_change_role_is_audited_with_before_and_after(
        people: PeopleService, admin: Actor,
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """A promotion to supervisor would leave no trace of who granted it."""
    people.add("dreyes", "Ofc. D. Reyes", Role.DESK_OFFICER, PIN, admin)
    assert people.change_role("dreyes", Role.SUPERVISOR, admin).role is Role.SUPERVISOR
    entry = audit_entries()[-1]
    assert entry.action == "role changed"
    assert '"desk officer"' in entry.before and '"supervisor"' in entry.after
    assert people.authenticate("dreyes", PIN).role is Role.SUPERVISOR


@pytest.mark.parametrize("role", [Role.DESK_OFFICER, Role.SUPERVISOR, Role.RECORDS_CLERK,
                                  Role.ANALYST])
def test_only_an_administrator_manages_people(people: PeopleService, admin: Actor,
                                              count_rows: Callable[[type], int],
                                              role: Role) -> None:
    """A desk officer could give themselves a supervisor's rights or lock others out."""
    people.add("dreyes", "Ofc. D. Reyes", Role.DESK_OFFICER, PIN, admin)
    someone = Actor("Someone", role)
    audited = count_rows(AuditEntry)
    for attempt in (
            lambda: people.add("x1", "X", Role.ADMINISTRATOR, PIN, someone),
            lambda: people.reset_password("dreyes", "999999-999999", someone),
            lambda: people.set_active("dreyes", False, someone),
            lambda: people.change_role("dreyes", Role.ADMINISTRATOR, someone)):
        with pytest.raises(NotPermittedError, match="may not add people"):
            attempt()
    assert count_rows(AuditEntry) == audited
    assert people.get("dreyes").role is Role.DESK_OFFICER and people.get("dreyes").active
    assert count_rows(Person) == 2


def test_the_last_administrator_cannot_be_disabled_or_demoted(people: PeopleService,
                                                              admin: Actor) -> None:
    """The desk could end up with nobody able to add people or reset a password."""
    with pytest.raises(RuleRefusedError, match="only active administrator"):
        people.set_active("chief", False, admin)
    with pytest.raises(RuleRefusedError, match="only active administrator"):
        people.change_role("chief", Role.SUPERVISOR, admin)
    people.add("second", "Capt. B. Lee", Role.ADMINISTRATOR, "second-pass-phrase", admin)
    assert not people.set_active("chief", False, admin).active


def test_unknown_person_is_not_found(people: PeopleService, admin: Actor) -> None:
    """A typo in the username would silently change nobody and look like success."""
    with pytest.raises(NotFoundError, match="nobdy"):
        people.reset_password("nobdy", "999999-999999", admin)


def test_list_people_gives_plain_values_by_name(people: PeopleService, admin: Actor,
                                                clock: FixedTime) -> None:
    """The administrator's list would be out of order or show a password hash."""
    people.add("zed", "Ofc. A. Zed", Role.DESK_OFFICER, PIN, admin)
    people.add("ana", "Ana Analyst", Role.ANALYST, PIN, admin)
    listed = people.list_people(admin)
    assert [p.display_name for p in listed] == ["Ana Analyst", "Lt. A. Okafor", "Ofc. A. Zed"]
    assert not hasattr(listed[0], "password_hash")
    assert listed[0].created_at == clock.now()
    assert not listed[0].is_locked(clock.now())


