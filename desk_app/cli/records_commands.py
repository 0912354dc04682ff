"""The desk's and the records office's commands: the board, printing, the tracking
sheet, the reports, the records-folder sync, the settings, reimbursements, demo data.

Each signs in first (`sign_in.signed_in_desk`) with the permission the board checks
for the same thing, and acts as the person who signed in.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from functools import partial

from desk_app.cli.failures import UsageError, one_line, say
from desk_app.cli.sign_in import open_command_desk, sign_in, signed_in_desk
from desk_app.domain.permissions import Permission

Work = Callable[..., tuple[str, int]]


def run_board_command(args: argparse.Namespace) -> int:
    """`desk-app board [--json] [--station NAME]`: every active detainer as the board
    shows it now (with --station, as that station's board: its own and those with no
    station)."""
    from desk_app.domain.rules_view import board_rows, board_text

    with signed_in_desk(args, Permission.VIEW_BOARD, "board") as (desk, _actor):
        rows = board_rows(desk.detainers.active(_station_of(args)), desk.profile, desk.clock,
                          desk.thresholds, desk.time.now())
    print(json.dumps(rows, indent=2, ensure_ascii=False) if args.json else board_text(rows))
    return 0


def run_reimbursement(args: argparse.Namespace) -> int:
    """`desk-app reimbursement DETAINER# AMOUNT --received DAY` (ordinance §4(d))."""
    from desk_app.domain.errors import FieldError
    from desk_app.domain.money import dollars_text, parse_dollars

    try:
        amount = parse_dollars(args.amount, "AMOUNT")
    except FieldError as exc:
        raise UsageError(f"{exc}.") from None
    with signed_in_desk(args, None, "reimbursement") as (desk, actor):
        detainer = desk.detainers.by_number(args.detainer_number)
        saved = desk.detainers.record_reimbursement(detainer.id, amount, args.received, actor)
    print(f"{saved.detainer_number}: {dollars_text(saved.reimbursement_amount)} received "
          f"{saved.reimbursement_received_on or '-'}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """Fill the database with demo detainers and say how many.

    On a database with nobody yet the demo makes its own sign-ins (as `user add` makes
    the first administrator); on one with people, only an administrator may fill it."""
    from desk_app.store.demo import fill_demo

    desk = open_command_desk(args)
    try:
        if desk.people.has_people():
            sign_in(desk, args, Permission.CHANGE_SETTINGS, "demo")
        print(fill_demo(desk, seed=args.seed))
    finally:
        desk.db.close()
    return 0


def _records_command(args: argparse.Namespace, command: str, permission: Permission | None,
                     work: Work, *extra: object) -> int:
    """Sign in, then run one of `records.commands` as that person."""
    with signed_in_desk(args, permission, command) as (desk, actor):
        text, status = work(desk, *extra, actor)
    return say(text, status)


def run_print(args: argparse.Namespace) -> int:
    """`desk-app print record|copy NUMBER --out FILE.pdf`."""
    from desk_app.records.commands import print_record

    return _records_command(args, "print", Permission.PRINT_RECORDS,
                            partial(print_record, copy=args.what == "copy"),
                            args.detainer_number, args.out)


def run_export(args: argparse.Namespace) -> int:
    """`desk-app export tracking --out FILE.csv|.xlsx [--station NAME]`."""
    from desk_app.records.commands import export_sheet

    return _records_command(args, "export", Permission.EXPORT_TRACKING_SHEET,
                            partial(export_sheet, station=_station_of(args)), args.out)


def run_import(args: argparse.Namespace) -> int:
    """`desk-app import tracking FILE`."""
    from desk_app.records.commands import import_sheet

    return _records_command(args, "import", Permission.IMPORT_TRACKING_SHEET, import_sheet,
                            args.file)


def run_sync(args: argparse.Namespace) -> int:
    """`desk-app sync`: run the records-folder queue once (anyone signed in; the board
    runs it for whoever is at the desk)."""
    from desk_app.records.commands import sync_once

    with signed_in_desk(args, None, "sync") as (desk, _actor):
        text, status = sync_once(desk)
    return say(text, status)


def run_report(args: argparse.Namespace) -> int:
    """`desk-app report quarterly|ordinance ... --out FILE [--station NAME]`."""
    from desk_app.records.commands import ordinance_report, quarterly_report

    station = _station_of(args)
    if args.kind == "quarterly":
        return _records_command(args, "report", Permission.VIEW_REPORTS,
                                partial(quarterly_report, station=station),
                                args.year, args.quarter, args.out)
    return _records_command(args, "report", Permission.VIEW_REPORTS,
                            partial(ordinance_report, station=station),
                            args.start, args.end, args.out)


def _station_of(args: argparse.Namespace) -> str | None:
    """The station a report or sheet is of: --station, or every station when not given
    (the settings file's station is the workstation's, not a filter)."""
    from desk_app.domain.stations import NO_STATION

    station: str | None = getattr(args, "station", None)
    return "" if station is not None and station.casefold() == NO_STATION.casefold() \
        else station


def run_settings(args: argparse.Namespace) -> int:
    """`desk-app settings [KEY VALUE]`: list the settings, or change one (audited); the
    administrator's, as Tools > Settings is."""
    with signed_in_desk(args, Permission.CHANGE_SETTINGS, "settings") as (desk, actor):
        for notice in desk.settings_notices:  # stored values the desk cannot use
            print(f"desk-app: {one_line(notice)}", file=sys.stderr)
        if args.key is not None:
            if args.value is None:
                raise UsageError(f"give a value for {args.key}.")
            desk.apply_settings({args.key: args.value}, actor)
        for key, value in asdict(desk.settings).items():
            print(f"{key} = {value}")
    return 0
