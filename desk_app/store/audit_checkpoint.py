"""Checkpoints of the audit chain's head, kept outside the database.

The hash chain shows an entry changed in place, but someone who owns the database can
delete the last entries (nothing after them is left to disagree) or rewrite entries and
recompute every hash after them. So, with each records sync, the head of the chain (how
many entries, the last entry's id and hash, and when) is appended to a checkpoint file
in the records folder and to one in this workstation's data folder. `audit verify`
reads them back: a checkpointed entry that is gone means a deleted tail; one whose hash
changed, or a different count of entries up to it, means a recomputed chain.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from platformdirs import user_data_path
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain.instants import format_instant
from desk_app.domain.time_source import ensure_utc
from desk_app.store.database import APP_NAME, Database, private_folder
from desk_app.store.models import AuditEntry

log = logging.getLogger(__name__)

# Hidden in the records folder: it is no export for the records clerk to open.
CHECKPOINT_FILE = ".audit-checkpoints.jsonl"


@dataclass(frozen=True)
class Checkpoint:
    """The head of the audit chain at one instant."""

    entries: int
    last_id: int
    head: str
    at: datetime

    def line(self) -> str:
        """One JSON line of the checkpoint file."""
        return json.dumps({"entries": self.entries, "last_id": self.last_id,
                           "head": self.head, "at": self.at.isoformat()}) + "\n"

    @classmethod
    def parse(cls, line: str) -> Checkpoint:
        """A checkpoint from its line; ValueError if the line is not one."""
        try:
            data = json.loads(line)
            return cls(int(data["entries"]), int(data["last_id"]), str(data["head"]),
                       ensure_utc(datetime.fromisoformat(data["at"])))
        except (KeyError, TypeError, json.JSONDecodeError) as error:
            raise ValueError(str(error)) from error


def chain_head(session: Session, now: datetime) -> Checkpoint | None:
    """The log's head now, or None while the log is empty."""
    last = session.execute(select(AuditEntry.id, AuditEntry.entry_hash)
                           .order_by(AuditEntry.id.desc()).limit(1)).first()
    if last is None:
        return None
    count = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return Checkpoint(count, last[0], last[1], ensure_utc(now))


def current_head(db: Database, now: datetime) -> Checkpoint | None:
    """The chain head of the database now (None while the log is empty)."""
    with db.sessions() as session:
        return chain_head(session, now)


def local_checkpoint_file(db: Database) -> Path:
    """This workstation's checkpoint file for this database, in its data folder."""
    folder = user_data_path(APP_NAME, appauthor=False, ensure_exists=True)
    private_folder(folder)
    address = db.engine.url.render_as_string(hide_password=True)
    key = hashlib.sha256(address.encode("utf-8")).hexdigest()[:16]
    return folder / f"audit-checkpoints-{key}.jsonl"


def append_checkpoint(path: Path, checkpoint: Checkpoint) -> bool:
    """Add the checkpoint unless the file's last one has the same head; True if added.

    The file is opened without following a link, and created readable by its owner
    only when it is local (the records folder's own permissions apply there).
    """
    last = _last_checkpoint(path)
    if last is not None and (last.last_id, last.head) == (checkpoint.last_id,
                                                          checkpoint.head):
        return False
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as out:
        out.write(checkpoint.line())
        out.flush()
        os.fsync(out.fileno())
    return True


def _last_checkpoint(path: Path) -> Checkpoint | None:
    """The file's last checkpoint, read from its end (the file grows for years)."""
    try:
        with path.open("rb") as source:
            source.seek(max(source.seek(0, os.SEEK_END) - 4096, 0))
            lines = source.read().decode("utf-8", "replace").splitlines()
        return Checkpoint.parse(lines[-1]) if lines else None
    except (OSError, ValueError):
        return None


def read_checkpoints(path: Path) -> list[Checkpoint]:
    """Every checkpoint in the file (none if it does not exist); ValueError naming the
    first line that is not a checkpoint."""
    if not path.exists():
        return []
    found: list[Checkpoint] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            found.append(Checkpoint.parse(line))
        except ValueError:
            raise ValueError(f"line {number} of the checkpoint file {path} is not a "
                             "checkpoint; the file was changed by hand") from None
    return found


def checkpoint_problems(session: Session, checkpoints: list[Checkpoint], where: Path,
                        zone: ZoneInfo) -> list[str]:
    """What the log says that a checkpoint contradicts, one sentence each."""
    problems: list[str] = []
    for point in checkpoints:
        when = format_instant(point.at, zone)
        said = (f"the checkpoint of {when} in {where} recorded {point.entries} entries "
                f"ending with entry {point.last_id}")
        head = session.scalar(select(AuditEntry.entry_hash)
                              .where(AuditEntry.id == point.last_id))
        if head is None:
            problems.append(f"{said}, which is gone: entries were deleted from the log")
            continue
        if head != point.head:
            problems.append(f"{said}, whose hash has changed since: the log was rewritten "
                            "and its chain recomputed")
            continue
        count = session.scalar(select(func.count()).select_from(AuditEntry)
                               .where(AuditEntry.id <= point.last_id)) or 0
        if count != point.entries:
            problems.append(f"{said}, but the log now holds {count} entries up to it: "
                            "entries were deleted or added and the chain recomputed")
    return problems

