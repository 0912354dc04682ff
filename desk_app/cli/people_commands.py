"""The administrator's and the auditor's commands: people (`user add`, `user password`,
`user require-change`), `audit verify`, `backup` and `restore`.

`user add` on a database with nobody yet creates the first administrator without a
sign-in (there is nobody to sign in as); after that it is the administrator's, signed
in with --user like every other command.
"""

from __future__ import annotations

import argparse
import os
import sys

from desk_app.cli.failures import UsageError, one_line
from desk_app.cli.sign_in import open_command_desk, read_new_password, sign_in, signed_in_desk
from desk_app.domain.permissions import Permission

UNCHECKED_STATUS = 3
"""`audit verify` found nothing, but the records folder's checkpoints could not be read."""


def run_user(args: argparse.Namespace) -> int:
    """`desk-app [--user NAME] user add|password|require-change ...`."""
    if args.action == "add":
        return _add_person(args)
    if args.action == "password":
        return _change_own_password(args)
    return _require_change(args)


def _add_person(args: argparse.Namespace) -> int:
    """`user add NAME --role ROLE`: the first administrator, or anyone, added by an
    administrator; the new password is read twice."""
    from desk_app.domain.vocabulary import Role
    from desk_app.store.people_service import normalise_username, parse_role

    if not args.username:
        raise UsageError("name the person to add: 'desk-app user add NAME --role ROLE'.")
    if not args.role:
        raise UsageError("give the new person's role with --role, such as --role "
                         "'desk officer'.")
    desk = open_command_desk(args)
    try:
        people = desk.people
        role = parse_role(args.role)
        shown = args.display_name or args.username.strip()
        if not people.has_people():
            if role is not Role.ADMINISTRATOR:
                raise UsageError("nobody can sign in to this database yet: create the "
                                 "administrator first, with --role administrator.")
            people.first_administrator(args.username, shown, read_new_password())
            print(f"Created the first administrator {normalise_username(args.username)} "
                  f"({shown}).")
            return 0
        by = sign_in(desk, args, Permission.MANAGE_PEOPLE, "user add")
        added = people.add(args.username, shown, role, read_new_password(), by)
    finally:
        desk.db.close()
    print(f"Added {added.username} ({added.display_name}) as {added.role.value}.")
    return 0


def _change_own_password(args: argparse.Namespace) -> int:
    """`--user NAME user password`: the current password, then the new one twice."""
    from desk_app.cli.sign_in import no_user_sentence, read_password

    if args.username:
        raise UsageError("'user password' changes your own password: sign in with --user "
                         "NAME; an administrator resets someone else's under Tools > People.")
    username = getattr(args, "user", None)
    if not username:
        raise UsageError(no_user_sentence("user password"))
    desk = open_command_desk(args)
    try:
        people = desk.people
        current = read_password(f"Current password for {username}: ")
        actor = people.change_own_password(username, current, read_new_password("your new"))
    finally:
        desk.db.close()
    print(f"{actor.name}: password changed.")
    return 0


def _require_change(args: argparse.Namespace) -> int:
    """`user require-change NAME`: that person chooses a new password at the next sign-in."""

    if not args.username:
        raise UsageError("name the person: 'desk-app user require-change NAME'.")
    with signed_in_desk(args, Permission.MANAGE_PEOPLE, "user require-change") as (desk, by):
        person = desk.people.require_password_change(
            args.username, by)
    print(f"{person.username} must choose a new password at the next sign-in.")
    return 0


def run_audit(args: argparse.Namespace) -> int:
    """`desk-app audit verify`: the chain, people and detainers as audited, checkpoints.

    Exit 1 with a sentence per problem; exit 3 when nothing was found but not everything
    could be checked (the records folder with its checkpoints cannot be reached), so a
    scheduled check tells "the log is sound" (0) from "look again" (3)."""
    from desk_app.store.audit_check import check_audit

    with signed_in_desk(args, Permission.VIEW_AUDIT, "audit verify") as (desk, _actor):
        result = check_audit(desk)
    for problem in result.problems:
        print(one_line(problem), file=sys.stderr)
    for sentence in result.unchecked:
        print(one_line(sentence[:1].upper() + sentence[1:] + "."), file=sys.stderr)
    if not result.passed:
        return 1
    print(result.summary())
    return 0 if result.complete else UNCHECKED_STATUS


def run_backup(args: argparse.Namespace) -> int:
    """`desk-app backup [--to FOLDER]`: a checked, checksummed copy, then the retention
    (anyone signed in, as the board's Back up now)."""
    from desk_app.store.backup_schedule import backup_now

    with signed_in_desk(args, None, "backup") as (desk, _actor):
        print(backup_now(desk, args.to))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """`desk-app restore BACKUP [--db URL] [--replace]`: say what was restored.

    Over a database that holds data (--replace) only its administrator may restore. Into
    a new file nobody signs in: it reads nothing of a desk database, and the backup file
    itself is what its holder already has."""
    from sqlalchemy.engine import make_url

    from desk_app.domain.time_source import SystemTime
    from desk_app.settings_file import load_settings_files
    from desk_app.store.database import DB_URL_ENV, default_url
    from desk_app.store.restore import holds_data, restore_backup
    from desk_app.store.schema_guard import sqlite_file

    url = getattr(args, "db", None)
    if url is None and not os.environ.get(DB_URL_ENV):
        url = load_settings_files().get("database_url")
    url = url or default_url()
    target = sqlite_file(make_url(url)) if make_url(url).get_backend_name() == "sqlite" \
        else None
    if args.replace and target is not None and holds_data(target):
        args.db = url
        with signed_in_desk(args, Permission.CHANGE_SETTINGS, "restore"):
            pass  # the administrator of the database about to be replaced
    report = restore_backup(args.backup, url, SystemTime().now(), replace=args.replace)
    print("\n".join(report.lines()))
    return 0
