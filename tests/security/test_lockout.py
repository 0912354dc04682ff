"""Lockout that holds under parallel guesses, on SQLite and on PostgreSQL.

Reproduced before: 40 parallel wrong guesses on SQLite never locked the account (the
count of wrong tries lost its updates), and on PostgreSQL eight processes got 16
guesses checked past a limit of five. Here eight processes guess at once, five wrong
passwords each; the count must stop the checking at five, lock the account once, and
refuse even the right password afterwards in the same words as a wrong one.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import Role
from desk_app.store.audit import verify_chain
from desk_app.store.database import open_database
from desk_app.store.models import AuditEntry, Person
from desk_app.store.people_service import (
    LOCK_AFTER_FAILURES,
    WRONG_CREDENTIALS,
    PeopleService,
    SignInError,
)

NOW = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
PIN = "204917-desk-booking"
PROCESSES = 8
GUESSES_EACH = 5


def guesser(url: str, barrier: Any, results: Any) -> None:
    """One workstation (or script) guessing: counts how many of its guesses were checked."""
    checked: list[str] = []

    class Checked(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage().startswith("wrong password ("):
                checked.append(record.getMessage())

    logging.getLogger("desk_app.store.people_service").addHandler(Checked())
    logging.getLogger("desk_app.store.people_service").setLevel(logging.INFO)
    db = open_database(url)
    people = PeopleService(db, FixedTime(NOW))
    answers = []
    barrier.wait(60)
    for number in range(GUESSES_EACH):
        try:
            people.authenticate("dreyes", f"guess-{number:04d}")
            answers.append("SIGNED IN")
        except SignInError as refused:
            answers.append(str(refused))
    db.close()
    results.put((len(checked), answers))


def storm(url: str) -> tuple[int, list[str]]:
    """PROCESSES guessers at once; the total of checked guesses and every answer."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [context.Process(target=guesser, args=(url, barrier, results))
               for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    found = [results.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    return sum(n for n, _ in found), [a for _, answers in found for a in answers]


@pytest.fixture
def url(database_url: str) -> str:
    """A fresh desk database with one desk officer."""
    db = open_database(database_url)
    people = PeopleService(db, FixedTime(NOW))
    admin = people.first_administrator("chief", "Lt. A. Okafor", "chief-password-1")
    people.add("dreyes", "Ofc. D. Reyes", Role.DESK_OFFICER, PIN, admin)
    db.close()
    return database_url


@pytest.mark.skipif(sys.platform == "win32", reason="spawned guessers are slow on Windows")
def test_parallel_guesses_are_checked_five_times_at_most(url: str) -> None:
    checked, answers = storm(url)
    assert len(answers) == PROCESSES * GUESSES_EACH
    assert set(answers) == {WRONG_CREDENTIALS}  # one answer for every refused try
    assert checked <= LOCK_AFTER_FAILURES, f"{checked} guesses were checked"
    db = open_database(url)
    try:
        with db.sessions() as session:
            person = session.scalar(select(Person).where(Person.username == "dreyes"))
            assert person is not None and person.locked_until is not None
            locks = session.scalars(select(AuditEntry).where(
                AuditEntry.action == "account locked")).all()
            assert len(locks) == 1
            assert verify_chain(session).intact
        # The right PIN during the lock: refused in the same words as a wrong one.
        with pytest.raises(SignInError) as refused:
            PeopleService(db, FixedTime(NOW)).authenticate("dreyes", PIN)
        assert str(refused.value) == WRONG_CREDENTIALS
    finally:
        db.close()


def test_unknown_name_wrong_password_and_locked_account_read_the_same(url: str) -> None:
    """A stranger could find out which usernames exist from the answer."""
    db = open_database(url)
    people = PeopleService(db, FixedTime(NOW))
    try:
        answers = set()
        for username, password in [("nobody", PIN), ("dreyes", "wrong-pin-00")] * 3 \
                + [("dreyes", "wrong-pin-00")] * LOCK_AFTER_FAILURES + [("dreyes", PIN)]:
            with pytest.raises(SignInError) as refused:
                people.authenticate(username, password)
            answers.add(str(refused.value))
        assert answers == {WRONG_CREDENTIALS}
        assert people.get("dreyes").is_locked(NOW)
    finally:
        db.close()
