"""The reports' figures station by station, and in total (docs/stations.md).

Each station's line is the same report worked out over that station's detainers alone,
by the same functions as the whole report (`quarterly_figures`, `ordinance_figures`), so
a station's line and the report it belongs to cannot count differently. The total line
is the report over every station at once: counts of detainers add up across the lines;
counts of individuals do not always (a person with detainers at two stations is one
individual in the total and one at each station), and the contact log's requests have
no station, so they count only in the total.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TypeVar

from desk_app.domain.clock import DetainerClock
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.money import dollars_text
from desk_app.domain.ordinance_figures import (
    HOLDS,
    NOTIFICATIONS,
    WARRANTS,
    OrdinanceFigures,
    ordinance_figures,
)
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.report_figures import (
    QuarterlyFigures,
    StationTable,
    quarterly_figures,
    sentence,
)
from desk_app.domain.stations import ALL_STATIONS, report_stations, station_label
from desk_app.domain.vocabulary import Outcome

F = TypeVar("F")

COUNTED = ("Each station's line counts its own detainers; the last line counts every "
           "station's at once.")
ORDINANCE_NOTE = (COUNTED + " A person with requests at two stations is one individual in "
                  "the total; the ICE contact log's requests have no station and count in "
                  "the total only.")

QUARTERLY_HEADER = ("Received", "Residents", "Criminal history", "Still active",
                    "To ICE custody", "Held overnight", "Over the limit")
ORDINANCE_HEADER = ("ICE holds", "Warrants", "Notification requests",
                    "Individuals detained", "To ICE custody", "Reimbursed")


def quarterly_columns(f: QuarterlyFigures) -> tuple[str, ...]:
    """A station's line of the quarterly report, in `QUARTERLY_HEADER` order."""
    transferred = dict(f.outcomes).get(sentence(Outcome.TRANSFERRED_TO_ICE.value), 0)
    return tuple(str(n) for n in (
        f.total, f.residents, f.criminal_history, f.hold_times.still_active, transferred,
        f.held_overnight, len(f.hold_times.over_limit)))


def ordinance_columns(f: OrdinanceFigures) -> tuple[str, ...]:
    """A station's line of the six-monthly report, in `ORDINANCE_HEADER` order (the
    warrants are the administrative warrants)."""
    kinds = dict(f.kind_chart())
    return (*(str(kinds.get(label, 0)) for label in (HOLDS, WARRANTS, NOTIFICATIONS)),
            str(f.detained), str(f.transferred), dollars_text(f.total_reimbursed))


def station_table(detainers: Sequence[DetainerSnapshot], known: Sequence[str],
                  figures_of: Callable[[str, list[DetainerSnapshot]], F],
                  columns: Callable[[F], tuple[str, ...]], header: tuple[str, ...],
                  total: F) -> StationTable | None:
    """The lines of every station (the department's, and any other a detainer names),
    with `total` (the report over all of them) as the last line. None when nothing has
    a station: the report is then the department's one line already."""
    stations = report_stations(known, (d.station for d in detainers))
    if not stations or stations == ("",):
        return None
    lines = tuple((station_label(station),
                   *columns(figures_of(station,
                                         [d for d in detainers if d.station == station])))
                  for station in stations)
    return StationTable(header, lines, (ALL_STATIONS, *columns(total)))


def quarterly_by_station(detainers: Sequence[DetainerSnapshot], known: Sequence[str],
                         total: QuarterlyFigures, clock: DetainerClock,
                         profile: PolicyProfile, now: datetime) -> StationTable | None:
    """The quarterly report's key figures per station, and `total`'s."""
    return station_table(
        detainers, known,
        lambda _station, ds: quarterly_figures(ds, total.year, total.quarter, clock, profile, now),
        quarterly_columns, QUARTERLY_HEADER, total)


def ordinance_by_station(detainers: Sequence[DetainerSnapshot], known: Sequence[str],
                         total: OrdinanceFigures, first: date, last: date,
                         clock: DetainerClock,
                         reimbursed: Sequence[DetainerSnapshot]) -> StationTable | None:
    """The six-monthly report's figures per station (without the contact log's
    requests, which have no station), and `total`'s."""
    def of_station(station: str, ds: list[DetainerSnapshot]) -> OrdinanceFigures:
        return ordinance_figures(ds, first, last, clock, contacts=(),
                                 reimbursed=[d for d in reimbursed if d.station == station])

    return station_table(detainers, known, of_station, ordinance_columns, ORDINANCE_HEADER,
                         total)
