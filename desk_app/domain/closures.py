"""Which local calendar days do not count towards a detainer's 48 hours, and why.

8 CFR 287.7(d) counts 48 hours "excluding Saturdays, Sundays, and holidays". The
holidays are those of `holidays.US(subdiv=...)` with observed dates, plus any closure
dates a department adds (e.g. Evacuation Day for a Suffolk County department).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import holidays


@dataclass(frozen=True)
class ExtraClosure:
    """A day a department's courts or offices are closed beyond the state holidays."""

    day: date
    name: str


@dataclass(frozen=True)
class ClosureCalendar:
    """The rule for excluded days: weekends, state holidays and extra closures."""

    country: str = "US"
    subdivision: str | None = "MA"
    exclude_weekends: bool = True
    exclude_holidays: bool = True
    extra_closures: tuple[ExtraClosure, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        # Fail here, with a sentence, rather than deep inside the clock.
        try:
            holidays.country_holidays(self.country, subdiv=self.subdivision, years=2026)
        except (NotImplementedError, KeyError) as exc:
            where = f"{self.country}/{self.subdivision}" if self.subdivision else self.country
            raise ValueError(f"unknown holiday region {where!r}") from exc

    @cached_property
    def _holidays(self) -> holidays.HolidayBase:
        return holidays.country_holidays(self.country, subdiv=self.subdivision, observed=True)

    @cached_property
    def _extra(self) -> dict[date, str]:
        return {c.day: c.name for c in self.extra_closures}

    def reason_excluded(self, day: date) -> str | None:
        """Why `day` is excluded from the count ("weekend", a holiday's name), or None."""
        if self.exclude_weekends and day.weekday() >= 5:
            return "weekend"
        if self.exclude_holidays:
            name = self._holidays.get(day)
            if name:
                return str(name)
        return self._extra.get(day)

    def is_excluded(self, day: date) -> bool:
        """True when `day` does not count towards the detainer's hours."""
        return self.reason_excluded(day) is not None

    @property
    def excludes_anything(self) -> bool:
        """False when the clock is plain real time (exclusions off)."""
        return self.exclude_weekends or self.exclude_holidays or bool(self.extra_closures)
