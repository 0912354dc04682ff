"""The worked example of the README: Thanksgiving week."""

from datetime import datetime
from zoneinfo import ZoneInfo

from desk_app.domain.clock import DetainerClock

NY = ZoneInfo("America/New_York")


def test_thanksgiving_and_weekend_are_skipped() -> None:
    """A fax on the Wednesday before Thanksgiving must not expire on the Friday."""
    clock = DetainerClock()
    expiry = clock.expiry(datetime(2026, 11, 25, 14, tzinfo=NY))
    assert expiry.astimezone(NY).isoformat() == "2026-11-30T14:00:00-05:00"
