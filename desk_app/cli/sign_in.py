"""Signing in on the command line: `--user NAME`, the password from standard input.

Every command that reads or changes detainer data signs in the way the board does: the
same `PeopleService.authenticate` (the same one answer for a wrong name, a wrong password
and a locked account, counted toward the lockout), then the same permission table
(`domain.permissions`) the board uses to hide what a role may not do. What the command
then does is audited under the person who signed in; the operating-system account and
the USER and LOGNAME variables are never used for a name.

The password is one line of standard input when that is not a terminal (a script pipes
it), or asked without echo at a terminal.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from desk_app.cli.failures import UsageError
from desk_app.domain.actor import Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.passwords import MIN_LENGTH
from desk_app.domain.permissions import Permission

if TYPE_CHECKING:  # the store loads only when a command opens a database
    from desk_app.store.desk import Desk

NO_PEOPLE = ("nobody can sign in to this database yet: create the first administrator "
             "with 'desk-app user add NAME --role administrator'.")


def no_user_sentence(command: str) -> str:
    """Why a command without --user is refused, and what to type instead."""
    return (f"'{command}' needs a sign-in: give --user NAME (your username); the password "
            "is read from standard input, or asked at a terminal.")


def read_password(prompt: str) -> str:
    """One password: a line of standard input, or typed without echo at a terminal."""
    if sys.stdin is None or not sys.stdin.isatty():
        line = sys.stdin.readline() if sys.stdin is not None else ""
        if not line:
            raise UsageError("no password on standard input; give it as one line.")
        return line.rstrip("\r\n")
    return getpass.getpass(prompt)


def read_new_password(whose: str = "the new") -> str:
    """A new password, read twice (two lines of standard input, or typed twice)."""
    first = read_password(f"{whose.capitalize()} password ({MIN_LENGTH} characters or "
                          "more): ")
    if read_password("The same password again: ") != first:
        raise UsageError("the two new passwords differ; nothing was changed.")
    return first


def sign_in(desk: Desk, args: argparse.Namespace, permission: Permission | None,
            command: str, allow_password_due: bool = False) -> Actor:
    """The person named by --user, signed in with their password and allowed to run
    `command` (`permission`, as the board checks it); the sign-in is audited."""

    people = desk.people
    username = getattr(args, "user", None)
    if not username:
        raise UsageError(no_user_sentence(command) if people.has_people() else NO_PEOPLE)
    actor = people.authenticate(username, read_password(f"Password for {username}: "),
                                action=AuditAction.SIGNED_IN_COMMAND_LINE,
                                detail=f": {command}")
    if not allow_password_due and people.must_change_password(username):
        raise UsageError(f"{actor.name} must choose a new password first: run "
                         f"'desk-app --user {actor.username} user password'.")
    if permission is not None:
        desk.access.require_for(actor, permission, command)  # a refusal is audited
    return actor


@contextmanager
def signed_in_desk(args: argparse.Namespace, permission: Permission | None,
                   command: str) -> Iterator[tuple[Desk, Actor]]:
    """Open the desk, sign the person in, and close the desk afterwards."""
    desk = open_command_desk(args)
    try:
        yield desk, sign_in(desk, args, permission, command)
    finally:
        desk.db.close()


def open_command_desk(args: argparse.Namespace) -> Desk:
    """The desk named by --db (or the settings files), as every command opens it."""
    from desk_app.settings_file import load_settings_files
    from desk_app.store.desk import open_desk

    return open_desk(getattr(args, "db", None), files=load_settings_files(),
                     station=getattr(args, "station", None))
