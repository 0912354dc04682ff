"""The incoming supervisor's sign-in shows its whole refusal and keeps its fields whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from desk_app.domain.vocabulary import Role
from desk_app.gui.handoff_view import HandoffView
from desk_app.resources import resource_path
from desk_app.store.desk import Desk
from tests.gui.conftest import SERGEANT, log_detainer


@pytest.fixture
def view(qtbot: QtBot, desk: Desk) -> HandoffView:
    """The Handoff tab as Sgt. Kim sees it, signed as outgoing, the desk's style on."""
    people = desk.people
    admin = people.first_administrator("admin", "Lt. A. Okafor", "admin-password-1")
    people.add("dreyes", "Ofc. D. Reyes", Role.DESK_OFFICER, "reyes-password-1", admin)
    log_detainer(desk, "D26-0001", "José Ñúñez")
    widget = HandoffView(desk, SERGEANT)
    qtbot.addWidget(widget)
    widget.resize(1366, 740)
    return widget


def test_a_long_refusal_is_shown_whole_and_fields_are_not_squashed(
        qtbot: QtBot, view: HandoffView, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    """A desk officer's account is refused in a sentence of two lines or more: every
    line shows, and the username and password fields keep their height."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(resource_path("style", "desk.qss").read_text(encoding="utf-8"))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    try:
        view.sign_outgoing()
        dialog = view.open_incoming_dialog()
        assert dialog is not None
        qtbot.waitExposed(dialog)
        qtbot.keyClicks(dialog.username_edit, "dreyes")
        qtbot.keyClicks(dialog.password_edit, "reyes-password-1")
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
        qtbot.wait(50)
        error = dialog.error_label
        assert "may not sign the shift handoff" in error.text()
        assert error.isVisible()
        assert error.height() >= error.heightForWidth(error.width())
        assert error.geometry().bottom() <= dialog.rect().bottom()
        for edit in dialog.findChildren(QLineEdit):
            assert edit.height() >= edit.sizeHint().height(), edit.objectName()
        for label in dialog.findChildren(QLabel):
            if label.isVisible() and label.wordWrap() and label.text():
                assert label.height() >= label.heightForWidth(label.width()), label.text()
        assert dialog.grab().save(str(tmp_path / "incoming.png"))
    finally:
        app.setStyleSheet(before)


def test_the_handoff_board_keeps_every_column_in_sight(
        qtbot: QtBot, view: HandoffView, desk: Desk) -> None:
    """At 1366x768 the handoff's table of active detainers hid its last columns behind
    a scroll bar: now every column shows and every header reads whole."""
    from desk_app.gui.column_fit import header_width

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet(resource_path("style", "desk.qss").read_text(encoding="utf-8"))
    try:
        log_detainer(desk, "D26-0002", "Αλέξανδρος Παπαδόπουλος-Κωνσταντινίδης")
        view.show()
        qtbot.waitExposed(view)
        view.reload()
        qtbot.wait(20)
        table = view.active_table
        count = table.horizontalHeader().count()
        assert sum(table.columnWidth(c) for c in range(count)) <= table.viewport().width(), \
            str([(table.columnWidth(c), header_width(table, c)) for c in range(count)])
        for column in range(count):
            assert table.columnWidth(column) >= header_width(table, column) - 1, column
    finally:
        app.setStyleSheet(before)
