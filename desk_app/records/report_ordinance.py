"""The six-monthly report to the City Clerk (Welcoming Community ordinance §4, Trust Act §4).

Every six months the Police Chief reports (a) the ICE holds, administrative warrants
and notification requests lodged, organised by the reasons given; (b) how many
individuals were detained on an ICE hold or administrative warrant; (c) how many were
transferred to ICE custody; and (d) the reimbursements received from the federal
government, by case. The report goes on a public agenda, so it names no one: counts,
reasons, case numbers and amounts only. The figures are computed by
`domain.ordinance_figures` and gathered by the store (`desk.reports.ordinance`); this
module lays out the plain values it is given.
"""

from __future__ import annotations

import logging
from pathlib import Path

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether

from desk_app.domain.money import dollars_text
from desk_app.domain.ordinance_figures import (
    DETAINED_ON_HOLD,
    OrdinanceFigures,
    received_words,
)
from desk_app.domain.report_heading import ReportHeading
from desk_app.domain.station_figures import ORDINANCE_NOTE
from desk_app.records.pdf_layout import CONTENT_WIDTH, Writer, build_pdf
from desk_app.records.report_charts import bar_chart
from desk_app.records.report_quarterly import (
    report_decor,
    side_by_side,
    small_table,
    station_section,
    station_words,
    write_rows_csv,
)

log = logging.getLogger(__name__)


def write_ordinance_csv(figures: OrdinanceFigures, out: Path) -> Path:
    """Write every six-monthly figure to `out` as CSV."""
    write_rows_csv(figures.to_rows(), out)
    log.info("ordinance report %s to %s written to %s", figures.period.first,
             figures.period.last, out)
    return out


def render_ordinance(figures: OrdinanceFigures, heading: ReportHeading, out: Path) -> Path:
    """Write the six-monthly report PDF of `figures` (every station's, or one station's)
    to `out`."""
    title = (f"Six-monthly ICE report · {figures.period.label()}"
             f"{station_words(figures.station)}")
    build_pdf(out, report_decor(heading, title), _Ordinance(heading, figures).story(),
              title=title)
    log.info("ordinance report %s to %s rendered to %s", figures.period.first,
             figures.period.last, out)
    return out


class _Ordinance:
    """The four items of the ordinance, in its order, then how they were counted."""

    def __init__(self, heading: ReportHeading, figures: OrdinanceFigures) -> None:
        self.heading = heading
        self.f = figures
        self.w = Writer()

    def story(self) -> list[Flowable]:
        """Every section, top to bottom."""
        return [*self.title(), *self.requests(), *self.people(),
                *station_section(self.w, self.f.by_station, ORDINANCE_NOTE),
                *self.reimbursements(), *self.definitions()]

    def title(self) -> list[Flowable]:
        """What, for which period, under which rule."""
        f, w = self.f, self.w
        place = self.heading.municipality or "the city or town"
        return [w.para("Six-monthly report on ICE requests", w.styles.title, bold=True),
                w.para(f"{f.period.label()}{station_words(f.station)} · "
                       f"{self.heading.ordinance_source}", w.styles.subtitle),
                w.para(f"Report of the {place} Police Chief to the Clerk. It counts every "
                       f"request received in the period ({self.heading.zone.key} time); "
                       "voided entries are left out. No person is named.", w.styles.note),
                w.heading("Summary"),
                w.fields(f.totals(), label_width=2.4 * inch)]

    def requests(self) -> list[Flowable]:
        """(a) Holds, administrative warrants and notification requests, by reason."""
        f, w = self.f, self.w
        categories, series = f.reason_matrix()
        tables: list[list[Flowable]] = []
        for kind in f.kinds:
            rows = [(label, str(n)) for label, n in kind.reasons if n]
            tables.append([w.para(f"{kind.label}: {kind.total}", w.styles.body, bold=True),
                           small_table(w, ["Reason given", "Number"],
                                       rows or [("None lodged", "0")],
                                       [2.55 * inch, 0.9 * inch]), w.gap(6)])
        return [
            w.heading("(a) Requests lodged, by the reasons given"),
            KeepTogether([bar_chart(categories, series, CONTENT_WIDTH), w.gap(4),
                          w.para("A request giving two reasons counts under each, so the "
                                 "reasons add up to more than the requests.", w.styles.note)]),
            w.gap(6),
            side_by_side(tables[0], [*tables[1], *tables[2]]),
        ]

    def people(self) -> list[Flowable]:
        """(b) Individuals detained on a hold or warrant; (c) transferred to ICE."""
        f, w = self.f, self.w
        rows = [("Individuals detained on an ICE hold or administrative warrant",
                 str(f.detained)),
                ("Individuals transferred to ICE custody", str(f.transferred))]
        return [KeepTogether([
            w.heading("(b) Individuals detained on a hold  ·  (c) transferred to ICE"),
            small_table(w, ["", "Individuals"], rows, [5.6 * inch, 1.7 * inch]), w.gap(4),
            w.para(DETAINED_ON_HOLD, w.styles.note)])]

    def reimbursements(self) -> list[Flowable]:
        """(d) Money received from the federal government, by case."""
        f, w = self.f, self.w
        rows = [(r.case_number, r.detainer_number, r.form_type.value,
                 received_words(r.received_on), dollars_text(r.amount))
                for r in f.reimbursements]
        rows.append(("Total", "", "", "", dollars_text(f.total_reimbursed)))
        heading = w.heading("(d) Reimbursements received, by case")
        if not f.reimbursements:
            return [heading, w.para("No reimbursement was received in the period.",
                                    w.styles.body)]
        return [heading, small_table(w, ["Case #", "Detainer #", "Form", "Received",
                                         "Amount"], rows,
                                     [1.7 * inch, 1.7 * inch, 1.0 * inch, 1.5 * inch,
                                      1.4 * inch], numeric_from=4)]

    def definitions(self) -> list[Flowable]:
        """How each item is counted, so the next report counts the same way."""
        w = self.w
        return [w.heading("How the figures are counted"),
                w.para("ICE holds are detainer forms asking the department to keep a person "
                       "(I-247A, I-247, I-247D); administrative warrants are I-200, I-203 "
                       "and I-205; notification requests are the notification request form "
                       "and I-247N; the notification requests and administrative warrants "
                       "written in the ICE contact log count with them. Entries closed as "
                       "entered in error count nowhere. "
                       "A request belongs to the period in which it was received. "
                       "An individual with several requests in the period is counted once "
                       "(by DHS subject ID, else by name and date of birth). Transferred to "
                       "ICE custody means the detainer was closed with that outcome. "
                       "Reimbursements count in the period in which they were received, "
                       "exact to the cent.",
                       w.styles.note)]

