"""The figures of the periodic reports, the tracking sheet's lines and the content of a
handoff sheet, gathered from the database: the store's half of a report.

records/ lays out the plain values handed out here (`QuarterlyFigures`,
`OrdinanceFigures`, `TrackingSheet`, `ReportHeading`, `HandoffPrintout`) and reads
nothing itself. Who
may view, save or print them is checked (and audited) before, by
records/restricted_output.py and the handoff service's `record_print`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from desk_app.domain.clock import DetainerClock
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.handoff import HandoffContent
from desk_app.domain.ordinance_figures import OrdinanceFigures, ordinance_figures
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.report_figures import Period, QuarterlyFigures, quarterly_figures
from desk_app.domain.report_heading import (
    DEFAULT_ORDINANCE_SOURCE,
    HandoffPrintout,
    ReportHeading,
)
from desk_app.domain.station_figures import ordinance_by_station, quarterly_by_station
from desk_app.domain.time_source import TimeSource
from desk_app.domain.tracking_rows import TrackingRow, TrackingSheet, tracking_row
from desk_app.store.detainer_service import DetainerService, HistoryFilter

if TYPE_CHECKING:  # built by the desk on first use, like this service
    from desk_app.store.contact_service import ContactLogService
    from desk_app.store.handoff_service import HandoffService

EVERY = 1_000_000  # a history limit no period reaches: a report must see every detainer


class Reports:
    """The quarterly and six-monthly figures, the tracking sheet, a report's heading and
    the handoff sheet's printout, read from the store as they are now.

    Built once by the desk (`desk.reports`); the settings it reads (stations,
    municipality) may change while the desk runs, so they are asked for each time."""

    def __init__(self, detainers: DetainerService, contacts: ContactLogService,
                 handoffs: HandoffService, profile: PolicyProfile, clock: DetainerClock,
                 time: TimeSource, stations: Callable[[], tuple[str, ...]],
                 municipality: Callable[[], str]) -> None:
        self.detainers = detainers
        self.contacts = contacts
        self.handoffs = handoffs
        self.profile = profile
        self.clock = clock
        self.time = time
        self.stations = stations
        self.municipality = municipality

    def received_between(self, period: Period,
                         station: str | None = None) -> list[DetainerSnapshot]:
        """Every detainer received in the period, active or closed, of every station or
        of `station` only; voided ones left out."""
        rows = self.detainers.history(HistoryFilter(
            include_active=True, received_from=period.start, received_to=period.end,
            limit=EVERY, station=station))
        return [d for d in rows if d.voided_at is None]

    def quarterly(self, year: int, quarter: int,
                  station: str | None = None) -> QuarterlyFigures:
        """The quarterly figures (Policy 413 §E): every station's, with a line per
        station, or `station`'s alone."""
        period = Period.quarter(year, quarter, self.clock)
        now = self.time.now()
        detainers = self.received_between(period, station)
        figures = quarterly_figures(detainers, year, quarter, self.clock, self.profile, now)
        if station is not None:
            return replace(figures, station=station)
        return replace(figures, by_station=quarterly_by_station(
            detainers, self.stations(), figures, self.clock, self.profile, now))

    def ordinance(self, start: date, end: date,
                  station: str | None = None) -> OrdinanceFigures:
        """The six-monthly figures for local days `start` to `end` inclusive: every
        station's with a line per station, or `station`'s alone. The contact log's
        requests have no station: they count in the department's report only."""
        period = Period.of_days(start, end, self.clock)
        contacts = self.contacts.entries(period.start, period.end) if station is None else []
        detainers = self.received_between(period, station)
        reimbursed = [d for d in self.detainers.reimbursed_between(start, end)
                      if station is None or d.station == station]
        figures = ordinance_figures(detainers, start, end, self.clock, contacts=contacts,
                                    reimbursed=reimbursed)
        if station is not None:
            return replace(figures, station=station)
        return replace(figures, by_station=ordinance_by_station(
            detainers, self.stations(), figures, start, end, self.clock, reimbursed))

    def tracking_sheet(self, station: str | None = None) -> TrackingSheet:
        """The tracking sheet (Policy 413 §E) as it is now: every detainer that is not
        voided, of one station or of the whole department when `station` is None."""
        now = self.time.now()
        return TrackingSheet(self._tracking_rows(station, now), now)

    def _tracking_rows(self, station: str | None, now: datetime) -> Iterator[TrackingRow]:
        # Streamed from the store's plain lines (store/tracking_source.py).
        for line in self.detainers.tracking_lines(station):
            yield tracking_row(line, self.clock, now)

    def heading(self, printed_by: str) -> ReportHeading:
        """The words around a report printed now by `printed_by`: the department, its
        zone, the section the six-monthly report answers (the profile's, when it has
        one)."""
        reports = self.profile.reports
        source = reports.citation if reports.ordinance_six_monthly \
            else DEFAULT_ORDINANCE_SOURCE
        return ReportHeading(municipality=self.municipality(), zone=self.clock.zone,
                             ordinance_source=source, printed_by=printed_by,
                             printed_at=self.time.now())

    def handoff_sheet(self, handoff_id: int, printed_by: str) -> HandoffPrintout:
        """A stored handoff as it was signed, to print now; ValueError if it is not
        signed yet (the draft is printed from its content instead)."""
        record = self.handoffs.get(handoff_id)
        if record.content is None:
            raise ValueError("this handoff is not signed yet; print the draft instead")
        return HandoffPrintout(record.content, record, self.heading(printed_by).printed())

    def handoff_draft(self, content: HandoffContent, printed_by: str) -> HandoffPrintout:
        """The handoff as it stands now, unsigned, for reading before signing."""
        return HandoffPrintout(content, None, self.heading(printed_by).printed())
