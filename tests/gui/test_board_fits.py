"""At 1366x768 every board column is in sight and every header reads whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk_app.domain.actor import Actor
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import BailDecision, Role
from desk_app.gui.board_model import (
    COL_CASE,
    COL_CHECKLIST,
    COL_CUSTODY,
    COL_EXPIRES,
    COL_LEFT,
    COL_NAME,
    COL_STATION,
    COL_STATUS,
)
from desk_app.gui.board_view import level
from desk_app.gui.main_window import MainWindow
from desk_app.resources import resource_path
from desk_app.store.desk import Desk
from tests.gui.conftest import OFFICER, WEDNESDAY_2PM, log_detainer

STATIONS = ("Pittsfield Headquarters Station", "West Side District Station")
LONG_NAMES = ("Αλέξανδρος Παπαδόπουλος-Κωνσταντινίδης", "Nguyễn Thị Minh Khai",
              "Maria Guadalupe Hernández de la Cruz", "김민준")


@pytest.mark.parametrize("stations", [False, True], ids=["one station", "department"])
def test_every_column_and_header_fits_at_1366(qtbot: QtBot, desk: Desk,
                                              stations: bool) -> None:
    """No horizontal scroll bar; the 'Checklist: next step' header is not cut; a name
    too long for its column ends in '…' and its tooltip says it whole; in a department
    with stations, the Station column of the department view fits as well."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(resource_path("style", "desk.qss").read_text(encoding="utf-8"))
    try:
        for number, name in enumerate(LONG_NAMES):
            detainer_id = log_detainer(desk, f"D26-{number:04d}", name,
                                       WEDNESDAY_2PM - timedelta(hours=number),
                                       STATIONS[number % 2] if stations else "")
            if number == 0:
                desk.custody.record_bail_decision(detainer_id, BailDecision.HELD_UNTIL_COURT,
                                                  OFFICER)
        if stations:  # a workstation with no station of its own: the department view
            desk.settings = replace(desk.settings, stations="\n".join(STATIONS))
        window = MainWindow(desk, Actor("Sgt. M. Kim", Role.SUPERVISOR))
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        qtbot.wait(50)
        assert window.width() == 1366  # no tab holds the window wider than the screen
        table = window.board.table
        header = table.horizontalHeader()
        used = sum(table.columnWidth(c) for c in range(header.count()))
        assert used <= table.viewport().width() + 1
        assert not table.horizontalScrollBar().isVisible()
        bold = QFont(header.font())
        bold.setBold(True)
        assert table.isColumnHidden(COL_STATION) is not stations
        for column in range(header.count()):
            if table.isColumnHidden(column):
                continue
            # As shown: on two lines when the columns fit only so.
            text = str(window.board.proxy.headerData(column, Qt.Orientation.Horizontal))
            widest = max(QFontMetrics(bold).horizontalAdvance(line) for line in text.split("\n"))
            assert table.columnWidth(column) >= widest, text
        assert table.columnWidth(COL_CHECKLIST) >= window.board.header_width(COL_CHECKLIST)
        for column in (COL_STATUS, COL_LEFT, COL_EXPIRES, COL_CASE):  # never cut
            assert table.columnWidth(column) >= table.sizeHintForColumn(column), column
        row = next(r for r in range(window.model.rowCount())
                   if window.model.index(r, COL_NAME).data() == LONG_NAMES[0])
        tip = window.model.index(row, COL_NAME).data(Qt.ItemDataRole.ToolTipRole)
        assert tip.startswith(LONG_NAMES[0])
        assert window.model.index(row, COL_CUSTODY).data(
            Qt.ItemDataRole.ToolTipRole).startswith("held until court")
    finally:
        app.setStyleSheet(before)


def test_department_view_turned_on_with_a_release_due_row_keeps_headers_whole(
        qtbot: QtBot, desk: Desk, clock: FixedTime) -> None:
    """At a station's desk, a person held past release ("held 00:26:04 past release"
    widens the time column, which is never cut) and the Department view turned on: the
    Station column came in and squeezed the checklist's header to ":klist: next"."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(resource_path("style", "desk.qss").read_text(encoding="utf-8"))
    try:
        desk.station = STATIONS[0]
        desk.settings = replace(desk.settings, stations="\n".join(STATIONS))
        for number, name in enumerate(LONG_NAMES):
            detainer_id = log_detainer(desk, f"D26-{number:04d}", name,
                                       WEDNESDAY_2PM - timedelta(hours=number),
                                       STATIONS[number % 2])
            if number == 2:  # at this station: released on recognizance, still here
                desk.custody.record_bail_decision(
                    detainer_id, BailDecision.PERSONAL_RECOGNIZANCE, OFFICER)
        clock.advance(timedelta(minutes=26, seconds=4))
        window = MainWindow(desk, Actor("Sgt. M. Kim", Role.SUPERVISOR))
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        assert window.width() == 1366  # no tab holds the window wider than the screen
        window.tick()
        table = window.board.table
        left = {window.board.proxy.index(r, COL_LEFT).data()
                for r in range(window.board.proxy.rowCount())}
        assert "held 00:26:04 past release" in left
        assert table.isColumnHidden(COL_STATION)
        window.stations.action.trigger()  # View > Department view, at run time
        qtbot.wait(50)
        assert not table.isColumnHidden(COL_STATION)
        assert_every_header_whole_and_in_sight(window)
        window.stations.action.trigger()  # and back to the station's own
        qtbot.wait(50)
        assert table.isColumnHidden(COL_STATION)
        assert_every_header_whole_and_in_sight(window)
    finally:
        app.setStyleSheet(before)


def assert_every_header_whole_and_in_sight(window: MainWindow) -> None:
    """No scroll bar; every shown column at least as wide as its header needs; the
    columns that are never cut as wide as their cells."""
    table = window.board.table
    header = table.horizontalHeader()
    shown = [c for c in range(header.count()) if not table.isColumnHidden(c)]
    assert sum(table.columnWidth(c) for c in shown) <= table.viewport().width() + 1
    assert not table.horizontalScrollBar().isVisible()
    for column in shown:
        text = str(window.model.headerData(column, Qt.Orientation.Horizontal))
        assert table.columnWidth(column) >= window.board.header_width(column), text
    for column in (COL_STATUS, COL_LEFT, COL_EXPIRES, COL_CASE):  # never cut
        assert table.columnWidth(column) >= table.sizeHintForColumn(column), column


def test_the_widest_columns_give_up_room_first() -> None:
    """A column of short cells ("fax receipt") would be cut to "fax re…" to spare a
    long name a few pixels; no column goes below its header, whatever the budget."""
    wanted = {COL_NAME: 365, COL_CUSTODY: 220, COL_STATION: 110, 7: 93}
    floors = {COL_NAME: 114, COL_CUSTODY: 110, COL_STATION: 103, 7: 77}
    fitted = level(wanted, floors, 529)
    assert fitted[7] == 93 and fitted[COL_STATION] == 110  # short cells whole
    assert fitted[COL_NAME] == fitted[COL_CUSTODY] and sum(fitted.values()) <= 529
    assert sum(fitted.values()) > 529 - len(fitted)  # the budget used, to a pixel each
    assert level(wanted, floors, 100) == floors  # too narrow: every header still whole
