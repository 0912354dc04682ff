"""Two boards on one PostgreSQL server: a fax taken into the queue at one appears on
the other within 5 seconds because the other hears the change notice, not because it
reads the queue on a timer; a decision at one takes it off the other the same way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desk_app.domain.time_source import FixedTime
from desk_app.gui.intake_queue import IntakePanel
from desk_app.gui.live_updates import LiveUpdates
from desk_app.records.form_reader import FaxReading
from desk_app.store.desk import Desk, open_desk
from desk_app.store.intake_service import IntakeService
from tests.gui.conftest import OFFICER, SERGEANT, WEDNESDAY_2PM

WITHIN_MS = 5000
FAX = b"%PDF-1.4 a faxed detainer"


@pytest.fixture
def desks(postgres_url: str) -> Iterator[tuple[Desk, Desk]]:
    """The booking desk's workstation and a district station's, on one server."""
    here = open_desk(postgres_url, FixedTime(WEDNESDAY_2PM), "pittsfield-413")
    there = open_desk(postgres_url, FixedTime(WEDNESDAY_2PM), "pittsfield-413")
    yield here, there
    here.db.close()
    there.db.close()


def board(qtbot: QtBot, desk: Desk) -> tuple[IntakePanel, LiveUpdates]:
    """A queue that never looks on a timer, hearing the other workstations."""
    panel = IntakePanel(desk, OFFICER, reader=lambda _n, _d: FaxReading(None, 0.0, 1))
    qtbot.addWidget(panel)
    panel.timer.stop()
    live = LiveUpdates(desk.db, panel)
    panel.hear(live.intake_changed, live.resync_needed)
    with qtbot.waitSignal(live.connected, timeout=WITHIN_MS):
        live.start()
    return panel, live


def test_a_fax_taken_in_at_one_station_is_on_the_other_board_within_5_s(
        qtbot: QtBot, desks: tuple[Desk, Desk]) -> None:
    here, there = desks
    other, live = board(qtbot, there)
    heard: list[bool] = []
    live.intake_changed.connect(lambda: heard.append(True))
    assert other.table.rowCount() == 0
    item = IntakeService(here).take_in("District C-11", "/fax/c11/0001.pdf", "0001.pdf",
                                       "application/pdf", FAX, OFFICER)
    qtbot.waitUntil(lambda: other.table.rowCount() == 1, timeout=WITHIN_MS)
    assert heard and other.table.item(0, 0).text() == "District C-11"
    IntakeService(here).dismiss(item.id, "sent to the wrong department", SERGEANT)
    qtbot.waitUntil(lambda: other.table.rowCount() == 0, timeout=WITHIN_MS)
    live.stop()


def test_a_board_does_not_hear_its_own_intake_notices(
        qtbot: QtBot, desks: tuple[Desk, Desk]) -> None:
    here, there = desks
    panel, live = board(qtbot, here)
    heard: list[bool] = []
    live.intake_changed.connect(lambda: heard.append(True))
    IntakeService(here).take_in("District B-2", "/fax/b2/1.pdf", "1.pdf",
                                "application/pdf", FAX, OFFICER)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=WITHIN_MS)  # its feed
    other_item = IntakeService(there).take_in("District C-11", "/fax/c11/2.pdf", "2.pdf",
                                              "application/pdf", FAX + b"2", OFFICER)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=WITHIN_MS)
    assert len(heard) == 1 and other_item.id
    live.stop()
