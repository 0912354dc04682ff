"""Before the schema is touched: refuse a newer database, back up an older one.

A workstation that was not updated must not open a database a newer version has
already migrated (it would write rows the newer schema does not expect), and an
update must never leave a desk without its data if the migration goes wrong. So at
start-up the stored Alembic revision is read without writing anything; a revision
this build does not know is refused with the database untouched, and an SQLite file
that is about to be migrated is first copied next to itself with SQLite's online
backup API (a consistent copy even with other workstations reading it):
`detainers.sqlite3.bak-<revision>-<UTC timestamp>`.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from desk_app.domain.errors import DeskError

log = logging.getLogger(__name__)

# A half backup copy untouched this long was left by a crash, not written right now.
LEFTOVER_AGE = timedelta(minutes=10)


class SchemaTooNewError(DeskError):
    """The database was migrated by a newer version of the application."""


class BackupFailedError(DeskError):
    """The copy made before a migration could not be written; nothing was migrated."""


@dataclass(frozen=True)
class SchemaState:
    """The revisions a database holds and the ones this build would bring it to."""

    current: tuple[str, ...]
    heads: tuple[str, ...]
    known: frozenset[str]

    @property
    def unknown(self) -> tuple[str, ...]:
        """Stored revisions this build has no migration for (a newer version's)."""
        return tuple(r for r in self.current if r not in self.known)

    @property
    def pending(self) -> bool:
        """True when migrations would run (including on a new, empty database)."""
        return set(self.current) != set(self.heads)


def sqlite_file(url: URL) -> Path | None:
    """The file behind an SQLite URL (plain path or `file:` URI), None for memory."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database.startswith("file:"):
        database = unquote(urlsplit(database).path)
    if not database or database == ":memory:" or url.query.get("mode") == "memory":
        return None
    return Path(database)


def schema_state(engine: Engine, script: ScriptDirectory) -> SchemaState:
    """Read the stored revision without changing the database in any way."""
    known = frozenset(rev.revision for rev in script.walk_revisions())
    heads = tuple(script.get_heads())
    path = sqlite_file(engine.url)
    if path is not None:
        if not path.exists():
            return SchemaState((), heads, known)
        current = _sqlite_revisions(path)
        if current is not None:
            return SchemaState(current, heads, known)
    with engine.connect() as connection:
        current = tuple(MigrationContext.configure(connection).get_current_heads())
    return SchemaState(current, heads, known)


def _sqlite_revisions(path: Path) -> tuple[str, ...] | None:
    """The revisions in an SQLite file opened read-only (None if that cannot be done)."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            return ()
        return tuple(row[0] for row in connection.execute(
            "SELECT version_num FROM alembic_version"))
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def refuse_newer(state: SchemaState, where: str) -> None:
    """Raise SchemaTooNewError if the database holds a revision this build lacks."""
    if not state.unknown:
        return
    raise SchemaTooNewError(
        f"The database {where} was updated by a newer version of Detainer Desk (schema "
        f"{', '.join(state.unknown)}; this version knows up to {', '.join(state.heads)}). "
        "Install the newer version on this workstation; the database was not changed.")


def backup_name(path: Path, revision: str, now: datetime) -> Path:
    """`detainers.sqlite3.bak-0002-20261125T190000Z`, next to the file, never reused."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.bak-{revision}-{stamp}")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.bak-{revision}-{stamp}-{number}")
    return candidate


def remove_leftover_backups(path: Path, now: datetime) -> None:
    """Delete half copies (`.part`) that a crash during a backup left next to `path`.

    Only those untouched for `LEFTOVER_AGE`: a younger one may be another process's
    backup, in progress."""
    for leftover in path.parent.glob(f"{glob.escape(path.name)}.bak-*.part*"):
        try:
            if datetime.fromtimestamp(leftover.stat().st_mtime, UTC) < now - LEFTOVER_AGE:
                leftover.unlink()
                log.info("removed %s, a half backup copy left by a crash", leftover.name)
        except OSError:
            log.warning("could not remove the half backup copy %s", leftover)


def backup_sqlite(path: Path, revision: str, now: datetime) -> Path:
    """Copy the database with SQLite's backup API; BackupFailedError if that fails.

    The copy is written under a `.part` name and renamed when complete, so a crash
    never leaves a half copy that looks like a backup; such leftovers are removed
    at the next backup."""
    remove_leftover_backups(path, now)
    target = backup_name(path, revision, now)
    partial = target.with_name(target.name + ".part")
    from desk_app.store.backup import BackupError, copy_sqlite  # backup imports this module

    try:
        copy_sqlite(path, partial)
        os.replace(partial, target)
    except (sqlite3.Error, OSError, BackupError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupFailedError(
            f"The database {path.name} needs an update, but the backup copy {target.name} "
            f"could not be written ({exc}); free some space or check the folder's "
            "permissions. The database was not changed.") from exc
    log.info("database backed up before migrating from %s: %s", revision, target)
    prune_migration_backups(path, now)
    return target


_MIGRATION_STAMP = re.compile(r"\.bak-.+-(\d{8}T\d{6}Z)(?:-\d+)?$")


def prune_migration_backups(path: Path, now: datetime) -> list[Path]:
    """Apply the backup retention (`backup.to_keep`) to the copies made before migrations."""
    from desk_app.store.backup import to_keep

    found: list[tuple[datetime, Path]] = []
    for copy in path.parent.glob(f"{glob.escape(path.name)}.bak-*"):
        match = _MIGRATION_STAMP.search(copy.name)
        if match and not copy.name.endswith(".part"):
            found.append((datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ")
                          .replace(tzinfo=UTC), copy))
    keep = to_keep([when for when, _ in found], now)
    removed = []
    for when, copy in found:
        if when not in keep:
            try:
                copy.unlink()
                removed.append(copy)
            except OSError:
                log.warning("could not remove the old migration backup %s", copy)
    return removed
