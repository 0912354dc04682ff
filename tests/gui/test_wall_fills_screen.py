"""The wall display fills the screen it is on: larger type on a larger screen and on a
short board, smaller type (then pages) on a long one, every row always in view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.gui.wall_display import WallDisplay
from desk_app.gui.wall_fit import two_lines
from desk_app.store.desk import Desk
from tests.gui.conftest import WEDNESDAY_2PM, log_detainer
from tests.gui.test_wall_display import fill_a_shift


def shown_at(qtbot: QtBot, desk: Desk, width: int, height: int) -> WallDisplay:
    """The wall display in a window of `width` x `height`."""
    wall = WallDisplay(desk)
    qtbot.addWidget(wall)
    wall.resize(width, height)
    wall.show()
    qtbot.waitExposed(wall)
    wall.tick()
    return wall


def rows_in_view(wall: WallDisplay) -> list[tuple[int, int]]:
    """The top and bottom of every row shown, checked to lie inside the table."""
    table = wall.table
    spans = []
    for row in range(wall.proxy.rowCount()):
        if table.isRowHidden(row):
            continue
        rect = table.visualRect(wall.proxy.index(row, 0))
        assert 0 <= rect.top() and rect.bottom() <= table.viewport().height(), row
        spans.append((rect.top(), rect.bottom()))
    return spans


def test_a_larger_screen_gets_larger_type_and_is_filled(qtbot: QtBot, desk: Desk) -> None:
    """At 1920x1080 the type stayed about 12 pt and the lower half was empty."""
    fill_a_shift(desk)
    laptop = shown_at(qtbot, desk, 1366, 768)
    wall = shown_at(qtbot, desk, 1920, 1080)
    for display in (laptop, wall):
        spans = rows_in_view(display)
        assert len(spans) == 12  # every active row, no page
        assert spans[-1][1] >= display.table.viewport().height() * 0.85  # filled
        assert not display.page_label.text()
    assert wall.font_pt > laptop.font_pt >= 14
    assert wall.table.rowHeight(0) > laptop.table.rowHeight(0)
    assert wall.table.fontMetrics().height() > laptop.table.fontMetrics().height()
    assert wall.clock.fontMetrics().height() > laptop.clock.fontMetrics().height()


def test_few_rows_grow_and_many_rows_shrink_then_page(qtbot: QtBot, desk: Desk) -> None:
    """Three rows in large type; a long board in smaller type; too long to hold even
    at the smallest: pages, the pinned rows on each."""
    for n in range(3):
        log_detainer(desk, f"D26-00{n:02}", f"Short Board {n}", WEDNESDAY_2PM)
    few = shown_at(qtbot, desk, 1920, 1080)
    assert few.font_pt >= 24 and len(rows_in_view(few)) == 3
    fill_a_shift(desk)
    for n in range(20):
        log_detainer(desk, f"D26-03{n:02}", f"Arrestee {n}", WEDNESDAY_2PM)
    many = shown_at(qtbot, desk, 1920, 1080)
    assert many.proxy.rowCount() == 35
    assert many.font_pt < few.font_pt
    assert len(rows_in_view(many)) == 35 and not many.page_label.text()
    for n in range(60):
        log_detainer(desk, f"D26-04{n:02}", f"Arrestee {n}", WEDNESDAY_2PM)
    paged = shown_at(qtbot, desk, 1920, 1080)
    assert paged.page_label.text().startswith("page 1 of ")
    shown = [r for r in range(paged.proxy.rowCount()) if not paged.table.isRowHidden(r)]
    assert shown[:3] == [0, 1, 2] and len(rows_in_view(paged)) == len(shown)


def test_long_texts_go_on_two_lines_at_a_space_near_the_middle() -> None:
    """A two-line row splits where both lines are shortest, never inside brackets."""
    assert two_lines("Tue 8 Dec 01:54") == "Tue 8 Dec\n01:54"
    assert two_lines("D26-A005 · I-247A") == "D26-A005\nI-247A"
    assert two_lines("held 00:26:37 past release") == "held 00:26:37\npast release"
    assert two_lines("Left (wall clock)") == "Left\n(wall clock)"
    assert two_lines("1 d 23 h") == "1 d 23 h"  # short: one line
    assert two_lines("佐藤花子") == "佐藤花子"


def test_the_wall_rows_read_as_the_board_rows(qtbot: QtBot, desk: Desk) -> None:
    """Split or not, each cell says what the board's does."""
    fill_a_shift(desk)
    wall = shown_at(qtbot, desk, 1920, 1080)
    assert wall.proxy.lines == 2
    for row in range(wall.proxy.rowCount()):
        for column in range(wall.model.columnCount()):
            index = wall.proxy.index(row, column)
            source = wall.model.index(wall.proxy.mapToSource(index).row(), column)
            words = str(source.data()).replace(" · ", " ")  # the dot goes at a split
            assert str(index.data()).replace("\n", " ") in (str(source.data()), words)
    header = wall.proxy.headerData(1, Qt.Orientation.Horizontal)
    assert header == "Left\n(wall clock)"
