"""Backups of the desk database: a consistent, checked, checksummed copy while it runs.

Everything the desk knows lives in the database (scans and faxes are stored in it as
attachments), so one copy of the SQLite file is the whole custody history. A copy is
made with SQLite's online backup API (other workstations keep reading and writing),
written under a `.part` name, checked with `PRAGMA integrity_check`, given a
`sha256sum` line beside it and only then renamed to its final name:

    desk-backup-20261125T190000Z.sqlite3
    desk-backup-20261125T190000Z.sqlite3.sha256

so a file with that name and its checksum is a good backup, whatever stopped the
workstation half-way. PostgreSQL is backed up by the server's own tools
(docs/backup.md), not by the desk.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from desk_app.domain.errors import DeskError
from desk_app.store.schema_guard import sqlite_file

log = logging.getLogger(__name__)

PREFIX = "desk-backup-"
SUFFIX = ".sqlite3"
CHECKSUM_SUFFIX = ".sha256"
STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"^desk-backup-(\d{8}T\d{6}Z)(?:-\d+)?\.sqlite3$")
KEEP_DAYS = 14  # every backup of the last two weeks; before that, one per month
POSTGRES_DOC = "docs/backup.md (PostgreSQL: pg_dump every 4 hours, pg_basebackup nightly)"


class BackupError(DeskError):
    """A backup could not be made or checked; names the file and what to do."""


class BackupNotHereError(BackupError):
    """The database is on a PostgreSQL server, which its own tools back up."""


@dataclass(frozen=True)
class BackupCopy:
    """One finished backup: where it is, when it was made, its size and checksum."""

    path: Path
    made_at: datetime
    size_bytes: int
    sha256: str

    def __str__(self) -> str:
        size = f"{self.size_bytes / 1_000_000:.1f} MB"
        return f"Backup written to {self.path} ({size}, sha256 {self.sha256[:12]}…)"


def backup_path(folder: Path, now: datetime) -> Path:
    """`folder/desk-backup-<UTC time>.sqlite3`, never reusing a name."""
    stamp = now.astimezone(UTC).strftime(STAMP)
    candidate = folder / f"{PREFIX}{stamp}{SUFFIX}"
    number = 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{PREFIX}{stamp}-{number}{SUFFIX}"
    return candidate


def database_file(engine: Engine) -> Path:
    """The SQLite file behind `engine`; BackupNotHereError on PostgreSQL or in memory."""
    path = sqlite_file(engine.url)
    if engine.dialect.name != "sqlite":
        raise BackupNotHereError(
            "This desk keeps its data on a PostgreSQL server, which the department backs "
            f"up with the server's own tools; see {POSTGRES_DOC}. Nothing was copied.")
    if path is None:
        raise BackupError("An in-memory database cannot be backed up; nothing was copied.")
    return path


def make_backup(engine: Engine, folder: Path, now: datetime) -> BackupCopy:
    """Copy the desk database into `folder` (made if missing), check it, checksum it."""
    source = database_file(engine)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"The backup folder {folder} cannot be made ({exc.strerror or exc}); "
                          "check the backup folder setting. Nothing was copied.") from None
    target = backup_path(folder, now)
    partial = target.with_name(target.name + ".part")
    try:
        copy_sqlite(source, partial)
        check_integrity(partial)
        digest = file_sha256(partial)
        _write_checksum(target, digest)
        os.replace(partial, target)
    except (sqlite3.Error, OSError, BackupError) as exc:
        partial.unlink(missing_ok=True)
        checksum_path(target).unlink(missing_ok=True)
        if isinstance(exc, BackupError):
            raise
        raise BackupError(f"The backup {target} could not be written ({_why(exc)}); free "
                          "some space or check the backup folder. The database was not "
                          "changed.") from exc
    size = target.stat().st_size
    log.info("backup written: %s (%d bytes, sha256 %s)", target, size, digest)
    return BackupCopy(target, now, size, digest)


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of `source` (even while others write it) as one plain file."""
    if not source.is_file():
        raise BackupError(f"The database file {source} is not there; nothing was copied.")
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        writer = sqlite3.connect(target)
        try:
            reader.backup(writer)
            writer.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            writer.close()
    finally:
        reader.close()
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())


def check_integrity(path: Path) -> None:
    """BackupError unless SQLite finds every page and index of `path` sound."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{path.name} is not a readable Detainer Desk database "
                          f"({exc}).") from None
    if rows != ["ok"]:
        raise BackupError(f"{path.name} failed SQLite's integrity check ({rows[0]}); it "
                          "cannot be used.")


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checksum_path(backup: Path) -> Path:
    """The `sha256sum` file that goes with a backup."""
    return backup.with_name(backup.name + CHECKSUM_SUFFIX)


def _write_checksum(backup: Path, digest: str) -> None:
    partial = backup.with_name(backup.name + CHECKSUM_SUFFIX + ".part")
    with open(partial, "w", encoding="utf-8") as handle:
        handle.write(f"{digest}  {backup.name}\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, checksum_path(backup))


def recorded_sha256(backup: Path) -> str | None:
    """The checksum written beside `backup`, or None if there is none."""
    try:
        text = checksum_path(backup).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    digest = text.split(" ", 1)[0].strip().lower()
    return digest if re.fullmatch(r"[0-9a-f]{64}", digest) else None


def verify_backup(backup: Path) -> str:
    """Check a backup file against its checksum and SQLite; its SHA-256, or BackupError."""
    if not backup.is_file():
        raise BackupError(f"{backup} is not a backup file (no such file).")
    digest = file_sha256(backup)
    recorded = recorded_sha256(backup)
    if recorded is not None and recorded != digest:
        raise BackupError(f"{backup.name} does not match its checksum in "
                          f"{checksum_path(backup).name}: the copy was changed or damaged "
                          "after it was made. Use an older backup.")
    check_integrity(backup)
    return digest


def made_at(path: Path) -> datetime | None:
    """When a backup was made, from its name (None if the name is not a backup's)."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    return datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)


def good_backups(folder: Path) -> list[tuple[datetime, Path]]:
    """The finished backups in `folder` (each with its checksum file), oldest first."""
    try:
        names = list(folder.iterdir())
    except OSError:
        return []
    found = []
    for path in names:
        when = made_at(path)
        if when is not None and checksum_path(path).is_file():
            found.append((when, path))
    return sorted(found)


def last_good_backup(folder: Path) -> datetime | None:
    """When the newest good backup in `folder` was made, or None if there is none."""
    backups = good_backups(folder)
    return backups[-1][0] if backups else None


def to_keep(dates: list[datetime], now: datetime, keep_days: int = KEEP_DAYS) -> set[datetime]:
    """Which of `dates` a retention keeps: all of the last `keep_days` days, the
    newest of each older calendar month, and always the newest of all."""
    keep = {d for d in dates if d >= now - timedelta(days=keep_days)}
    newest_of_month: dict[tuple[int, int], datetime] = {}
    for when in dates:
        key = (when.year, when.month)
        if key not in newest_of_month or when > newest_of_month[key]:
            newest_of_month[key] = when
    keep |= set(newest_of_month.values())
    if dates:
        keep.add(max(dates))
    return keep


def prune_backups(folder: Path, now: datetime, keep_days: int = KEEP_DAYS) -> list[Path]:
    """Delete the backups (and their checksums) the retention no longer keeps."""
    backups = good_backups(folder)
    keep = to_keep([when for when, _ in backups], now, keep_days)
    removed = []
    for when, path in backups:
        if when in keep:
            continue
        try:
            path.unlink()
            checksum_path(path).unlink(missing_ok=True)
            removed.append(path)
        except OSError as exc:
            log.warning("could not remove the old backup %s: %s", path, exc)
    if removed:
        log.info("removed %d backups older than the retention", len(removed))
    return removed


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
