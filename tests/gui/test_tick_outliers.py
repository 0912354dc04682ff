"""The ticks that used to stall the window: a change heard back, a re-sort, a full
garbage collection (the benchmark's worst tick, issue 16 item 12)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desk_app.domain.actor import Actor
from desk_app.domain.time_source import FixedTime
from desk_app.domain.urgency import Thresholds, Urgency
from desk_app.domain.vocabulary import Role
from desk_app.gui.board_model import BoardModel
from desk_app.gui.detail_panel import DetailPanel
from desk_app.gui.heap import freeze_start_up_objects
from desk_app.gui.main_window import MainWindow
from desk_app.store.alert_log import AlertLog
from desk_app.store.change_listener import listen_for_changes
from desk_app.store.desk import Desk, open_desk
from tests.gui.conftest import OFFICER, WEDNESDAY_2PM, log_detainer


def detail_labels(panel: DetailPanel) -> list[QLabel]:
    """The value labels of the detail's facts, as the panel holds them now."""
    return panel.findChildren(QLabel)


def test_an_alert_shown_elsewhere_is_not_heard_as_a_change(tmp_path: Path) -> None:
    """On SQLite the board heard its own "alert shown" entry a second later and read
    the detainer again, rebuilding its detail: the benchmark's worst tick."""
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    board = open_desk(url, FixedTime(WEDNESDAY_2PM), "pittsfield-413")
    other = open_desk(url, FixedTime(WEDNESDAY_2PM), "pittsfield-413")
    try:
        detainer_id = log_detainer(other)
        with listen_for_changes(board.db) as listener:
            other.custody.record_alert(detainer_id, "Critical", OFFICER)
            AlertLog(other.ctx).acknowledged(detainer_id, "Critical", OFFICER)
            assert listener.poll() == []
            other.detainers.edit(detainer_id, other.detainers.get(detainer_id).version,
                                 {"booking_number": "B-77"}, OFFICER)
            assert listener.poll() == [detainer_id]
    finally:
        board.db.close()
        other.db.close()


@pytest.fixture
def window(qtbot: QtBot, desk: Desk) -> Iterator[MainWindow]:
    """The desk officer's window over two detainers, the first selected."""
    log_detainer(desk, "D26-0001", received=WEDNESDAY_2PM - timedelta(hours=2))
    log_detainer(desk, "D26-0002", "Lê Văn Thành", received=WEDNESDAY_2PM)
    main = MainWindow(desk, Actor("Ofc. D. Reyes", Role.DESK_OFFICER))
    qtbot.addWidget(main)
    main.timer.stop()
    main.show()
    yield main
    main.close()


def test_another_rows_change_leaves_the_detail_as_it_is(
        window: MainWindow, desk: Desk) -> None:
    """A change to a row that is not selected rebuilt the whole detail panel; a change
    to the selected one still shows at once."""
    selected = window.board.selected_id()
    assert selected is not None
    other = next(row.detainer.id for row in (window.model.board_row(p) for p in range(2))
                 if row.detainer.id != selected)
    before = detail_labels(window.board.detail)
    desk.detainers.edit(other, desk.detainers.get(other).version,
                        {"booking_number": "B-12"}, OFFICER)
    assert detail_labels(window.board.detail) == before
    desk.detainers.edit(selected, desk.detainers.get(selected).version,
                        {"booking_number": "B-34"}, OFFICER)
    labels = detail_labels(window.board.detail)
    assert labels != before
    assert any("B-34" in label.text() for label in labels)


def test_the_same_detainer_again_only_updates_its_status(
        qtbot: QtBot, desk: Desk, clock: FixedTime) -> None:
    """A re-sort (a row turning critical) showed the selected detainer again and
    rebuilt its panel; now only the status line and its colour change."""
    log_detainer(desk, received=WEDNESDAY_2PM - timedelta(hours=40))
    model = BoardModel(desk.profile, desk.clock, Thresholds(), clock.now())
    model.set_rows(desk.detainers.active(), clock.now())
    panel = DetailPanel(desk.clock)
    qtbot.addWidget(panel)
    row = model.board_row(0)
    panel.show_detainer(row.detainer, row.assessment)
    before = detail_labels(panel)
    assert panel.status.property("urgency") == "warning"
    clock.advance(timedelta(hours=7))  # an hour left: critical
    model.tick(clock.now())
    row = model.board_row(0)
    assert row.assessment.urgency is Urgency.CRITICAL
    panel.show_detainer(row.detainer, row.assessment)
    assert detail_labels(panel) == before
    assert panel.status.property("urgency") == "critical"
    assert panel.status.text().startswith(Urgency.CRITICAL.label)
    panel.checklist.set_interactive(False)  # another role signed in: the buttons go
    panel.show_detainer(row.detainer, row.assessment)
    assert detail_labels(panel) != before


def test_start_up_objects_are_left_out_of_later_full_collections() -> None:
    """A full collection walked the whole board's heap (85 ms on the benchmark's
    data); once frozen, it walks only what was made since."""
    gc.unfreeze()
    try:
        kept = [[index] for index in range(50_000)]  # what start-up built
        frozen = freeze_start_up_objects()
        assert frozen == gc.get_freeze_count() >= len(kept)
        tracked = len(gc.get_objects())
        assert tracked < frozen
    finally:
        gc.unfreeze()
