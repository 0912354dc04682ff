"""Database failures a desk officer can meet, said in plain words.

A locked, read-only or full database is not a bug: the disk filled up, IT made the
share read-only, another workstation held the file longer than the busy timeout. The
engine (see `database.make_engine`) turns those driver errors into `StorageError`s,
which every service lets through to the GUI and the command line like any other
refusal; the transaction has been rolled back, so nothing was saved.
"""

from __future__ import annotations

import logging
import sqlite3

from sqlalchemy.engine import ExceptionContext

from desk_app.domain.errors import DeskError

log = logging.getLogger(__name__)


class StorageError(DeskError):
    """The database could not store (or read) the change; nothing was saved."""


class DatabaseBusyError(StorageError):
    """Another workstation kept the database locked for longer than the busy timeout."""


class DatabaseReadOnlyError(StorageError):
    """The database file (or the server) accepts no writes."""


class DatabaseFullError(StorageError):
    """The disk (or the database's size limit) has no room for the change."""


class DatabaseDiskError(StorageError):
    """The disk reported an input/output error while the database was written."""


class DatabaseDamagedError(StorageError):
    """The file is not an SQLite database, or its pages are damaged."""


class ServerUnreachableError(StorageError):
    """The database server cannot be reached (down, restarting, the network is out)."""


class UnsupportedDatabaseError(DeskError):
    """The database URL names a kind of database this build has no driver for."""


class UnstorableTextError(StorageError):
    """Text with a NUL character, which PostgreSQL refuses (SQLite would keep it)."""


BUSY = ("The database is busy (another workstation is saving); try again in a moment. "
        "Nothing was saved.")
READ_ONLY = ("The database is read-only for this workstation, so nothing was saved; "
             "ask IT to check the database file's permissions or the shared drive.")
FULL = ("The disk holding the database is full, so nothing was saved; free some space "
        "(or ask IT), then save again.")
DISK = ("The database file could not be written (a disk input/output error), so nothing "
        "was saved; ask IT to check the disk, then save again.")
DAMAGED = ("The database file is damaged or is not a Detainer Desk database, so nothing "
           "was read or saved; check the database setting, or restore the latest backup "
           "from the backup folder with `desk-app restore BACKUP --replace` (docs/backup.md; "
           "ask IT).")
UNREACHABLE = ("The database server cannot be reached (it may be restarting, or the network "
               "is down), so nothing was saved; the board keeps trying and stays read-only "
               "until the server is back, then save again.")
CANNOT_OPEN = ("The database file cannot be written or even opened (its folder or drive "
               "is read-only, missing or unreachable), so nothing was saved; ask IT to "
               "check the drive, then save again.")
NUL = ("A typed value contains a NUL character, which the database cannot store, so "
       "nothing was saved; retype the text and save again.")

# SQLite primary result codes (the low byte of an extended code).
_SQLITE = {5: (DatabaseBusyError, BUSY), 6: (DatabaseBusyError, BUSY),
           8: (DatabaseReadOnlyError, READ_ONLY), 13: (DatabaseFullError, FULL),
           10: (DatabaseDiskError, DISK), 11: (DatabaseDamagedError, DAMAGED),
           14: (DatabaseReadOnlyError, CANNOT_OPEN),
           26: (DatabaseDamagedError, DAMAGED)}
# PostgreSQL SQLSTATEs: disk full / out of memory-ish resources, read-only transaction,
# lock not available, statement timeout, too many connections.
_POSTGRES = {"53100": (DatabaseFullError, FULL), "25006": (DatabaseReadOnlyError, READ_ONLY),
             "55P03": (DatabaseBusyError, BUSY), "57014": (DatabaseBusyError, BUSY),
             "53300": (DatabaseBusyError, BUSY), "57P01": (ServerUnreachableError, UNREACHABLE),
             "57P02": (ServerUnreachableError, UNREACHABLE),
             "57P03": (ServerUnreachableError, UNREACHABLE)}


def plain_error(error: BaseException) -> StorageError | None:
    """The plain-words refusal for a driver error, or None if it is not one of these."""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        found = _SQLITE.get(code & 0xFF) if isinstance(code, int) else _by_message(error)
    elif "cannot contain NUL" in str(error):  # psycopg refuses it before sending
        found = UnstorableTextError, NUL
    else:
        state = str(getattr(error, "sqlstate", "") or "")
        found = _POSTGRES.get(state)
        if found is None and (state.startswith("08") or _lost_connection(error, state)):
            found = ServerUnreachableError, UNREACHABLE
    if found is None:
        return None
    kind, message = found
    return kind(message)


def _server_gone(context: ExceptionContext) -> bool:
    """A PostgreSQL connection that could not be opened, or was lost mid-call."""
    if context.dialect is None or context.dialect.name == "sqlite":
        return False
    if type(context.original_exception).__name__ != "OperationalError":
        return False
    return bool(context.is_disconnect) or context.connection is None


def _lost_connection(error: BaseException, state: str) -> bool:
    """psycopg's OperationalError without a SQLSTATE: refused, reset or closed."""
    if state or type(error).__name__ != "OperationalError":
        return False
    text = str(error).lower()
    return any(words in text for words in ("connection", "server closed", "terminating",
                                           "could not receive", "could not send"))


def _by_message(error: sqlite3.Error) -> tuple[type[StorageError], str] | None:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return DatabaseBusyError, BUSY
    if "readonly" in text or "read-only" in text:
        return DatabaseReadOnlyError, READ_ONLY
    if "full" in text:
        return DatabaseFullError, FULL
    if "disk i/o" in text:
        return DatabaseDiskError, DISK
    if "not a database" in text or "malformed" in text:
        return DatabaseDamagedError, DAMAGED
    return None


def translate(context: ExceptionContext) -> StorageError | None:
    """`handle_error` hook: replace a locked/read-only/full error by its StorageError,
    and a server that refused, dropped or never answered the connection by
    ServerUnreachableError."""
    plain = plain_error(context.original_exception)
    if plain is None and _server_gone(context):
        plain = ServerUnreachableError(UNREACHABLE)
    if plain is not None:
        log.warning("database refused a statement: %s (%s)", context.original_exception,
                    type(plain).__name__)
    return plain
