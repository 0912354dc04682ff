"""What the signed-in person's role shows of the board's window.

Every menu and toolbar action, tab and button that needs a permission is hidden from a
role that does not have it (`domain/permissions.py` decides; the services refuse too, so
a hidden control is never the only guard). The menus' actions carry their permission
from `window_menus.py`; the tabs and the buttons inside them are listed here. Applied at
start-up and again whenever someone else signs in after a lock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desk_app.domain.permissions import Permission, allowed

if TYPE_CHECKING:
    from desk_app.gui.main_window import MainWindow


def gated_buttons(window: MainWindow) -> dict[QWidget, Permission]:
    """The buttons inside the tabs that change something, and what each needs. The
    rest only search, show or print what the tab already shows."""
    history, intake, contacts = window.history, window.intake, window.contact_log
    buttons: dict[QWidget, Permission] = {
        history.follow_up: Permission.RECORD_FOLLOW_UP,
        history.reimbursement: Permission.RECORD_FOLLOW_UP,
        contacts.new_button: Permission.RECORD_CONTACT,
        contacts.notified_button: Permission.RECORD_CONTACT,
        contacts.callback_button: Permission.RECORD_CONTACT,
    }
    # The intake queue's decisions log, attach or file a fax: the desk's (LOG_DETAINER).
    for widget in (intake.log_button, intake.matches, intake.attach_button,
                   intake.file_button, intake.dismiss_button):
        buttons[widget] = Permission.LOG_DETAINER
    if window.handoff is not None:  # the incoming supervisor signs with their own password
        buttons[window.handoff.save_note_button] = Permission.SIGN_HANDOFF
        buttons[window.handoff.sign_out_button] = Permission.SIGN_HANDOFF
    return buttons


def apply_role(window: MainWindow) -> None:
    """Show only what the signed-in person's role may use."""
    role = window.actor.role
    for action, permission in window.gated.items():
        action.setVisible(allowed(role, permission))
    for tab, permission in window.gated_tabs.items():
        window.tabs.setTabVisible(window.tabs.indexOf(tab), allowed(role, permission))
    for button, permission in gated_buttons(window).items():
        button.setVisible(allowed(role, permission))
    window.people_action.setVisible(window.people is not None
                                    and allowed(role, Permission.MANAGE_PEOPLE))
    window.lock_action.setVisible(window.people is not None)
    window.password_action.setVisible(window.people is not None
                                      and window.actor.username is not None)
    # Done… and N/A… only for those who may record steps, shown again at once.
    window.board.detail.checklist.set_interactive(allowed(role, Permission.RECORD_STEPS))
