"""The once-a-second tick does only the work that changes what is on screen."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.domain.instants import format_duration
from desk_app.domain.time_source import FixedTime
from desk_app.domain.urgency import Thresholds
from desk_app.gui.board_model import COL_LEFT, BoardModel
from desk_app.gui.detail_panel import DetailPanel
from desk_app.store.desk import Desk
from tests.gui.conftest import WEDNESDAY_2PM, log_detainer


def board(desk: Desk, clock: FixedTime) -> tuple[BoardModel, list[tuple[int, int]]]:
    """The board's model over every active detainer, and the rows each change named."""
    model = BoardModel(desk.profile, desk.clock, Thresholds(), clock.now())
    model.set_rows(desk.detainers.active(), clock.now())
    changes: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=None: changes.append((a.row(), b.row())))
    return model, changes


def left(model: BoardModel, row: int) -> str:
    return str(model.index(row, COL_LEFT).data(Qt.ItemDataRole.DisplayRole))


def test_a_countdown_of_days_changes_only_when_its_hour_turns(
        desk: Desk, clock: FixedTime) -> None:
    """'5 d 0 h' is not redrawn every second, and turns to '4 d 23 h' on the second."""
    log_detainer(desk)  # expires Mon 30 Nov 14:00, five days away
    model, changes = board(desk, clock)
    assert left(model, 0) == "5 d 0 h"
    clock.advance(timedelta(seconds=1))
    model.tick(clock.now())
    assert changes == [(0, 0)] and left(model, 0) == "4 d 23 h"
    for _ in range(4):
        clock.advance(timedelta(seconds=1))
        model.tick(clock.now())
    assert changes == [(0, 0)]
    assert left(model, 0) == "4 d 23 h"  # 4 d 23 h 59 min 55 s left
    clock.set(WEDNESDAY_2PM + timedelta(hours=1) - timedelta(seconds=1))
    model.tick(clock.now())
    assert left(model, 0) == "4 d 23 h"
    clock.advance(timedelta(seconds=1))
    model.tick(clock.now())
    assert left(model, 0) == "4 d 23 h"  # exactly 4 d 23 h left
    clock.advance(timedelta(seconds=1))
    model.tick(clock.now())
    assert left(model, 0) == "4 d 22 h"
    assert changes == [(0, 0), (0, 0)]


def test_countdowns_read_right_whatever_is_skipped(desk: Desk, clock: FixedTime) -> None:
    """Every row's countdown is the time to its expiry at each tick, near or far,
    going forward and when the clock is set back."""
    log_detainer(desk, "D26-0001", received=WEDNESDAY_2PM)
    log_detainer(desk, "D26-0002", received=WEDNESDAY_2PM - timedelta(days=4))
    log_detainer(desk, "D26-0003", received=WEDNESDAY_2PM - timedelta(days=1, hours=2))
    model, _changes = board(desk, clock)
    instants = [WEDNESDAY_2PM + timedelta(seconds=s) for s in (1, 2, 3, 3599, 3600, 3601)]
    instants += [WEDNESDAY_2PM + timedelta(minutes=30), WEDNESDAY_2PM + timedelta(hours=5)]
    for now in instants:
        clock.set(now)
        model.tick(now)
        for row in range(model.rowCount()):
            expiry = model.board_row(row).assessment.expiry
            assert expiry is not None
            expected = "0:00:00" if now >= expiry else format_duration(expiry - now)
            assert left(model, row) == expected, (row, now)


def test_the_detail_status_follows_the_countdown(
        qtbot: QtBot, desk: Desk, clock: FixedTime) -> None:
    """The selected detainer's status line says the time left at every tick, and is
    not rebuilt while the row shows the same."""
    log_detainer(desk, received=WEDNESDAY_2PM - timedelta(hours=47))  # an hour left
    model, _changes = board(desk, clock)
    panel = DetailPanel(desk.clock)
    qtbot.addWidget(panel)
    row = model.board_row(0)
    panel.show_detainer(row.detainer, row.assessment)
    texts: list[str] = []
    shown = panel.status.setText

    def set_text(text: str) -> None:
        texts.append(text)
        shown(text)
    panel.status.setText = set_text  # type: ignore[method-assign]
    for _ in range(3):
        clock.advance(timedelta(seconds=1))
        model.tick(clock.now())
        panel.refresh_status(model, 0)
        panel.refresh_status(model, 0)  # a second call in the same tick: nothing to do
    assert len(texts) == 3
    expiry = model.board_row(0).assessment.expiry
    assert expiry is not None
    assert panel.status.text() == texts[-1]
    assert texts[-1].split(" — ")[1].startswith(
        f"{format_duration(expiry - clock.now())} left (wall clock)")
