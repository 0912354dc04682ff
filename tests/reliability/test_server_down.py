"""The PostgreSQL server going away under a running board: sentences, read-only, back.

The board's database is closed to new connections (ALTER DATABASE ... ALLOW_CONNECTIONS
false) and every connection to it ended, as a server restart does; every call then
says "the database server cannot be reached", the board greys out what would save and
says it is retrying, and once the database accepts connections again the board is
editable and the next save goes through without anyone restarting anything.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from psycopg import sql
from pytestqt.qtbot import QtBot

from desk_app.gui.main_window import MainWindow
from desk_app.store.database import open_database
from desk_app.store.db_errors import UNREACHABLE, ServerUnreachableError
from desk_app.store.desk import Desk
from tests.postgres import PostgresServer
from tests.reliability import workers
from tests.reliability.conftest import FIGURES, NOW, OFFICER, SUPERVISOR


def _close_database(server: PostgresServer, name: str, allow: bool) -> None:
    with server.admin() as admin:
        admin.execute(sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS {}").format(
            sql.Identifier(name), sql.SQL("true" if allow else "false")))
        if not allow:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))


@pytest.fixture
def outage(postgres_server: PostgresServer, pg_desk: Desk) -> Iterator[tuple[str, str]]:
    """(database name, its URL); connections are allowed again whatever happens."""
    name = pg_desk.db.engine.url.database or ""
    yield name, pg_desk.db.engine.url.render_as_string(hide_password=False)
    _close_database(postgres_server, name, allow=True)


def test_every_call_while_down_says_unreachable_then_saves_when_back(
        qtbot: QtBot, postgres_server: PostgresServer, pg_desk: Desk,
        outage: tuple[str, str]) -> None:
    name, url = outage
    window = MainWindow(pg_desk, SUPERVISOR, None)
    qtbot.addWidget(window)
    window.timer.stop()
    with qtbot.waitSignal(window.live.connected, timeout=10_000):
        window.show()
    assert window.new_action.isEnabled()

    _close_database(postgres_server, name, allow=False)
    qtbot.waitUntil(lambda: window.read_only, timeout=10_000)
    assert not window.new_action.isEnabled()
    assert not any(action.isEnabled() for action in window.detainer_actions)
    assert "read-only and keeps retrying" in window.board.banner.text()
    refused = 0
    for number in ("D26-DOWN1", "D26-DOWN2", "D26-DOWN3"):
        with pytest.raises(ServerUnreachableError) as error:
            pg_desk.detainers.log(workers.new_form(number, NOW), OFFICER)
        assert str(error.value) == UNREACHABLE
        refused += 1
    with pytest.raises(ServerUnreachableError):
        open_database(url)  # a workstation starting now is told the same

    _close_database(postgres_server, name, allow=True)
    qtbot.waitUntil(lambda: not window.read_only, timeout=40_000)
    assert window.new_action.isEnabled()
    assert not window.board.banner.isVisible()
    saved = pg_desk.detainers.log(workers.new_form("D26-BACK1", NOW), OFFICER)
    assert pg_desk.detainers.get(saved.id).detainer_number == "D26-BACK1"
    window.close()
    FIGURES.append(f"server down: {refused} saves refused as 'server unreachable', board "
                   "read-only, first save after the return went through")
