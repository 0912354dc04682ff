"""Work that finishes after its window has closed is dropped, not raised in the loop."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QObject, Signal

from desk_app.gui import background
from desk_app.gui.background import run_in_background


class _Status(QObject):
    said = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.heard: list[str] = []

    def done(self, result: str) -> None:
        self.said.emit(result)
        self.heard.append(result)

    def failed(self, message: str) -> None:
        self.said.emit(message)
        self.heard.append(message)


def test_a_result_for_a_closed_window_is_dropped(qtbot) -> None:
    release = threading.Event()
    status = _Status()
    run_in_background(lambda: release.wait(5) and "backup made", status.done, status.failed)
    status.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(status))
    release.set()
    qtbot.waitUntil(lambda: not background._alive)


def test_a_result_for_an_open_window_arrives(qtbot) -> None:
    status = _Status()
    run_in_background(lambda: "backup made", status.done, status.failed)
    qtbot.waitUntil(lambda: status.heard == ["backup made"])

    def broken() -> str:
        raise OSError("disk full")

    run_in_background(broken, status.done, status.failed)
    qtbot.waitUntil(lambda: status.heard == ["backup made", "disk full"])



def test_a_closure_for_a_closed_window_is_dropped_when_its_owner_is_named(qtbot) -> None:
    release = threading.Event()
    status = _Status()
    run_in_background(lambda: release.wait(5) and "page drawn",
                      lambda result: status.done(result),  # a closure, not a method
                      lambda message: status.failed(message), owner=status)
    status.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(status))
    release.set()
    qtbot.waitUntil(lambda: not background._alive)
