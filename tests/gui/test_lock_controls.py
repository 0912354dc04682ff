"""While the workstation is locked the menus and the toolbar are greyed out and do
nothing; they come back on sign-in, as the new person's role allows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from desk_app.domain.vocabulary import Role
from desk_app.gui.detainer_form import DetainerFormDialog
from desk_app.gui.main_window import MainWindow
from desk_app.gui.sign_in_dialog import SignInDialog
from desk_app.store.desk import Desk
from desk_app.store.people_service import PeopleService
from tests.gui.conftest import OFFICER, log_detainer

PASSWORD = "secret12-secret12"


def toolbar_buttons(window: MainWindow) -> dict[str, QToolButton]:
    """The toolbar's buttons that are shown, by their words."""
    buttons = {}
    for action in window.toolbar.actions():
        widget = window.toolbar.widgetForAction(action)
        if isinstance(widget, QToolButton) and action.isVisible():
            buttons[action.text().replace("&", "")] = widget
    return buttons


def usable(window: MainWindow) -> dict[str, bool]:
    """What a person can click: the menu bar's titles and each toolbar button."""
    menus = {f"menu {action.text()}": window.menuBar().isEnabled() and action.isEnabled()
             for action in window.menuBar().actions()}
    return menus | {name: button.isEnabled() for name, button in
                    toolbar_buttons(window).items()}


def test_the_locked_window_offers_nothing_to_click(
        qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The toolbar looked clickable behind the sign-in; a click there must do nothing,
    and after the sign-in everything the role allows is back."""
    people = PeopleService(desk.db, desk.time, desk.zone)
    admin = people.first_administrator("admin", "Admin", PASSWORD)
    people.add("kim", "Sgt. M. Kim", Role.SUPERVISOR, PASSWORD, admin)
    log_detainer(desk)
    window = MainWindow(desk, OFFICER, people)
    qtbot.addWidget(window)
    window.timer.stop()
    window.show()
    before = usable(window)
    assert before["New detainer…"] and before["menu &Desk"] and before["Bail decision…"]
    opened: list[DetainerFormDialog] = []
    monkeypatch.setattr(DetainerFormDialog, "exec", lambda form: opened.append(form) or 0)
    while_locked: list[dict[str, bool]] = []

    def sign_in(dialog: SignInDialog) -> int:
        while_locked.append(usable(window))
        qtbot.mouseClick(toolbar_buttons(window)["New detainer…"], Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.username_edit, "kim")
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        dialog.show()
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(SignInDialog, "exec", sign_in)
    window.lock()
    assert while_locked and set(while_locked[0]) == set(before)
    assert not any(while_locked[0].values()), while_locked[0]
    assert opened == []  # the click on the greyed-out New detainer… did nothing
    assert window.actor.name == "Sgt. M. Kim"
    assert usable(window) == before  # the sergeant may do what the officer did here
    qtbot.mouseClick(toolbar_buttons(window)["New detainer…"], Qt.MouseButton.LeftButton)
    assert len(opened) == 1
