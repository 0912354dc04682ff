"""How many detainers ICE says it sent, month by month, beside how many the desk logged.

In 2025 a city's police logged 15 detainers for a year in which ICE said it had sent
198: faxes that reached the wrong tray were never logged. ICE's own detainer records
(published by the Deportation Data Project: one row per detainer, with its prepare date
and the facility code it was sent to) give the other side of the count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class MonthCount:
    """One month: ICE's count, the desk's, and how many more ICE counted."""

    month: str  # "2025-01"
    ice_sent: int
    desk_logged: int

    @property
    def missing(self) -> int:
        """Detainers ICE counted that the desk has no record of (never below zero)."""
        return max(0, self.ice_sent - self.desk_logged)


def month_of(day: date) -> str:
    """'YYYY-MM' of a day."""
    return f"{day.year:04d}-{day.month:02d}"


def month_by_month(ice_days: Iterable[date], desk_days: Iterable[date]) -> list[MonthCount]:
    """Every month from ICE's first to its last record (and the desk's within them)."""
    ice = Counter(month_of(d) for d in ice_days)
    desk = Counter(month_of(d) for d in desk_days)
    if not ice:
        return []
    first, last = min(ice), max(ice)
    months = []
    year, month = int(first[:4]), int(first[5:])
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        months.append(MonthCount(key, ice[key], desk[key]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
