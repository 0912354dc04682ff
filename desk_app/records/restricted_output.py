"""Every print, report and export a person asks for, checked and audited first.

The board (print buttons, the Reports tab, Export tracking sheet) and the command line
call these functions, never the renderers directly: each asks the desk's access gate
(`store.access_log.AccessLog`) whether the signed-in person's role may (the permission
table keyed by action, `domain.permissions.NEEDS`), which refuses before anything is
read or written and otherwise audits who printed, viewed or exported what. Only the
records-folder sync, the application itself, calls the renderers without a person.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.domain.actor import Actor
from desk_app.domain.permissions import Access
from desk_app.store.desk import Desk

if TYPE_CHECKING:  # reportlab loads when something is printed, not at start-up
    from desk_app.domain.ordinance_figures import OrdinanceFigures
    from desk_app.domain.report_figures import QuarterlyFigures


def of_station(station: str | None) -> str:
    """" of station X" for the audit line of one station's report or sheet, else ""."""
    from desk_app.domain.stations import station_label

    return "" if station is None else f" of station {station_label(station)}"


def print_detainer(desk: Desk, detainer_id: int, by: Actor, out: Path,
                   copy: bool = False) -> Path:
    """Render one detainer's record sheet (or the arrestee's copy) to `out` for `by`."""
    from desk_app.records.arrestee_copy import render_arrestee_copy
    from desk_app.records.record_sheet import render_record_sheet

    detainer = desk.detainers.get(detainer_id)
    access = Access.ARRESTEE_COPY_PRINTED if copy else Access.RECORD_PRINTED
    desk.access.check(by, access, f"detainer {detainer.detainer_number}", detainer_id)
    if copy:
        return render_arrestee_copy(desk.printouts.arrestee_copy(detainer_id, by.name), out)
    return render_record_sheet(desk.printouts.record_sheet(detainer_id, by.name), out)


def export_tracking_sheet(desk: Desk, by: Actor, out: Path,
                          station: str | None = None) -> int:
    """Write the restricted tracking sheet (Policy 413 §E) to `out`, every station's or
    `station`'s; the rows written."""
    from desk_app.records.tracking_sheet import export_tracking

    desk.access.check(by, Access.TRACKING_SHEET_EXPORTED, out.name + of_station(station))
    return export_tracking(desk.reports.tracking_sheet(station), out)


def view_quarterly(desk: Desk, year: int, quarter: int, by: Actor,
                   station: str | None = None) -> QuarterlyFigures:
    """The quarterly figures (Policy 413 §E) as the Reports tab shows them."""
    desk.access.check(by, Access.REPORT_VIEWED,
                      f"quarterly report Q{quarter} {year}{of_station(station)}")
    return desk.reports.quarterly(year, quarter, station)


def view_ordinance(desk: Desk, start: date, end: date, by: Actor,
                   station: str | None = None) -> OrdinanceFigures:
    """The six-monthly figures (ordinance §4, Trust Act §4) as the Reports tab shows them."""
    desk.access.check(by, Access.REPORT_VIEWED,
                      f"ordinance report {start} to {end}{of_station(station)}")
    return desk.reports.ordinance(start, end, station)


def save_quarterly(desk: Desk, year: int, quarter: int, by: Actor, out: Path,
                   as_csv: bool | None = None, station: str | None = None) -> Path:
    """The quarterly report to `out`: a PDF, or CSV figures (`as_csv`; by default when
    `out` ends in .csv)."""
    from desk_app.records.report_quarterly import render_quarterly, write_quarterly_csv

    return _save_report(desk, by, out, as_csv,
                        f"quarterly report Q{quarter} {year}{of_station(station)}",
                        lambda: write_quarterly_csv(
                            desk.reports.quarterly(year, quarter, station), out),
                        lambda: render_quarterly(
                            desk.reports.quarterly(year, quarter, station),
                            desk.reports.heading(by.name), out))


def save_ordinance(desk: Desk, start: date, end: date, by: Actor, out: Path,
                   as_csv: bool | None = None, station: str | None = None) -> Path:
    """The six-monthly report to `out`: a PDF, or CSV figures (`as_csv`; by default when
    `out` ends in .csv)."""
    from desk_app.records.report_ordinance import render_ordinance, write_ordinance_csv

    return _save_report(desk, by, out, as_csv,
                        f"ordinance report {start} to {end}{of_station(station)}",
                        lambda: write_ordinance_csv(
                            desk.reports.ordinance(start, end, station), out),
                        lambda: render_ordinance(
                            desk.reports.ordinance(start, end, station),
                            desk.reports.heading(by.name), out))


def _save_report(desk: Desk, by: Actor, out: Path, as_csv: bool | None, what: str,
                 write_csv: Callable[[], Path], render_pdf: Callable[[], Path]) -> Path:
    """Check and audit that `by` may save the report `what`, then write it as CSV
    (`as_csv`; by default when `out` ends in .csv) or as a PDF."""
    desk.access.check(by, Access.REPORT_SAVED, what)
    if out.suffix.lower() == ".csv" if as_csv is None else as_csv:
        return write_csv()
    return render_pdf()
