"""Reading and showing instants the way the desk types and reads them."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

NONE = "—"  # an empty value, on screen and on paper


def parse_local(text: str, zone: ZoneInfo) -> datetime:
    """ISO 8601 with or without an offset; without one it is local to `zone`.

    Raises ValueError with a sentence a user can act on.
    """
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"'{text}' is not a date and time; write it like "
                         "2026-11-25T14:00 or 2026-11-25T14:00-05:00") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value


def format_duration(span: timedelta) -> str:
    """"hh:mm:ss" under a day, "1 d 14 h" above: the board's countdown wording."""
    seconds = max(int(span.total_seconds()), 0)
    if seconds >= 86400:
        days, rest = divmod(seconds, 86400)
        return f"{days} d {rest // 3600} h"
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def format_local(instant: datetime, zone: ZoneInfo, with_year: bool = False) -> str:
    """"Mon 30 Nov 14:00": weekday, date and time in the department's zone."""
    local = instant.astimezone(zone)
    year = f" {local.year}" if with_year else ""
    return f"{local:%a} {local.day} {local:%b}{year} {local:%H:%M}"


def format_instant(instant: datetime | None, zone: ZoneInfo) -> str:
    """An instant as the desk reads it: "Wed 25 Nov 2026 14:00 EST" in the local zone."""
    if instant is None:
        return NONE
    local = instant.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y %H:%M} {local.tzname()}"


def isolate(text: str) -> str:
    """Wrap a name in Unicode first-strong isolates so an Arabic name keeps its own
    direction without turning the whole line right-to-left."""
    return f"\u2068{text}\u2069"
