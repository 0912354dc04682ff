"""The whole command line: one subparser per command, with its options and its help."""

from __future__ import annotations

import argparse
from pathlib import Path

from desk_app import __version__
from desk_app.cli.failures import day, station_name
from desk_app.cli.intake_commands import add_intake_commands
from desk_app.cli.people_commands import (
    run_audit,
    run_backup,
    run_restore,
    run_user,
)
from desk_app.cli.records_commands import (
    run_board_command,
    run_demo,
    run_export,
    run_import,
    run_print,
    run_reimbursement,
    run_report,
    run_settings,
    run_sync,
)
from desk_app.cli.start_commands import run_expiry, run_gui, run_profile_show, run_wall

DESCRIPTION = """`desk-app`: the board by default, and headless subcommands for the desk and
records. Every command that reads or changes detainer data signs in: give --user NAME,
and the password on standard input (one line) or at the prompt.

Every command that fails on bad input exits 2 with one plain sentence on stderr."""

STATION_HELP = ("this workstation's station (default: the settings file's `station`): "
                "the board shows it, a new detainer belongs to it; for `report` and "
                "`export tracking`, only that station's detainers (default: all)")
USER_HELP = ("your username: the command signs you in (the password is one line of "
             "standard input, or asked at a terminal) and acts as you")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, one subparser per command."""
    parser = argparse.ArgumentParser(prog="desk-app", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"desk-app {__version__}")
    parser.add_argument("--db", help="database URL (default: SQLite in the user data folder, "
                        "or DESK_DB_URL)")
    parser.add_argument("--user", metavar="NAME", help=USER_HELP)
    parser.add_argument("--station", metavar="NAME", type=station_name, help=STATION_HELP)
    parser.add_argument("--demo-if-new", action="store_true",
                        help="fill demo data first if the database has no detainers")
    parser.add_argument("--quit-after-paint", action="store_true",
                        help="print the start-up time once the board is shown, then quit")
    sub = parser.add_subparsers(dest="command")
    # `--db` and `--user` may also follow the subcommand (`desk-app demo --db URL`).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="database URL")
    common.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS, help=USER_HELP)
    common.add_argument("--station", metavar="NAME", type=station_name,
                        default=argparse.SUPPRESS, help=STATION_HELP)

    _desk_commands(sub, common)
    _records_commands(sub, common)
    _people_commands(sub, common)
    return parser


def _desk_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                   common: argparse.ArgumentParser) -> None:
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
    show = profile_kinds.add_parser("show", parents=[common],
                                    help="each rule with its layer, citation and date")
    show.add_argument("profile_id", nargs="?", metavar="ID",
                      help="a profile id (default: the desk's profile)")
    show.add_argument("--json", action="store_true", help="print JSON for a script")
    show.add_argument("--on", type=day, metavar="DAY",
                      help="the rules in force on this day (default: today)")
    show.set_defaults(run=run_profile_show)

    board = sub.add_parser("board", parents=[common],
                           help="what the board shows now for every active detainer")
    board.add_argument("--json", action="store_true", help="print JSON for a script")
    board.set_defaults(run=run_board_command)

    money = sub.add_parser("reimbursement", parents=[common],
                           help="record money the federal government paid for a request")
    money.add_argument("detainer_number", metavar="DETAINER#")
    money.add_argument("amount", metavar="AMOUNT", help="dollars, such as 1250.50")
    money.add_argument("--received", type=day, required=True, metavar="DAY",
                       help="the day the money was received, such as 2026-09-20")
    money.set_defaults(run=run_reimbursement)

    demo = sub.add_parser("demo", parents=[common],
                          help="fill the database with realistic demo detainers")
    demo.add_argument("--seed", type=int, default=413)
    demo.set_defaults(run=run_demo)

    add_intake_commands(sub, common)

    gui = sub.add_parser("gui", parents=[common], help="start the board (the default)")
    gui.set_defaults(run=run_gui)
    wall = sub.add_parser("wall", parents=[common],
                          help="the read-only wall display, full screen (no sign-in)")
    wall.set_defaults(run=run_wall)


def _records_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                      common: argparse.ArgumentParser) -> None:
    printing = sub.add_parser("print", parents=[common],
                              help="print a detainer's record sheet or arrestee copy")
    printing.add_argument("what", choices=("record", "copy"))
    printing.add_argument("detainer_number")
    printing.add_argument("--out", required=True, type=Path)
    printing.set_defaults(run=run_print)

    export = sub.add_parser("export", parents=[common], help="export the tracking sheet")
    export.add_argument("what", choices=("tracking",))
    export.add_argument("--out", required=True, type=Path)
    export.set_defaults(run=run_export)

    imports = sub.add_parser("import", parents=[common],
                             help="import a tracking sheet (CSV or XLSX)")
    imports.add_argument("what", choices=("tracking",))
    imports.add_argument("file", type=Path)
    imports.set_defaults(run=run_import)

    sync = sub.add_parser("sync", parents=[common],
                          help="write queued exports to the records folder once")
    sync.set_defaults(run=run_sync)

    settings = sub.add_parser("settings", parents=[common],
                              help="show the department settings, or set one")
    settings.add_argument("key", nargs="?")
    settings.add_argument("value", nargs="?")
    settings.set_defaults(run=run_settings)

    report = sub.add_parser("report", parents=[common],
                            help="write the quarterly or the six-monthly ordinance report")
    report_kinds = report.add_subparsers(dest="kind", required=True)
    quarterly = report_kinds.add_parser("quarterly", parents=[common])
    quarterly.add_argument("--year", type=int, required=True)
    quarterly.add_argument("--quarter", type=int, required=True)
    quarterly.add_argument("--out", type=Path, required=True, help="FILE.pdf or FILE.csv")
    quarterly.set_defaults(run=run_report)
    ordinance = report_kinds.add_parser("ordinance", parents=[common])
    ordinance.add_argument("--from", dest="start", type=day, required=True)
    ordinance.add_argument("--to", dest="end", type=day, required=True)
    ordinance.add_argument("--out", type=Path, required=True, help="FILE.pdf or FILE.csv")
    ordinance.set_defaults(run=run_report)


def _people_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                     common: argparse.ArgumentParser) -> None:
    user = sub.add_parser("user", parents=[common],
                          help="add a person, change your own password, or make someone "
                               "choose a new one")
    user.add_argument("action", choices=("add", "password", "require-change"),
                      help="add NAME --role ROLE (the new password is read twice); "
                           "password (yours: the current one, then the new one twice); "
                           "require-change NAME (a new password at the next sign-in)")
    user.add_argument("username", nargs="?")
    user.add_argument("--role",
                      help="desk officer, supervisor, records clerk, analyst or administrator")
    user.add_argument("--display-name", help="the name the audit log and the board show")
    user.set_defaults(run=run_user)

    audit = sub.add_parser("audit", parents=[common], help="check the audit log",
                           epilog="exit status: 0 sound, 1 problems found, 2 refused, 3 "
                                  "nothing found but the records folder's checkpoints "
                                  "could not be checked")
    audit.add_argument("action", choices=("verify",))
    audit.set_defaults(run=run_audit)

    backup = sub.add_parser("backup", parents=[common],
                            help="copy the database (with its scans) into the backup folder")
    backup.add_argument("--to", type=Path, help="the folder to write the backup to "
                        "(default: the backup folder setting)")
    backup.set_defaults(run=run_backup)

    restore = sub.add_parser("restore", parents=[common],
                             help="restore a backup into a new or empty database")
    restore.add_argument("backup", type=Path, help="a desk-backup-*.sqlite3 file")
    restore.add_argument("--replace", action="store_true",
                         help="restore over a database that holds data, keeping the old "
                              "file aside (its administrator signs in)")
    restore.set_defaults(run=run_restore)
