"""The wall display: every row in view, pinned urgency on top, read-only, never locked."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLabel, QMenuBar, QToolBar
from pytestqt.qtbot import QtBot

from desk_app.domain.time_source import FixedTime
from desk_app.domain.urgency import Urgency
from desk_app.gui.board_model import URGENCY_ROLE
from desk_app.gui.idle_lock import IdleLock
from desk_app.gui.main_window import MainWindow
from desk_app.gui.sign_in_dialog import SignInDialog
from desk_app.gui.wall_display import PINNED, WallDisplay
from desk_app.store.desk import Desk
from desk_app.store.people_service import PeopleService
from tests.gui.conftest import OFFICER, WEDNESDAY_2PM, log_detainer
from tests.test_startup import desk_app

MONDAY_3PM = WEDNESDAY_2PM - timedelta(hours=47)  # 1 counted hour left: critical
MONDAY_NOON = WEDNESDAY_2PM - timedelta(hours=50)  # past the 48 hours: expired


def fill_a_shift(desk: Desk) -> None:
    """Twelve active detainers, as on the demo board, two of them critical and one
    expired, logged so that the urgent ones are not first in the database."""
    for n in range(9):
        log_detainer(desk, f"D26-01{n:02}", f"Arrestee number {n} Aleksandrova-Papadopoulou",
                     WEDNESDAY_2PM - timedelta(hours=n))
    log_detainer(desk, "D26-0190", "Critical One", MONDAY_3PM)
    log_detainer(desk, "D26-0191", "Critical Two", MONDAY_3PM + timedelta(minutes=20))
    log_detainer(desk, "D26-0192", "Expired Three", MONDAY_NOON)


@pytest.fixture
def wall(qtbot: QtBot, desk: Desk) -> WallDisplay:
    """The wall display at 1366x768 on a full shift."""
    fill_a_shift(desk)
    display = WallDisplay(desk)
    qtbot.addWidget(display)
    display.resize(1366, 768)
    display.show()
    qtbot.waitExposed(display)
    display.tick()
    return display


def test_every_row_is_in_view_with_the_urgent_ones_pinned(wall: WallDisplay) -> None:
    """All twelve rows inside the table, none scrolled off; expired and critical first."""
    table = wall.table
    rows = wall.proxy.rowCount()
    assert rows == 12
    for row in range(rows):
        assert not table.isRowHidden(row)
        rect = table.visualRect(wall.proxy.index(row, 0))
        assert 0 <= rect.top() and rect.bottom() <= table.viewport().height()
    urgencies = [Urgency(wall.proxy.index(r, 0).data(URGENCY_ROLE)) for r in range(rows)]
    assert urgencies[:3] == [Urgency.EXPIRED, Urgency.CRITICAL, Urgency.CRITICAL]
    assert all(u not in PINNED for u in urgencies[3:])
    names = [wall.proxy.index(r, 3).data().replace("\n", " ") for r in range(3)]
    assert names == ["Expired Three", "Critical One", "Critical Two"]
    assert wall.font_pt >= 12  # still large type, not the smallest


def test_no_column_or_header_is_clipped(wall: WallDisplay) -> None:
    """No horizontal scroll bar; each line of each header fits its column; names are
    whole (on one line or two), and the header and rows have room for their lines."""
    table = wall.table
    header = table.horizontalHeader()
    assert not table.horizontalScrollBar().isVisible()
    assert header.length() <= table.viewport().width()
    metrics = header.fontMetrics()
    for column in range(wall.model.columnCount()):
        if table.isColumnHidden(column):
            continue
        text = wall.proxy.headerData(column, Qt.Orientation.Horizontal)
        for line in text.split("\n"):
            assert metrics.horizontalAdvance(line) <= header.sectionSize(column), text
        assert header.height() >= metrics.height() * (text.count("\n") + 1)
    cell_metrics = table.fontMetrics()
    for row in range(wall.proxy.rowCount()):
        name = wall.proxy.index(row, 3).data()
        assert name.replace("\n", " ") == wall.model.index(
            wall.proxy.mapToSource(wall.proxy.index(row, 3)).row(), 3).data()
        for line in name.split("\n"):
            assert cell_metrics.horizontalAdvance(line) <= table.columnWidth(3), name
        assert table.rowHeight(row) >= cell_metrics.height() * (name.count("\n") + 1)


def test_nothing_can_be_done_from_it(wall: WallDisplay, qtbot: QtBot) -> None:
    """No menu, toolbar, action or selection: a click selects nothing."""
    table = wall.table
    assert table.selectionMode() is QAbstractItemView.SelectionMode.NoSelection
    assert not wall.findChildren(QMenuBar) and not wall.findChildren(QToolBar)
    assert not [a for a in wall.findChildren(QAction) if a.isVisible()]
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(wall.proxy.index(0, 1)).center())
    assert not table.selectionModel().hasSelection()


def test_clock_and_last_update_are_shown(wall: WallDisplay, desk: Desk) -> None:
    """The clock ticks and 'Last updated' says when the database was read."""
    assert wall.clock.text() == "Wed 25 Nov 14:00:00"
    assert wall.updated.text() == "Last updated 14:00:00"
    assert isinstance(desk.time, FixedTime)
    desk.time.advance(timedelta(minutes=3))
    wall.tick()
    assert wall.clock.text() == "Wed 25 Nov 14:03:00"
    assert "cannot read the database" in wall.updated.text()  # no read for 3 minutes
    wall.reload()
    assert wall.updated.text() == "Last updated 14:03:00"


def test_too_many_rows_turn_over_in_pages_with_the_pinned_kept(
        qtbot: QtBot, desk: Desk) -> None:
    """More rows than the smallest type can hold: pages, critical on every page."""
    fill_a_shift(desk)
    for n in range(60):
        log_detainer(desk, f"D26-02{n:02}", f"Arrestee {n}",
                     WEDNESDAY_2PM - timedelta(minutes=n))
    wall = WallDisplay(desk)
    qtbot.addWidget(wall)
    wall.resize(1366, 768)
    wall.show()
    shown_pages = []
    for _page in range(3):
        visible = [r for r in range(wall.proxy.rowCount()) if not wall.table.isRowHidden(r)]
        shown_pages.append(visible)
        assert visible[:3] == [0, 1, 2]  # the pinned rows
        assert len(visible) <= wall.rows_per_page()
        wall.next_page()
    assert wall.page_label.text().startswith("page ")
    assert shown_pages[0] != shown_pages[1]


@pytest.fixture
def people(desk: Desk) -> PeopleService:
    """Two people who sign in."""
    service = PeopleService(desk.db, desk.time, desk.zone)
    service.first_administrator("admin", "Admin", "secret12-secret12")
    return service


def test_f11_shows_the_wall_that_idle_never_locks_and_leaving_asks_a_sign_in(
        qtbot: QtBot, desk: Desk, people: PeopleService,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """F11: the wall over the board; ten idle minutes do not bring up the sign-in box;
    F11 on the wall brings the board back behind a sign-in."""
    fill_a_shift(desk)
    window = MainWindow(desk, OFFICER, people)
    qtbot.addWidget(window)
    window.timer.stop()
    window.resize(1366, 768)
    window.show()
    asked: list[SignInDialog] = []

    def sign_in(dialog: SignInDialog) -> int:
        asked.append(dialog)
        dialog.actor = OFFICER
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SignInDialog, "exec", sign_in)
    idle = IdleLock(desk.time, 10, window)
    idle.locked.connect(window.lock)
    # QTest's key clicks do not reach function-key shortcuts offscreen: the action
    # bound to F11 is triggered as the shortcut would.
    assert window.wall_action.shortcut().toString() == "F11"
    window.wall_action.trigger()
    wall = window.wall
    assert wall is not None and wall.isVisible() and wall.isFullScreen()
    assert not window.tabs.isVisible()  # the board is not readable behind it
    assert isinstance(desk.time, FixedTime)
    desk.time.advance(timedelta(minutes=11))
    idle.check()
    assert asked == [] and wall.isVisible()
    qtbot.keyClick(wall, Qt.Key.Key_F11)
    assert len(asked) == 1 and window.wall is None and window.tabs.isVisible()
    assert "wall display is closed" in " ".join(
        label.text() for label in asked[0].findChildren(QLabel))


def test_desk_app_wall_starts_the_wall_without_a_sign_in(tmp_path: Path) -> None:
    """`desk-app wall` opens the wall display straight away."""
    url = f"sqlite:///{tmp_path / 'wall.sqlite3'}"
    run = desk_app(tmp_path, "--db", url, "--quit-after-paint", "wall",
                   QT_QPA_PLATFORM="offscreen")
    assert run.returncode == 0, run.stderr
    assert "wall display shown after" in run.stdout
    assert "0 active detainers" in run.stdout
