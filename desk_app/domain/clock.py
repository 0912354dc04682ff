"""The detainer clock: 48 hours, excluding Saturdays, Sundays and holidays.

Counted time runs only on included local calendar days (00:00 to 24:00 in the
department's zone). A start on an excluded day counts from 00:00 of the next
included day. The expiry is the earliest instant at which the counted time reaches
the limit. Counted time is real elapsed time, so a 23- or 25-hour day at a daylight
saving change counts as it really is. With exclusions off, expiry = start + hours.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from desk_app.domain.closures import ClosureCalendar
from desk_app.domain.time_source import ensure_utc

ZERO = timedelta(0)


@dataclass(frozen=True)
class ExcludedDay:
    """One local day inside a detainer's window that did not count, and why."""

    day: date
    reason: str

    def label(self) -> str:
        """Short wording for the board, e.g. "Thu 26 Nov: Thanksgiving Day"."""
        return f"{self.day:%a} {self.day.day} {self.day:%b}: {self.reason}"


@dataclass(frozen=True)
class TimeLeft:
    """What is left of a detainer at an instant: counted hours and wall-clock time."""

    counted: timedelta
    wall: timedelta

    @property
    def expired(self) -> bool:
        """True once the counted time has reached the limit."""
        return self.counted <= ZERO


@dataclass(frozen=True)
class DetainerClock:
    """The counting rule of one policy profile: limit, zone and excluded days."""

    hours: float = 48
    zone: ZoneInfo = ZoneInfo("America/New_York")
    calendar: ClosureCalendar = ClosureCalendar()

    def __post_init__(self) -> None:
        if not self.hours > 0:
            raise ValueError("hours must be more than zero")

    @property
    def limit(self) -> timedelta:
        """The detainer's limit as a span of counted time."""
        return timedelta(hours=self.hours)

    def expiry(self, start: datetime) -> datetime:
        """The earliest instant at which counted time since `start` reaches the limit."""
        start = ensure_utc(start)
        if not self.calendar.excludes_anything:
            return start + self.limit
        remaining = self.limit
        for seg_start, seg_end in self._included_segments(start):
            length = seg_end - seg_start
            if remaining <= length:
                return seg_start + remaining
            remaining -= length
        raise AssertionError("unreachable: included days never run out")

    def counted_between(self, start: datetime, end: datetime) -> timedelta:
        """Counted (included) time from `start` to `end`; zero if `end` is earlier."""
        start, end = ensure_utc(start), ensure_utc(end)
        if end <= start:
            return ZERO
        if not self.calendar.excludes_anything:
            return end - start
        total = ZERO
        for seg_start, seg_end in self._included_segments(start):
            if seg_start >= end:
                break
            total += min(seg_end, end) - seg_start
        return total

    def time_left(self, start: datetime, now: datetime) -> TimeLeft:
        """Counted and wall-clock time left at `now` for a clock started at `start`."""
        counted = self.limit - self.counted_between(start, now)
        wall = self.expiry(start) - ensure_utc(now)
        return TimeLeft(counted=max(counted, ZERO), wall=max(wall, ZERO))

    def excluded_days(self, start: datetime, end: datetime) -> list[ExcludedDay]:
        """Excluded local days from the day of `start` to the day of `end`, inclusive.

        The window is half-open: an `end` at exactly local midnight (e.g. an expiry
        at Sat 00:00) does not bring in the day that midnight opens.
        """
        first = self.local_date(start)
        last = self.local_date(end)
        if ensure_utc(end) > ensure_utc(start) and ensure_utc(end) == self.local_midnight(last):
            last -= timedelta(days=1)
        days: list[ExcludedDay] = []
        day = first
        while day <= last:
            reason = self.calendar.reason_excluded(day)
            if reason:
                days.append(ExcludedDay(day, reason))
            day += timedelta(days=1)
        return days

    def local_date(self, instant: datetime) -> date:
        """The department's calendar date at `instant`."""
        return ensure_utc(instant).astimezone(self.zone).date()

    def local_midnight(self, day: date) -> datetime:
        """00:00 local on `day`, as a UTC instant."""
        return datetime.combine(day, time(0), tzinfo=self.zone).astimezone(UTC)

    def _included_segments(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Yield (from, to) UTC spans of counted time, in order, from `start` onwards."""
        day = self.local_date(start)
        while True:
            next_day = day + timedelta(days=1)
            if not self.calendar.is_excluded(day):
                seg_start = max(self.local_midnight(day), start)
                seg_end = self.local_midnight(next_day)
                if seg_end > seg_start:
                    yield seg_start, seg_end
            day = next_day
