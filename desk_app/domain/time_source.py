"""Where "now" comes from, so that tests and demos can run at any instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class TimeSource(Protocol):
    """Anything that tells the current instant as an aware UTC datetime."""

    def now(self) -> datetime:
        """Return the current instant in UTC."""
        ...


class SystemTime:
    """The real wall clock of the workstation."""

    def now(self) -> datetime:
        """Return the workstation's current instant in UTC."""
        return datetime.now(UTC)


class FixedTime:
    """A clock that only moves when told to: for tests, demos and benchmarks."""

    def __init__(self, instant: datetime) -> None:
        self._instant = ensure_utc(instant)

    def now(self) -> datetime:
        """Return the instant the clock was set to."""
        return self._instant

    def set(self, instant: datetime) -> None:
        """Jump to another instant (an NTP correction, or the next test step)."""
        self._instant = ensure_utc(instant)

    def advance(self, delta: timedelta) -> None:
        """Move forward by a span of real time."""
        self._instant += delta


def ensure_utc(instant: datetime) -> datetime:
    """Refuse naive datetimes and return the instant expressed in UTC."""
    if instant.tzinfo is UTC:  # nearly always: the store reads instants back in UTC
        return instant
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("a naive datetime has no time zone; pass an aware instant")
    return instant.astimezone(UTC)
