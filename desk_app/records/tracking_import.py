"""Bring an existing tracking sheet (CSV or XLSX) into the desk, all or nothing.

The analyst's sheet from before the desk existed becomes closed, historical
detainers. Every row is checked first; one bad row and nothing is imported, and the
report names each bad cell by its spreadsheet row (the header is row 1) and column.
Importing the same file twice adds nothing twice: a Detainer # already in the desk is
skipped and counted as already present.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm, check_form
from desk_app.domain.identifiers import canonical_number
from desk_app.domain.stations import NO_STATION
from desk_app.domain.tracking_rows import (
    COLUMNS,
    POLICY_COLUMNS,
    held_over_weekend,
    held_overnight,
    local_midnight,
    yes_no,
)
from desk_app.domain.vocabulary import (
    BailDecision,
    ClockStart,
    CustodyStatus,
    FormType,
    Outcome,
)
from desk_app.records.sheet_rows import SheetRow, shown
from desk_app.records.tracking_sheet import SheetError, read_table
from desk_app.store.desk import Desk
from desk_app.store.detainer_service import NewDetainer
from desk_app.store.import_batches import (
    ImportControl,
    NumberTakenError,
    existing_numbers,
    store_rows,
)

log = logging.getLogger(__name__)

TRANSFERS = frozenset({Outcome.TRANSFERRED_TO_ICE, Outcome.TRANSFERRED_TO_COURT})
# DetainerForm field -> the sheet column that holds it, to place check_form's errors.
FIELD_COLUMNS = {
    "detainer_number": "Detainer #", "case_number": "Case #",
    "subject_name": "Arrestee Name", "issuing_officer": "ICE Official",
    "arrest_location": "Arrest Location", "offenses": "Offense(s)",
    "reason_for_detainer": "Reason for Detainer", "form_type": "Form Type",
    "station": "Station",
}


@dataclass(frozen=True)
class ImportProblem:
    """One cell (or the whole file, row 1) that stops or qualifies the import."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"Row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class ImportReport:
    """What the import did, in words for the analyst: counts, errors, warnings."""

    imported: int
    already_present: int
    errors: tuple[ImportProblem, ...] = ()
    warnings: tuple[ImportProblem, ...] = ()

    @property
    def rows_with_errors(self) -> int:
        """How many distinct rows need correcting."""
        return len({problem.row for problem in self.errors})

    @property
    def summary(self) -> str:
        """One line: "12 rows imported" or "0 rows imported, 3 rows with errors"."""
        text = f"{self.imported} {_rows(self.imported)} imported"
        if self.errors:
            text += f", {self.rows_with_errors} {_rows(self.rows_with_errors)} with errors"
        if self.already_present:
            text += f", {self.already_present} already present"
        return text

    def lines(self) -> list[str]:
        """The summary, then every error and warning, for the import dialog."""
        return ([self.summary] + [str(p) for p in self.errors]
                + [f"{p} (warning)" for p in self.warnings])


def _rows(count: int) -> str:
    return "row" if count == 1 else "rows"


@dataclass
class _Parsed:
    row: int
    values: dict[str, Any]
    sheet_flags: dict[str, bool | None] = field(default_factory=dict)
    open_on_sheet: bool = False  # the sheet has a Closed At column, empty on this row


def import_tracking(desk: Desk, path: Path, actor: Actor,
                    control: ImportControl | None = None) -> ImportReport:
    """Check every row of the sheet at `path`, then import all of it or nothing;
    `control` reports progress and carries Cancel (ImportCancelledError, nothing kept)."""
    path = Path(path)
    try:
        header, rows = read_table(path)
    except SheetError as exc:
        return ImportReport(0, 0, (ImportProblem(exc.row, exc.column, exc.reason),))
    columns, problems = _columns(header)
    if problems:
        return ImportReport(0, 0, tuple(problems))
    now = desk.time.now()
    errors: list[ImportProblem] = []
    warnings: list[ImportProblem] = []
    parsed: list[_Parsed] = []
    first_seen: dict[str, int] = {}
    for number, cells in rows:
        sheet_row = SheetRow(number, {name: cells[i] if i < len(cells) else None
                                      for name, i in columns.items()}, desk.zone)
        item = _parse(sheet_row, desk, now)
        key = canonical_number(sheet_row.text("Detainer #"))
        if key and key in first_seen:
            sheet_row.error("Detainer #", f"{shown(key)} is also on row {first_seen[key]}; "
                                          "each detainer may appear once")
        first_seen.setdefault(key, number)
        errors.extend(ImportProblem(number, c, r) for c, r in sheet_row.problems)
        if item is not None and not sheet_row.problems:
            item.open_on_sheet = sheet_row.has("Closed At") and not sheet_row.text("Closed At")
            parsed.append(item)
    if "Closed At" not in columns:
        warnings.insert(0, ImportProblem(1, "Closed At", (
            "there is no Closed At column, so each detainer is recorded as closed when it "
            "was received; the sheet's Held Overnight and Weekend are kept in its note")))
    if errors:
        return ImportReport(0, 0, tuple(errors), tuple(warnings))
    present = existing_numbers(desk, [p.values["detainer_number"] for p in parsed])
    new = [p for p in parsed if p.values["detainer_number"] not in present]
    # Only rows that are imported are warned about: a row already in the desk (an
    # export of the desk's own active detainers, say) is left as the desk has it.
    warnings.extend(problem for item in new for problem in _row_warnings(item, desk))
    try:
        ids = _store(desk, new, actor, path.name, now, control)
    except NumberTakenError:
        return ImportReport(0, 0, (ImportProblem(1, "Detainer #", (
            "a detainer on the sheet was logged at the desk while importing; nothing was "
            "imported, import the file again")),))
    log.info("tracking sheet %s imported: %d new, %d already present", path.name,
             len(ids), len(parsed) - len(new))
    return ImportReport(len(ids), len(parsed) - len(new), (), tuple(warnings))


def _columns(header: Sequence[object]) -> tuple[dict[str, int], list[ImportProblem]]:
    """Where each known column is; missing policy columns and repeats are errors."""
    known = {name.casefold(): name for name in COLUMNS}
    found: dict[str, int] = {}
    problems: list[ImportProblem] = []
    for index, value in enumerate(header):
        name = known.get(str(value or "").strip().casefold())
        if name is None:
            continue
        if name in found:
            problems.append(ImportProblem(1, name, "this column appears twice"))
        found.setdefault(name, index)
    for name in POLICY_COLUMNS:
        if name not in found:
            problems.append(ImportProblem(1, name, "this column is missing from the header "
                                                   "row; the first twelve columns are "
                                                   "required"))
    return found, problems


def _parse(row: SheetRow, desk: Desk, now: datetime) -> _Parsed | None:
    """Read and check one row; problems are left on `row`."""
    zone = desk.zone
    number = canonical_number(row.text("Detainer #", required=True))
    case = row.text("Case #", required=True)
    name = row.text("Arrestee Name", required=True)
    day = row.day("Date", required=True)
    received = row.when("Received At")
    if received is None and day is not None and not row.failed("Received At"):
        received = local_midnight(day, zone)
    elif received is not None and day is not None and received.astimezone(zone).date() != day:
        row.error("Date", f"{day.isoformat()} is not the day of Received At "
                          f"({received.astimezone(zone):%Y-%m-%d}); correct one of them")
    criminal = row.flag("Criminal History (Y/N)", required=True)
    flags = {"Held Overnight (Y/N)": row.flag("Held Overnight (Y/N)"),
             "Weekend (Y/N)": row.flag("Weekend (Y/N)")}
    deported = row.deported("Deported (Y/N/Unknown)")
    form_type = (row.choice("Form Type", FormType, required=True)
                 if row.has("Form Type") else FormType.I_247A)
    clock_start = row.when("Clock Start")
    resident = row.flag("Resident (Y/N)")
    bail = row.choice("Bail Decision", BailDecision)
    ero = row.when("ERO Notified At")
    copy = row.when("Copy Served At")
    outcome = row.choice("Outcome", Outcome)
    closed = row.when("Closed At")
    reimbursed = row.money("Reimbursement ($)")
    reimbursed_on = row.day("Reimbursement Received")
    if reimbursed and reimbursed_on is None and not row.failed("Reimbursement Received"):
        row.error("Reimbursement Received", "is empty; say on which day the money came in")
    for column, instant in (("ERO Notified At", ero), ("Copy Served At", copy),
                            ("Closed At", closed), ("Clock Start", clock_start)):
        if instant is not None and instant > now:
            row.error(column, "is in the future; enter when it really happened")
    if received is None or form_type is None:
        return None
    if closed is not None and closed < received:
        row.error("Closed At", "is before the detainer was received")
    text = {"issuing_officer": row.text("ICE Official"),
            "arrest_location": row.text("Arrest Location"),
            "offenses": row.text("Offense(s)"),
            "reason_for_detainer": row.text("Reason for Detainer"),
            "station": _station(row, desk)}
    form = DetainerForm(detainer_number=number, form_type=form_type, case_number=case,
                        subject_name=name, received_at=received, station=text["station"],
                        issuing_officer=text["issuing_officer"],
                        arrest_location=text["arrest_location"], offenses=text["offenses"],
                        reason_for_detainer=text["reason_for_detainer"])
    for problem in check_form(form, now, old_receipt_confirmed=True):  # history is old
        column = FIELD_COLUMNS.get(problem.field, "")
        if problem.field == "received_at":
            column = "Received At" if row.has("Received At") else "Date"
        if not row.failed(column):
            row.error(column, problem.message)
    rule, eligible = _clock_rule(row, desk, received, clock_start)
    values: dict[str, Any] = dict(
        detainer_number=number, form_type=form_type, case_number=case, subject_name=name,
        criminal_history=bool(criminal), resident=bool(resident), deported=deported,
        received_at=received, clock_start_rule=rule, release_eligible_at=eligible,
        custody_status=(CustodyStatus.TRANSFERRED if outcome in TRANSFERS
                        else CustodyStatus.RELEASED),
        bail_decision=bail, ero_notified_at=ero, copy_served_at=copy, outcome=outcome,
        closed_at=closed or received, reimbursement_amount=reimbursed,
        reimbursement_received_on=reimbursed_on if reimbursed else None, **text)
    return _Parsed(row.number, values, flags)


def _station(row: SheetRow, desk: Desk) -> str:
    """The sheet's Station ("(no station)" is none); this workstation's when the sheet
    has no such column or leaves the cell empty (docs/stations.md)."""
    text = row.text("Station") if row.has("Station") else ""
    if not text:
        return desk.station
    return "" if text.casefold() == NO_STATION.casefold() else text


def _clock_rule(row: SheetRow, desk: Desk, received: datetime,
                clock_start: datetime | None) -> tuple[ClockStart, datetime | None]:
    """Which start the sheet's Clock Start implies (the profile's when it is absent)."""
    if not row.has("Clock Start"):
        return desk.profile.clock.starts_at, None
    if clock_start is None:
        return ClockStart.RELEASE_ELIGIBLE, None  # the clock never started
    if clock_start == received:
        return ClockStart.RECEIPT, None
    return ClockStart.RELEASE_ELIGIBLE, clock_start


def _derived_flags(values: dict[str, Any], desk: Desk) -> dict[str, bool]:
    start = values["release_eligible_at"] or values["received_at"]
    end = values["closed_at"]
    return {"Held Overnight (Y/N)": held_overnight(start, end, desk.zone),
            "Weekend (Y/N)": held_over_weekend(start, end, desk.zone)}


def _row_warnings(item: _Parsed, desk: Desk) -> Iterable[ImportProblem]:
    """What the import does differently from what the sheet says, for one new row:
    Held Overnight / Weekend where the times say otherwise, and an empty Closed At."""
    derived = _derived_flags(item.values, desk)
    for column, said in item.sheet_flags.items():
        if said is not None and said != derived[column]:
            yield ImportProblem(item.row, column, (
                f"the sheet says {yes_no(said)} but the times say "
                f"{yes_no(derived[column])}; the desk shows {yes_no(derived[column])} and "
                "keeps the sheet's value in the detainer's note"))
    if item.open_on_sheet:
        yield ImportProblem(item.row, "Closed At", (
            "is empty; the detainer is recorded as closed when it was received "
            "(imported rows are history, never active detainers)"))


def _store(desk: Desk, items: list[_Parsed], actor: Actor, file_name: str,
           now: datetime, control: ImportControl | None = None) -> list[int]:
    """Create every new row as history, each with its audit entry, the one way a
    detainer is created (DetainerService.insert): in short batches, all or none
    (store/import_batches.py)."""
    rows = []
    for item in items:
        said = ", ".join(f"{column.removesuffix(' (Y/N)')} {yes_no(value)}"
                         for column, value in item.sheet_flags.items()
                         if value is not None)
        note = f"Imported from the tracking sheet {file_name}, row {item.row}."
        if said:
            note += f" The sheet said: {said}."
        rows.append(NewDetainer(item.values, history_note=note))
    return store_rows(desk, rows, actor, now, control)

