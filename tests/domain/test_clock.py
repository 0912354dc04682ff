"""The detainer clock: 48 counted hours, skipping weekends, MA holidays and extra closures.

Every expected value below was worked out by hand, day by day, in America/New_York.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.clock import DetainerClock, ExcludedDay
from desk_app.domain.closures import ClosureCalendar, ExtraClosure

NY = ZoneInfo("America/New_York")
H = timedelta(hours=1)

MA = DetainerClock()
NO_EXCLUSIONS = DetainerClock(
    calendar=ClosureCalendar(exclude_weekends=False, exclude_holidays=False)
)
HOLIDAYS_ONLY = DetainerClock(calendar=ClosureCalendar(exclude_weekends=False))
FEDERAL_ONLY = DetainerClock(calendar=ClosureCalendar(subdivision=None))
SUFFOLK = DetainerClock(
    calendar=ClosureCalendar(
        extra_closures=(
            ExtraClosure(date(2026, 3, 17), "Evacuation Day"),
            ExtraClosure(date(2026, 6, 17), "Bunker Hill Day"),
        )
    )
)


def ny(*args: int) -> datetime:
    """A New York wall-clock instant."""
    return datetime(*args, tzinfo=NY)


def local_iso(instant: datetime) -> str:
    """The instant as the board shows it: New York time with its offset."""
    return instant.astimezone(NY).isoformat()


def labels(clock: DetainerClock, start: datetime) -> list[str]:
    """The excluded-day labels between a start and its expiry."""
    return [d.label() for d in clock.excluded_days(start, clock.expiry(start))]


# --- Monday holidays -------------------------------------------------------------


def test_mlk_day_monday_is_skipped() -> None:
    """A Friday fax before MLK Day must not expire on Tuesday afternoon."""
    start = ny(2026, 1, 16, 15)  # Fri: 9 h; Sat, Sun, Mon 19 Jan out; Tue 24 h; Wed 15 h
    assert local_iso(MA.expiry(start)) == "2026-01-21T15:00:00-05:00"
    assert labels(MA, start) == [
        "Sat 17 Jan: weekend",
        "Sun 18 Jan: weekend",
        "Mon 19 Jan: Martin Luther King Jr. Day",
    ]


def test_patriots_day_is_skipped_in_massachusetts() -> None:
    """A Massachusetts desk must not lose Patriots' Day and release a day early."""
    start = ny(2026, 4, 17, 9, 30)  # Fri 14.5 h; Sat-Mon out; Tue 24 h; Wed 9.5 h
    assert local_iso(MA.expiry(start)) == "2026-04-22T09:30:00-04:00"
    assert labels(MA, start)[-1] == "Mon 20 Apr: Patriots' Day"


def test_patriots_day_counts_outside_massachusetts() -> None:
    """A department with no state holidays must not skip a Massachusetts-only holiday."""
    start = ny(2026, 4, 17, 9, 30)  # Fri 14.5 h; Mon 24 h; Tue 9.5 h
    assert local_iso(FEDERAL_ONLY.expiry(start)) == "2026-04-21T09:30:00-04:00"


# --- Observed and unmoved holidays ------------------------------------------------


def test_sunday_independence_day_is_observed_on_monday() -> None:
    """Independence Day on a Sunday must also close Monday 5 July 2027."""
    start = ny(2027, 7, 2, 12)  # Fri 12 h; Sat, Sun, Mon (observed) out; Tue 24 h; Wed 12 h
    assert local_iso(MA.expiry(start)) == "2027-07-07T12:00:00-04:00"
    assert labels(MA, start)[-1] == "Mon 5 Jul: Independence Day (observed)"


def test_saturday_independence_day_does_not_close_friday() -> None:
    """Massachusetts does not move a Saturday holiday, so Friday 3 July 2026 counts."""
    start = ny(2026, 7, 2, 12)  # Thu 12 h; Fri 24 h; Sat, Sun out; Mon 12 h
    assert local_iso(MA.expiry(start)) == "2026-07-06T12:00:00-04:00"
    skipped = [d.day for d in MA.excluded_days(start, MA.expiry(start))]
    assert skipped == [date(2026, 7, 4), date(2026, 7, 5)]


def test_saturday_juneteenth_does_not_close_friday() -> None:
    """Juneteenth on Saturday 19 June 2027 must not give the desk a free Friday."""
    assert not MA.calendar.is_excluded(date(2027, 6, 18))
    assert MA.calendar.is_excluded(date(2027, 6, 19))


def test_thanksgiving_is_skipped_but_the_friday_after_counts() -> None:
    """A Tuesday fax in Thanksgiving week expires on Friday, not the following Monday."""
    start = ny(2026, 11, 24, 16)  # Tue 8 h; Wed 24 h; Thu out; Fri 16 h
    assert local_iso(MA.expiry(start)) == "2026-11-27T16:00:00-05:00"
    assert labels(MA, start) == ["Thu 26 Nov: Thanksgiving Day"]


# --- Starts on excluded days -------------------------------------------------------


def test_start_on_saturday_counts_from_monday_midnight() -> None:
    """A Saturday fax must not start counting until 00:00 Monday."""
    start = ny(2026, 3, 14, 10)  # Mon 16 Mar 00:00 + 48 h
    assert local_iso(MA.expiry(start)) == "2026-03-18T00:00:00-04:00"
    assert MA.counted_between(start, ny(2026, 3, 16)) == timedelta(0)


def test_start_on_holiday_counts_from_next_day_midnight() -> None:
    """A fax on MLK Day must start counting at 00:00 Tuesday, not at the fax time."""
    start = ny(2026, 1, 19, 11)  # Tue 20 Jan 00:00 + 48 h
    assert local_iso(MA.expiry(start)) == "2026-01-22T00:00:00-05:00"
    assert labels(MA, start) == ["Mon 19 Jan: Martin Luther King Jr. Day"]


# --- Daylight-saving weekends ------------------------------------------------------


def test_friday_before_spring_forward() -> None:
    """The lost hour on Sunday 8 March must not shift a Friday fax's expiry."""
    start = ny(2026, 3, 6, 10)  # Fri 14 h; Sat, Sun out; Mon 24 h; Tue 10 h
    expiry = MA.expiry(start)
    assert local_iso(expiry) == "2026-03-10T10:00:00-04:00"
    assert expiry - start == 95 * H  # four calendar days less the lost hour


def test_friday_before_fall_back() -> None:
    """The extra hour on Sunday 1 November must not shift a Friday fax's expiry."""
    start = ny(2026, 10, 30, 10)  # Fri 14 h; Sat, Sun out; Mon 24 h; Tue 10 h
    expiry = MA.expiry(start)
    assert local_iso(expiry) == "2026-11-03T10:00:00-05:00"
    assert expiry - start == 97 * H


def test_start_in_the_small_hours_of_spring_forward_sunday() -> None:
    """A fax at 01:30 on the DST Sunday counts from Monday 00:00 EDT."""
    start = ny(2026, 3, 8, 1, 30)
    assert local_iso(MA.expiry(start)) == "2026-03-11T00:00:00-04:00"


def test_exclusions_off_spring_forward_is_48_real_hours() -> None:
    """With exclusions off, the wall clock reads an hour later after spring forward."""
    start = ny(2026, 3, 6, 12)
    expiry = NO_EXCLUSIONS.expiry(start)
    assert local_iso(expiry) == "2026-03-08T13:00:00-04:00"
    assert expiry - start == 48 * H


def test_exclusions_off_fall_back_is_48_real_hours() -> None:
    """With exclusions off, the wall clock reads an hour earlier after fall back."""
    start = ny(2026, 10, 30, 12)
    expiry = NO_EXCLUSIONS.expiry(start)
    assert local_iso(expiry) == "2026-11-01T11:00:00-05:00"
    assert NO_EXCLUSIONS.excluded_days(start, expiry) == []


def test_counted_23_hour_day_is_23_hours() -> None:
    """When weekends count, the 23-hour DST Sunday must count 23 hours, not 24."""
    start = ny(2026, 3, 7, 12)  # Sat 12 h; Sun 23 h; Mon 13 h
    assert local_iso(HOLIDAYS_ONLY.expiry(start)) == "2026-03-09T13:00:00-04:00"
    assert HOLIDAYS_ONLY.counted_between(ny(2026, 3, 8), ny(2026, 3, 9)) == 23 * H


def test_counted_25_hour_day_is_25_hours() -> None:
    """When weekends count, the 25-hour DST Sunday must count 25 hours, not 24."""
    start = ny(2026, 10, 31, 12)  # Sat 12 h; Sun 25 h; Mon 11 h
    assert local_iso(HOLIDAYS_ONLY.expiry(start)) == "2026-11-02T11:00:00-05:00"
    assert HOLIDAYS_ONLY.counted_between(ny(2026, 11, 1), ny(2026, 11, 2)) == 25 * H


# --- Midnight boundaries -----------------------------------------------------------


def test_start_exactly_at_midnight() -> None:
    """A fax logged at 00:00 Wednesday expires at 00:00 Friday, not a minute off."""
    start = ny(2026, 9, 9)
    assert local_iso(MA.expiry(start)) == "2026-09-11T00:00:00-04:00"


def test_expiry_at_midnight_before_weekend_is_saturday_not_monday() -> None:
    """Hours used up at the end of Friday expire at Sat 00:00, not Monday."""
    start = ny(2026, 9, 10)
    expiry = MA.expiry(start)
    assert local_iso(expiry) == "2026-09-12T00:00:00-04:00"
    assert MA.counted_between(start, expiry) == MA.limit
    assert MA.counted_between(start, expiry - timedelta(microseconds=1)) < MA.limit


def test_window_ending_at_saturday_midnight_lists_no_weekend() -> None:
    """A detainer that expired at Sat 00:00 must not show Saturday as a skipped day."""
    start = ny(2026, 9, 10)
    assert MA.excluded_days(start, MA.expiry(start)) == []


def test_start_exactly_at_saturday_midnight() -> None:
    """A fax at 00:00 Saturday counts from Monday, and the weekend shows as skipped."""
    start = ny(2026, 9, 12)
    assert local_iso(MA.expiry(start)) == "2026-09-16T00:00:00-04:00"
    assert labels(MA, start) == ["Sat 12 Sep: weekend", "Sun 13 Sep: weekend"]


def test_start_one_second_before_weekend() -> None:
    """A fax at 23:59:59 Friday counts one second on Friday, the rest from Monday."""
    start = ny(2026, 9, 11, 23, 59, 59)  # 1 s Fri; Mon 24 h; Tue 24 h - 1 s
    assert local_iso(MA.expiry(start)) == "2026-09-15T23:59:59-04:00"


# --- Year end ----------------------------------------------------------------------


def test_christmas_eve_fax() -> None:
    """A Christmas Eve fax skips Christmas and the weekend, expiring Tuesday 29 Dec."""
    start = ny(2026, 12, 24, 9)  # Thu 15 h; Fri-Sun out; Mon 24 h; Tue 9 h
    assert local_iso(MA.expiry(start)) == "2026-12-29T09:00:00-05:00"
    assert labels(MA, start)[0] == "Fri 25 Dec: Christmas Day"


def test_new_year_crossing() -> None:
    """A fax on 30 December skips New Year's Day and expires on Monday 4 January."""
    start = ny(2026, 12, 30, 18)  # Wed 6 h; Thu 24 h; Fri 1 Jan-Sun out; Mon 18 h
    assert local_iso(MA.expiry(start)) == "2027-01-04T18:00:00-05:00"
    assert labels(MA, start) == [
        "Fri 1 Jan: New Year's Day",
        "Sat 2 Jan: weekend",
        "Sun 3 Jan: weekend",
    ]


def test_saturday_christmas_does_not_close_christmas_eve() -> None:
    """Christmas on Saturday 2027 is not moved, so Friday 24 December counts."""
    start = ny(2027, 12, 23, 12)  # Thu 12 h; Fri 24 h; Sat, Sun out; Mon 12 h
    assert local_iso(MA.expiry(start)) == "2027-12-27T12:00:00-05:00"


# --- Extra closure dates -----------------------------------------------------------


def test_evacuation_day_extends_a_suffolk_clock() -> None:
    """A Suffolk County desk must skip Evacuation Day (17 March)."""
    start = ny(2026, 3, 14, 10)  # Sat: counts from Mon; Mon 24 h; Tue 17 out; Wed 24 h
    assert local_iso(SUFFOLK.expiry(start)) == "2026-03-19T00:00:00-04:00"
    assert labels(SUFFOLK, start)[-1] == "Tue 17 Mar: Evacuation Day"
    assert local_iso(MA.expiry(start)) == "2026-03-18T00:00:00-04:00"


def test_bunker_hill_day_and_juneteenth_in_one_week() -> None:
    """Bunker Hill Day, Juneteenth and a weekend all fall inside one Suffolk window."""
    start = ny(2026, 6, 16, 12)  # Tue 12 h; Wed out; Thu 24 h; Fri-Sun out; Mon 12 h
    assert local_iso(SUFFOLK.expiry(start)) == "2026-06-22T12:00:00-04:00"
    assert labels(SUFFOLK, start) == [
        "Wed 17 Jun: Bunker Hill Day",
        "Fri 19 Jun: Juneteenth National Independence Day",
        "Sat 20 Jun: weekend",
        "Sun 21 Jun: weekend",
    ]


def test_extra_closure_alone_turns_exclusions_on() -> None:
    """A profile with only an extra closure date must still skip that date."""
    clock = DetainerClock(
        calendar=ClosureCalendar(
            exclude_weekends=False,
            exclude_holidays=False,
            extra_closures=(ExtraClosure(date(2026, 3, 17), "Evacuation Day"),),
        )
    )
    start = ny(2026, 3, 16, 12)  # Mon 12 h; Tue out; Wed 24 h; Thu 12 h
    assert local_iso(clock.expiry(start)) == "2026-03-19T12:00:00-04:00"


# --- time_left, labels, counted_between -------------------------------------------


def test_time_left_during_thanksgiving() -> None:
    """On Thanksgiving the board shows 16 counted hours left but 28 wall-clock hours."""
    start = ny(2026, 11, 24, 16)  # expires Fri 27 Nov 16:00
    left = MA.time_left(start, ny(2026, 11, 26, 12))
    assert left.counted == 16 * H
    assert left.wall == 28 * H
    assert not left.expired


def test_time_left_one_second_before_and_at_expiry() -> None:
    """The board must not flag a detainer as expired a second early, nor miss it on time."""
    start = ny(2026, 11, 24, 16)
    expiry = MA.expiry(start)
    before = MA.time_left(start, expiry - timedelta(seconds=1))
    assert before.counted == before.wall == timedelta(seconds=1)
    assert not before.expired
    at = MA.time_left(start, expiry)
    assert at.counted == at.wall == timedelta(0)
    assert at.expired


def test_time_left_after_expiry_is_zero_not_negative() -> None:
    """Long after expiry the board shows zero left, never a negative countdown."""
    start = ny(2026, 11, 24, 16)
    left = MA.time_left(start, ny(2026, 12, 10))
    assert left.counted == left.wall == timedelta(0)
    assert left.expired


def test_time_left_counted_time_stands_still_over_weekend() -> None:
    """Over a weekend the counted time left must not move while wall time runs down."""
    start = ny(2026, 9, 11, 10)  # Fri 14 h counted by Sat 00:00
    sat, sun = MA.time_left(start, ny(2026, 9, 12, 9)), MA.time_left(start, ny(2026, 9, 13, 21))
    assert sat.counted == sun.counted == 34 * H
    assert sat.wall - sun.wall == 36 * H


def test_excluded_day_label_wording() -> None:
    """The board's skipped-day wording is "Thu 26 Nov: Thanksgiving Day"."""
    assert ExcludedDay(date(2026, 11, 26), "Thanksgiving Day").label() == (
        "Thu 26 Nov: Thanksgiving Day"
    )


def test_counted_between_skips_weekend() -> None:
    """Friday noon to Monday 06:00 counts 18 hours, not 66."""
    assert MA.counted_between(ny(2026, 11, 20, 12), ny(2026, 11, 23, 6)) == 18 * H


def test_counted_between_end_before_start_is_zero() -> None:
    """An end before the start (a mistyped time) counts nothing rather than negative."""
    assert MA.counted_between(ny(2026, 11, 23, 6), ny(2026, 11, 20, 12)) == timedelta(0)


def test_counted_between_inside_a_weekend_is_zero() -> None:
    """Time spent entirely inside a weekend does not count at all."""
    assert MA.counted_between(ny(2026, 11, 21, 1), ny(2026, 11, 22, 23)) == timedelta(0)


def test_start_in_another_zone_gives_the_same_instant() -> None:
    """A start stored in UTC must give the same expiry as the same instant in New York."""
    start = ny(2026, 11, 24, 16)
    assert MA.expiry(start.astimezone(UTC)) == MA.expiry(start)


def test_naive_start_is_refused() -> None:
    """A time with no zone must be refused, not silently read as UTC or local."""
    with pytest.raises(ValueError, match="naive"):
        MA.expiry(datetime(2026, 11, 24, 16))


def test_limit_must_be_positive() -> None:
    """A profile with a zero-hour limit is refused instead of flagging everyone at once."""
    with pytest.raises(ValueError):
        DetainerClock(hours=0)


# --- Properties --------------------------------------------------------------------

CLOCKS = st.sampled_from([MA, NO_EXCLUSIONS, HOLIDAYS_ONLY, FEDERAL_ONLY, SUFFOLK])
ZONES = st.sampled_from([NY, UTC, ZoneInfo("America/Los_Angeles"), ZoneInfo("Europe/London")])
STARTS = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=ZONES
)
HOURS = st.sampled_from([1, 24, 48, 72.5])


def _with_hours(clock: DetainerClock, hours: float) -> DetainerClock:
    return DetainerClock(hours=hours, zone=clock.zone, calendar=clock.calendar)


@settings(deadline=None, max_examples=300)
@given(clock=CLOCKS, hours=HOURS, start=STARTS)
def test_expiry_never_before_real_limit(
    clock: DetainerClock, hours: float, start: datetime
) -> None:
    """Skipping days can only lengthen a detainer, never shorten it below the limit."""
    clock = _with_hours(clock, hours)
    # Add in UTC: aware-datetime + timedelta in one ZoneInfo is wall-clock arithmetic.
    assert clock.expiry(start) >= start.astimezone(UTC) + clock.limit


@settings(deadline=None, max_examples=300)
@given(
    clock=CLOCKS,
    start=STARTS,
    later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10)),
)
def test_later_start_never_expires_earlier(
    clock: DetainerClock, start: datetime, later: timedelta
) -> None:
    """A fax received later must never expire before one received earlier."""
    assert clock.expiry(start.astimezone(UTC) + later) >= clock.expiry(start)


@settings(deadline=None, max_examples=300)
@given(clock=CLOCKS, hours=HOURS, start=STARTS)
def test_expiry_is_earliest_instant_reaching_limit(
    clock: DetainerClock, hours: float, start: datetime
) -> None:
    """At expiry exactly the limit has been counted; one second earlier it has not."""
    clock = _with_hours(clock, hours)
    expiry = clock.expiry(start)
    assert clock.counted_between(start, expiry) == clock.limit
    assert clock.counted_between(start, expiry - timedelta(seconds=1)) < clock.limit


@settings(deadline=None, max_examples=300)
@given(clock=CLOCKS, start=STARTS)
def test_expiry_falls_on_an_included_day_or_its_closing_midnight(
    clock: DetainerClock, start: datetime
) -> None:
    """The board must never show an expiry in the middle of a weekend or holiday."""
    expiry = clock.expiry(start)
    day = clock.local_date(expiry)
    if clock.calendar.is_excluded(day):
        assert expiry == clock.local_midnight(day)
        assert not clock.calendar.is_excluded(day - timedelta(days=1))
