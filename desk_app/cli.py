"""`desk-app`: the board by default, and headless subcommands for the desk and records.

Every command that fails on bad input exits 2 with one plain sentence on stderr.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from desk_app import __version__
from desk_app.domain.actor import Actor
from desk_app.domain.clock import DetainerClock
from desk_app.domain.closures import ClosureCalendar
from desk_app.domain.detainer import governing_start
from desk_app.domain.errors import DeskError
from desk_app.domain.instants import parse_local
from desk_app.domain.vocabulary import ClockStart, Role
from desk_app.store.db_errors import ServerUnreachableError

Command = Callable[[argparse.Namespace], int]
MAX_HOURS = 24 * 366  # no detainer clock is longer than a year


class UsageError(Exception):
    """Bad input on the command line: printed as one sentence, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, one subparser per command."""
    parser = argparse.ArgumentParser(prog="desk-app", description=__doc__)
    parser.add_argument("--version", action="version", version=f"desk-app {__version__}")
    parser.add_argument("--db", help="database URL (default: SQLite in the user data folder, "
                        "or DESK_DB_URL)")
    parser.add_argument("--demo-if-new", action="store_true",
                        help="fill demo data first if the database has no detainers")
    parser.add_argument("--quit-after-paint", action="store_true",
                        help="print the start-up time once the board is shown, then quit")
    sub = parser.add_subparsers(dest="command")
    # `--db` may also follow the subcommand (`desk-app demo --db URL`).
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument("--db", default=argparse.SUPPRESS, help="database URL")

    expiry = sub.add_parser("expiry", help="print when a detainer started at START expires")
    expiry.add_argument("start", help="ISO 8601 instant; without an offset it is local")
    expiry.add_argument("--hours", type=float, default=48.0)
    expiry.add_argument("--tz", default="America/New_York")
    expiry.add_argument("--subdiv", default="MA")
    expiry.add_argument("--no-exclusions", action="store_true")
    expiry.add_argument("--eligible", metavar="T",
                        help="when the person would otherwise be released (ISO 8601); "
                             "the expiry is never later than the limit counted from it")
    expiry.set_defaults(run=run_expiry)

    profile = sub.add_parser("profile", help="the effective rules of a policy profile")
    profile_kinds = profile.add_subparsers(dest="action", required=True)
    show = profile_kinds.add_parser("show", parents=[db_option],
                                    help="each rule with its layer, citation and date")
    show.add_argument("profile_id", nargs="?", metavar="ID",
                      help="a profile id (default: the desk's profile)")
    show.add_argument("--json", action="store_true", help="print JSON for a script")
    show.add_argument("--on", type=_day, metavar="DAY",
                      help="the rules in force on this day (default: today)")
    show.set_defaults(run=run_profile_show)

    board = sub.add_parser("board", parents=[db_option],
                           help="what the board shows now for every active detainer")
    board.add_argument("--json", action="store_true", help="print JSON for a script")
    board.set_defaults(run=run_board_command)

    money = sub.add_parser("reimbursement", parents=[db_option],
                           help="record money the federal government paid for a request")
    money.add_argument("detainer_number", metavar="DETAINER#")
    money.add_argument("amount", metavar="AMOUNT", help="dollars, such as 1250.50")
    money.add_argument("--received", type=_day, required=True, metavar="DAY",
                       help="the day the money was received, such as 2026-09-20")
    money.set_defaults(run=run_reimbursement)

    demo = sub.add_parser("demo", parents=[db_option],
                          help="fill the database with realistic demo detainers")
    demo.add_argument("--seed", type=int, default=413)
    demo.set_defaults(run=run_demo)

    printing = sub.add_parser("print", parents=[db_option],
                              help="print a detainer's record sheet or arrestee copy")
    printing.add_argument("what", choices=("record", "copy"))
    printing.add_argument("detainer_number")
    printing.add_argument("--out", required=True, type=Path)
    printing.set_defaults(run=run_print)

    export = sub.add_parser("export", parents=[db_option], help="export the tracking sheet")
    export.add_argument("what", choices=("tracking",))
    export.add_argument("--out", required=True, type=Path)
    export.set_defaults(run=run_export)

    imports = sub.add_parser("import", parents=[db_option],
                             help="import a tracking sheet (CSV or XLSX)")
    imports.add_argument("what", choices=("tracking",))
    imports.add_argument("file", type=Path)
    imports.set_defaults(run=run_import)

    sync = sub.add_parser("sync", parents=[db_option],
                          help="write queued exports to the records folder once")
    sync.set_defaults(run=run_sync)

    settings = sub.add_parser("settings", parents=[db_option],
                              help="show the department settings, or set one")
    settings.add_argument("key", nargs="?")
    settings.add_argument("value", nargs="?")
    settings.set_defaults(run=run_settings)

    report = sub.add_parser("report", parents=[db_option],
                            help="write the quarterly or the six-monthly ordinance report")
    report_kinds = report.add_subparsers(dest="kind", required=True)
    quarterly = report_kinds.add_parser("quarterly", parents=[db_option])
    quarterly.add_argument("--year", type=int, required=True)
    quarterly.add_argument("--quarter", type=int, required=True)
    quarterly.add_argument("--out", type=Path, required=True, help="FILE.pdf or FILE.csv")
    quarterly.set_defaults(run=run_report)
    ordinance = report_kinds.add_parser("ordinance", parents=[db_option])
    ordinance.add_argument("--from", dest="start", type=_day, required=True)
    ordinance.add_argument("--to", dest="end", type=_day, required=True)
    ordinance.add_argument("--out", type=Path, required=True, help="FILE.pdf or FILE.csv")
    ordinance.set_defaults(run=run_report)

    user = sub.add_parser("user", parents=[db_option], help="add a person who signs in")
    user.add_argument("action", choices=("add",))
    user.add_argument("username")
    user.add_argument("--role", required=True,
                      help="desk officer, supervisor, records clerk, analyst or administrator")
    user.add_argument("--display-name", help="the name the audit log and the board show")
    user.set_defaults(run=run_user)

    audit = sub.add_parser("audit", parents=[db_option], help="check the audit log")
    audit.add_argument("action", choices=("verify",))
    audit.set_defaults(run=run_audit)

    backup = sub.add_parser("backup", parents=[db_option],
                            help="copy the database (with its scans) into the backup folder")
    backup.add_argument("--to", type=Path, help="the folder to write the backup to "
                        "(default: the backup folder setting)")
    backup.set_defaults(run=run_backup)

    restore = sub.add_parser("restore", parents=[db_option],
                             help="restore a backup into a new or empty database")
    restore.add_argument("backup", type=Path, help="a desk-backup-*.sqlite3 file")
    restore.add_argument("--replace", action="store_true",
                         help="restore over a database that holds data, keeping the old "
                              "file aside")
    restore.set_defaults(run=run_restore)

    gui = sub.add_parser("gui", parents=[db_option], help="start the board (the default)")
    gui.set_defaults(run=run_gui)
    wall = sub.add_parser("wall", parents=[db_option],
                          help="the read-only wall display, full screen (no sign-in)")
    wall.set_defaults(run=run_wall)
    return parser


def run_expiry(args: argparse.Namespace) -> int:
    """Print the expiry of a detainer clock started at `args.start`."""
    try:
        zone = ZoneInfo(args.tz)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a 400-letter name
        raise UsageError(f"'{args.tz}' is not a time zone name such as America/New_York.") from None
    if not 0 < args.hours <= MAX_HOURS:
        raise UsageError(f"--hours must be more than zero and at most {MAX_HOURS}.")
    try:
        start = parse_local(args.start, zone)
        eligible = parse_local(args.eligible, zone) if args.eligible else None
    except ValueError as exc:
        raise UsageError(f"{exc}.") from None
    start = governing_start(ClockStart.RECEIPT, start, eligible)[0] or start
    if args.no_exclusions:
        calendar = ClosureCalendar(exclude_weekends=False, exclude_holidays=False)
    else:
        try:
            calendar = ClosureCalendar(subdivision=args.subdiv or None)
        except ValueError:
            raise UsageError(f"'{args.subdiv}' is not a US state or territory code "
                             "such as MA.") from None
    clock = DetainerClock(hours=args.hours, zone=zone, calendar=calendar)
    try:
        expiry = clock.expiry(start)
    except OverflowError:
        raise UsageError(f"{args.start} is too close to the end of the calendar to "
                         "count from.") from None
    print(expiry.astimezone(zone).isoformat(timespec="seconds"))
    return 0


def run_profile_show(args: argparse.Namespace) -> int:
    """`desk-app profile show [ID] [--json]`: the effective rules, layer by layer."""
    from desk_app.domain.profiles import find
    from desk_app.domain.rules_view import describe_profile, profile_text
    from desk_app.domain.time_source import SystemTime
    from desk_app.resources import policies_dir

    if args.profile_id:
        profile = find(policies_dir(), args.profile_id)
    else:
        from desk_app.settings_file import load_settings_files
        from desk_app.store.desk import open_desk

        desk = open_desk(args.db, files=load_settings_files())
        profile = desk.profile
        desk.db.close()
    day = args.on or profile.local_day(SystemTime().now())
    view = describe_profile(profile, day)
    print(json.dumps(view, indent=2, ensure_ascii=False) if args.json
          else profile_text(view))
    return 0


def run_board_command(args: argparse.Namespace) -> int:
    """`desk-app board [--json]`: every active detainer as the board shows it now."""
    from desk_app.domain.rules_view import board_rows, board_text
    from desk_app.settings_file import load_settings_files
    from desk_app.store.desk import open_desk

    desk = open_desk(args.db, files=load_settings_files())
    try:
        rows = board_rows(desk.detainers.active(), desk.profile, desk.clock,
                          desk.thresholds, desk.time.now())
    finally:
        desk.db.close()
    print(json.dumps(rows, indent=2, ensure_ascii=False) if args.json else board_text(rows))
    return 0


def run_reimbursement(args: argparse.Namespace) -> int:
    """`desk-app reimbursement DETAINER# AMOUNT --received DAY` (ordinance §4(d))."""
    from desk_app.domain.errors import FieldError
    from desk_app.domain.money import dollars_text, parse_dollars
    from desk_app.settings_file import load_settings_files
    from desk_app.store.desk import open_desk

    try:
        amount = parse_dollars(args.amount, "AMOUNT")
    except FieldError as exc:
        raise UsageError(f"{exc}.") from None
    desk = open_desk(args.db, files=load_settings_files())
    try:
        detainer = desk.detainers.by_number(args.detainer_number)
        saved = desk.detainers.record_reimbursement(detainer.id, amount, args.received,
                                                    command_actor())
    finally:
        desk.db.close()
    print(f"{saved.detainer_number}: {dollars_text(saved.reimbursement_amount)} received "
          f"{saved.reimbursement_received_on or '-'}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """Fill the database with demo detainers and say how many."""
    from desk_app.settings_file import load_settings_files
    from desk_app.store.demo import fill_demo
    from desk_app.store.desk import open_desk

    desk = open_desk(args.db, files=load_settings_files())
    summary = fill_demo(desk, seed=args.seed)
    print(summary)
    return 0


def _records_command(args: argparse.Namespace, work: Callable[..., tuple[str, int]],
                     *extra: object) -> int:
    from desk_app.settings_file import load_settings_files
    from desk_app.store.desk import open_desk

    desk = open_desk(args.db, files=load_settings_files())
    try:
        text, status = work(desk, *extra)
    finally:
        desk.db.close()
    print(one_line(text) if status == 2 else text,
          file=sys.stdout if status == 0 else sys.stderr)
    return status


def run_print(args: argparse.Namespace) -> int:
    """`desk-app print record|copy NUMBER --out FILE.pdf`."""
    from desk_app.records.commands import print_record

    return _records_command(args, print_record, args.detainer_number, args.out,
                            command_actor(), args.what == "copy")


def run_export(args: argparse.Namespace) -> int:
    """`desk-app export tracking --out FILE.csv|.xlsx`."""
    from desk_app.records.commands import export_sheet

    return _records_command(args, export_sheet, args.out, command_actor())


def run_import(args: argparse.Namespace) -> int:
    """`desk-app import tracking FILE`."""
    from desk_app.records.commands import import_sheet

    return _records_command(args, import_sheet, args.file, command_actor())


def run_sync(args: argparse.Namespace) -> int:
    """`desk-app sync`: run the records-folder queue once."""
    from desk_app.records.commands import sync_once

    return _records_command(args, sync_once)


def run_settings(args: argparse.Namespace) -> int:
    """`desk-app settings [KEY VALUE]`: list the settings, or change one (audited)."""
    from dataclasses import asdict

    from desk_app.settings_file import load_settings_files
    from desk_app.store.desk import open_desk

    desk = open_desk(args.db, files=load_settings_files())
    try:
        for notice in desk.settings_notices:  # stored values the desk cannot use
            print(f"desk-app: {one_line(notice)}", file=sys.stderr)
        if args.key is not None:
            if args.value is None:
                raise UsageError(f"give a value for {args.key}.")
            desk.apply_settings({args.key: args.value}, command_actor())
        for key, value in asdict(desk.settings).items():
            print(f"{key} = {value}")
    finally:
        desk.db.close()
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-06-30") from None


def run_report(args: argparse.Namespace) -> int:
    """`desk-app report quarterly|ordinance ... --out FILE`."""
    from desk_app.records.commands import ordinance_report, quarterly_report

    if args.kind == "quarterly":
        return _records_command(args, quarterly_report, args.year, args.quarter, args.out,
                                command_actor())
    return _records_command(args, ordinance_report, args.start, args.end, args.out,
                            command_actor())


def read_new_password() -> str:
    """The new person's password: typed twice at a terminal, or one line on stdin."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (6 characters or more): ")
    if getpass.getpass("The same password again: ") != first:
        raise UsageError("the two passwords differ; nothing was changed.")
    return first


def run_user(args: argparse.Namespace) -> int:
    """`desk-app user add NAME --role ROLE`: the first administrator, or anyone after."""
    from desk_app.settings_file import load_settings_files
    from desk_app.store.desk import open_desk
    from desk_app.store.people_service import add_user_from_cli

    desk = open_desk(args.db, files=load_settings_files())
    try:
        print(add_user_from_cli(desk, args.username, args.role, read_new_password(),
                                display_name=args.display_name))
    finally:
        desk.db.close()
    return 0


def run_audit(args: argparse.Namespace) -> int:
    """`desk-app audit verify`: the chain, people and detainers as audited, checkpoints;
    exit 1 with a sentence per problem."""
    from desk_app.settings_file import load_settings_files
    from desk_app.store.audit_check import check_audit
    from desk_app.store.desk import open_desk

    desk = open_desk(args.db, files=load_settings_files())
    try:
        result = check_audit(desk)
    finally:
        desk.db.close()
    for problem in result.problems:
        print(one_line(problem), file=sys.stderr)
    if not result.passed:
        return 1
    print(result.summary())
    return 0


def run_backup(args: argparse.Namespace) -> int:
    """`desk-app backup [--to FOLDER]`: a checked, checksummed copy, then the retention."""
    from desk_app.settings_file import load_settings_files
    from desk_app.store.backup_schedule import backup_now
    from desk_app.store.desk import open_desk

    desk = open_desk(args.db, files=load_settings_files())
    try:
        print(backup_now(desk, args.to))
    finally:
        desk.db.close()
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """`desk-app restore BACKUP [--db URL] [--replace]`: say what was restored."""

    from desk_app.domain.time_source import SystemTime
    from desk_app.settings_file import load_settings_files
    from desk_app.store.database import DB_URL_ENV, default_url
    from desk_app.store.restore import restore_backup

    url = getattr(args, "db", None)
    if url is None and not os.environ.get(DB_URL_ENV):
        url = load_settings_files().get("database_url")
    report = restore_backup(args.backup, url or default_url(), SystemTime().now(),
                            replace=args.replace)
    print("\n".join(report.lines()))
    return 0


def command_actor() -> Actor:
    """Who runs a command line: the workstation's operating-system account.

    Whoever can run commands here can read the database file itself, so the command
    line acts as the workstation's administrator; the audit log names the account."""
    return Actor(f"{getpass.getuser()} (command line)", Role.ADMINISTRATOR)


def run_gui(args: argparse.Namespace) -> int:
    """Start the board, after checking that this machine can show a window at all."""
    from desk_app.desk_log import setup_logging
    from desk_app.gui.platform_check import display_problem

    problem = display_problem(os.environ)
    if problem is not None:
        setup_logging()  # the menu entry has no terminal: the log keeps the sentence
        logging.getLogger(__name__).error("the board cannot start: %s", problem)
        raise UsageError(problem)
    from desk_app.gui.app import run_board

    return run_board(args.db, demo_if_new=args.demo_if_new,
                     quit_after_paint=args.quit_after_paint)


def run_wall(args: argparse.Namespace) -> int:
    """Start the wall display, after checking that this machine can show a window."""
    from desk_app.gui.platform_check import display_problem

    problem = display_problem(os.environ)
    if problem is not None:
        raise UsageError(problem)
    from desk_app.gui.app import run_wall as start_wall

    return start_wall(args.db, quit_after_paint=args.quit_after_paint)


def one_line(text: str) -> str:
    """A refusal as one line: control characters typed into an argument shown as '?'."""
    return re.sub(r"[\x00-\x1f\x7f]", "?", text)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `desk-app` console script."""
    args = build_parser().parse_args(argv)
    # Commands speak in their own sentences; log records are not for the terminal.
    logging.getLogger().addHandler(logging.NullHandler())
    run: Command = getattr(args, "run", run_gui)
    try:
        return run(args)
    except UsageError as exc:
        print(f"desk-app: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except ServerUnreachableError as exc:  # a command has no board to keep trying
        return _cannot_open(exc, args)
    except DeskError as exc:
        print(f"desk-app: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file named on the command line cannot be read or written
        where = f" {exc.filename}" if exc.filename else ""
        print(one_line(f"desk-app: cannot use{where} ({exc.strerror or exc}); check the "
                       "path."), file=sys.stderr)
        return 2
    except (ArgumentError, DBAPIError, NoSuchModuleError) as exc:
        return _cannot_open(exc, args)


def _cannot_open(error: Exception, args: argparse.Namespace) -> int:
    """The database could not be opened: one sentence, the URL's password masked."""
    from desk_app.store.startup_failure import explain_startup_failure

    failure = explain_startup_failure(error, getattr(args, "db", None)
                                      or os.environ.get("DESK_DB_URL"))
    assert failure is not None
    print(one_line(f"desk-app: {failure.sentence} {failure.what_to_do}"), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
