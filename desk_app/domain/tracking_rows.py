"""One line of the Pittsfield §E tracking sheet, and the Y/N columns derived from times.

Policy 413 §E asks whether each arrestee was "Held Overnight" and held over a
"Weekend". The desk knows the instants, so those columns are computed here, never
typed: a pure function of when the hold started, when it ended and the department's
time zone. No database, no Qt: the import and the export both build on this module,
and the store's report figures use its held-overnight and weekend tests. Reading a
sheet's cells back is records/sheet_rows.py (it needs openpyxl's date conversion).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple, Protocol
from zoneinfo import ZoneInfo

from desk_app.domain.clock import DetainerClock
from desk_app.domain.detainer import governing_start
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


@dataclass(frozen=True)
class TrackingSheet:
    """The sheet to write: its lines, oldest first, and the instant they were computed
    at (the workbook's creation time). The store streams the lines (`desk.reports.
    tracking_sheet`), so ten years of detainers go to the file without all being held;
    they can be written once."""

    rows: Iterable[TrackingRow]
    made_at: datetime


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
