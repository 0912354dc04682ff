"""Put a backup back: into a new or empty database, never silently over one with data.

The backup is checked first (its checksum, SQLite's integrity check, the audit chain),
then copied into place with SQLite's backup API, then opened the normal way (so an
older backup is migrated, with the usual copy made first) and checked again. A
database that already holds data is only replaced when asked (`--replace`), and its
old file is first copied aside as `<name>.before-restore-<UTC time>`.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, make_url, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import TableClause

from desk_app.store.audit import verify_chain
from desk_app.store.backup import (
    POSTGRES_DOC,
    STAMP,
    BackupError,
    BackupNotHereError,
    copy_sqlite,
    verify_backup,
)
from desk_app.store.schema_guard import sqlite_file

log = logging.getLogger(__name__)

# What a restore counts and says, in the desk's words: (table, label).
COUNTED = (("detainers", "detainers"), ("checklist_steps", "checklist steps"),
           ("attachments", "scans"), ("audit_log", "audit entries"),
           ("ice_contacts", "ICE contacts"), ("handoffs", "handoffs"),
           ("people", "people"))


@dataclass(frozen=True)
class RestoreReport:
    """What a restore put back: the counts, the audit chain, where the old file went."""

    target: Path
    counts: dict[str, int]
    audit_entries: int
    kept_aside: Path | None

    def lines(self) -> list[str]:
        """The sentences `desk-app restore` prints."""
        lines = [f"Restored into {self.target}: " + ", ".join(
            f"{count} {label}" for label, count in self.counts.items()) + ".",
            f"Audit log: {self.audit_entries} entries, chain intact."]
        if self.kept_aside is not None:
            lines.append(f"The database that was there is kept as {self.kept_aside}.")
        return lines


def count_rows(session: Session) -> dict[str, int]:
    """How many of each thing a database holds (tables it lacks count as none)."""
    present = set(inspect(session.get_bind()).get_table_names())
    counts = {}
    for table, label in COUNTED:
        counts[label] = (session.scalar(select(func.count()).select_from(
            _table(table))) or 0) if table in present else 0
    return counts


def _table(name: str) -> TableClause:
    from sqlalchemy import table

    return table(name)


def read_backup(path: Path) -> tuple[dict[str, int], int]:
    """The counts and audit entries of a backup file, read-only; BackupError if its
    audit chain is broken."""
    engine = create_engine(f"sqlite:///{path.resolve().as_uri()}?mode=ro&uri=true")
    try:
        with Session(engine) as session:
            counts = count_rows(session)
            report = verify_chain(session)
    finally:
        engine.dispose()
    if not report.intact:
        raise BackupError(f"The audit log in {path.name} is broken at entry "
                          f"{report.first_bad_id}; this backup was changed outside the "
                          "application. Use another backup.")
    return counts, report.entries


def holds_data(path: Path) -> bool:
    """True when the SQLite file at `path` has any detainer, person or audit entry."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in ("detainers", "people", "audit_log"):
            if table in tables and connection.execute(
                    f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None:  # noqa: S608
                return True
        return False
    except sqlite3.DatabaseError:
        return True  # not a database we can read: never overwrite it unasked
    finally:
        connection.close()


def restore_backup(backup: Path, url: str, now: datetime,
                   replace: bool = False) -> RestoreReport:
    """Restore `backup` into the SQLite database at `url`; see the module docstring."""
    target = sqlite_file(make_url(url))
    if make_url(url).get_backend_name() != "sqlite":
        raise BackupNotHereError(
            "A desk backup is restored into an SQLite file; a PostgreSQL database is "
            f"restored with pg_restore, see {POSTGRES_DOC}. Nothing was changed.")
    if target is None:
        raise BackupError("Name a database file to restore into (--db sqlite:///PATH); "
                          "nothing was changed.")
    verify_backup(backup)
    expected, _ = read_backup(backup)
    kept_aside = None
    if holds_data(target):
        if not replace:
            raise BackupError(
                f"The database {target} already holds data, so the backup was not "
                "restored over it. Restore into a new file (--db sqlite:///NEW_PATH), or "
                "add --replace to keep the old file aside and restore over it.")
        kept_aside = target.with_name(
            f"{target.name}.before-restore-{now.astimezone(UTC).strftime(STAMP)}")
        copy_sqlite(target, kept_aside)
        log.info("restore: the old database is kept as %s", kept_aside)
    elif not target.exists():
        _set_aside_orphans(target, now)
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy_into(backup, target)
    return _check_restored(target, url, expected, kept_aside)


def _set_aside_orphans(target: Path, now: datetime) -> None:
    """A write-ahead log left by a deleted database would be replayed into the new file:
    move such leftovers aside (never delete anything)."""
    stamp = now.astimezone(UTC).strftime(STAMP)
    for suffix in ("-wal", "-shm", "-journal"):
        orphan = target.with_name(target.name + suffix)
        if orphan.exists():
            orphan.rename(orphan.with_name(f"{orphan.name}.orphan-{stamp}"))
            log.warning("restore: set aside %s, left by a database that is gone", orphan)


def _copy_into(backup: Path, target: Path) -> None:
    """Copy every page of the backup into the target in one SQLite transaction."""
    reader = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        writer = sqlite3.connect(target, timeout=10)
        try:
            reader.backup(writer)
        finally:
            writer.close()
    except sqlite3.Error as exc:
        raise BackupError(f"The backup could not be written into {target} ({exc}); the "
                          "file may be in use by a running board: close every board "
                          "first.") from None
    finally:
        reader.close()


def _check_restored(target: Path, url: str, expected: dict[str, int],
                    kept_aside: Path | None) -> RestoreReport:
    """Open the restored database as the desk does and compare it with the backup."""
    from desk_app.store.database import open_database

    db = open_database(url)
    try:
        with db.sessions() as session:
            counts = count_rows(session)
            chain = verify_chain(session)
    finally:
        db.close()
    if not chain.intact or counts != expected:
        raise BackupError(f"The restored database {target} does not match the backup "
                          f"(expected {expected}, found {counts}); do not use it.")
    return RestoreReport(target, counts, chain.entries, kept_aside)
