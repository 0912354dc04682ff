"""Words on the screens that misled or vanished: fixed where a shift found them."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from desk_app.domain.actor import Actor
from desk_app.domain.vocabulary import Role
from desk_app.gui.main_window import MainWindow
from desk_app.gui.settings_dialog import SettingsDialog
from desk_app.store.desk import Desk
from tests.gui.conftest import OFFICER, log_detainer

CLERK = Actor("M. Dube (Records)", Role.RECORDS_CLERK)
ADMIN = Actor("Admin", Role.ADMINISTRATOR)


def window_as(qtbot: QtBot, desk: Desk, actor: Actor) -> MainWindow:
    log_detainer(desk)
    main = MainWindow(desk, actor)
    qtbot.addWidget(main)
    main.timer.stop()
    main.resize(1366, 768)
    main.show()
    return main


def test_signed_in_stays_after_a_passing_message(qtbot: QtBot, desk: Desk) -> None:
    """A transient status message no longer wipes out who is signed in."""
    window = window_as(qtbot, desk, OFFICER)
    window.on_selected(lambda _id: None)
    window.statusBar().showMessage("Select a detainer on the board first.", 1)
    qtbot.wait(20)
    assert window.signed_in_label.isVisible()
    assert window.signed_in_label.text().startswith(f"Signed in: {OFFICER.name}")


def test_records_clerk_sees_no_done_buttons(qtbot: QtBot, desk: Desk) -> None:
    """Buttons she would be refused on are not offered; an officer still has them."""
    clerk = window_as(qtbot, desk, CLERK)
    texts = [b.text() for b in clerk.board.detail.checklist.findChildren(QPushButton)]
    assert "Done…" not in texts and "N/A…" not in texts
    clerk.set_actor(OFFICER)
    clerk._show_selected()
    texts = [b.text() for b in clerk.board.detail.checklist.findChildren(QPushButton)]
    assert "Done…" in texts


def test_history_does_not_point_at_the_board(qtbot: QtBot, desk: Desk) -> None:
    """History's empty detail says where to select, not 'on the board'."""
    window = window_as(qtbot, desk, OFFICER)
    assert window.history.detail.title.text() == "Select a detainer in the results above"


def test_settings_shows_no_literal_ampersand(qtbot: QtBot, desk: Desk) -> None:
    """Every label with a mnemonic has a buddy, so no '&' is drawn as text."""
    dialog = SettingsDialog(desk, ADMIN)
    qtbot.addWidget(dialog)
    dialog.show()
    for label in dialog.findChildren(QLabel):
        if "&" in label.text() and label.isVisible():
            assert label.buddy() is not None, label.text()


def test_a_long_policy_name_ends_in_an_ellipsis_not_mid_word(
        qtbot: QtBot, desk: Desk) -> None:
    """At 1366x768 the status bar cut 'Role of the Department in Immigrati': the
    text now ends in '…' where it is cut, and the tooltip holds it whole."""
    window = window_as(qtbot, desk, OFFICER)
    label = window.signed_in_label
    label.setText(label.text() + " — " + "a much longer policy title " * 6)
    qtbot.wait(20)
    shown = label.shown_text()
    assert shown.endswith("…")
    assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
    assert label.toolTip() == label.text()
    assert label.geometry().right() <= window.statusBar().width()
