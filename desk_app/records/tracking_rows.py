"""One line of the Pittsfield §E tracking sheet, and the Y/N columns derived from times.

Policy 413 §E asks whether each arrestee was "Held Overnight" and held over a
"Weekend". The desk knows the instants, so those columns are computed here, never
typed: a pure function of when the hold started, when it ended and the department's
time zone. No database, no Qt: the import and the export both build on this module.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple, Protocol, TypeVar
from zoneinfo import ZoneInfo

from desk_app.domain.clock import DetainerClock
from desk_app.domain.detainer import governing_start
from desk_app.domain.errors import FieldError
from desk_app.domain.money import parse_dollars
from desk_app.domain.stations import station_label
from desk_app.domain.vocabulary import BailDecision, ClockStart, FormType, Outcome
from desk_app.domain.wall_clock import ONE_DAY, WallClock, wall_clock

# The order and wording of the policy's columns, then the desk's own.
COLUMNS: tuple[str, ...] = (
    "Case #", "Date", "Arrestee Name", "ICE Official", "Arrest Location", "Offense(s)",
    "Detainer #", "Reason for Detainer", "Criminal History (Y/N)", "Held Overnight (Y/N)",
    "Weekend (Y/N)", "Deported (Y/N/Unknown)",
    "Form Type", "Received At", "Clock Start", "Expiry", "Resident (Y/N)", "Bail Decision",
    "ERO Notified At", "Copy Served At", "Outcome", "Closed At",
    "Reimbursement ($)", "Reimbursement Received", "Station",
)
POLICY_COLUMNS = COLUMNS[:12]
CSV_DATETIME = "%Y-%m-%d %H:%M"
UNKNOWN = "Unknown"
WEEKEND = (5, 6)  # Saturday, Sunday
# A cell starting with one of these is run as a formula by Excel, LibreOffice or
# Google Sheets (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | date | datetime | None
CalendarDay = date  # for TrackingRow, whose field `date` hides the type in its body
E = TypeVar("E", bound=StrEnum)


class TrackedDetainer(Protocol):
    """The detainer fields the sheet reads; an ORM row and a snapshot both fit."""

    @property
    def case_number(self) -> str: ...
    @property
    def subject_name(self) -> str: ...
    @property
    def issuing_officer(self) -> str: ...
    @property
    def arrest_location(self) -> str: ...
    @property
    def offenses(self) -> str: ...
    @property
    def detainer_number(self) -> str: ...
    @property
    def reason_for_detainer(self) -> str: ...
    @property
    def criminal_history(self) -> bool: ...
    @property
    def deported(self) -> bool | None: ...
    @property
    def form_type(self) -> FormType: ...
    @property
    def received_at(self) -> datetime: ...
    @property
    def clock_start_rule(self) -> ClockStart: ...
    @property
    def release_eligible_at(self) -> datetime | None: ...
    @property
    def resident(self) -> bool: ...
    @property
    def bail_decision(self) -> BailDecision | None: ...
    @property
    def ero_notified_at(self) -> datetime | None: ...
    @property
    def copy_served_at(self) -> datetime | None: ...
    @property
    def outcome(self) -> Outcome | None: ...
    @property
    def closed_at(self) -> datetime | None: ...

    @property
    def reimbursement_amount(self) -> Decimal: ...

    @property
    def reimbursement_received_on(self) -> date | None: ...

    @property
    def station(self) -> str: ...


class TrackingRow(NamedTuple):
    """One detainer as the analyst's sheet shows it; times are local and naive.

    A named tuple, because an export builds fifty thousand of them: it is made twice
    as fast as a frozen dataclass. `cells()`, not iteration, gives the sheet's cells.
    """

    case_number: str
    date: date
    arrestee_name: str
    ice_official: str
    arrest_location: str
    offenses: str
    detainer_number: str
    reason: str
    criminal_history: bool
    held_overnight: bool
    weekend: bool
    deported: bool | None
    form_type: str
    received_at: datetime
    clock_start: datetime | None
    expiry: datetime | None
    resident: bool
    bail_decision: str
    ero_notified_at: datetime | None
    copy_served_at: datetime | None
    outcome: str
    closed_at: datetime | None
    reimbursement: str
    reimbursement_received: CalendarDay | None
    station: str

    def cells(self) -> tuple[Cell, ...]:
        """The values in `COLUMNS` order: text, dates, naive local datetimes or None."""
        return (
            self.case_number, self.date, self.arrestee_name, self.ice_official,
            self.arrest_location, self.offenses, self.detainer_number, self.reason,
            yes_no(self.criminal_history), yes_no(self.held_overnight),
            yes_no(self.weekend), deported_word(self.deported),
            self.form_type, self.received_at, self.clock_start, self.expiry,
            yes_no(self.resident), self.bail_decision, self.ero_notified_at,
            self.copy_served_at, self.outcome, self.closed_at,
            self.reimbursement, self.reimbursement_received, station_label(self.station),
        )


def yes_no(value: bool) -> str:
    """The sheet's Y/N."""
    return "Y" if value else "N"


def deported_word(value: bool | None) -> str:
    """Y, N, or Unknown while the follow-up with ICE has not answered."""
    return UNKNOWN if value is None else yes_no(value)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """00:00 local on `day`, as a UTC instant."""
    return wall_clock(zone).midnight(day)


def held_overnight(start: datetime, end: datetime, zone: ZoneInfo) -> bool:
    """True when a local midnight falls strictly inside the hold.

    A hold from 23:00 to 00:00 exactly was not overnight; 23:00 to 00:01 was.
    """
    wall = wall_clock(zone)
    first_midnight = wall.midnight(wall.local_date(start) + ONE_DAY)
    return start < first_midnight < end


def held_over_weekend(start: datetime, end: datetime, zone: ZoneInfo) -> bool:
    """True when any moment of the hold fell on a local Saturday or Sunday.

    The span is half-open: a hold that ends at Saturday 00:00 exactly never touched
    Saturday; a hold that starts and ends at the same instant on a Sunday did.
    """
    wall = wall_clock(zone)
    end = max(end, start)
    first = wall.local_date(start)
    last = wall.local_date(end)
    if end > start and end == wall.midnight(last):
        last -= ONE_DAY
    day = first
    while day <= last:
        if day.weekday() in WEEKEND:
            return True
        day += ONE_DAY
    return False


def clock_start_of(d: TrackedDetainer) -> datetime | None:
    """The instant the 48 hours count from, or None while it has not started."""
    return governing_start(d.clock_start_rule, d.received_at, d.release_eligible_at)[0]


def held_span(d: TrackedDetainer, now: datetime) -> tuple[datetime, datetime]:
    """The hold on the detainer: clock start (or receipt) to closing (or now)."""
    start = clock_start_of(d) or d.received_at
    return start, d.closed_at or now


def sheet_time(instant: datetime | None, wall: WallClock) -> datetime | None:
    """An instant as the sheet shows it (local wall time, naive, to the minute); an
    empty cell stays empty."""
    return None if instant is None else wall.minute(instant)


def tracking_row(d: TrackedDetainer, clock: DetainerClock, now: datetime) -> TrackingRow:
    """Build the sheet line of one detainer; `now` ends the hold of an active one.

    Runs once per detainer of ten years for each export, so each instant is turned
    into local time once (the receipt is usually the clock start as well).
    """
    zone = clock.zone
    wall = wall_clock(zone)
    start, end = held_span(d, now)
    clock_start = clock_start_of(d)
    received = wall.minute(d.received_at)
    return TrackingRow(
        case_number=d.case_number,
        date=received.date(),
        arrestee_name=d.subject_name,
        ice_official=d.issuing_officer,
        arrest_location=d.arrest_location,
        offenses=d.offenses,
        detainer_number=d.detainer_number,
        reason=d.reason_for_detainer,
        criminal_history=d.criminal_history,
        held_overnight=held_overnight(start, end, zone),
        weekend=held_over_weekend(start, end, zone),
        deported=d.deported,
        form_type=d.form_type.value,
        received_at=received,
        clock_start=received if clock_start is d.received_at else sheet_time(clock_start,
                                                                              wall),
        expiry=sheet_time(clock.expiry(clock_start), wall) if clock_start else None,
        resident=d.resident,
        bail_decision=d.bail_decision.value if d.bail_decision else "",
        ero_notified_at=sheet_time(d.ero_notified_at, wall),
        copy_served_at=sheet_time(d.copy_served_at, wall),
        outcome=d.outcome.value if d.outcome else "",
        closed_at=sheet_time(d.closed_at, wall),
        reimbursement=f"{d.reimbursement_amount:.2f}" if d.reimbursement_amount else "",
        reimbursement_received=d.reimbursement_received_on,
        station=d.station,
    )


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
