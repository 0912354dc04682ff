"""A large import stored in short transactions, so other saves wait at most a moment,
and all of it or none of it in the end.

Storing 400,000 imported rows in one transaction held the database for minutes: every
other save waited (SQLite) or the audit lock froze other boards (PostgreSQL). Here the
rows go in batches of `BATCH` in two phases, each batch its own short transaction with a
pause after it:

1. the detainer rows (made the one way every detainer is, `DetainerService.insert`),
   each marked in its close note with the import's reference (`[import 3fa2c1d0]`),
   and no audit entries yet. Cancel (or any failure) here
   deletes the rows of this import, so nothing is left half-imported;
2. one audit entry per row, in order (`DetainerService.audit_created`, the entry a
   logged detainer gets). This phase is not cancelled: the rows are in, and the log is
   completed; then the board is told of every row (`publish_created`).

A row in the settings table (`import-in-progress:<reference>`) says which phase an
import is in and who runs it. A desk that starts after a crash finishes what it finds
(`finish_interrupted_imports`): phase 1 is undone, phase 2 completed.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from desk_app.domain.actor import Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.errors import DeskError
from desk_app.store.desk import Desk
from desk_app.store.detainer_service import NewDetainer
from desk_app.store.models import AuditEntry, Detainer, Setting
from desk_app.store.outbox import queue_tracking_sheet

log = logging.getLogger(__name__)

BATCH = 50  # rows per transaction: a small fraction of a second on either database
# Audit entries per transaction: each is chained to the one before (several round trips
# on PostgreSQL, under the audit lock other workstations wait for), so fewer at a time.
AUDIT_BATCH = 20
# After each batch, so a waiting save gets the database: longer than the longest sleep
# of SQLite's busy handler (100 ms), or a waiting writer can miss every gap.
PAUSE_SECONDS = 0.12
MARKER = "import-in-progress:"
ACTION = AuditAction.DETAINER_IMPORTED
LOOKUP_CHUNK = 500  # Detainer #s looked up per query


class ImportCancelledError(DeskError):
    """The person cancelled the import; nothing of it was kept."""


class NumberTakenError(DeskError):
    """A Detainer # of the import was logged at the desk meanwhile; nothing was kept."""


@dataclass
class ImportControl:
    """Progress out and Cancel in, shared between the importing thread and the GUI."""

    cancel: threading.Event = field(default_factory=threading.Event)
    progress: Callable[[int, int], None] | None = None

    def report(self, done: int, total: int) -> None:
        """Tell the GUI how far the import is (rows stored, rows in all, both phases)."""
        if self.progress is not None:
            self.progress(done, total)


def existing_numbers(desk: Desk, numbers: Sequence[str]) -> set[str]:
    """Which of these Detainer #s the desk already has (a second import skips them)."""
    found: set[str] = set()
    with desk.db.sessions() as session:
        for i in range(0, len(numbers), LOOKUP_CHUNK):
            chunk = numbers[i:i + LOOKUP_CHUNK]
            found.update(session.scalars(select(Detainer.detainer_number)
                                         .where(Detainer.detainer_number.in_(chunk))))
    return found


def store_rows(desk: Desk, rows: Sequence[NewDetainer], actor: Actor, now: datetime,
               control: ImportControl | None = None) -> list[int]:
    """Store `rows` (history: each with its note, which starts "Imported from the
    tracking sheet FILE, row N.") in batches (see the module docstring); their new
    ids, in order, each audited and published.

    Raises ImportCancelledError (nothing kept) if cancelled during the first phase,
    NumberTakenError (nothing kept) if one of its numbers was logged meanwhile; any
    other error in that phase also leaves nothing and is raised again."""
    control = control or ImportControl()
    reference = secrets.token_hex(4)
    total = 2 * len(rows)
    _mark(desk, reference, "rows")
    ids: list[int] = []
    try:
        for start in range(0, len(rows), BATCH):
            if control.cancel.is_set():
                raise ImportCancelledError("The import was cancelled; nothing of it was "
                                           "kept.")
            ids += _insert(desk, rows[start:start + BATCH], reference, actor, now)
            control.report(len(ids), total)
            if len(ids) < len(rows):
                time.sleep(PAUSE_SECONDS)
    except IntegrityError:
        undo_import(desk, reference)
        raise NumberTakenError("A detainer on the sheet was logged at the desk while "
                               "importing; nothing was imported, import the file "
                               "again.") from None
    except BaseException:
        undo_import(desk, reference)
        raise
    _mark(desk, reference, "audit")
    _write_audit(desk, reference, actor, now, control, ids)
    desk.detainers.publish_created(ids)
    return ids


def _insert(desk: Desk, rows: Sequence[NewDetainer], reference: str, actor: Actor,
            now: datetime) -> list[int]:
    marked = [replace(row, history_note=f"{row.history_note} [import {reference}]")
              for row in rows]
    with desk.db.sessions() as session:
        added = desk.detainers.insert(session, marked, actor, now)
        session.commit()
        return [d.id for d in added]


def _write_audit(desk: Desk, reference: str, actor: Actor, now: datetime,
                 control: ImportControl, ids: list[int]) -> None:
    """Phase 2: an audit entry for each of `ids` (the import's rows without one), in
    order, a batch per transaction; then the marker goes and the sheet is queued."""
    total = 2 * len(ids)
    done = len(ids)
    for start in range(0, len(ids), AUDIT_BATCH):
        with desk.db.sessions() as session:
            # Take the write lock before the audit chain's last hash is read: on SQLite
            # only a transaction that has written keeps others from appending meanwhile.
            session.execute(update(Setting).where(Setting.key == MARKER + reference)
                            .values(value=Setting.value))
            batch = session.scalars(select(Detainer).where(
                Detainer.id.in_(ids[start:start + AUDIT_BATCH])).order_by(Detainer.id))
            desk.detainers.audit_created(session, batch, actor, now)
            session.commit()
        done = min(done + AUDIT_BATCH, total)
        control.report(done, total)
        if start + AUDIT_BATCH < len(ids):
            time.sleep(PAUSE_SECONDS)
    with desk.db.sessions() as session:
        queue_tracking_sheet(session, now=now)
        session.execute(delete(Setting).where(Setting.key == MARKER + reference))
        session.commit()


def _unaudited(desk: Desk, reference: str) -> list[int]:
    """The ids of the import's rows that have no audit entry yet, in order."""
    with desk.db.sessions() as session:
        rows = set(session.scalars(select(Detainer.id).where(
            Detainer.close_note.like(f"%[import {reference}]"))))
        audited = set(session.scalars(select(AuditEntry.detainer_id).where(
            AuditEntry.action == ACTION, AuditEntry.detainer_id.in_(rows)))) if rows else set()
    return sorted(rows - audited)


def undo_import(desk: Desk, reference: str) -> int:
    """Delete the rows of an import still in its first phase, in batches; how many."""
    removed = 0
    while True:
        with desk.db.sessions() as session:
            ids = list(session.scalars(select(Detainer.id).where(
                Detainer.close_note.like(f"%[import {reference}]")).limit(BATCH)))
            if not ids:
                session.execute(delete(Setting).where(Setting.key == MARKER + reference))
                session.commit()
                break
            session.execute(delete(Detainer).where(Detainer.id.in_(ids)))
            session.commit()
        removed += len(ids)
    if removed:
        log.info("import %s undone: %d rows removed", reference, removed)
    return removed


def _mark(desk: Desk, reference: str, phase: str) -> None:
    value = json.dumps({"phase": phase, "host": socket.gethostname(), "pid": os.getpid()})
    with desk.db.sessions() as session:
        session.merge(Setting(key=MARKER + reference, value=value))
        session.commit()


def finish_interrupted_imports(desk: Desk, actor: Actor) -> list[str]:
    """Undo or complete the imports a stopped process of this workstation left; say what.

    Only imports whose process has ended on this workstation are touched: another
    workstation's import may be running right now."""
    with desk.db.sessions() as session:
        markers = {s.key.removeprefix(MARKER): s.value for s in session.scalars(
            select(Setting).where(Setting.key.like(MARKER + "%")))}
    said = []
    for reference, value in markers.items():
        try:
            state = json.loads(value)
        except ValueError:
            continue
        if not _ended_here(state):
            continue
        if state.get("phase") == "audit":
            _write_audit(desk, reference, actor, desk.time.now(), ImportControl(),
                         _unaudited(desk, reference))
            said.append(f"An import stopped half-way was completed (reference {reference}).")
        else:
            count = undo_import(desk, reference)
            said.append(f"An import stopped half-way was undone: {count} rows removed "
                        f"(reference {reference}); import the file again.")
    return said


def _ended_here(state: dict[str, Any]) -> bool:
    if state.get("host") != socket.gethostname() or not isinstance(state.get("pid"), int):
        return False
    if state["pid"] == os.getpid():
        return False
    try:
        os.kill(state["pid"], 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False
