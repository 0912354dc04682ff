"""On PostgreSQL, "now" is the database server's clock, not the workstation's.

Reproduced before (issue 13, finding 6): every instant came from the workstation's own
clock, so a workstation 55 minutes fast logged a receipt (and so an expiry) 55 minutes
late, and a fast clock locked an account for far longer than 15 minutes everywhere.
Several workstations share one PostgreSQL server, so the server's clock is the one
they agree on. `ServerTime` measures the offset between the server's clock
(`clock_timestamp()`) and the workstation's, again every few minutes, and gives the
workstation's time corrected by it: receipts, audit entries and lockouts all read it,
and the board is not slowed by a query each second. When the two clocks differ by more
than two minutes the board says so, and what to do (`skew_warning`).

Reading the server's clock is a query: while the server is down it waits for the
connection timeout. The board therefore hands each due measurement to a worker thread
(`measure_with`, given `gui.background.run_in_background`), and `now()` answers at once
with the last offset; the command line, with no board, measures in line.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import text

from desk_app.domain.time_source import TimeSource, ensure_utc
from desk_app.store.database import Database

log = logging.getLogger(__name__)

SKEW_WARNING = timedelta(minutes=2)
REMEASURE = timedelta(minutes=5)

ServerClock = Callable[[], datetime]
Scheduler = Callable[[Callable[[], timedelta]], None]
"""Runs a measurement elsewhere (the board: on a worker thread)."""


class ServerTime:
    """A TimeSource reading the database server's clock through the workstation's.

    Private state:
        _workstation: the workstation's own clock (SystemTime; a FixedTime in tests).
        _server: reads the server's clock once (a query); injected in tests.
        _offset: the server's clock minus the workstation's, at the last measurement.
        _measured_at: the workstation's instant of the last measurement (or attempt).
        _schedule: where due measurements run (None: inside `now()`).
        _pending: True while a scheduled measurement has not finished.
    """

    def __init__(self, workstation: TimeSource, server: ServerClock,
                 remeasure: timedelta = REMEASURE) -> None:
        self._workstation = workstation
        self._server = server
        self._remeasure = remeasure
        self._offset = timedelta(0)
        self._measured_at: datetime | None = None
        self._schedule: Scheduler | None = None
        self._pending = False
        self._lock = threading.Lock()

    def measure_with(self, schedule: Scheduler | None) -> None:
        """Hand each due measurement after the first to `schedule` (the board's worker
        threads) instead of making it inside `now()`; None measures in line again."""
        self._schedule = schedule

    def now(self) -> datetime:
        """The server's current instant (UTC)."""
        local = self._workstation.now()
        if self._measured_at is None or abs(local - self._measured_at) >= self._remeasure:
            if self._schedule is None or self._measured_at is None:
                self.measure()
            else:
                self._measure_later(self._schedule)
        return self._workstation.now() + self._offset

    def _measure_later(self, schedule: Scheduler) -> None:
        """Start one measurement through `schedule`, unless one is under way."""
        with self._lock:
            if self._pending:
                return
            self._pending = True

        def work() -> timedelta:
            try:
                return self.measure()
            finally:
                self._pending = False

        schedule(work)

    def measure(self) -> timedelta:
        """Read the server's clock now; keeps the last offset if the server is away."""
        before = self._workstation.now()
        try:
            server = ensure_utc(self._server())
        except Exception as error:  # noqa: BLE001 - a clock must never stop the desk
            log.warning("the database server's clock could not be read (%s); the last "
                        "known offset is used", type(error).__name__)
            self._measured_at = before
            return self._offset
        after = self._workstation.now()
        self._offset = server - (before + (after - before) / 2)
        self._measured_at = after
        return self._offset

    @property
    def skew(self) -> timedelta:
        """How far the server's clock is ahead of the workstation's (negative: behind)."""
        return self._offset

    def skew_warning(self) -> str:
        """A sentence for the board when the clocks differ by more than two minutes."""
        if abs(self._offset) <= SKEW_WARNING:
            return ""
        minutes = round(abs(self._offset).total_seconds() / 60)
        way = "behind" if self._offset > timedelta(0) else "ahead of"
        return (f"This workstation's clock is {minutes} minutes {way} the database "
                "server's. The desk records times from the server, but ask IT to set this "
                "computer's clock automatically (Windows Time or NTP), so that what you "
                "type and what the desk records agree.")


def server_clock(db: Database) -> ServerClock:
    """Reads `clock_timestamp()` from the desk's PostgreSQL server."""

    def read() -> datetime:
        with db.engine.connect() as connection:
            value = connection.execute(text("SELECT clock_timestamp()")).scalar_one()
        if not isinstance(value, datetime):
            raise TypeError("clock_timestamp() did not return an instant")
        return value

    return read
