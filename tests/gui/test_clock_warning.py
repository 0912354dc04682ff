"""The board warns when this workstation's clock is off the database server's by more
than two minutes, and says what to do (issue 13, finding 6)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_app.domain.time_source import FixedTime
from desk_app.gui.main_window import MainWindow
from desk_app.store.desk import open_desk
from desk_app.store.server_time import REMEASURE, ServerTime, server_clock
from tests.gui.conftest import OFFICER, WEDNESDAY_2PM


@pytest.mark.parametrize(("server_ahead", "warned"), [
    (timedelta(minutes=3), "3 minutes behind the database server's"),
    (timedelta(minutes=-55), "55 minutes ahead of the database server's"),
    (timedelta(seconds=90), ""),
])
def test_status_bar_warns_of_a_clock_off_the_servers(
        qtbot: QtBot, tmp_path: Path, server_ahead: timedelta, warned: str) -> None:
    """An officer must see that their clock is wrong, and whom to ask."""
    workstation = FixedTime(WEDNESDAY_2PM)
    time = ServerTime(workstation, lambda: workstation.now() + server_ahead)
    desk = open_desk(f"sqlite:///{tmp_path / 'desk.sqlite3'}", time)
    try:
        window = MainWindow(desk, OFFICER)
        qtbot.addWidget(window)
        window.timer.stop()
        window.show()
        window.tick()
        label = window.clock_warning
        assert label.isVisible() is bool(warned)
        if warned:
            assert warned in label.text() and "ask IT" in label.text()
        shown = (WEDNESDAY_2PM + server_ahead).astimezone(desk.zone)
        assert f"{shown:%H:%M}:{shown:%S}" in window.clock_label.text()  # the server's
    finally:
        desk.db.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def address(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The desk's database: a SQLite file, or the real PostgreSQL server."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'desk.sqlite3'}"


def test_the_board_measures_the_servers_clock_on_a_worker_thread(
        qtbot: QtBot, address: str) -> None:
    """Every five minutes the board's tick read the server's clock on the GUI thread,
    and froze for the connection timeout while the server was down."""
    workstation = FixedTime(WEDNESDAY_2PM)
    ahead = [timedelta(0)]
    asked_from: list[int] = []
    answer = threading.Event()

    def server() -> datetime:
        asked_from.append(threading.get_ident())
        if len(asked_from) > 1:
            answer.wait(timeout=30)  # a server slow to answer, until the test says so
        if address.startswith("postgresql"):
            server_clock(desk.db)()  # the real query, from whichever thread asks
        return workstation.now() + ahead[0]

    desk = open_desk(address, ServerTime(workstation, server))
    try:
        window = MainWindow(desk, OFFICER)
        qtbot.addWidget(window)
        window.timer.stop()
        window.show()
        window.tick()
        assert asked_from == [threading.get_ident()]  # the first reading, at start
        ahead[0] = timedelta(minutes=4)
        workstation.advance(REMEASURE)
        window.tick()  # returns while the server has not answered
        window.tick()  # and asks no second time meanwhile
        assert window.clock_warning.isHidden()
        qtbot.waitUntil(lambda: len(asked_from) == 2)
        assert asked_from[1] != threading.get_ident()  # a worker thread asked
        answer.set()
        qtbot.waitUntil(lambda: "4 minutes behind" in window.clock_warning.text())
        assert len(asked_from) == 2
    finally:
        answer.set()
        desk.db.close()
