"""Whether the SQLite database can be written now, asked before anyone tries to save.

On PostgreSQL the board goes read-only while the server cannot be reached (the live
updates lose their connection). An SQLite file fails differently: the disk fills up,
IT makes the file or its folder read-only, the file is deleted or moved, its drive goes
away. `WriteCheck.problem()` says which, in a sentence, without changing anything:

- the file is missing, or another file now has its name (a restore under a running
  board): SQLite would go on writing to the old, deleted file and every save would be
  lost, so `guard_commits` refuses each commit while that is so;
- a read-only file, folder or drive: the operating system's answer for this account
  (`os.access`, the mount's read-only flag), then SQLite's own (a write transaction
  that changes nothing and is rolled back: other workstations see no change);
- a full disk: less than `MIN_FREE_BYTES` free on the drive, or the file at SQLite's
  size limit with no free page left in it.

A workstation that is merely busy (another one saving) is not a problem here.
"""

from __future__ import annotations

import logging
import os
from contextlib import suppress
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from desk_app.store.db_errors import (
    DatabaseBusyError,
    DatabaseFullError,
    DatabaseReadOnlyError,
    StorageError,
)
from desk_app.store.schema_guard import sqlite_file

log = logging.getLogger(__name__)

# Below this much free space a save (its pages in the WAL, then the checkpoint, and an
# attached scan) may no longer fit: the board stops offering saves before one fails.
MIN_FREE_BYTES = 4 * 1024 * 1024


class DatabaseGoneError(StorageError):
    """The database file was deleted, moved or replaced under the running board."""


class WriteCheck:
    """Asks whether the SQLite file behind `engine` can be written (see the module).

    `_identity` is the (device, inode) of the file when the check was made, so that a
    file put back is recognised and a different file with the same name is not.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.path: Path | None = sqlite_file(engine.url)
        self._identity = _identity(self.path) if self.path is not None else None

    @property
    def applies(self) -> bool:
        """True for an SQLite file (PostgreSQL and in-memory databases have no file)."""
        return self.path is not None and self._identity is not None

    def gone(self) -> str | None:
        """Why the file the board opened is no longer there, or None."""
        if self.path is None or self._identity is None:
            return None
        now = _identity(self.path)
        if now is None:
            return (f"The database file {self.path} is missing (deleted, moved, or its "
                    "drive went away).")
        if now != self._identity:
            return (f"The database file {self.path} was replaced by another file while the "
                    "board ran; close the board and start it again to use the new file.")
        return None

    def problem(self) -> str | None:
        """Why nothing can be saved now, in a sentence; None when a save can go through."""
        if not self.applies:
            return None
        return self.gone() or self._refused_by_system() or self._refused_by_sqlite()

    def _refused_by_system(self) -> str | None:
        assert self.path is not None
        folder = self.path.parent
        try:
            drive = os.statvfs(folder) if hasattr(os, "statvfs") else None
        except OSError as error:
            return f"The folder of the database file {self.path} cannot be read ({error})."
        read_only_mount = drive is not None and bool(drive.f_flag & os.ST_RDONLY)
        if read_only_mount or not os.access(self.path, os.W_OK) \
                or not os.access(folder, os.W_OK):
            return (f"The database file {self.path} (or its folder or drive) is read-only "
                    "for this workstation.")
        if drive is not None and drive.f_bavail * drive.f_frsize < MIN_FREE_BYTES:
            return (f"The disk holding the database file {self.path} is full (less than "
                    f"{MIN_FREE_BYTES // (1024 * 1024)} MB free).")
        return None

    def _refused_by_sqlite(self) -> str | None:
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                try:
                    pages, limit, free = (connection.exec_driver_sql(f"PRAGMA {name}")
                                          .scalar_one() for name in
                                          ("page_count", "max_page_count", "freelist_count"))
                    connection.exec_driver_sql("UPDATE settings SET key = key WHERE 0")
                finally:
                    with suppress(DBAPIError, StorageError):  # SQLite may have ended it
                        connection.exec_driver_sql("ROLLBACK")
        except DatabaseBusyError:
            return None  # another workstation is saving: the file itself is fine
        except DatabaseReadOnlyError:
            return f"The database file {self.path} is read-only for this workstation."
        except DatabaseFullError:
            return f"The disk holding the database file {self.path} is full."
        except StorageError as error:
            return str(error)
        if pages >= limit and free == 0:
            return (f"The database file {self.path} has reached its size limit "
                    f"({pages} pages) and has no free page left.")
        return None


def guard_commits(sessions: sessionmaker[Session], check: WriteCheck) -> None:
    """Refuse every commit while the file is missing or replaced: SQLite would write it
    into the deleted file and the save would be lost without a word."""
    if not check.applies:
        return

    def before_commit(_session: Session) -> None:
        why = check.gone()
        if why is not None:
            log.warning("commit refused: %s", why)
            raise DatabaseGoneError(
                f"{why} Nothing was saved and what you typed is kept; put the file back "
                "(or restore the latest backup with `desk-app restore`, docs/backup.md; "
                "ask IT), then save again.")

    event.listen(sessions, "before_commit", before_commit)


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file, or None if there is none."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino
