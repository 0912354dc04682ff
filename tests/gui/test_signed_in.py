"""One source of who is signed in: a sign-in after the lock changes every view at once.

The main window owns one `SignedIn`; every view and action reads the person from it.
Here a desk officer's board is locked and a supervisor signs in: each part of the
window then acts as the supervisor, and what it reads or prints is audited in their
name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk_app.domain.actor import Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.vocabulary import Role
from desk_app.gui.main_window import MainWindow
from desk_app.gui.sign_in_dialog import SignInDialog
from desk_app.store.desk import Desk
from desk_app.store.models import AuditEntry
from tests.gui.conftest import OFFICER, log_detainer

LIEUTENANT = Actor("Lt. A. Ortiz", Role.SUPERVISOR)


def audited(desk: Desk, action: AuditAction) -> list[str]:
    """Who is named on each audit entry of `action`, oldest first."""
    with desk.db.sessions() as session:
        return list(session.scalars(select(AuditEntry.actor).where(
            AuditEntry.action == action.value).order_by(AuditEntry.id)))


@pytest.fixture
def window(qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """A desk officer's board, locked, and the lieutenant signing in at the lock."""
    log_detainer(desk, "D26-0701", "Maria Lopez")
    main = MainWindow(desk, OFFICER, desk.people)
    qtbot.addWidget(main)
    main.timer.stop()
    main.resize(1366, 768)
    main.show()

    def sign_in(dialog: SignInDialog) -> int:
        dialog.actor = LIEUTENANT
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SignInDialog, "exec", sign_in)
    main.lock()
    return main


def test_every_view_acts_for_whoever_signed_in_last(window: MainWindow) -> None:
    """No view keeps the officer who signed in first."""
    assert window.handoff is not None
    views = [window.history, window.intake, window.handoff, window.reports,
             window.contact_log, window.audit, window.scans, window.sheets]
    assert [view.actor for view in views] == [LIEUTENANT] * len(views)
    # One source, not copies set one by one: each reads the window's own.
    assert all(view.signed_in is window.signed_in for view in views)
    assert window.actor == LIEUTENANT
    assert "Lt. A. Ortiz (supervisor)" in window.status_line.signed_in.toolTip() + \
        window.status_line.signed_in.text()
    # The handoff redrew what the new person may do: a supervisor may sign it.
    assert window.handoff.sign_out_button.toolTip() == ""


def test_what_the_views_read_and_print_is_audited_as_the_new_person(
        window: MainWindow, desk: Desk, qtbot: QtBot, tmp_path: Path) -> None:
    """The reports, the audit log and a printed record name the lieutenant."""
    window.tabs.setCurrentWidget(window.reports)
    qtbot.mouseClick(window.reports.show_button, Qt.MouseButton.LeftButton)
    assert audited(desk, AuditAction.REPORT_VIEWED) == [LIEUTENANT.name]
    window.tabs.setCurrentWidget(window.audit)
    qtbot.mouseClick(window.audit.search_button, Qt.MouseButton.LeftButton)
    assert audited(desk, AuditAction.AUDIT_LOG_READ)[-1] == LIEUTENANT.name
    window.tabs.setCurrentWidget(window.board)
    window.scans.output_dir = tmp_path
    shown: list[Path] = []
    window.scans.present = lambda path, _title: shown.append(path)  # type: ignore[method-assign]
    window.on_selected(window.scans.print_record)
    qtbot.waitUntil(lambda: window.scans.rendering == 0, timeout=30_000)
    assert len(shown) == 1 and shown[0].stat().st_size > 0
    assert audited(desk, AuditAction.RECORD_PRINTED) == [LIEUTENANT.name]
    assert OFFICER.name not in (audited(desk, AuditAction.REPORT_VIEWED)
                                + audited(desk, AuditAction.AUDIT_LOG_READ)
                                + audited(desk, AuditAction.RECORD_PRINTED))
