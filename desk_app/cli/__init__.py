"""`desk-app`: the board by default, and headless subcommands for the desk and records.

The command line is split by idea: `parser` (the options), `sign_in` (--user and the
password), `start_commands` (expiry, profile, the board and the wall display),
`records_commands` (printing, the sheet, reports, sync, settings) and `people_commands`
(people, audit, backup). Every command that fails on bad input exits 2 with one plain
sentence on stderr.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from desk_app.cli.failures import UsageError, cannot_open, one_line
from desk_app.cli.parser import build_parser
from desk_app.cli.start_commands import run_gui
from desk_app.domain.errors import DeskError
from desk_app.store.db_errors import ServerUnreachableError

Command = Callable[[argparse.Namespace], int]

__all__ = ["UsageError", "build_parser", "main", "one_line"]


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
        return cannot_open(exc, args)
    except DeskError as exc:
        print(f"desk-app: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file named on the command line cannot be read or written
        where = f" {exc.filename}" if exc.filename else ""
        print(one_line(f"desk-app: cannot use{where} ({exc.strerror or exc}); check the "
                       "path."), file=sys.stderr)
        return 2
    except (ArgumentError, DBAPIError, NoSuchModuleError) as exc:
        return cannot_open(exc, args)
