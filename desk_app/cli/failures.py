"""How a command fails: one plain sentence on stderr and exit status 2, never a traceback."""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date


class UsageError(Exception):
    """Bad input on the command line: printed as one sentence, exit status 2."""


def one_line(text: str) -> str:
    """A refusal as one line: control characters typed into an argument shown as '?'."""
    return re.sub(r"[\x00-\x1f\x7f]", "?", text)


def say(text: str, status: int) -> int:
    """Print a command's words (a refusal as one line on stderr) and return `status`."""
    print(one_line(text) if status == 2 else text,
          file=sys.stdout if status == 0 else sys.stderr)
    return status


def cannot_open(error: Exception, args: argparse.Namespace) -> int:
    """The database could not be opened: one sentence, the URL's password masked."""
    from desk_app.store.startup_failure import explain_startup_failure

    failure = explain_startup_failure(error, getattr(args, "db", None)
                                      or os.environ.get("DESK_DB_URL"))
    assert failure is not None
    print(one_line(f"desk-app: {failure.sentence} {failure.what_to_do}"), file=sys.stderr)
    return 2


def day(text: str) -> date:
    """An argument that is a calendar day, such as 2026-06-30."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-06-30") from None


def station_name(text: str) -> str:
    """An argument that is a station's name, such as "District 2"."""
    from desk_app.domain.stations import check_station

    name = text.strip()
    problem = check_station(name) if name else "is empty"
    if problem:
        raise argparse.ArgumentTypeError(f"the station {problem}")
    return name
