"""The memoised wall clock must give exactly what `astimezone` gives, DST days included."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.wall_clock import WallClock, wall_clock

EASTERN = ZoneInfo("America/New_York")
# Zones with unusual changes: a 30-minute DST (Lord Howe), a change at midnight
# (Santiago, Havana), a whole skipped day (Apia, 30 Dec 2011), no DST at all (Phoenix).
ZONES = [EASTERN, ZoneInfo("Australia/Lord_Howe"), ZoneInfo("America/Santiago"),
         ZoneInfo("America/Havana"), ZoneInfo("Pacific/Apia"), ZoneInfo("America/Phoenix")]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_minute_is_local_naive_and_cut_to_the_minute() -> None:
    wall = WallClock(EASTERN)
    assert wall.minute(utc(2026, 11, 25, 19, 0, 59, 999)) == datetime(2026, 11, 25, 14, 0)
    assert wall.minute(utc(2026, 7, 1, 3, 30)) == datetime(2026, 6, 30, 23, 30)


def test_the_hour_before_and_after_each_change_of_the_clocks() -> None:
    wall = WallClock(EASTERN)
    # Spring forward: 2026-03-08 02:00 EST becomes 03:00 EDT (07:00 UTC).
    assert wall.minute(utc(2026, 3, 8, 6, 59)) == datetime(2026, 3, 8, 1, 59)
    assert wall.minute(utc(2026, 3, 8, 7, 0)) == datetime(2026, 3, 8, 3, 0)
    # Fall back: 2026-11-01 02:00 EDT becomes 01:00 EST (06:00 UTC); 01:30 twice.
    assert wall.minute(utc(2026, 11, 1, 5, 30)) == datetime(2026, 11, 1, 1, 30)
    assert wall.minute(utc(2026, 11, 1, 6, 30)) == datetime(2026, 11, 1, 1, 30)
    assert wall.offset(utc(2026, 11, 1, 5, 59)) == timedelta(hours=-4)
    assert wall.offset(utc(2026, 11, 1, 6, 0)) == timedelta(hours=-5)


def test_local_date_turns_at_local_midnight_not_utc_midnight() -> None:
    wall = WallClock(EASTERN)
    assert wall.local_date(utc(2026, 11, 26, 4, 59)) == date(2026, 11, 25)
    assert wall.local_date(utc(2026, 11, 26, 5, 0)) == date(2026, 11, 26)


def test_midnight_is_the_utc_instant_of_local_midnight() -> None:
    wall = WallClock(EASTERN)
    assert wall.midnight(date(2026, 11, 26)) == utc(2026, 11, 26, 5)
    assert wall.midnight(date(2026, 7, 4)) == utc(2026, 7, 4, 4)
    assert wall.midnight(date(2026, 7, 4)) is wall.midnight(date(2026, 7, 4))  # memo


def test_an_instant_in_another_zone_is_read_as_the_same_instant() -> None:
    wall = WallClock(EASTERN)
    berlin = datetime(2026, 11, 25, 20, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    plus_two = datetime(2026, 11, 25, 21, 0, tzinfo=timezone(timedelta(hours=2)))
    assert wall.minute(berlin) == wall.minute(plus_two) == datetime(2026, 11, 25, 14, 0)


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        WallClock(EASTERN).minute(datetime(2026, 11, 25, 14, 0))


def test_one_wall_clock_per_zone_is_shared() -> None:
    assert wall_clock(EASTERN) is wall_clock(ZoneInfo("America/New_York"))


@settings(max_examples=400, deadline=None)
@given(zone=st.sampled_from(ZONES),
       instant=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1),
                            timezones=st.just(UTC)))
def test_the_same_answers_as_astimezone_in_any_zone(zone: ZoneInfo,
                                                    instant: datetime) -> None:
    wall = wall_clock(zone)
    local = instant.astimezone(zone)
    assert wall.offset(instant) == local.utcoffset()
    assert wall.local_date(instant) == local.date()
    assert wall.minute(instant) == local.replace(tzinfo=None, second=0, microsecond=0)
    day = local.date()
    assert wall.midnight(day) == datetime(day.year, day.month, day.day,
                                          tzinfo=zone).astimezone(UTC)
