"""The board warns when this workstation's clock is off the database server's by more
than two minutes, and says what to do (issue 13, finding 6)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_app.domain.time_source import FixedTime
from desk_app.gui.main_window import MainWindow
from desk_app.store.desk import open_desk
from desk_app.store.server_time import ServerTime
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
