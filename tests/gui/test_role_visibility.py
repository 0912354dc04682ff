"""Each of the five roles signs in and is offered exactly what the permission table
(domain/permissions.py) lets it do: every menu, toolbar, context-menu action and tab
button it sees is permitted, and everything permitted is there.

The expectations below are written from the table and the policy, apart from the
window's own lists, so that a control given the wrong permission (or none) fails here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from desk_app.domain.permissions import Permission, allowed
from desk_app.domain.vocabulary import Role
from desk_app.gui.main_window import MainWindow
from desk_app.gui.sign_in_dialog import SignInDialog
from desk_app.store.desk import Desk
from desk_app.store.people_service import PeopleService
from tests.gui.conftest import log_detainer

P = Permission
PASSWORD = "secret12-secret12"

#: Menu, toolbar and context-menu actions by their words; None: anyone signed in.
ACTIONS: dict[str, Permission | None] = {
    "New detainer…": P.LOG_DETAINER,
    "Bail decision…": P.RECORD_STEPS, "Bail posted…": P.RECORD_STEPS,
    "Notify ERO…": P.RECORD_STEPS, "Copy given…": P.RECORD_STEPS,
    "Release eligible…": P.RECORD_STEPS, "Released…": P.RECORD_STEPS,
    "Close detainer…": P.CLOSE_DETAINER, "Void entry…": P.VOID_DETAINER,
    "Attach scan…": P.EDIT_DETAINER, "View scan": P.VIEW_HISTORY,
    "Print record": P.PRINT_RECORDS, "Print arrestee copy": P.PRINT_RECORDS,
    "New ICE contact…": P.RECORD_CONTACT,
    "Export tracking sheet…": P.EXPORT_TRACKING_SHEET,
    "Import tracking sheet…": P.IMPORT_TRACKING_SHEET,
    "Settings…": P.CHANGE_SETTINGS, "People…": P.MANAGE_PEOPLE,
    # Run by themselves at every workstation; the menu only runs them sooner.
    "Sync records folder now": None, "Back up the database now": None,
    "Find": None, "Wall display": None, "Department view": P.VIEW_BOARD,
    "Alert sound": None, "Lock workstation": None,
    "Change my password…": None, "About Detainer Desk": None,
}

#: Tabs by their words.
TABS: dict[str, Permission | None] = {
    "Board": P.VIEW_BOARD, "History": P.VIEW_HISTORY, "Intake": None, "Handoff": None,
    "Reports": P.VIEW_REPORTS, "ICE contacts": P.VIEW_CONTACT_LOG, "Audit": P.VIEW_AUDIT,
}

#: The buttons inside each tab, by their words.
BUTTONS: dict[str, dict[str, Permission | None]] = {
    "Board": {"Done…": P.RECORD_STEPS, "N/A…": P.RECORD_STEPS, "Acknowledge": None,
              "Log this fax…": P.LOG_DETAINER},
    "History": {"Search": None, "Include active": None,
                "Record follow-up…": P.RECORD_FOLLOW_UP,
                "Record reimbursement…": P.RECORD_FOLLOW_UP},
    "Intake": {"Log as detainer…": P.LOG_DETAINER, "Attach to it": P.LOG_DETAINER,
               "File as ICE contact…": P.LOG_DETAINER, "Dismiss…": P.LOG_DETAINER,
               # The fax's pages, for whoever may see the queue.
               "◀ Previous page": None, "Next page ▶": None, "Larger view…": None},
    # The incoming supervisor signs with their own name and password.
    "Handoff": {"Save note": P.SIGN_HANDOFF, "Sign as outgoing": P.SIGN_HANDOFF,
                "Incoming supervisor signs…": None, "Refresh": None, "Print sheet…": None,
                "Reprint selected": None},
    "Reports": {"Show": P.VIEW_REPORTS, "Save PDF…": P.VIEW_REPORTS,
                "Save CSV…": P.VIEW_REPORTS},
    "ICE contacts": {"New contact…": P.RECORD_CONTACT, "Mark notified…": P.RECORD_CONTACT,
                     "Record callback…": P.RECORD_CONTACT},
    "Audit": {"Search": P.VIEW_AUDIT, "Verify log": P.VIEW_AUDIT},
}

#: Shown only in a state these tests do not make (an alert, a fax, a past handoff).
ONLY_SOMETIMES = {"Acknowledge", "Log this fax…", "Reprint selected"}

USERNAMES = {Role.DESK_OFFICER: "reyes", Role.SUPERVISOR: "kim", Role.RECORDS_CLERK: "dube",
             Role.ANALYST: "lopez", Role.ADMINISTRATOR: "chief"}


def words(text: str) -> str:
    """A control's words without its keyboard accelerator."""
    return text.replace("&", "")


def menu_actions(menu: QMenu) -> Iterator[QAction]:
    """Every action in a menu and its submenus."""
    for action in menu.actions():
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            yield from menu_actions(submenu)
        elif not action.isSeparator():
            yield action


def offered_actions(window: MainWindow) -> dict[str, QAction]:
    """What the menus, the toolbar and the context menus offer, visible or not."""
    actions: list[QAction] = []
    for title in window.menuBar().actions():
        submenu = title.menu()
        assert isinstance(submenu, QMenu)
        shown = [a for a in menu_actions(submenu) if a.isVisible()]
        assert shown or not title.isVisible(), f"the {words(title.text())} menu is empty"
        actions += menu_actions(submenu)
    actions += [a for a in window.toolbar.actions() if not a.isSeparator()]
    for widget in window.findChildren(QWidget):
        if widget.contextMenuPolicy() is Qt.ContextMenuPolicy.ActionsContextMenu:
            actions += widget.actions()
    return {words(action.text()): action for action in actions}


def tab_buttons(window: MainWindow, index: int) -> list[QAbstractButton]:
    """The buttons with words shown on one tab (the tab in front, so that what is
    built when first opened is built)."""
    window.tabs.setCurrentIndex(index)
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # rows rebuilt
    page = window.tabs.widget(index)
    return [b for b in page.findChildren(QAbstractButton)
            if b.text() and b.isVisibleTo(page) and not words(b.text()).startswith("Done (")]


@pytest.fixture
def window(qtbot: QtBot, desk: Desk) -> MainWindow:
    """The window as the administrator first, a detainer selected, one person per role."""
    people = PeopleService(desk.db, desk.time, desk.zone)
    chief = people.first_administrator("chief", "Chief A. Admin", PASSWORD)
    for role, username in USERNAMES.items():
        if role is not Role.ADMINISTRATOR:
            people.add(username, f"{username} ({role})", role, PASSWORD, chief)
    log_detainer(desk)
    main = MainWindow(desk, chief, people)
    qtbot.addWidget(main)
    main.timer.stop()
    main.resize(1366, 768)
    main.show()
    main.board.table.selectRow(0)
    return main


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_offered_what_it_may_do(
        qtbot: QtBot, window: MainWindow, role: Role,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """After the lock, `role` signs in: nothing it may not do is in sight, and
    nothing it may do is missing."""
    def sign_in(dialog: SignInDialog) -> int:
        qtbot.keyClicks(dialog.username_edit, USERNAMES[role])
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        dialog.show()
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(SignInDialog, "exec", sign_in)
    window.lock()
    assert window.actor.role is role

    def permitted(permission: Permission | None) -> bool:
        return permission is None or allowed(role, permission)

    refused: list[str] = []
    missing: list[str] = []
    for text, action in offered_actions(window).items():
        assert text in ACTIONS, f"{text!r}: add it to ACTIONS with its permission"
        if action.isVisible() and not permitted(ACTIONS[text]):
            refused.append(text)
        if not action.isVisible() and permitted(ACTIONS[text]):
            missing.append(text)
    tabs = window.tabs
    for index in range(tabs.count()):
        tab = words(tabs.tabText(index))
        assert tab in TABS, f"{tab!r}: add it to TABS"
        if tabs.isTabVisible(index) != permitted(TABS[tab]):
            (missing if permitted(TABS[tab]) else refused).append(f"tab {tab}")
        if not tabs.isTabVisible(index):
            continue
        shown = {words(b.text()) for b in tab_buttons(window, index)}
        for text in shown:
            assert text in BUTTONS[tab], f"{tab}: {text!r}: add it to BUTTONS"
            if not permitted(BUTTONS[tab][text]):
                refused.append(f"{tab}: {text}")
        missing += [f"{tab}: {text}" for text, permission in BUTTONS[tab].items()
                    if permitted(permission) and text not in shown
                    and text not in ONLY_SOMETIMES]
    assert refused == [], f"{role} is offered what it may not do"
    assert missing == [], f"{role} is not offered what it may do"
