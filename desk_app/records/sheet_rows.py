"""Reading the cells of a tracking sheet back: dates, Y/N flags, money and choices.

The import (tracking_import.py) reads each row of a CSV or XLSX sheet through
`SheetRow`, which collects every error of the row in plain words instead of stopping at
the first. The columns and the computed lines of the sheet are in
`domain.tracking_rows`; this half stays in records/ because Excel's serial dates are
converted by openpyxl.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

from desk_app.domain.errors import FieldError
from desk_app.domain.money import parse_dollars
from desk_app.domain.tracking_rows import FORMULA_STARTS, yes_no

E = TypeVar("E", bound=StrEnum)

# -- reading a sheet back ----------------------------------------------------------

DATE_FORMATS = ("%m/%d/%Y",)
DATETIME_FORMATS = ("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p",
                    "%m/%d/%Y %I:%M:%S %p")
DATE_HINT = "use 2026-11-25 or 11/25/2026"
DATETIME_HINT = "use 2026-11-25 14:30 or 11/25/2026 2:30 PM"
YES = frozenset({"y", "yes", "true"})
NO = frozenset({"n", "no", "false"})
MAX_CELL = 32767  # Excel's own limit for the text of one cell


def shown(text: str, limit: int = 40) -> str:
    """A cell's text as quoted in a message: cut short, so a huge cell is not echoed."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def cell_text(value: object) -> str:
    """A cell as trimmed text; undoes the apostrophe the export put before a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def parse_local_time(value: object) -> datetime:
    """A sheet date-time (ISO, US m/d/Y, or an Excel date) as a naive local time."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0))
    if isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel  # only an import reads Excel

        try:  # an Excel serial day number; past 31 Dec 9999 (or NaN) it is no date
            converted = from_excel(value) if value >= 1 else None
        except (OverflowError, ValueError):
            converted = None
        if isinstance(converted, datetime):
            return converted
        raise ValueError(f"{value} is not a date and time; {DATETIME_HINT}")
    text = cell_text(value)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for fmt in DATE_FORMATS + DATETIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(f"'{shown(text)}' is not a date and time; {DATETIME_HINT}")


def parse_day(value: object) -> date:
    """A sheet date (ISO, US m/d/Y, or an Excel date)."""
    try:
        return parse_local_time(value).date()
    except ValueError:
        raise ValueError(f"'{shown(cell_text(value))}' is not a date; {DATE_HINT}") from None


# A sheet's dates are of detainers: a year outside these is a typing error, and year 1
# or 9999 cannot even be moved to another time zone.
FIRST_SHEET_YEAR, LAST_SHEET_YEAR = 1900, 2999
_YEARS = ("{0} is not a date of a detainer (the desk counts years "
          f"{FIRST_SHEET_YEAR} to {LAST_SHEET_YEAR}); enter the real date")


class SheetRow:
    """One row of an imported sheet: typed reads of its cells, and what was wrong.

    Each read records a problem against its column instead of raising, so that one
    pass over the file reports every bad cell at once.
    """

    def __init__(self, number: int, cells: dict[str, object], zone: ZoneInfo) -> None:
        self.number = number
        self.cells = dict(cells)
        self.zone = zone
        self.problems: list[tuple[str, str]] = []
        for column, value in cells.items():  # refused once here, then read as empty
            if isinstance(value, str) and len(value) > MAX_CELL:
                self.error(column, f"holds {len(value):,} characters, more than a cell "
                                   f"can ({MAX_CELL:,}); check the file")
                self.cells[column] = None

    def has(self, column: str) -> bool:
        """True when the sheet has this column at all."""
        return column in self.cells

    def failed(self, column: str) -> bool:
        """True when a problem was already recorded for this column."""
        return any(c == column for c, _ in self.problems)

    def error(self, column: str, reason: str) -> None:
        """Record a problem with one cell."""
        self.problems.append((column, reason))

    def text(self, column: str, required: bool = False) -> str:
        """The cell's text; a required empty cell is a problem."""
        text = cell_text(self.cells.get(column))
        if required and not text and not self.failed(column):
            self.error(column, "is empty; every row needs one")
        return text

    def flag(self, column: str, required: bool = False) -> bool | None:
        """Y or N (yes/no too); None when empty and not required."""
        text = self.text(column, required).casefold()
        if text in YES:
            return True
        if text in NO:
            return False
        if text:
            self.error(column, f"'{shown(self.text(column))}' is not Y or N")
        return None

    def deported(self, column: str) -> bool | None:
        """Y, N, or Unknown (empty also means unknown)."""
        text = self.text(column).casefold()
        if text in ("", "unknown", "u"):
            return None
        return self.flag(column)

    def day(self, column: str, required: bool = False) -> date | None:
        """A calendar date, or None when empty."""
        if not self.text(column, required):
            return None
        try:
            day = parse_day(self.cells[column])
        except ValueError as exc:
            self.error(column, str(exc))
            return None
        if not FIRST_SHEET_YEAR <= day.year <= LAST_SHEET_YEAR:
            self.error(column, _YEARS.format(day.isoformat()))
            return None
        return day

    def when(self, column: str) -> datetime | None:
        """A local date-time on the sheet as a UTC instant, or None when empty."""
        if not self.text(column):
            return None
        try:
            local = parse_local_time(self.cells[column])
        except ValueError as exc:
            self.error(column, str(exc))
            return None
        if not FIRST_SHEET_YEAR <= local.year <= LAST_SHEET_YEAR:
            self.error(column, _YEARS.format(local.date().isoformat()))
            return None
        if local.tzinfo is None:
            local = local.replace(tzinfo=self.zone)
        try:
            return local.astimezone(UTC)
        except OverflowError:  # 0001-01-01 or 9999-12-31 shifted out of the calendar
            self.error(column, f"{local:%Y-%m-%d} is not a date the desk can count from; "
                               f"{DATETIME_HINT}")
            return None

    def money(self, column: str) -> Decimal:
        """Exact dollars ("1250.50", "$1,250.50"); 0 when empty."""
        text = self.text(column)
        if not text:
            return Decimal("0.00")
        try:
            return parse_dollars(text, column)
        except FieldError as error:
            self.error(column, error.message)
            return Decimal("0.00")

    def choice(self, column: str, kind: type[E], required: bool = False) -> E | None:
        """One of a fixed set of words (case does not matter), or None when empty."""
        text = self.text(column, required)
        if not text:
            return None
        for member in kind:
            if member.value.casefold() == text.casefold():
                return member
        allowed = ", ".join(m.value for m in kind)
        self.error(column, f"'{shown(text)}' is not one of: {allowed}")
        return None
