"""`desk-app`: the board by default, and headless subcommands for the desk and records.

Every command that fails on bad input exits 2 with one plain sentence on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from desk_app import __version__
from desk_app.domain.clock import DetainerClock
from desk_app.domain.closures import ClosureCalendar
from desk_app.domain.errors import DeskError
from desk_app.domain.instants import parse_local

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
    expiry.set_defaults(run=run_expiry)

    demo = sub.add_parser("demo", parents=[db_option],
                          help="fill the database with realistic demo detainers")
    demo.add_argument("--seed", type=int, default=413)
    demo.set_defaults(run=run_demo)

    gui = sub.add_parser("gui", parents=[db_option], help="start the board (the default)")
    gui.set_defaults(run=run_gui)
    return parser


def run_expiry(args: argparse.Namespace) -> int:
    """Print the expiry of a detainer clock started at `args.start`."""
    try:
        zone = ZoneInfo(args.tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"'{args.tz}' is not a time zone name such as America/New_York.") from None
    if not 0 < args.hours <= MAX_HOURS:
        raise UsageError(f"--hours must be more than zero and at most {MAX_HOURS}.")
    try:
        start = parse_local(args.start, zone)
    except ValueError as exc:
        raise UsageError(f"{exc}.") from None
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


def run_demo(args: argparse.Namespace) -> int:
    """Fill the database with demo detainers and say how many."""
    from desk_app.store.demo import fill_demo
    from desk_app.store.desk import open_desk

    desk = open_desk(args.db)
    summary = fill_demo(desk, seed=args.seed)
    print(summary)
    return 0


def run_gui(args: argparse.Namespace) -> int:
    """Start the board."""
    from desk_app.gui.app import run_board

    return run_board(args.db, demo_if_new=args.demo_if_new,
                     quit_after_paint=args.quit_after_paint)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `desk-app` console script."""
    args = build_parser().parse_args(argv)
    run: Command = getattr(args, "run", run_gui)
    try:
        return run(args)
    except UsageError as exc:
        print(f"desk-app: {exc}", file=sys.stderr)
        return 2
    except DeskError as exc:
        print(f"desk-app: {exc}", file=sys.stderr)
        return 2
    except (ArgumentError, OperationalError, NoSuchModuleError) as exc:
        print(f"desk-app: cannot open the database {getattr(args, 'db', None) or ''} "
              f"({type(exc).__name__}); check the --db URL or DESK_DB_URL.",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
