"""Locking the board's window: nothing readable or usable until someone signs in.

Idle minutes, Ctrl+L, or leaving the wall display lock the window: the tabs are hidden,
every dialog closes (its typing kept for its author, `lock_drafts.py`), and the menus
and the toolbar are greyed out, so nothing behind the sign-in looks as if it could be
clicked. They come back, as the new person's role allows, once someone signs in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

if TYPE_CHECKING:
    from desk_app.gui.main_window import MainWindow


def show_controls(window: MainWindow, usable: bool) -> None:
    """The menus and the toolbar, greyed out (not `usable`) while the window is locked;
    each action keeps its own state (role, selection, read-only) for afterwards."""
    window.menuBar().setEnabled(usable)
    window.toolbar.setEnabled(usable)


def lock_window(window: MainWindow, why: str | None = None) -> None:
    """Hide the board, close every dialog and ask for a sign-in until someone signs in
    (the one who locked it or another person, who then acts in their own name)."""
    from desk_app.gui.sign_in_dialog import SignInDialog

    if window.people is None or window.locking:  # already locked: the sign-in is up
        return
    window.tabs.hide()
    show_controls(window, False)
    window.drafts.close_all(window.actor)  # every dialog: nothing usable behind the lock
    if window.wall is not None:  # read-only and on screen: leaving it asks instead
        return
    dialog = SignInDialog(window.people, window, locked_by=window.actor.name,
                          lock_minutes=window.desk.settings.lock_minutes, why=why)
    window.locking = True
    try:
        while dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
            pass  # the workstation stays locked until someone signs in
    finally:
        window.locking = False
    window.set_actor(dialog.actor)
    window.tabs.show()
    show_controls(window, True)
    window.locked_done.emit()
    # Once the closed dialogs' own loops have returned: delete them, and offer the
    # same person their drafts back.
    person = window.actor
    QTimer.singleShot(0, lambda: window.drafts.settle(person, window))
