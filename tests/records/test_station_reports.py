"""The reports and the tracking sheet by station and in total (docs/stations.md).

The known third quarter of `test_reports` (A-L), with each detainer put at a station
through the detainer service, as a desk correcting the station would:

=========  =====================================  ==================================
station    detainers received in Q3               by hand
=========  =====================================  ==================================
North      A (resident), B (to ICE), C (to ICE),  3 received, 1 resident, 2 to ICE
           L (entered in error: in no figure)
South      E (resident, still active), F,         3 received, 2 residents, 1 active
           I (resident)
(none)     D (resident, to ICE), J (resident)     2 received, 2 residents, 1 to ICE
East       nothing                                a line of zeros
=========  =====================================  ==================================
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from desk_app.domain.station_figures import ORDINANCE_HEADER, QUARTERLY_HEADER
from desk_app.domain.stations import ALL_STATIONS, NO_STATION
from desk_app.domain.time_source import FixedTime
from desk_app.records.report_ordinance import (
    render_ordinance,
    write_ordinance_csv,
)
from desk_app.records.report_quarterly import render_quarterly
from desk_app.records.tracking_import import import_tracking
from desk_app.records.tracking_sheet import export_tracking
from desk_app.store.desk import Desk, open_desk
from desk_app.store.detainer_service import HistoryFilter
from tests.records.test_reports import NOW, SERGEANT, build_known, page_texts

PLACES = {"A": "North", "B": "North", "C": "North", "L": "North", "E": "South",
          "F": "South", "I": "South"}


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """The known detainers, at the stations of the table; the department has three."""
    path = tmp_path_factory.mktemp("stations") / "known.sqlite3"
    opened = open_desk(f"sqlite:///{path}", FixedTime(NOW), "pittsfield-413")
    built = build_known(opened)
    for key, station in PLACES.items():
        current = opened.detainers.get(built.ids[key])
        opened.detainers.edit(current.id, current.version, {"station": station}, SERGEANT)
    opened.settings = replace(opened.settings, stations="North\nSouth\nEast")
    yield opened
    opened.db.close()


def column(line: tuple[str, ...], name: str, header: tuple[str, ...]) -> int:
    """The number under `name` in a station's line."""
    return int(line[1 + header.index(name)])


def test_quarterly_lines_per_station_and_the_total(desk: Desk) -> None:
    """The command staff would not see which station's fax line takes the detainers."""
    figures = desk.reports.quarterly(2026, 3)
    table = figures.by_station
    assert table is not None and table.header == QUARTERLY_HEADER
    lines = {line[0]: line for line in table.lines}
    assert list(lines) == ["North", "South", "East", NO_STATION]
    got = {name: (column(line, "Received", QUARTERLY_HEADER),
                  column(line, "Residents", QUARTERLY_HEADER),
                  column(line, "To ICE custody", QUARTERLY_HEADER),
                  column(line, "Still active", QUARTERLY_HEADER))
           for name, line in lines.items()}
    assert got == {"North": (3, 1, 2, 0), "South": (3, 2, 0, 1), "East": (0, 0, 0, 0),
                   NO_STATION: (2, 2, 1, 0)}
    assert table.total[0] == ALL_STATIONS
    assert column(table.total, "Received", QUARTERLY_HEADER) == figures.total == 8
    for name in QUARTERLY_HEADER:  # every figure here counts detainers: they add up
        assert sum(column(line, name, QUARTERLY_HEADER) for line in table.lines) == \
            column(table.total, name, QUARTERLY_HEADER), name


def test_one_stations_quarterly_report(desk: Desk) -> None:
    """A station commander's report would count the other stations' detainers."""
    north = desk.reports.quarterly(2026, 3, "North")
    assert (north.total, north.residents, north.station, north.by_station) == \
        (3, 1, "North", None)
    assert desk.reports.quarterly(2026, 3, "").total == 2  # the detainers without a station
    assert desk.reports.quarterly(2026, 3, "East").total == 0
    rows = north.to_rows()
    assert rows[1] == ("Station", "North", "")
    assert ("Total", "Detainers received", "3") in rows


def test_ordinance_by_station_and_total(desk: Desk, tmp_path: Path) -> None:
    """The six-monthly figures per station add up to the department's, except the
    contact log's requests, which have no station and count in the total only."""
    figures = desk.reports.ordinance(date(2026, 7, 1), date(2026, 9, 30))
    table = figures.by_station
    assert table is not None and table.header == ORDINANCE_HEADER
    lines = {line[0]: line for line in table.lines}
    holds = {name: column(line, "ICE holds", ORDINANCE_HEADER) for name, line in lines.items()}
    # ICE holds: A, B (North); F, I (South); D (none); C is a warrant, E a notification.
    assert holds == {"North": 2, "South": 2, "East": 0, NO_STATION: 1}
    assert column(table.total, "ICE holds", ORDINANCE_HEADER) == 5
    notifications = column(table.total, "Notification requests", ORDINANCE_HEADER)
    by_line = sum(column(line, "Notification requests", ORDINANCE_HEADER)
                  for line in table.lines)
    assert (by_line, notifications) == (1, 2)  # E, and the contact log's own request
    assert lines["North"][-1] == "$250.50"  # C's reimbursement, received 20 Sep
    south = desk.reports.ordinance(date(2026, 7, 1), date(2026, 9, 30), "South")
    assert south.kind_chart() == (("ICE holds", 2), ("Administrative warrants", 0),
                                  ("Notification requests", 1))
    out = write_ordinance_csv(desk.reports.ordinance(date(2026, 7, 1), date(2026, 9, 30)),
                              tmp_path / "o.csv")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert ["Station: North", "ICE holds", "2"] in rows
    assert [f"Station: {ALL_STATIONS}", "ICE holds", "5"] in rows


def test_pdfs_print_the_stations_and_the_total(desk: Desk, tmp_path: Path) -> None:
    """The printed report must show each station's line and the total line."""
    heading = desk.reports.heading("Analyst")
    text = " ".join(page_texts(render_quarterly(desk.reports.quarterly(2026, 3), heading,
                                                tmp_path / "q.pdf")))
    assert "By station" in text and ALL_STATIONS in text
    for name in ("North", "South", "East", NO_STATION):
        assert name in text
    one = page_texts(render_quarterly(desk.reports.quarterly(2026, 3, "North"), heading,
                                      tmp_path / "n.pdf"))
    assert "Station: North" in one[0] and "By station" not in " ".join(one)
    text = " ".join(page_texts(render_ordinance(desk.reports.ordinance(date(2026, 7, 1),
                                                                       date(2026, 9, 30)),
                                                heading, tmp_path / "o.pdf")))
    assert "By station" in text and ALL_STATIONS in text


def test_tracking_sheet_filtered_by_station(desk: Desk, tmp_path: Path) -> None:
    """The sheet of one station would hold the others' detainers, or lose its own."""
    every = tmp_path / "all.csv"
    # every detainer but the voided G
    assert export_tracking(desk.reports.tracking_sheet(), every) == 12
    north = tmp_path / "north.csv"
    assert export_tracking(desk.reports.tracking_sheet("North"), north) == 4  # A, B, C, L
    with north.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["Detainer #"] for r in rows) == ["Q3-A", "Q3-B", "Q3-C", "Q3-L"]
    assert {r["Station"] for r in rows} == {"North"}
    with every.open(encoding="utf-8-sig", newline="") as handle:
        stations = [r["Station"] for r in csv.DictReader(handle)]
    assert stations.count(NO_STATION) == 5 and stations.count("South") == 3


def test_import_keeps_the_sheets_station_or_takes_the_workstations(
        desk: Desk, tmp_path: Path) -> None:
    """An imported sheet would put every detainer at no station, or at the wrong one."""
    sheet = tmp_path / "north.csv"
    export_tracking(desk.reports.tracking_sheet("North"), sheet)
    fresh = open_desk(f"sqlite:///{tmp_path}/fresh.sqlite3", FixedTime(NOW),
                      "pittsfield-413", station="South")
    try:
        import_tracking(fresh, sheet, SERGEANT)
        assert {d.station for d in fresh.detainers.history(_everything())} == {"North"}
        without = tmp_path / "no-station.csv"
        with sheet.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        with without.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(
                [[cell.replace("Q3-", "R-") for cell in row[:-1]] for row in rows])
        import_tracking(fresh, without, SERGEANT)
        imported = [d for d in fresh.detainers.history(_everything())
                    if d.detainer_number.startswith("R-")]
        assert len(imported) == 4 and {d.station for d in imported} == {"South"}
    finally:
        fresh.db.close()


def _everything() -> HistoryFilter:
    return HistoryFilter(include_active=True, limit=100)
