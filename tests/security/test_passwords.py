"""Passwords: 12 characters (CJIS 5.6.2.1.1), changed by their owner, or forced by the
administrator; on SQLite and on the real PostgreSQL server.

Reproduced before: 6-character passwords were allowed and nobody could change their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from desk_app.domain.actor import Actor
from desk_app.domain.errors import FieldError
from desk_app.domain.passwords import KEY_BYTES, SALT_BYTES, PasswordHash
from desk_app.domain.permissions import NotPermittedError
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import Role
from desk_app.store.database import Database, open_database
from desk_app.store.models import Person
from desk_app.store.people_service import (
    LOCK_AFTER_FAILURES,
    WRONG_CREDENTIALS,
    PeopleService,
    SignInError,
)

NOW = datetime(2026, 11, 25, 19, tzinfo=UTC)
REYES = "reyes-password-413"


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """A desk database with its administrator and a desk officer."""
    opened = open_database(database_url)
    people = PeopleService(opened, FixedTime(NOW))
    admin = people.first_administrator("chief", "Lt. A. Okafor", "chief-password-1")
    people.add("reyes", "Ofc. D. Reyes", Role.DESK_OFFICER, REYES, admin)
    yield opened
    opened.close()


@pytest.fixture
def people(db: Database) -> PeopleService:
    return PeopleService(db, FixedTime(NOW))


@pytest.fixture
def admin(people: PeopleService) -> Actor:
    return people.authenticate("chief", "chief-password-1")


def test_eleven_characters_are_refused_everywhere_a_password_is_set(
        people: PeopleService, admin: Actor) -> None:
    """A new, reset or changed password of eleven characters would be accepted."""
    eleven = "abcdefghijk"
    for attempt in (lambda: people.add("walsh", "Ofc. S. Walsh", Role.DESK_OFFICER, eleven,
                                       admin),
                    lambda: people.reset_password("reyes", eleven, admin),
                    lambda: people.change_own_password("reyes", REYES, eleven)):
        with pytest.raises(FieldError, match="at least 12 characters"):
            attempt()
    assert people.authenticate("reyes", REYES).name == "Ofc. D. Reyes"


def test_a_short_password_set_before_the_rule_still_signs_in(
        db: Database, people: PeopleService) -> None:
    """Raising the minimum would lock out everyone whose password predates it."""
    import hashlib

    salt = b"\x07" * SALT_BYTES
    key = hashlib.scrypt(b"204917", salt=salt, n=2**14, r=8, p=1, dklen=KEY_BYTES,
                         maxmem=64 * 1024 * 1024)
    with db.sessions() as session:
        session.execute(update(Person).where(Person.username == "reyes").values(
            password_hash=PasswordHash(2**14, 8, 1, salt, key).encode()))
        session.commit()
    assert people.authenticate("reyes", "204917").role is Role.DESK_OFFICER


def test_a_person_changes_their_own_password(people: PeopleService) -> None:
    """An officer who suspects their password is known could not replace it."""
    actor = people.change_own_password("reyes", REYES, "a-new-one-for-reyes")
    assert actor.name == "Ofc. D. Reyes"
    with pytest.raises(SignInError):
        people.authenticate("reyes", REYES)
    assert people.authenticate("reyes", "a-new-one-for-reyes").role is Role.DESK_OFFICER
    with pytest.raises(FieldError, match="same as the current one"):
        people.change_own_password("reyes", "a-new-one-for-reyes", "a-new-one-for-reyes")


def test_a_wrong_current_password_counts_toward_the_lockout(people: PeopleService) -> None:
    """Changing the password would be a way to guess it without ever being locked."""
    for _ in range(LOCK_AFTER_FAILURES):
        with pytest.raises(SignInError) as refused:
            people.change_own_password("reyes", "not-the-password", "a-new-one-for-reyes")
        assert str(refused.value) == WRONG_CREDENTIALS
    assert people.get("reyes").is_locked(NOW)
    with pytest.raises(SignInError):
        people.change_own_password("reyes", REYES, "a-new-one-for-reyes")  # locked


def test_the_administrator_forces_a_change(people: PeopleService, admin: Actor) -> None:
    """A password the administrator handed over on paper would stay in use for ever."""
    officer = people.authenticate("reyes", REYES)
    with pytest.raises(NotPermittedError):
        people.require_password_change("chief", officer)
    assert not people.must_change_password("chief")
    assert people.require_password_change("reyes", admin).must_change_password
    assert people.must_change_password("REYES ")
    people.change_own_password("reyes", REYES, "reyes-chose-this-one")
    assert not people.must_change_password("reyes")
    people.reset_password("reyes", "handed-over-on-paper", admin, must_change=True)
    assert people.get("reyes").must_change_password
