"""The checklist at 1366x768: open steps first in due order, done ones folded, and the
Done… button under the mouse after a click is the next step's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFrame, QPushButton, QScrollArea
from pytestqt.qtbot import QtBot

from desk_app.gui.app import load_style
from desk_app.gui.custody_dialogs import StepDoneDialog
from desk_app.gui.main_window import MainWindow
from desk_app.store.desk import Desk
from tests.gui.conftest import OFFICER, log_detainer


@pytest.fixture
def window(qtbot: QtBot, desk: Desk) -> MainWindow:
    """A detainer with its first two steps done, at 1366x768."""
    detainer_id = log_detainer(desk, "D26-0601", "Ana Lúcia Conceição")
    steps = desk.detainers.get(detainer_id).steps
    for step in steps[:2]:
        desk.custody.complete_step(detainer_id, step.step_id, OFFICER)
    main = MainWindow(desk, OFFICER)
    qtbot.addWidget(main)
    main.timer.stop()
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    return main


def rows(window: MainWindow) -> list[QFrame]:
    """The visible step rows, top to bottom, once laid out as the officer sees them."""
    panel = window.board.detail.checklist
    layout = panel.layout()
    layout.activate()
    found = [layout.itemAt(i).widget() for i in range(layout.count())]
    return [w for w in found if isinstance(w, QFrame) and w.objectName() == "stepRow"
            and w.isVisibleTo(panel)]


def done_button(row: QFrame) -> QPushButton:
    return next(b for b in row.findChildren(QPushButton) if b.text() == "Done…")


def test_open_steps_first_and_done_ones_folded(window: MainWindow, desk: Desk,
                                               qtbot: QtBot) -> None:
    """The finished steps are under 'Done (2)', folded; opening it shows them last."""
    panel = window.board.detail.checklist
    detainer = desk.detainers.get(window.board.selected_id())
    shown = rows(window)
    open_steps = [s for s in detainer.steps if s.is_open]
    assert len(shown) == len(open_steps)
    assert all("✔" not in r.findChild(type(window.board.banner)).text() for r in shown)
    assert panel.fold is not None and panel.fold.text() == "Done (2)"
    by_id = {s.step_id: s for s in detainer.steps}
    shown_steps = [by_id[r.property("step_id")] for r in shown]
    due = [s for s in shown_steps if s.is_due]
    assert shown_steps[:len(due)] == due  # due first, then those still waiting
    assert [s.due_at for s in due] == sorted(s.due_at for s in due)
    assert [s.step_id for s in due] != [s.step_id for s in open_steps if s.is_due] \
        or len(due) == len([s for s in open_steps if s.is_due])
    qtbot.mouseClick(panel.fold, Qt.MouseButton.LeftButton)
    shown = rows(window)
    assert len(shown) == len(detainer.steps)
    assert shown[-1].y() > panel.fold.y() and shown[0].y() < panel.fold.y()


@pytest.fixture
def desk_style(qapp: QApplication) -> Iterator[None]:
    """The application's own style sheet (fonts and sizes as on the desk)."""
    before = qapp.styleSheet()
    load_style(qapp)
    yield
    qapp.setStyleSheet(before)


def test_more_open_steps_fit_at_1366x768(desk_style: None, window: MainWindow) -> None:
    """At least four open steps are in view without scrolling (done ones folded), in
    the desk's own style."""
    scroll = next(a for a in window.board.detail.findChildren(QScrollArea)
                  if a.widget().isAncestorOf(window.board.detail.checklist))
    bottom = scroll.viewport().height()
    in_view = [r for r in rows(window)
               if r.mapTo(scroll.viewport(), QPoint(0, r.height())).y() <= bottom]
    assert len(in_view) >= 4


def test_the_next_done_button_is_under_the_mouse(
        window: MainWindow, desk: Desk, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Done… on the top step: the next step's Done… takes its place exactly."""

    def press_ok(dialog: StepDoneDialog) -> int:
        dialog.show()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(StepDoneDialog, "exec", press_ok)
    first = done_button(rows(window)[0])
    where = first.mapTo(window, QPoint(0, 0))
    step_below = rows(window)[1]
    below_text = step_below.findChild(type(window.board.banner)).text()
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(rows(window)))  # the rebuilt list is laid out
    now_first = rows(window)[0]
    assert now_first.findChild(type(window.board.banner)).text() == below_text
    assert done_button(now_first).mapTo(window, QPoint(0, 0)) == where
    assert window.board.detail.checklist.fold.text() == "Done (3)"
