"""The board hears what other workstations change, and keeps hearing after a drop."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from desk_app.domain.detainer import DetainerForm
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType
from desk_app.gui.live_updates import LiveUpdates
from desk_app.store.change_listener import (
    APPLICATION_NAME,
    ChangeListener,
    ListenerLostError,
    listen_for_changes,
)
from desk_app.store.database import Database
from desk_app.store.desk import Desk, open_desk
from tests.gui.conftest import OFFICER, SERGEANT, WEDNESDAY_2PM

WITHIN_MS = 2000


def form(number: str) -> DetainerForm:
    """A detainer received an hour before the clock."""
    return DetainerForm(detainer_number=number, form_type=FormType.I_247A,
                        case_number=f"26-{number[-4:]}-AR", subject_name="José Ñúñez",
                        received_at=WEDNESDAY_2PM - timedelta(hours=1))


@pytest.fixture
def desks(postgres_url: str) -> Iterator[tuple[Desk, Desk]]:
    """This board's workstation and another one on the same PostgreSQL server."""
    here = open_desk(postgres_url, FixedTime(WEDNESDAY_2PM), "pittsfield-413")
    there = open_desk(postgres_url, FixedTime(WEDNESDAY_2PM), "pittsfield-413")
    yield here, there
    here.db.close()
    there.db.close()


@pytest.fixture
def live(qtbot: QtBot, desks: tuple[Desk, Desk]) -> Iterator[LiveUpdates]:
    """Live updates for this board, connected."""
    updates = LiveUpdates(desks[0].db)
    with qtbot.waitSignal(updates.connected, timeout=5000):
        updates.start()
    yield updates
    updates.stop()


def test_change_at_another_workstation_arrives_within_two_seconds(
        qtbot: QtBot, live: LiveUpdates, desks: tuple[Desk, Desk]) -> None:
    """The sergeant's board would not show what the booking desk just logged."""
    _here, there = desks
    with qtbot.waitSignal(live.detainer_changed, timeout=WITHIN_MS) as heard:
        logged = there.detainers.log(form("D26-0001"), OFFICER)
    assert heard.args == [logged.id]


def test_own_changes_are_not_repeated(qtbot: QtBot, live: LiveUpdates,
                                      desks: tuple[Desk, Desk]) -> None:
    """The board would refresh twice for each of its own saves."""
    here, there = desks
    seen: list[int] = []
    live.detainer_changed.connect(seen.append)
    mine = here.detainers.log(form("D26-0001"), OFFICER)
    with qtbot.waitSignal(live.detainer_changed, timeout=WITHIN_MS):
        theirs = there.detainers.log(form("D26-0002"), SERGEANT)
    assert seen == [theirs.id]
    assert mine.id != theirs.id


def test_reconnects_after_the_connection_drops(
        qtbot: QtBot, live: LiveUpdates, desks: tuple[Desk, Desk]) -> None:
    """After a server restart the board would silently stop showing others' changes."""
    here, there = desks
    messages: list[str] = []
    live.status_changed.connect(messages.append)
    with qtbot.waitSignals([live.connected, live.resync_needed], timeout=10_000):
        with there.db.engine.begin() as connection:
            connection.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = :name AND datname = current_database()"),
                {"name": APPLICATION_NAME})
    assert "Lost the connection" in messages[0] and "retrying in 1 s" in messages[0]
    assert messages[-1] == ""
    assert live.is_live
    with qtbot.waitSignal(live.detainer_changed, timeout=WITHIN_MS) as heard:
        logged = there.detainers.log(form("D26-0003"), SERGEANT)
    assert heard.args == [logged.id]
    assert here.detainers.get(logged.id).detainer_number == "D26-0003"


def test_server_unreachable_at_start_is_said_and_retried(
        qtbot: QtBot, desks: tuple[Desk, Desk]) -> None:
    """A board started while the server was down would never hear other workstations."""
    here, there = desks
    attempts: list[str] = []

    def open_listener(db: Database) -> ChangeListener:
        attempts.append("tried")
        if len(attempts) == 1:
            raise ListenerLostError("connection refused")
        return listen_for_changes(db)

    updates = LiveUpdates(here.db, open_listener=open_listener)
    messages: list[str] = []
    updates.status_changed.connect(messages.append)
    try:
        with qtbot.waitSignals([updates.connected, updates.resync_needed], timeout=10_000):
            updates.start()
        assert messages[0].startswith("Cannot hear other workstations (connection refused)")
        assert messages[-1] == ""
        with qtbot.waitSignal(updates.detainer_changed, timeout=WITHIN_MS) as heard:
            logged = there.detainers.log(form("D26-0006"), SERGEANT)
        assert heard.args == [logged.id]
    finally:
        updates.stop()


def test_stop_closes_the_listener(qtbot: QtBot, live: LiveUpdates,
                                  desks: tuple[Desk, Desk]) -> None:
    """A closed board would keep a connection open on the shared server."""
    _here, there = desks
    live.stop()
    assert not live.is_live
    with qtbot.assertNotEmitted(live.detainer_changed, wait=300):
        there.detainers.log(form("D26-0004"), SERGEANT)


def test_sqlite_board_hears_another_process(qtbot: QtBot, tmp_path: Path) -> None:
    """Detainers logged from the command line on the same file would not appear."""
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    board = open_desk(url, FixedTime(WEDNESDAY_2PM), "pittsfield-413")
    command_line = open_desk(url, FixedTime(WEDNESDAY_2PM), "pittsfield-413")
    updates = LiveUpdates(board.db)
    try:
        with qtbot.waitSignal(updates.connected, timeout=5000):
            updates.start()
        with qtbot.waitSignal(updates.detainer_changed, timeout=WITHIN_MS) as heard:
            logged = command_line.detainers.log(form("D26-0005"), OFFICER)
        assert heard.args == [logged.id]
    finally:
        updates.stop()
        board.db.close()
        command_line.db.close()
