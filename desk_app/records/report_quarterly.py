"""The quarterly tracking report of Policy 413 §E, as a PDF with charts and as a CSV.

The Crime Analysis and Reporting Unit sends it to the Chief and the Command Staff each
quarter, "including but not limited to" three charts: resident vs. non-resident, reason
for detainer and reason for arrest. The report adds what a commander asks next: how
many, when, how they ended, how long people were held on the detainer clock, and
whether ICE ERO was told and the arrestee got a copy in time. The figures are computed
by `domain.report_figures` and gathered by the store (`desk.reports.quarterly`); this
module only lays out the plain values it is given. Also home of the helpers the
six-monthly report shares (page decor, CSV, small tables).
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Table

from desk_app.domain.report_figures import (
    Compliance,
    QuarterlyFigures,
    Row,
    StationTable,
    hours_text,
    limit_text,
)
from desk_app.domain.report_heading import ReportHeading
from desk_app.domain.station_figures import COUNTED
from desk_app.domain.stations import station_label
from desk_app.domain.tracking_rows import FORMULA_STARTS
from desk_app.records.pdf_layout import (
    CELL_PAD,
    CONTENT_WIDTH,
    GRID,
    SHADE,
    PageDecor,
    Writer,
    build_pdf,
    department_name,
    table_style,
)
from desk_app.records.report_charts import bar_chart, column_chart, pie_chart

log = logging.getLogger(__name__)

CSV_HEADER: Row = ("Section", "Label", "Value")
WARNING = colors.HexColor("#b00020")


def write_rows_csv(rows: Sequence[Row], out: Path) -> Path:
    """(section, label, value) rows as UTF-8 CSV with a BOM, formula-like text neutralised
    (offenses and reasons are typed by people)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for row in (CSV_HEADER, *rows):
            writer.writerow(["'" + c if c.startswith(FORMULA_STARTS) else c for c in row])
    return out


def write_quarterly_csv(figures: QuarterlyFigures, out: Path) -> Path:
    """Write every quarterly figure to `out` as CSV, for the analyst's own charts."""
    write_rows_csv(figures.to_rows(), out)
    log.info("quarterly report Q%d %d written to %s", figures.quarter, figures.year, out)
    return out


def render_quarterly(figures: QuarterlyFigures, heading: ReportHeading, out: Path) -> Path:
    """Write the quarterly tracking report PDF of `figures` (every station's, or one
    station's) to `out` and return the path."""
    title = (f"Quarterly ICE detainer report · Q{figures.quarter} {figures.year}"
             f"{station_words(figures.station)}")
    build_pdf(out, report_decor(heading, title), _Quarterly(heading, figures).story(),
              title=title)
    log.info("quarterly report Q%d %d rendered to %s", figures.quarter, figures.year, out)
    return out


def report_decor(heading: ReportHeading, document: str) -> PageDecor:
    """Header and footer of a report page."""
    return PageDecor(department=department_name(heading.municipality), document=document,
                     printed=heading.printed())


def station_words(station: str | None) -> str:
    """" · Station: X" after a report's period when it is of one station, else ""."""
    return "" if station is None else f" · Station: {station_label(station)}"


def station_section(w: Writer, table: StationTable | None,
                    note: str = COUNTED) -> list[Flowable]:
    """The figures station by station with the department's total as the last, bold
    line (a report of every station, in a department with stations)."""
    if table is None:
        return []
    header = ["Station", *table.header]
    rest = (CONTENT_WIDTH - 1.5 * inch) / len(table.header)
    grid = small_table(w, header, [*table.lines, table.total],
                       [1.5 * inch, *[rest] * len(table.header)], bold_last=True)
    return [KeepTogether([w.heading("By station"), grid, w.gap(2),
                          w.para(note, w.styles.note),
                          w.gap(4)])]


def small_table(w: Writer, header: Sequence[str], rows: Sequence[Sequence[str]],
                widths: Sequence[float], numeric_from: int = 1,
                bold_last: bool = False) -> Table:
    """A light-grid table of exact widths (for two side by side); numbers right-aligned;
    `bold_last`: the last row (a total) in bold."""
    number = w.styles.cell.clone("number", alignment=TA_RIGHT)

    def cell(text: str, width: float, column: int, bold: bool = False) -> Any:
        style = number if column >= numeric_from else w.styles.cell
        return w.para(text, style, bold=bold, width=width - CELL_PAD)

    data = [[cell(h, wd, i, True) for i, (h, wd) in enumerate(zip(header, widths, strict=True))]]
    data += [[cell(c, wd, i, bold_last and n == len(rows) - 1)
              for i, (c, wd) in enumerate(zip(row, widths, strict=True))]
             for n, row in enumerate(rows)]
    table = Table(data, colWidths=list(widths), hAlign="LEFT", repeatRows=1)
    table.setStyle(table_style([
        ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]))
    return table


def side_by_side(left: Sequence[Flowable], right: Sequence[Flowable]) -> Table:
    """Two columns of flowables across the page (two charts, two small tables)."""
    half = CONTENT_WIDTH / 2
    table = Table([[list(left), list(right)]], colWidths=[half, half], hAlign="LEFT")
    table.setStyle(table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def warning(w: Writer, text: str) -> Flowable:
    """A bold red line that a reader cannot miss."""
    return w.para(text, w.styles.body.clone("warning", textColor=WARNING), bold=True)


class _Quarterly:
    """The sections of the quarterly report, in the order the command staff reads."""

    def __init__(self, heading: ReportHeading, figures: QuarterlyFigures) -> None:
        self.heading = heading
        self.f = figures
        self.w = Writer()

    def story(self) -> list[Flowable]:
        """Every section, top to bottom."""
        return [*self.title(), *self.key_figures(),
                *station_section(self.w, self.f.by_station), *self.policy_charts(),
                *self.outcomes(), *self.timeliness(), *self.offense_list(),
                *self.definitions()]

    def title(self) -> list[Flowable]:
        """What, when and for whom."""
        f, w = self.f, self.w
        zone = self.heading.zone.key
        return [w.para("Quarterly ICE detainer report", w.styles.title, bold=True),
                w.para(f"Q{f.quarter} {f.year} · {f.period.label()}"
                       f"{station_words(f.station)} · restricted (Policy 413 §E)",
                       w.styles.subtitle),
                w.para(f"Every ICE detainer received in the quarter ({zone} time), active "
                       "or closed; voided entries are left out.", w.styles.note)]

    def key_figures(self) -> list[Flowable]:
        """The totals, and a flag if anyone was held past the limit."""
        w, t = self.w, self.f.hold_times
        story: list[Flowable] = [w.heading("Key figures"),
                                 w.fields(self.f.totals(), label_width=2.1 * inch), w.gap(4)]
        if t.over_limit:
            story += [w.gap(4), warning(w, f"ATTENTION: {len(t.over_limit)} detainer(s) ran "
                                           f"past {limit_text(t.limit)} counted hours before "
                                           f"closing: {', '.join(t.over_limit)}. Check each "
                                           "record."), w.gap(4)]
        return story

    def policy_charts(self) -> list[Flowable]:
        """The three charts Policy 413 §E names, and detainers by month."""
        f, w = self.f, self.w
        half = CONTENT_WIDTH / 2 - 8
        reasons = f.reason_chart()
        arrests = f.arrest_chart()
        return [
            side_by_side(
                [w.heading("Resident vs. non-resident"),
                 pie_chart(f.resident_chart(), half, 118)],
                [w.heading("Detainers received by month"),
                 column_chart(f.months, half, 118)]),
            KeepTogether([w.heading("Reason for detainer"),
                          bar_chart([c for c, _ in reasons], [("", [n for _, n in reasons])],
                                    CONTENT_WIDTH),
                          w.para("The grounds ticked on the form (Box 1, Box 2) and any reason "
                                 "typed in; a detainer giving two grounds counts under each.",
                                 w.styles.note)]),
            KeepTogether([w.heading("Reason for arrest"),
                          bar_chart([c for c, _ in arrests], [("", [n for _, n in arrests])],
                                    CONTENT_WIDTH),
                          w.para("Each offense charged, counted once per detainer; an arrest "
                                 "on three charges counts under all three.", w.styles.note)]),
        ]

    def outcomes(self) -> list[Flowable]:
        """How the detainers ended, on which forms they came, the sheet's Y/N columns."""
        f, w = self.f, self.w
        cols = [2.45 * inch, 1.0 * inch]
        flags = [("Criminal history", f.criminal_history, f.total - f.criminal_history),
                 ("Held overnight", f.held_overnight, f.total - f.held_overnight),
                 ("Held over a weekend", f.held_weekend, f.total - f.held_weekend)]
        return [side_by_side(
            [w.heading("Outcome"),
             small_table(w, ["Outcome", "Detainers"], _counts(f.outcomes), cols),
             w.heading("Deported? (follow-up of those transferred to ICE)"),
             small_table(w, ["Follow-up answer", "People"], _counts(f.deported), cols)],
            [w.heading("Form type"),
             small_table(w, ["Form", "Detainers"], _counts(f.form_types), cols),
             w.heading("Tracking sheet Y/N columns"),
             small_table(w, ["Column", "Y", "N"], [(c, str(y), str(n)) for c, y, n in flags],
                         [1.85 * inch, 0.8 * inch, 0.8 * inch])])]

    def timeliness(self) -> list[Flowable]:
        """Time on the detainer clock; ERO notices and copies served on time."""
        f, w = self.f, self.w
        t = f.hold_times
        times = [("Closed detainers measured", str(t.measured)),
                 ("Median (counted / wall-clock)",
                  f"{hours_text(t.median_counted)} / {hours_text(t.median_wall)}"),
                 ("Longest (counted / wall-clock)",
                  f"{hours_text(t.max_counted)} / {hours_text(t.max_wall)}"),
                 (f"Over {limit_text(t.limit)} counted hours", str(len(t.over_limit))),
                 ("Still active (not measured)", str(t.still_active))]
        steps = _compliance_table(f.ero, f.copies)
        return [KeepTogether([side_by_side(
            [w.heading("Hours on the detainer clock"),
             small_table(w, ["Clock start to closing", "Hours"], times,
                         [2.25 * inch, 1.2 * inch])],
            [w.heading("ERO notices and copies served"),
             small_table(w, ["", "ERO notice", "Copy served"], steps,
                         [1.65 * inch, 0.9 * inch, 0.9 * inch])]),
            w.gap(4),
            w.para("Counted hours leave out the days the detainer clock skips (weekends and "
                   "holidays); wall-clock hours do not. On time means recorded at or before "
                   "the detainer was closed, i.e. before the person left police custody.",
                   w.styles.note)])]

    def offense_list(self) -> list[Flowable]:
        """Every offense, when the chart had to fold some together."""
        f, w = self.f, self.w
        if len(f.arrest_chart()) == len(f.arrest_reasons):
            return []
        return [w.heading("Every reason for arrest"),
                small_table(w, ["Offense", "Detainers"], _counts(f.arrest_reasons),
                            [CONTENT_WIDTH - 1.2 * inch, 1.2 * inch])]

    def definitions(self) -> list[Flowable]:
        """Where the numbers come from, so the next analyst counts the same way."""
        w = self.w
        return [w.heading("How the figures are counted"),
                w.para("A detainer belongs to the quarter in which the fax was received, "
                       "by the department's local date. Resident and criminal history are "
                       "as recorded at booking. Outcomes are as closed on the board. Held "
                       "overnight and weekend are computed from the clock start to the "
                       "closing (or to the time of printing, if still active), as on the "
                       "tracking sheet.", w.styles.note)]


def _counts(tally: Sequence[tuple[str, int]]) -> list[tuple[str, str]]:
    return [(label, str(n)) for label, n in tally]


def _compliance_table(ero: Compliance, copies: Compliance) -> list[tuple[str, str, str]]:
    def line(label: str, a: int, b: int) -> tuple[str, str, str]:
        return label, str(a), str(b)

    return [line("Owed", ero.owed, copies.owed),
            line("On time (by closing)", ero.on_time, copies.on_time),
            line("Late (after closing)", ero.late, copies.late),
            line("Not made", ero.not_made, copies.not_made),
            line("Pending (still active)", ero.pending, copies.pending),
            line("Not applicable", ero.not_applicable, copies.not_applicable)]

