"""The commands that sign in elsewhere or not at all: the detainer clock (`expiry`), a
profile's rules (`profile show`), and the board and the wall display, whose own windows
ask who is there.
"""

from __future__ import annotations

import argparse
import json
import logging
import os

from desk_app.cli.failures import UsageError

MAX_HOURS = 24 * 366  # no detainer clock is longer than a year


def run_expiry(args: argparse.Namespace) -> int:
    """Print the expiry of a detainer clock started at `args.start`."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from desk_app.domain.clock import DetainerClock
    from desk_app.domain.closures import ClosureCalendar
    from desk_app.domain.detainer import governing_start
    from desk_app.domain.instants import parse_local
    from desk_app.domain.vocabulary import ClockStart

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
    """`desk-app profile show [ID] [--json]`: the effective rules, layer by layer.

    The rules are public policy, not detainer data: no sign-in."""
    from desk_app.domain.profiles import find
    from desk_app.domain.rules_view import describe_profile, profile_text
    from desk_app.domain.time_source import SystemTime
    from desk_app.resources import policies_dir

    if args.profile_id:
        profile = find(policies_dir(), args.profile_id)
    else:
        from desk_app.cli.sign_in import open_command_desk

        desk = open_command_desk(args)
        profile = desk.profile
        desk.db.close()
    day = args.on or profile.local_day(SystemTime().now())
    view = describe_profile(profile, day)
    print(json.dumps(view, indent=2, ensure_ascii=False) if args.json
          else profile_text(view))
    return 0


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
                     quit_after_paint=args.quit_after_paint, station=args.station)


def run_wall(args: argparse.Namespace) -> int:
    """Start the wall display, after checking that this machine can show a window."""
    from desk_app.gui.platform_check import display_problem

    problem = display_problem(os.environ)
    if problem is not None:
        raise UsageError(problem)
    from desk_app.gui.app import run_wall as start_wall

    return start_wall(args.db, quit_after_paint=args.quit_after_paint, station=args.station)
