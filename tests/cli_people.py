"""Signing in for command-line tests: a person on the database, the password on stdin."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from desk_app.cli import main
from desk_app.domain.vocabulary import Role
from desk_app.store.desk import open_desk
from desk_app.store.people_service import PeopleService

ADMIN, ADMIN_PASSWORD = "admin", "admin-password-413"


def add_person(url: str, username: str = ADMIN, role: Role = Role.ADMINISTRATOR,
               password: str = ADMIN_PASSWORD) -> None:
    """Give the database at `url` a person who can sign in (the first is the admin)."""
    desk = open_desk(url)
    try:
        people = PeopleService(desk.db, desk.time, desk.zone)
        if not people.has_people():
            people.first_administrator(ADMIN, "Lt. A. Okafor", ADMIN_PASSWORD)
        if username != ADMIN:
            admin = people.authenticate(ADMIN, ADMIN_PASSWORD)
            people.add(username, username.capitalize(), role, password, admin)
    finally:
        desk.db.close()


@contextmanager
def typed(*lines: str) -> Iterator[None]:
    """Standard input holding `lines`, as a script piping passwords would give them."""
    saved = sys.stdin
    sys.stdin = io.StringIO("".join(f"{line}\n" for line in lines))
    try:
        yield
    finally:
        sys.stdin = saved


def signed_main(argv: Sequence[str], user: str = ADMIN,
                password: str = ADMIN_PASSWORD) -> int:
    """`desk-app --user USER argv...` with the password on standard input."""
    with typed(password):
        return main(["--user", user, *argv])
