"""Hearing which detainers other workstations changed.

Why this exists: the booking desk, the sergeant's desk and the records office share one
PostgreSQL server, and each board must show a change made at another desk within
seconds, without reloading the whole board on a timer.

On PostgreSQL, `announce_changes` makes every transaction that changes a detainer (its
row, its checklist steps or its attachments) send `NOTIFY detainer_changed` with the
detainer id, and every one that changes the intake queue (a fax taken in, read, or
decided) the word `intake`. The notice is sent inside the changing transaction: the
server delivers it at commit and drops it on rollback, so a refused or conflicting save
is never announced. A `PostgresChangeListener` holds a connection of its own with `LISTEN`; its
socket becomes readable when a notice arrives, so the GUI watches `fileno()` and calls
`poll()` only then. Each notice names the process and engine that sent it, so a desk
does not hear its own changes (its `ChangeFeed` already told it).

On SQLite (several processes on one file: the command line beside the board) there is
no push. A `SqliteChangeListener` is polled every `poll_interval` seconds and costs one
`PRAGMA data_version` (a counter SQLite bumps when another connection commits) unless
something changed; then it reads the detainer ids of the new audit entries, leaving out
the entries that change nothing on a detainer (an alert shown, a print: `UNCHANGING`),
as PostgreSQL announces only changed rows. It cannot tell its own process's changes
from others', so it reports them all; refreshing a row twice is harmless.
"""

from __future__ import annotations

import logging
import os
import socket
from abc import ABC, abstractmethod
from collections.abc import Iterable
from itertools import chain
from typing import TYPE_CHECKING, Any

import psycopg
from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.permissions import Access
from desk_app.store.intake_models import IntakeItem
from desk_app.store.models import Attachment, ChecklistStep, Detainer

if TYPE_CHECKING:
    from desk_app.store.database import Database

log = logging.getLogger(__name__)

CHANNEL = "detainer_changed"
INTAKE = "intake"  # the notice's word for "the intake queue changed" (not a detainer id)
#: Audit entries that say the intake queue changed (an SQLite board hears them so).
INTAKE_ACTIONS = frozenset({AuditAction.INTAKE_RECEIVED.value, AuditAction.INTAKE_READ.value,
                            AuditAction.INTAKE_DISMISSED.value, AuditAction.INTAKE_ATTACHED.value,
                            AuditAction.INTAKE_LOGGED.value, AuditAction.INTAKE_FILED.value})
SQLITE_POLL_SECONDS = 1.0
#: Audit entries that name a detainer but change nothing on it: a board that heard them
#: would read the detainer again and rebuild its detail for nothing (the board writes
#: "alert shown" itself, on the tick that shows the alert).
UNCHANGING = frozenset({AuditAction.ALERT_SHOWN.value, AuditAction.ALERT_ACKNOWLEDGED.value,
                        *(access.value for access in Access)})
CONNECT_TIMEOUT_SECONDS = 5
# What a database administrator sees in pg_stat_activity for these connections.
APPLICATION_NAME = "detainer-desk live updates"
# A workstation whose network cable is pulled notices within about a minute.
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10,
              "keepalives_count": 3}


class ListenerLostError(Exception):
    """The listener's connection broke; open a new listener (changes may be missed)."""


def origin_of(engine: Engine) -> str:
    """This process's name for `engine`, sent with each notice so it can skip its own."""
    return f"{socket.gethostname()}:{os.getpid()}:{id(engine):x}"


def announce_changes(sessions: sessionmaker[Session], engine: Engine) -> None:
    """On PostgreSQL, NOTIFY every changed detainer's id in the changing transaction.

    Registered once per database by `open_database`; does nothing on SQLite.
    """
    if engine.dialect.name != "postgresql":
        return
    origin = origin_of(engine)

    def notify(session: Session, _flush: UOWTransaction) -> None:
        rows = list(chain(session.new, session.dirty, session.deleted))
        payloads = [str(detainer_id) for detainer_id in changed_detainer_ids(rows)]
        if any(isinstance(row, IntakeItem) for row in rows):
            payloads.append(INTAKE)
        # Notices with the same payload in one transaction reach listeners once, so a
        # change flushed several times (row, then audit, then export) is heard once.
        for payload in payloads:
            session.connection().execute(text("SELECT pg_notify(:channel, :payload)"),
                                         {"channel": CHANNEL, "payload": f"{payload} {origin}"})

    event.listen(sessions, "after_flush", notify)


def changed_detainer_ids(objects: Iterable[object]) -> list[int]:
    """The ids of the detainers these flushed rows belong to, in ascending order."""
    ids: set[int] = set()
    for row in objects:
        if isinstance(row, Detainer):
            detainer_id = row.id
        elif isinstance(row, ChecklistStep | Attachment):
            detainer_id = row.detainer_id
        else:
            continue
        if detainer_id is not None:
            ids.add(detainer_id)
    return sorted(ids)


class ChangeListener(ABC):
    """Tells which detainers changed elsewhere since the last `poll()`.

    Watch `fileno()` for readability when it is not None; otherwise call `poll()`
    every `poll_interval` seconds. `poll()` raises ListenerLostError when the
    connection broke: close this listener and open a new one.
    """

    poll_interval: float | None = None
    intake_heard = False  # set by `poll()` when the intake queue changed elsewhere

    def take_intake(self) -> bool:
        """True once after `poll()` heard that the intake queue changed elsewhere."""
        heard, self.intake_heard = self.intake_heard, False
        return heard

    @abstractmethod
    def fileno(self) -> int | None:
        """The socket that becomes readable when a change arrives, if there is one."""

    @abstractmethod
    def poll(self) -> list[int]:
        """The ids changed since the last call, each once, oldest first; never blocks."""

    @abstractmethod
    def close(self) -> None:
        """Release the listener's connection."""

    def __enter__(self) -> ChangeListener:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def listen_for_changes(db: Database) -> ChangeListener:
    """A listener on `db`: LISTEN/NOTIFY on PostgreSQL, a cheap counter on SQLite.

    Raises ListenerLostError when the server cannot be reached.
    """
    if db.engine.dialect.name == "postgresql":
        return PostgresChangeListener(db.engine)
    if db.engine.dialect.name == "sqlite":
        return SqliteChangeListener(db.engine)
    raise ValueError(f"no change listener for {db.engine.dialect.name}")


class PostgresChangeListener(ChangeListener):
    """LISTEN on a connection of its own; skips the notices its own engine sent."""

    def __init__(self, engine: Engine) -> None:
        self._own = origin_of(engine)
        cargs, cparams = engine.dialect.create_connect_args(engine.url)
        params: dict[str, Any] = {**KEEPALIVES, "connect_timeout": CONNECT_TIMEOUT_SECONDS,
                                  "application_name": APPLICATION_NAME, **cparams}
        try:
            self._conn = psycopg.connect(*cargs, autocommit=True, **params)
            self._conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as error:
            raise ListenerLostError(_reason(error)) from error
        log.info("listening for changes from other workstations")

    def fileno(self) -> int:
        """The connection's socket."""
        return self._conn.fileno()

    def poll(self) -> list[int]:
        """Read what has arrived; never waits."""
        ids: list[int] = []
        try:
            notices = list(self._conn.notifies(timeout=0))
        except psycopg.Error as error:
            raise ListenerLostError(_reason(error)) from error
        for notice in notices:
            id_text, _, origin = notice.payload.partition(" ")
            if origin == self._own:
                continue
            if id_text == INTAKE:
                self.intake_heard = True
            if not id_text.isdigit():
                continue
            if int(id_text) not in ids:
                ids.append(int(id_text))
        return ids

    def close(self) -> None:
        """Close the connection (ending the LISTEN)."""
        self._conn.close()


class SqliteChangeListener(ChangeListener):
    """Polls SQLite's data_version, and reads the new audit entries when it moved."""

    poll_interval = SQLITE_POLL_SECONDS

    def __init__(self, engine: Engine) -> None:
        cargs, cparams = engine.dialect.create_connect_args(engine.url)
        self._conn = engine.dialect.connect(*cargs, **cparams)
        self._version = self._data_version()
        row = self._conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()
        self._last_audit_id: int = row[0]

    def fileno(self) -> None:
        """SQLite has no socket to watch."""
        return None

    def poll(self) -> list[int]:
        """Nothing unless another connection committed; then the detainers it changed."""
        version = self._data_version()
        if version == self._version:
            return []
        self._version = version
        rows = self._conn.execute(
            "SELECT id, detainer_id, action FROM audit_log WHERE id > ? ORDER BY id",
            (self._last_audit_id,)).fetchall()
        ids: list[int] = []
        for audit_id, detainer_id, action in rows:
            self._last_audit_id = audit_id
            if action in INTAKE_ACTIONS:  # an intake item arrived, was read or decided
                self.intake_heard = True
            if detainer_id is not None and action not in UNCHANGING \
                    and detainer_id not in ids:
                ids.append(detainer_id)
        return ids

    def close(self) -> None:
        """Close the listener's own connection."""
        self._conn.close()

    def _data_version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])


def _reason(error: psycopg.Error) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
