"""The board window's menus, toolbar and tray: every action, its key and its permission.

Kept apart from `main_window`, which reacts to what the actions do; this module only
builds them and says which permission each one needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QStyle, QSystemTrayIcon

from desk_app.domain.permissions import Permission
from desk_app.domain.vocabulary import Matter
from desk_app.gui.password_dialog import change_my_password

if TYPE_CHECKING:
    from desk_app.gui.main_window import MainWindow



class DetainerAction(NamedTuple):
    """One action on the selected detainer: its words, key, what it does, the permission
    the service will ask for, and whether it also acts on the History tab's selection
    (scans and prints do: closed detainers have them too)."""

    text: str
    shortcut: str
    slot: Callable[[], None]
    permission: Permission = Permission.RECORD_STEPS
    on_history: bool = False


def tray_for(window: MainWindow) -> QSystemTrayIcon | None:
    """The tray icon that carries alerts and new faxes, where the desktop has a tray."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    tray = QSystemTrayIcon(QIcon(icon), window)
    tray.setToolTip("Detainer Desk")
    tray.show()
    return tray


def add_action(window: MainWindow, text: str, shortcut: str, slot: Callable[[], None],
               tip: str = "") -> QAction:
    """An action with its shortcut, status tip and tooltip, reachable from the keyboard."""
    action = QAction(text, window)
    action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip or text.replace("&", "").rstrip("…"))
    action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shortcut})")
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    """The menus, the toolbar and which permission each action needs."""
    window.detainer_actions = []
    new = add_action(window, "&New detainer…", "Ctrl+N", lambda: window.acts.new_detainer(),
                     "Log a detainer the minute the fax arrives")
    window.new_action = new
    profile = window.desk.profile
    today = profile.local_day(window.desk.time.now())
    # Where a layer of law forbids telling ICE of a release, the notice is not offered.
    ero = [] if profile.forbids(Matter.TELL_ICE_OF_RELEASE, today) else [
        DetainerAction("Notify &ERO…", "Ctrl+E", window.acts.notify_ero)]
    per_detainer = [
        DetainerAction("&Bail decision…", "Ctrl+B", window.acts.bail_decision),
        DetainerAction("Bail &posted…", "Ctrl+Shift+B", window.acts.bail_posted),
        *ero,
        DetainerAction("&Copy given…", "Ctrl+Shift+C", window.acts.copy_served),
        DetainerAction("Release e&ligible…", "Ctrl+Shift+R", window.acts.release_eligible),
        DetainerAction("&Released…", "Ctrl+R", window.acts.release),
        DetainerAction("C&lose detainer…", "Ctrl+Shift+X", window.acts.close_detainer,
                       Permission.CLOSE_DETAINER),
        DetainerAction("&Void entry…", "Ctrl+Shift+Del", window.acts.void,
                       Permission.VOID_DETAINER),
        DetainerAction("&Attach scan…", "Ctrl+Shift+A",
                       lambda: window.on_selected(window.scans.attach),
                       Permission.EDIT_DETAINER),
        DetainerAction("&View scan", "Ctrl+Shift+V",
                       lambda: window.on_selected(window.scans.view),
                       Permission.VIEW_HISTORY, on_history=True),
        DetainerAction("&Print record", "Ctrl+P",
                       lambda: window.on_selected(window.scans.print_record),
                       Permission.PRINT_RECORDS, on_history=True),
        DetainerAction("Print arrestee c&opy", "Ctrl+Shift+P",
                       lambda: window.on_selected(window.scans.print_arrestee_copy),
                       Permission.PRINT_RECORDS, on_history=True),
    ]
    toolbar = window.addToolBar("Detainer")
    toolbar.setObjectName("detainerToolbar")
    window.toolbar = toolbar
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addAction(new)
    toolbar.addAction(window.stations.action)
    toolbar.addSeparator()
    window.file_actions = []
    gated_detainer_actions = {}
    for entry in per_detainer:
        action = add_action(window, entry.text, entry.shortcut, entry.slot)
        window.detainer_actions.append(action)
        gated_detainer_actions[action] = entry.permission
        if entry.on_history:
            window.file_actions.append(action)
        toolbar.addAction(action)
    find = add_action(window, "&Find", "Ctrl+F", window.focus_search)
    wall = add_action(window, "&Wall display", "F11", window.show_wall,
                      "Every active detainer in large type, read-only; F11 again "
                      "to come back (sign-in)")
    window.wall_action = wall
    window.export_action = add_action(window, "E&xport tracking sheet…", "Ctrl+Shift+E",
                                      window.sheets.export)
    window.import_action = add_action(window, "&Import tracking sheet…", "Ctrl+Shift+I",
                                      window.sheets.import_file)
    window.contact_action = add_action(window, "New ICE &contact…", "Ctrl+Shift+K",
                                       window.new_contact,
                                       "Log an ICE presence call, request or warrant")
    window.settings_action = add_action(window, "&Settings…", "Ctrl+,", window.edit_settings)
    window.people_action = add_action(window, "&People…", "Ctrl+Shift+U", window.edit_people)
    window.lock_action = add_action(window, "&Lock workstation", "Ctrl+L", window.lock)
    window.password_action = add_action(window, "Change my &password…", "",
                                        lambda: change_my_password(window),
                                        "Choose a new password for your own account")
    menu = window.menuBar()
    desk_menu = menu.addMenu("&Desk")
    desk_menu.addAction(new)
    desk_menu.addActions(window.detainer_actions)
    desk_menu.addSeparator()
    desk_menu.addAction(window.contact_action)
    records_menu = menu.addMenu("&Records")
    records_menu.addAction(window.export_action)
    records_menu.addAction(window.import_action)
    records_menu.addAction(window.sync_action)
    if window.backups.enabled:
        backup_action = records_menu.addAction("&Back up the database now")
        backup_action.triggered.connect(window.backups.backup_now)
    view_menu = menu.addMenu("V&iew")
    view_menu.addAction(find)
    view_menu.addAction(window.stations.action)
    view_menu.addAction(wall)
    view_menu.addAction(window.alert_sound)
    tools = menu.addMenu("&Tools")
    tools.addAction(window.settings_action)
    tools.addAction(window.people_action)
    tools.addAction(window.password_action)
    tools.addAction(window.lock_action)
    help_menu = menu.addMenu("&Help")
    help_menu.addAction(add_action(window, "&About Detainer Desk", "F1", window.show_about))
    window.gated = {
        new: Permission.LOG_DETAINER,
        window.export_action: Permission.EXPORT_TRACKING_SHEET,
        window.import_action: Permission.IMPORT_TRACKING_SHEET,
        window.settings_action: Permission.CHANGE_SETTINGS,
        window.contact_action: Permission.RECORD_CONTACT,
        window.people_action: Permission.MANAGE_PEOPLE,
    }
    window.gated.update(gated_detainer_actions)
