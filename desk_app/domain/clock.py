"""The detainer clock: 48 hours, excluding Saturdays, Sundays and holidays.

Counted time runs only on included local calendar days (00:00 to 24:00 in the
department's zone). A start on an excluded day counts from 00:00 of the next
included day. The expiry is the earliest instant at which the counted time reaches
the limit. Counted time is real elapsed time, so a 23- or 25-hour day at a daylight
saving change counts as it really is. With exclusions off, expiry = start + hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from desk_app.domain.closures import ClosureCalendar
from desk_app.domain.time_source import ensure_utc
from desk_app.domain.wall_clock import wall_clock

ZERO = timedelta(0)
ONE_DAY = timedelta(days=1)
# Memo sizes. The board asks for the same few days and the same starts every second;
# a report or an export walks years once. Past its limit a memo starts again, so it
# stays small however long the desk runs.
DAY_MEMO = 20_000  # local days (55 years)
EXPIRY_MEMO = 4_096  # clock starts (the board shows a few hundred)


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
    # Memos, not part of the clock's value: each local day's UTC midnights and whether
    # it is excluded (a time-zone conversion and a holiday lookup each), and the expiry
    # of each start already asked for. The fields above are frozen, so neither goes stale.
    _days: dict[date, tuple[datetime, datetime, bool]] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    _expiries: dict[datetime, datetime] = field(
        default_factory=dict, init=False, repr=False, compare=False)

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
        found = self._expiries.get(start)
        if found is None:
            found = self._count_to(start, self.limit)
            if len(self._expiries) >= EXPIRY_MEMO:
                self._expiries.clear()
            self._expiries[start] = found
        return found

    def instant_after(self, start: datetime, span: timedelta) -> datetime:
        """The earliest instant at which `span` of counted time has passed since `start`
        (the expiry is the instant after the limit; a warning is the one after less)."""
        start = ensure_utc(start)
        if not self.calendar.excludes_anything:
            return start + span
        return self._count_to(start, span)

    def _count_to(self, start: datetime, remaining: timedelta) -> datetime:
        """Walk the included days from `start` (UTC) until `remaining` is counted."""
        days = self._days
        day = wall_clock(self.zone).local_date(start)
        while True:
            midnight, next_midnight, excluded = days.get(day) or self._day(day)
            if not excluded:
                seg_start = midnight if midnight > start else start
                length = next_midnight - seg_start
                if remaining <= length:
                    return seg_start + remaining
                if length > ZERO:
                    remaining -= length
            day += ONE_DAY

    def counted_between(self, start: datetime, end: datetime) -> timedelta:
        """Counted (included) time from `start` to `end`; zero if `end` is earlier."""
        start, end = ensure_utc(start), ensure_utc(end)
        if end <= start:
            return ZERO
        if not self.calendar.excludes_anything:
            return end - start
        total = ZERO
        days = self._days
        day = start.astimezone(self.zone).date()
        while True:
            midnight, next_midnight, excluded = days.get(day) or self._day(day)
            if midnight >= end:
                return total
            if not excluded:
                total += ((next_midnight if next_midnight < end else end)
                          - (midnight if midnight > start else start))
            day += ONE_DAY

    def time_left(self, start: datetime, now: datetime) -> TimeLeft:
        """Counted and wall-clock time left at `now` for a clock started at `start`."""
        now = ensure_utc(now)
        expiry = self.expiry(start)
        if now >= expiry:  # the counted time reached the limit at the expiry
            return TimeLeft(counted=ZERO, wall=ZERO)
        counted = self.limit - self.counted_between(start, now)
        return TimeLeft(counted=max(counted, ZERO), wall=expiry - now)

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
        return wall_clock(self.zone).midnight(day)

    def _day(self, day: date) -> tuple[datetime, datetime, bool]:
        """`day`'s midnight, the next midnight (UTC) and whether it is excluded, memoised."""
        known = self._days.get(day)
        if known is None:
            known = (self.local_midnight(day), self.local_midnight(day + ONE_DAY),
                     self.calendar.is_excluded(day))
            if len(self._days) >= DAY_MEMO:
                self._days.clear()
            self._days[day] = known
        return known
