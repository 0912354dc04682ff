"""Instants read as a department's wall time, fast enough for ten years of detainers.

A zone's offset from UTC changes a couple of times a year, yet `astimezone` works it out
again for every instant. The tracking sheet turns a quarter of a million instants into
local times at each export, so `WallClock` keeps the offset of each UTC day and the UTC
instant of each local midnight: after the first instant of a day, the next ones cost an
addition. A day on which the offset changes is converted exactly, instant by instant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from desk_app.domain.time_source import ensure_utc

ONE_DAY = timedelta(days=1)
LAST_MOMENT = timedelta(days=1, microseconds=-1)


@dataclass(eq=False)
class WallClock:
    """One zone's local dates, midnights and wall times of UTC instants, memoised."""

    zone: ZoneInfo
    # UTC day -> the zone's offset all that day, or None when it changes during the day.
    _offsets: dict[date, timedelta | None] = field(default_factory=dict, repr=False)
    # Local day -> its 00:00 as a UTC instant.
    _midnights: dict[date, datetime] = field(default_factory=dict, repr=False)

    def offset(self, instant: datetime) -> timedelta:
        """The zone's offset from UTC at `instant` (aware)."""
        if instant.tzinfo is not UTC:
            instant = ensure_utc(instant)
        day = instant.date()
        try:
            offset = self._offsets[day]
        except KeyError:
            offset = self._offsets[day] = self._day_offset(day)
        if offset is None:  # the clocks change that day
            return instant.astimezone(self.zone).utcoffset() or timedelta(0)  # aware: never None
        return offset

    def local_date(self, instant: datetime) -> date:
        """The local calendar date `instant` falls on."""
        return self._shifted(instant).date()

    def minute(self, instant: datetime) -> datetime:
        """`instant` as the sheet shows it: local wall time, naive, to the minute."""
        local = self._shifted(instant)
        # The constructor, because `replace` costs three times as much.
        return datetime(local.year, local.month, local.day, local.hour, local.minute)

    def _shifted(self, instant: datetime) -> datetime:
        """The UTC instant moved by the offset: its fields read as local wall time."""
        if instant.tzinfo is not UTC:
            instant = ensure_utc(instant)
        return instant + self.offset(instant)

    def midnight(self, day: date) -> datetime:
        """00:00 local on `day`, as a UTC instant."""
        found = self._midnights.get(day)
        if found is None:
            found = datetime.combine(day, time(0), tzinfo=self.zone).astimezone(UTC)
            self._midnights[day] = found
        return found

    def _day_offset(self, day: date) -> timedelta | None:
        first = datetime.combine(day, time(0), tzinfo=UTC)
        at_start = first.astimezone(self.zone).utcoffset()
        at_end = (first + LAST_MOMENT).astimezone(self.zone).utcoffset()
        return at_start if at_start == at_end else None


@cache
def wall_clock(zone: ZoneInfo) -> WallClock:
    """The shared `WallClock` of a zone: its memos grow by a few entries per day seen."""
    return WallClock(zone)
