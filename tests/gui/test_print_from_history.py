"""Printing follows the tab in front: a closed detainer prints from History, itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.domain.vocabulary import Outcome
from desk_app.gui.main_window import MainWindow
from desk_app.store.desk import Desk
from tests.gui.conftest import OFFICER, SERGEANT, log_detainer


@pytest.fixture
def window(qtbot: QtBot, desk: Desk) -> MainWindow:
    """A records clerk's day: one closed detainer in History, another active on the board."""
    closed = log_detainer(desk, "D26-0101", "Nguyen Van An")
    desk.custody.close(closed, Outcome.TRANSFERRED_TO_ICE, SERGEANT, override_reason="test")
    log_detainer(desk, "D26-0102", "Maria Lopez")
    main = MainWindow(desk, OFFICER)
    qtbot.addWidget(main)
    main.timer.stop()
    main.resize(1366, 768)
    main.show()
    return main


def printed_names(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Collect the file names the window hands over for printing."""
    names: list[str] = []

    def hand_over(path: Path, title: str) -> None:
        names.append(path.name)

    monkeypatch.setattr(window.scans, "present", hand_over)
    return names


def search_history(window: MainWindow, qtbot: QtBot, text: str) -> None:
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=bar.tabRect(window.tabs.indexOf(window.history)).center())
    assert window.tabs.currentWidget() is window.history
    qtbot.keyClicks(window.history.search, text)
    qtbot.keyClick(window.history.search, Qt.Key.Key_Return)
    window.history.table.setFocus()
    qtbot.keyClick(window.history.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_p_on_history_prints_the_detainer_selected_there(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+P and Ctrl+Shift+P print History's selection, never the board's row."""
    names = printed_names(window, monkeypatch)
    assert window.board.selected_id() is not None  # D26-0102 selected on the board
    search_history(window, qtbot, "Nguyen")
    assert window.history.count.text().startswith("1 detainer")
    qtbot.keyClick(window.history.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.scans.rendering == 0, timeout=30_000)  # off the GUI thread
    qtbot.keyClick(window.history.table, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.scans.rendering == 0, timeout=30_000)  # off the GUI thread
    assert names == ["record-D26-0101.pdf", "arrestee-copy-D26-0101.pdf"]


def test_double_click_and_right_click_on_history_print(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """A double-click prints the record; the right-click menu offers the prints."""
    names = printed_names(window, monkeypatch)
    search_history(window, qtbot, "Nguyen")
    table = window.history.table
    cell = table.visualRect(table.model().index(0, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.waitUntil(lambda: window.scans.rendering == 0, timeout=30_000)  # off the GUI thread
    assert names == ["record-D26-0101.pdf"]
    assert table.contextMenuPolicy() is Qt.ContextMenuPolicy.ActionsContextMenu
    offered = [a.text().replace("&", "") for a in table.actions() if a.isEnabled()]
    assert {"Print record", "Print arrestee copy", "View scan"} <= set(offered)
    next(a for a in table.actions() if a.text() == "Print arrestee c&opy").trigger()
    qtbot.waitUntil(lambda: window.scans.rendering == 0, timeout=30_000)  # off the GUI thread
    assert names[-1] == "arrestee-copy-D26-0101.pdf"


def test_custody_keys_do_nothing_on_history(
        window: MainWindow, qtbot: QtBot, desk: Desk) -> None:
    """Ctrl+B on History must not open the board's row behind it."""
    search_history(window, qtbot, "Nguyen")
    bail = next(a for a in window.detainer_actions if a.text() == "&Bail decision…")
    assert not bail.isEnabled()
