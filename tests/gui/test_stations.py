"""A board at a station: its own detainers by default, the department's on demand.

One SQLite desk for the board's views, the form and the alerts; then two boards of
different stations on one PostgreSQL server, as two district stations' desks are.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QFileDialog
from pytestqt.qtbot import QtBot

from bench.fax_forms import FINE, make_fax, make_values
from desk_app.domain.actor import Actor
from desk_app.domain.stations import NO_STATION
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import Role
from desk_app.gui.board_model import COL_NAME, COL_STATION
from desk_app.gui.detainer_form import DetainerFormDialog
from desk_app.gui.intake_queue import IntakePanel
from desk_app.gui.main_window import MainWindow
from desk_app.gui.read_detainer_form import ReadDetainerForm
from desk_app.gui.reports_view import QUARTERLY, ReportsView
from desk_app.records.form_reader import FaxReading
from desk_app.store.desk import Desk, open_desk
from tests.gui.conftest import OFFICER, SERGEANT, WEDNESDAY_2PM, log_detainer

WITHIN_MS = 3000


def shown_names(window: MainWindow) -> set[str]:
    """The arrestees the board's table shows, as a person reads them."""
    proxy = window.board.proxy
    return {proxy.index(row, COL_NAME).data() for row in range(proxy.rowCount())}


def station_cells(window: MainWindow) -> dict[str, str]:
    """Arrestee -> the Station column's text, row by row."""
    proxy = window.board.proxy
    return {proxy.index(row, COL_NAME).data(): proxy.index(row, COL_STATION).data()
            for row in range(proxy.rowCount())}


def board(qtbot: QtBot, desk: Desk) -> MainWindow:
    """A supervisor's board over `desk`, its tick timer stopped."""
    window = MainWindow(desk, SERGEANT)
    qtbot.addWidget(window)
    window.timer.stop()
    window.resize(1366, 768)
    window.show()
    return window


@pytest.fixture
def north(desk: Desk) -> Desk:
    """The test desk as the North station's workstation, in a department of two."""
    desk.station = "North"
    desk.settings = replace(desk.settings, stations="North\nSouth")
    return desk


def test_board_shows_its_station_and_the_department_on_demand(
        qtbot: QtBot, north: Desk) -> None:
    """The North desk would scroll past the South station's detainers, or never see
    them when it needs the whole department."""
    log_detainer(north, "D26-0001", "North Person", WEDNESDAY_2PM, "North")
    log_detainer(north, "D26-0002", "South Person", WEDNESDAY_2PM, "South")
    log_detainer(north, "D26-0003", "Old Person", WEDNESDAY_2PM, "")  # before stations
    window = board(qtbot, north)
    assert shown_names(window) == {"North Person", "Old Person"}
    assert window.board.table.isColumnHidden(COL_STATION)
    assert "Station: North" in window.windowTitle()
    assert "Station: North" in window.signed_in_label.text()
    assert window.status_line.pending.text() == "2 active detainers"
    window.stations.action.trigger()  # View > Department view
    assert shown_names(window) == {"North Person", "South Person", "Old Person"}
    assert not window.board.table.isColumnHidden(COL_STATION)
    assert station_cells(window) == {"North Person": "North", "South Person": "South",
                                     "Old Person": NO_STATION}
    assert "department view" in window.signed_in_label.text()
    window.stations.action.trigger()
    assert shown_names(window) == {"North Person", "Old Person"}


def test_another_stations_detainer_logged_here_stays_off_the_station_view(
        qtbot: QtBot, north: Desk) -> None:
    """A South detainer logged at the North desk (its fax came there) belongs to South:
    it leaves the North board and shows in the department view."""
    window = board(qtbot, north)
    log_detainer(north, "D26-0005", "South Person", WEDNESDAY_2PM, "South")
    assert shown_names(window) == set()
    north_id = log_detainer(north, "D26-0006", "Moved Person", WEDNESDAY_2PM, "North")
    assert shown_names(window) == {"Moved Person"}
    current = north.detainers.get(north_id)
    north.detainers.edit(north_id, current.version, {"station": "South"}, SERGEANT)
    assert shown_names(window) == set()  # corrected to South: off the North board
    window.stations.action.trigger()
    assert shown_names(window) == {"South Person", "Moved Person"}


def test_alerts_for_the_boards_own_station_only(
        qtbot: QtBot, north: Desk, clock: FixedTime) -> None:
    """The North desk would be alerted for a South detainer it cannot act on; in the
    department view every station's alert comes."""
    log_detainer(north, "D26-0007", "South Person", WEDNESDAY_2PM, "South")
    window = board(qtbot, north)
    clock.set(clock.now() + timedelta(days=4, hours=12, minutes=1))  # Mon 02:01: warning
    window.tick()
    assert window.alerts.current is None
    window.stations.action.trigger()
    log_detainer(north, "D26-0008", "Second South", WEDNESDAY_2PM + timedelta(hours=1),
                 "South")
    clock.advance(timedelta(hours=10, seconds=30))  # both critical in the next hours
    window.tick()
    assert window.alerts.current is not None
    assert "South" in window.alerts.current.message


def test_new_detainer_form_takes_the_workstations_station(
        qtbot: QtBot, north: Desk) -> None:
    """A detainer logged at the North desk would belong to no station, or another."""
    dialog = DetainerFormDialog(north, OFFICER)
    qtbot.addWidget(dialog)
    station: QComboBox = dialog.station
    assert station.currentText() == "North"
    assert [station.itemText(i) for i in range(station.count())] == \
        ["North", "South", NO_STATION]
    dialog.detainer_number.setText("D26-0100")
    dialog.subject_name.setText("Form Person")
    dialog.case_number.setText("26-0100-AR")
    dialog.save()
    assert dialog.saved is not None
    assert north.detainers.by_number("D26-0100").station == "North"
    other = DetainerFormDialog(north, OFFICER)
    qtbot.addWidget(other)
    other.station.setCurrentIndex(other.station.findData("South"))
    other.detainer_number.setText("D26-0101")
    other.subject_name.setText("Faxed To South")
    other.case_number.setText("26-0101-AR")
    other.save()
    assert north.detainers.by_number("D26-0101").station == "South"


def test_form_without_a_workstation_station(qtbot: QtBot, desk: Desk) -> None:
    """A workstation with no station set logs detainers at no station, and its board
    is the department's (no Department view to switch)."""
    dialog = DetainerFormDialog(desk, OFFICER)
    qtbot.addWidget(dialog)
    assert dialog.station.currentText() == NO_STATION
    window = board(qtbot, desk)
    assert window.stations.shown is None and not window.stations.action.isEnabled()
    assert "no station set" in window.windowTitle()


@pytest.fixture
def two_stations(postgres_url: str) -> Iterator[tuple[Desk, Desk]]:
    """The North and the South station's workstations on one PostgreSQL server."""
    opened = [open_desk(postgres_url, FixedTime(WEDNESDAY_2PM), "pittsfield-413",
                        station=station) for station in ("North", "South")]
    for desk in opened:
        desk.settings = replace(desk.settings, stations="North\nSouth")
    yield opened[0], opened[1]
    for desk in opened:
        desk.db.close()


def test_two_boards_of_different_stations_on_one_server(
        qtbot: QtBot, two_stations: tuple[Desk, Desk]) -> None:
    """Each station's desk sees its own detainers; both see all of them in the
    department view, and what North logs reaches South's department view live."""
    north, south = two_stations
    log_detainer(north, "D26-0201", "North First", WEDNESDAY_2PM, "North")
    log_detainer(south, "D26-0202", "South First", WEDNESDAY_2PM, "South")
    north_board, south_board = board(qtbot, north), board(qtbot, south)
    assert shown_names(north_board) == {"North First"}
    assert shown_names(south_board) == {"South First"}
    for window in (north_board, south_board):
        qtbot.waitUntil(lambda w=window: w.live.is_live, timeout=5000)
        window.stations.action.trigger()
        assert shown_names(window) == {"North First", "South First"}
    south_board.stations.action.trigger()  # South back to its own station
    log_detainer(north, "D26-0203", "North Second", WEDNESDAY_2PM, "North")
    qtbot.waitUntil(lambda: "North Second" in shown_names(north_board), timeout=WITHIN_MS)
    south_board.stations.action.trigger()  # the department view, read again
    assert "North Second" in shown_names(south_board)
    log_detainer(north, "D26-0204", "North Third", WEDNESDAY_2PM, "North")
    qtbot.waitUntil(lambda: "North Third" in shown_names(south_board), timeout=WITHIN_MS)
    assert station_cells(south_board)["North Third"] == "North"


def test_wall_display_follows_the_boards_view(qtbot: QtBot, north: Desk) -> None:
    """The wall screen at the North station would show the whole department's list, or
    the department's wall only North's."""
    log_detainer(north, "D26-0301", "North Person", WEDNESDAY_2PM, "North")
    log_detainer(north, "D26-0302", "South Person", WEDNESDAY_2PM, "South")
    window = board(qtbot, north)
    for department, expected in ((False, {"North Person"}),
                                 (True, {"North Person", "South Person"})):
        window.stations.action.setChecked(department)
        window.show_wall()
        wall = window.wall
        assert wall is not None
        proxy = wall.proxy
        # A name may be set on two lines to fit the screen (wall_fit.py).
        assert {" ".join(str(proxy.index(r, COL_NAME).data()).split())
                for r in range(proxy.rowCount())} == expected
        assert wall.table.isColumnHidden(COL_STATION) is not department
        assert ("North" in wall.title.text()) is not department
        window.leave_wall()


def test_a_fax_logged_from_the_intake_queue_belongs_to_its_folders_station(
        qtbot: QtBot, north: Desk, tmp_path: Path) -> None:
    """A fax that came through District 2's folder, logged at the North desk, would be
    put at North: it belongs to the station whose fax line received it."""
    rng = random.Random(5)
    path = make_fax(make_values(rng), FINE, rng, tmp_path / "ice-0500.tif")
    panel = IntakePanel(north, OFFICER, now=north.time.now,
                        reader=lambda _name, _data: FaxReading(None, 0.0, 1))
    qtbot.addWidget(panel)
    panel.timer.stop()
    assert panel.take_in("District 2", path) is not None
    panel.table.selectRow(0)
    dialog = panel.log_selected()
    assert isinstance(dialog, ReadDetainerForm)
    assert dialog.station.currentText() == "District 2"
    dialog.detainer_number.setText("D26-0500")
    dialog.subject_name.setText("Faxed Person")
    dialog.case_number.setText("26-0500-AR")
    dialog.save()
    assert north.detainers.by_number("D26-0500").station == "District 2"


def test_reports_tab_by_station_and_in_total(
        qtbot: QtBot, north: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The analyst picking North in the Reports tab would see, or save, the whole
    department's figures."""
    log_detainer(north, "D26-0401", "North Person", WEDNESDAY_2PM, "North")
    log_detainer(north, "D26-0402", "South Person", WEDNESDAY_2PM, "South")
    view = ReportsView(north, Actor("Analyst J. Doe", Role.ANALYST))
    qtbot.addWidget(view)
    view.kind.setCurrentIndex(view.kind.findData(QUARTERLY))
    view.year.setValue(2026)
    view.quarter.setCurrentIndex(3)
    view.show_report()
    shown = {view.totals.index(r, 0).data(): view.totals.index(r, 1).data()
             for r in range(view.totals.rowCount())}
    assert shown["Detainers received"] == "2"
    assert (shown["North: received"], shown["South: received"]) == ("1", "1")
    view.station.setCurrentIndex(view.station.findData("North"))
    view.show_report()
    assert view.figures is not None and view.figures.total == 1
    assert "station North: 1 detainers received" in view.status.text()
    out = tmp_path / "north.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), ""))
    assert view.save_csv() == out
    assert "Station,North," in out.read_text(encoding="utf-8-sig")
    assert view._file_name(".csv") == "quarterly-report-2026-Q4-North.csv"
