"""The records clerk's commands: print a record, export and import the tracking sheet,
run the records-folder sync once. Each returns the words to print and an exit status.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desk_app.domain.actor import Actor
from desk_app.domain.permissions import Permission, require
from desk_app.records.atomic_file import write_replacing
from desk_app.records.restricted_output import (
    export_tracking_sheet,
    of_station,
    print_detainer,
    save_ordinance,
    save_quarterly,
)
from desk_app.records.sync import RecordsSync
from desk_app.records.tracking_import import import_tracking
from desk_app.store.desk import Desk
from desk_app.store.import_batches import (
    ImportCancelledError,
    ImportControl,
    finish_interrupted_imports,
)

SHEET_SUFFIXES = (".csv", ".xlsx")
FIRST_YEAR, LAST_YEAR = 1900, 2999  # reports of other years overflow the calendar


def print_record(desk: Desk, detainer_number: str, out: Path, actor: Actor,
                 copy: bool = False) -> tuple[str, int]:
    """Render the record sheet (or the arrestee copy) of one detainer to `out`."""
    require(actor, Permission.PRINT_RECORDS)  # before saying whether the number exists
    detainer = desk.detainers.by_number(detainer_number)
    write_replacing(out, lambda temporary: print_detainer(desk, detainer.id, actor,
                                                          temporary, copy))
    what = "Arrestee copy" if copy else "Record sheet"
    return f"{what} of detainer {detainer.detainer_number} written to {out}", 0


def export_sheet(desk: Desk, out: Path, actor: Actor,
                 station: str | None = None) -> tuple[str, int]:
    """Write the tracking sheet as CSV or XLSX by the file's extension: every station's
    detainers, or only `station`'s."""
    require(actor, Permission.EXPORT_TRACKING_SHEET)
    if out.suffix.lower() not in SHEET_SUFFIXES:
        return f"{out.name}: name the file .csv or .xlsx", 2
    count = export_tracking_sheet(desk, actor, out, station)
    return f"{count} rows written to {out}{of_station(station)}", 0


def import_sheet(desk: Desk, path: Path, actor: Actor,
                 control: ImportControl | None = None) -> tuple[str, int]:
    """Import a tracking sheet; nothing is imported if any row is wrong, or if it is
    cancelled (`control`) before its rows are all in."""
    require(actor, Permission.IMPORT_TRACKING_SHEET)
    if not path.is_file():
        return f"{path}: no such file", 2
    recovered = finish_interrupted_imports(desk, actor)
    try:
        report = import_tracking(desk, path, actor, control)
    except ImportCancelledError as exc:
        return "\n".join([*recovered, str(exc)]), 1
    return "\n".join([*recovered, *report.lines()]), (1 if report.errors else 0)


def sync_once(desk: Desk) -> tuple[str, int]:
    """Run the records-folder queue once and say what happened."""
    folder = desk.settings.records_folder
    if not folder:
        return ("No records folder is set. Set one in Settings (records_folder) and "
                "run the sync again."), 2
    sync = RecordsSync(desk, Path(folder))
    sync.retry_now()
    result = sync.run_once()
    lines = [f"{result.written} written, {result.waiting} waiting for {folder}"]
    lines += list(result.errors)
    return "\n".join(lines), (1 if result.errors else 0)


def quarterly_report(desk: Desk, year: int, quarter: int, out: Path,
                     actor: Actor, station: str | None = None) -> tuple[str, int]:
    """The quarterly tracking report (Pittsfield §E) as PDF, or CSV by the extension."""
    require(actor, Permission.VIEW_REPORTS)
    if not 1 <= quarter <= 4:
        return "--quarter must be 1, 2, 3 or 4", 2
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return f"--year must be a year from {FIRST_YEAR} to {LAST_YEAR}, such as 2026", 2
    write_replacing(out, lambda tmp: save_quarterly(desk, year, quarter, actor,
                                                    tmp, out.suffix.lower() == ".csv",
                                                    station))
    return f"Quarterly report for Q{quarter} {year}{of_station(station)} written to {out}", 0


def ordinance_report(desk: Desk, start: date, end: date, out: Path,
                     actor: Actor, station: str | None = None) -> tuple[str, int]:
    """The six-monthly ordinance report (§4) as PDF, or CSV by the extension."""
    require(actor, Permission.VIEW_REPORTS)
    if end < start:
        return "--to is before --from; give the first and the last day of the period", 2
    if start.year < FIRST_YEAR or end.year > LAST_YEAR:
        return (f"--from and --to must be dates from {FIRST_YEAR} to {LAST_YEAR}, such as "
                "2026-06-30"), 2
    write_replacing(out, lambda tmp: save_ordinance(desk, start, end, actor,
                                                    tmp, out.suffix.lower() == ".csv",
                                                    station))
    return (f"Ordinance report for {start:%d %b %Y} to {end:%d %b %Y}{of_station(station)} "
            f"written to {out}"), 0
