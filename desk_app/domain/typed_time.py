"""A date and time typed the way a desk officer writes it: "1920", "19:20", "12/06 1920",
"12/06/2026 7:20", "2026-12-06 19:20" or just "12/06".

Pure parsing: `parse_typed_time` returns the date and the time it could read (either
may be missing) or None while the text is not yet a date or a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

_TIME = r"(?P<hour>\d{1,2}):?(?P<minute>\d{2})"
_US_DATE = r"(?P<month>\d{1,2})/(?P<day>\d{1,2})(?:/(?P<year>\d{2}|\d{4}))?"
_ISO_DATE = r"(?P<iyear>\d{4})-(?P<imonth>\d{1,2})-(?P<iday>\d{1,2})"
_PATTERNS = [re.compile(rf"^{_TIME}$"),
             re.compile(rf"^(?:{_US_DATE}|{_ISO_DATE})(?:\s+{_TIME})?$")]


@dataclass(frozen=True)
class TypedTime:
    """What was read: a date (None: today's), a time (None: keep the field's)."""

    day: date | None
    clock: time | None


def parse_typed_time(text: str, today: date) -> TypedTime | None:
    """Read `text` as a date and/or a time; None if it is not (yet) one.

    A date without a year is in `today`'s year; a two-digit year is in the 2000s."""
    text = " ".join(text.split())
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        parts = match.groupdict()
        try:
            clock = (time(int(parts["hour"]), int(parts["minute"]))
                     if parts.get("hour") else None)
            day = _day(parts, today)
        except ValueError:
            return None
        return TypedTime(day, clock)
    return None


def _day(parts: dict[str, str | None], today: date) -> date | None:
    if parts.get("iyear"):
        return date(int(parts["iyear"] or 0), int(parts["imonth"] or 0),
                    int(parts["iday"] or 0))
    if not parts.get("month"):
        return None
    year_text = parts.get("year")
    year = today.year if not year_text else int(year_text) + (2000 if len(year_text) == 2
                                                              else 0)
    return date(year, int(parts["month"] or 0), int(parts["day"] or 0))
