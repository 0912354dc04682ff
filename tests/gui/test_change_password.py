"""Changing one's own password (Tools > Change my password…) and the change an
administrator asks for at the next sign-in, driven with qtbot."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desk_app.domain.vocabulary import Role
from desk_app.gui.main_window import MainWindow
from desk_app.gui.password_dialog import PasswordDialog
from desk_app.gui.people_dialog import COL_STATUS, PeopleDialog
from desk_app.gui.sign_in_dialog import SignInDialog
from desk_app.store.desk import Desk
from desk_app.store.people_service import WRONG_CREDENTIALS, PeopleService

REYES = "reyes-password-413"


@pytest.fixture
def people(desk: Desk) -> PeopleService:
    """A desk with an administrator and a desk officer."""
    service = PeopleService(desk.db, desk.time, desk.zone)
    admin = service.first_administrator("chief", "Lt. A. Okafor", "chief-password-1")
    service.add("reyes", "Ofc. D. Reyes", Role.DESK_OFFICER, REYES, admin)
    return service


def shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def fill(qtbot: QtBot, *pairs: tuple[QLineEdit, str]) -> None:
    for edit, text in pairs:
        edit.clear()
        qtbot.keyClicks(edit, text)


def test_tools_menu_changes_my_own_password(qtbot: QtBot, desk: Desk,
                                            people: PeopleService) -> None:
    """An officer who thinks someone saw their password could not replace it."""
    officer = people.authenticate("reyes", REYES)
    window = MainWindow(desk, officer, people)
    qtbot.addWidget(window)
    window.timer.stop()
    assert window.password_action.isVisible()
    window.password_action.trigger()
    dialog = window.findChild(PasswordDialog)
    assert isinstance(dialog, PasswordDialog) and dialog.isVisible()
    fill(qtbot, (dialog.current_edit, REYES), (dialog.new_edit, "too-short"),
         (dialog.repeat_edit, "too-short"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "at least 12 characters" in dialog.error_label.text() and dialog.isVisible()
    fill(qtbot, (dialog.current_edit, REYES), (dialog.new_edit, "a-new-one-for-reyes"),
         (dialog.repeat_edit, "a-new-one-for-reyes-x"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "differ" in dialog.error_label.text()
    fill(qtbot, (dialog.current_edit, "not-my-password"),
         (dialog.new_edit, "a-new-one-for-reyes"), (dialog.repeat_edit, "a-new-one-for-reyes"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == WRONG_CREDENTIALS
    fill(qtbot, (dialog.current_edit, REYES), (dialog.new_edit, "a-new-one-for-reyes"),
         (dialog.repeat_edit, "a-new-one-for-reyes"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.changed is not None and not dialog.isVisible()
    assert people.authenticate("reyes", "a-new-one-for-reyes").name == "Ofc. D. Reyes"
    assert window.statusBar().currentMessage() == "Your password was changed."


def test_a_forced_change_is_asked_before_the_board(qtbot: QtBot,
                                                  people: PeopleService) -> None:
    """The administrator's "choose a new password" would let the officer straight in."""
    admin = people.authenticate("chief", "chief-password-1")
    people.require_password_change("reyes", admin)
    dialog = shown(qtbot, SignInDialog(people))
    assert isinstance(dialog, SignInDialog) and not dialog.new_password_edit.isVisible()
    fill(qtbot, (dialog.username_edit, "reyes"), (dialog.password_edit, REYES))
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is None and dialog.isVisible()
    assert dialog.new_password_edit.isVisible() and dialog.new_repeat_edit.isVisible()
    assert "choose a new password" in dialog.notice_label.text()
    assert not dialog.sign_in_button.isEnabled()  # until both new fields are typed
    fill(qtbot, (dialog.new_password_edit, REYES), (dialog.new_repeat_edit, REYES))
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert "same as the current one" in dialog.error_label.text() and dialog.actor is None
    fill(qtbot, (dialog.new_password_edit, "reyes-chose-this-one"),
         (dialog.new_repeat_edit, "reyes-chose-this-one"))
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is not None and dialog.actor.name == "Ofc. D. Reyes"
    assert not people.must_change_password("reyes")
    assert people.authenticate("reyes", "reyes-chose-this-one").role is Role.DESK_OFFICER


def test_the_administrator_asks_for_a_new_password_in_people(
        qtbot: QtBot, desk: Desk, people: PeopleService) -> None:
    """The administrator could force a new password only from the command line."""
    admin = people.authenticate("chief", "chief-password-1")
    dialog = shown(qtbot, PeopleDialog(people, admin, desk.zone))
    assert isinstance(dialog, PeopleDialog) and not dialog.ask_button.isEnabled()
    dialog.refresh(select="reyes")
    assert dialog.ask_button.isEnabled()
    qtbot.mouseClick(dialog.ask_button, Qt.MouseButton.LeftButton)
    assert people.must_change_password("reyes")
    statuses = [dialog.proxy.index(row, COL_STATUS).data()
                for row in range(dialog.proxy.rowCount())]
    assert "Active, new password asked" in statuses
