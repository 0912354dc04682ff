"""When the desk backs itself up, where to, and how old the last good backup is.

The board makes a backup every `backup_every_hours` (4 by default) and at each change
of shift (the end of one shift is the start of the next, `shift_starts`), into the
backup folder: the `backup_folder` setting, else `backups` inside the records folder,
else `backups` beside the database file. After each backup the retention prunes the
folder (`backup.prune_backups`). The status bar shows the age of the newest good
backup and turns to a warning after `WARN_AFTER`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from desk_app.store.backup import (
    BackupCopy,
    database_file,
    last_good_backup,
    make_backup,
    prune_backups,
)
from desk_app.store.desk import Desk

WARN_AFTER = timedelta(hours=24)
SUBFOLDER = "backups"


def backup_folder(desk: Desk) -> Path:
    """Where this desk's backups go (see the module docstring)."""
    if desk.settings.backup_folder:
        return Path(desk.settings.backup_folder)
    if desk.settings.records_folder:
        return Path(desk.settings.records_folder) / SUBFOLDER
    return database_file(desk.db.engine).parent / SUBFOLDER


def backup_now(desk: Desk, folder: Path | None = None) -> str:
    """Make a backup (into `folder` or the backup folder), prune, and say what was done."""
    target = folder or backup_folder(desk)
    now = desk.time.now()
    copy: BackupCopy = make_backup(desk.db.engine, target, now)
    removed = prune_backups(target, now, desk.settings.backup_keep_days)
    pruned = f"; {len(removed)} older backups removed by the retention" if removed else ""
    return f"{copy}{pruned}."


def last_shift_change(now: datetime, shift_starts: list[time], zone: ZoneInfo) -> datetime:
    """The most recent start of a shift (= end of the one before) at or before `now`."""
    local = now.astimezone(zone)
    candidates = [datetime.combine(local.date() - timedelta(days=back), start, zone)
                  for back in (0, 1) for start in shift_starts]
    return max(c for c in candidates if c <= local)


def backup_due(last: datetime | None, now: datetime, every: timedelta,
               shift_starts: list[time], zone: ZoneInfo) -> bool:
    """True when no backup was made, the last is `every` old, or a shift ended since."""
    if last is None or now - last >= every:
        return True
    return bool(shift_starts) and last < last_shift_change(now, shift_starts, zone) <= now


@dataclass(frozen=True)
class BackupAge:
    """What the status bar says of the newest good backup."""

    text: str
    warning: bool


def backup_age(last: datetime | None, now: datetime) -> BackupAge:
    """"Last backup 3 h ago", a warning after 24 hours or when there is none."""
    if last is None:
        return BackupAge("No backup of this desk yet", True)
    age = max(now - last, timedelta(0))
    hours = age.total_seconds() / 3600
    spoken = f"{int(age.total_seconds() // 60)} min" if hours < 1 else f"{hours:.0f} h"
    if age > WARN_AFTER:
        return BackupAge(f"Last good backup {spoken} ago: check the backup folder", True)
    return BackupAge(f"Last backup {spoken} ago", False)


def newest_backup(desk: Desk) -> datetime | None:
    """When the newest good backup in this desk's backup folder was made."""
    return last_good_backup(backup_folder(desk))
