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
            text = str(window.model.headerData(column, Qt.Orientation.Horizontal))
            assert table.columnWidth(column) >= QFontMetrics(bold).horizontalAdvance(text), \
                text
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
