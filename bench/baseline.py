"""The straightforward detainer clock the real one is compared with: step an hour at a time.

It walks forward from the start in steps of at most one hour (shorter at a local
midnight and at the end), skips excluded days whole, and stops when 48 counted hours
are behind it. Obviously right and slow: it is the benchmark's yardstick for
`DetainerClock.expiry`, and a check of its answers.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from desk_app.domain.clock import DetainerClock
from desk_app.domain.time_source import ensure_utc

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
ZERO = timedelta(0)


def expiry_by_hours(clock: DetainerClock, start: datetime) -> datetime:
    """The instant `clock.limit` of counted time has passed since `start`, hour by hour."""
    instant = ensure_utc(start)
    remaining = clock.limit
    if not clock.calendar.excludes_anything:
        return instant + remaining
    while True:
        day = clock.local_date(instant)
        next_midnight = clock.local_midnight(day + DAY)
        if clock.calendar.is_excluded(day):
            instant = next_midnight
            continue
        step = min(HOUR, next_midnight - instant, remaining)
        instant += step
        remaining -= step
        if remaining <= ZERO:
            return instant
