"""A desk officer's shift on the main window: log, watch the clock, bail, ERO, close.

Modal dialogs are driven by replacing their `exec` with a function that types and
clicks inside them the way an officer would, then returns what `exec` would.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import BailDecision, CustodyStatus, Outcome, StepState
from desk_app.gui.board_model import COL_CHECKLIST, COL_EXPIRES, COL_LEFT, COL_STATUS
from desk_app.gui.close_dialog import CloseDialog
from desk_app.gui.custody_dialogs import (
    BailDecisionDialog,
    EroNoticeDialog,
    StepDoneDialog,
)
from desk_app.gui.detainer_form import DetainerFormDialog
from desk_app.gui.main_window import MainWindow
from desk_app.store.desk import Desk
from desk_app.store.models import AuditEntry
from desk_app.store.people_service import PeopleService
from tests.gui.conftest import OFFICER, SERGEANT, log_detainer

Driver = Callable[[QDialog], None]


@pytest.fixture
def window(qtbot: QtBot, desk: Desk) -> MainWindow:
    """The main window over the test desk, with its own tick timer stopped."""
    main = MainWindow(desk, OFFICER)
    qtbot.addWidget(main)
    main.timer.stop()
    main.resize(1366, 768)
    main.show()
    return main


def drive(monkeypatch: pytest.MonkeyPatch, dialog_class: type[QDialog], act: Driver,
          opened: list[QDialog] | None = None) -> None:
    """Replace `dialog_class.exec` by `act`, returning Accepted if the dialog accepted."""

    def fake_exec(self: QDialog) -> int:
        if opened is not None:
            opened.append(self)
        self.show()  # laid out, so clicks land on real buttons
        act(self)
        self.hide()
        return self.result()

    monkeypatch.setattr(dialog_class, "exec", fake_exec)


def cell(window: MainWindow, row: int, column: int) -> str:
    proxy = window.board.proxy
    return proxy.index(row, column).data(Qt.ItemDataRole.DisplayRole)


def test_logging_by_typing_puts_the_detainer_on_the_board(
        window: MainWindow, desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """A detainer typed into the form must appear on the board with Monday's expiry."""

    def type_form(dialog: QDialog) -> None:
        assert isinstance(dialog, DetainerFormDialog)
        qtbot.keyClicks(dialog.detainer_number, "D26-0412")
        # QTest types ASCII only; the name's script is covered by the store tests.
        qtbot.keyClicks(dialog.subject_name, "Nguyen Thi Minh Khai")
        qtbot.keyClicks(dialog.case_number, "26-1187-AR")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, DetainerFormDialog, type_form)
    window.acts.new_detainer()
    assert window.model.rowCount() == 1
    assert cell(window, 0, COL_EXPIRES) == "Mon 30 Nov 14:00"
    (stored,) = desk.detainers.active()
    assert stored.subject_name == "Nguyen Thi Minh Khai"
    assert window.board.selected_id() == stored.id
    detail_text = " ".join(label.text() for label in window.board.detail.findChildren(
        type(window.board.detail.title)))
    assert "Thu 26 Nov: Thanksgiving Day" in detail_text
    assert "Sat 28 Nov: weekend" in detail_text


def test_clock_ticks_into_warning_and_critical_with_one_alert_each(
        window: MainWindow, desk: Desk, clock: FixedTime) -> None:
    """Crossing a threshold must raise the banner once and leave an audit entry."""
    log_detainer(desk)
    assert cell(window, 0, COL_STATUS).endswith("Active")
    clock.set(clock.now() + timedelta(days=4, hours=12, minutes=1))  # Mon 02:01
    window.tick()
    assert cell(window, 0, COL_STATUS).endswith("Warning")
    assert window.board.banner.isVisible() or not window.isVisible()
    assert "Warning: José Ñúñez" in window.board.banner.text()
    window.tick()
    clock.advance(timedelta(hours=10, seconds=30))  # Mon 12:01:30: under two hours
    window.tick()
    assert cell(window, 0, COL_STATUS).endswith("Critical")
    assert cell(window, 0, COL_LEFT) == "01:58:30"
    assert "Critical: José Ñúñez" in window.board.banner.text()
    with desk.db.sessions() as session:
        alerts = session.scalars(select(AuditEntry.summary).where(
            AuditEntry.action == "alert shown")).all()
    assert alerts == ["Alert shown: Warning", "Alert shown: Critical"]


def test_bail_decision_opens_the_ero_prompt_at_once(
        desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bail on recognizance must lead the shift supervisor straight to notifying ICE ERO
    (§IV.A.3(g) gives the notice to the Shift Supervisor/Commander)."""
    window = MainWindow(desk, SERGEANT)
    qtbot.addWidget(window)
    window.timer.stop()
    window.show()
    detainer_id = log_detainer(desk)
    window.board.select(detainer_id)

    def decide(dialog: QDialog) -> None:
        assert isinstance(dialog, BailDecisionDialog)
        dialog.radios[BailDecision.PERSONAL_RECOGNIZANCE].click()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    def notify(dialog: QDialog) -> None:
        assert isinstance(dialog, EroNoticeDialog)
        qtbot.keyClicks(dialog.contact_edit, "ERO Burlington duty officer")
        dialog.method_group.buttons()[0].click()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    opened: list[QDialog] = []
    drive(monkeypatch, BailDecisionDialog, decide)
    drive(monkeypatch, EroNoticeDialog, notify, opened)
    assert window.board.selected_id() == detainer_id
    window.acts.bail_decision()
    assert len(opened) == 1
    stored = desk.detainers.get(detainer_id)
    assert stored.custody_status is CustodyStatus.BAILED
    assert stored.ero_contact == "ERO Burlington duty officer"
    ero = next(s for s in stored.steps if s.step_id == "notify_ero_if_bailed")
    assert ero.state is StepState.DONE


def test_desk_officer_cannot_record_the_supervisors_ero_notice(
        window: MainWindow, desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Policy 413 §IV.A.3(g) gives the ERO notice to the Shift Supervisor, not the desk."""
    detainer_id = log_detainer(desk)
    window.board.select(detainer_id)
    errors: list[str] = []

    def decide(dialog: QDialog) -> None:
        dialog.radios[BailDecision.PERSONAL_RECOGNIZANCE].click()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    def notify(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.contact_edit, "ERO Burlington duty officer")
        dialog.method_group.buttons()[0].click()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        errors.append(dialog.error_label.text())

    drive(monkeypatch, BailDecisionDialog, decide)
    drive(monkeypatch, EroNoticeDialog, notify)
    window.acts.bail_decision()
    assert "shift supervisor's duty (Policy 413 §IV.A.3(g))" in errors[0]
    stored = desk.detainers.get(detainer_id)
    assert stored.ero_notified_at is None


def test_steps_done_from_the_checklist_then_close(
        window: MainWindow, desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing is refused while a blocking step is open; an override closes it, audited."""
    detainer_id = log_detainer(desk)
    window.board.select(detainer_id)
    drive(monkeypatch, StepDoneDialog,
          lambda d: qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton))
    done_buttons = [b for b in window.board.detail.checklist.findChildren(
        type(window.board.dismiss)) if b.text() == "Done…"]
    qtbot.mouseClick(done_buttons[0], Qt.MouseButton.LeftButton)
    first = desk.detainers.get(detainer_id).steps[0]
    assert (first.state, first.done_by) == (StepState.DONE, OFFICER.name)
    assert cell(window, 0, COL_CHECKLIST).startswith("1/8 · Scan the detainer")

    refusals: list[str] = []

    def close_without_override(dialog: QDialog) -> None:
        assert isinstance(dialog, CloseDialog)
        index = dialog.outcome_combo.findData(Outcome.TRANSFERRED_TO_COURT)
        dialog.outcome_combo.setCurrentIndex(index)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        refusals.append(dialog.error_label.text())
        dialog.reject()  # asks first: the outcome chosen would be lost

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args: QMessageBox.StandardButton.Yes)

    drive(monkeypatch, CloseDialog, close_without_override)
    window.acts.close_detainer()
    assert "Scan the detainer into the arrest report in IMC" in refusals[0]
    assert desk.detainers.get(detainer_id).is_active

    def close_with_override(dialog: QDialog) -> None:
        assert isinstance(dialog, CloseDialog)
        dialog.outcome_combo.setCurrentIndex(
            dialog.outcome_combo.findData(Outcome.TRANSFERRED_TO_COURT))
        qtbot.keyClicks(dialog.supervisor_edit, "kim")
        qtbot.keyClicks(dialog.supervisor_password_edit, "kim-password-12")
        qtbot.keyClicks(dialog.override_edit, "Arraigned this morning; report to follow")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    people = PeopleService(desk.db, desk.time, desk.zone)
    admin = people.first_administrator("admin", "Lt. A. Okafor", "admin-password-1")
    people.add("kim", SERGEANT.name, SERGEANT.role, "kim-password-12", admin)
    drive(monkeypatch, CloseDialog, close_with_override)
    window.acts.close_detainer()
    closed = desk.detainers.get(detainer_id)
    assert closed.outcome is Outcome.TRANSFERRED_TO_COURT
    assert closed.override_reason == "Arraigned this morning; report to follow"
    assert window.model.rowCount() == 0
    with desk.db.sessions() as session:
        summary = session.scalars(select(AuditEntry.summary).where(
            AuditEntry.action == "detainer closed")).one()
    assert f"supervisor override by {SERGEANT.name}" in summary
    assert closed.closed_by == f"{OFFICER.name}, override signed by {SERGEANT.name}"


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_release_due_stays_on_top_whatever_the_sort(
        window: MainWindow, desk: Desk, order: Qt.SortOrder) -> None:
    """Sorting by name must not bury a person held past release under other rows."""
    from desk_app.gui.board_model import COL_NAME

    for number, name in (("D26-0001", "Aaron A"), ("D26-0002", "Mia M"),
                         ("D26-0003", "Zoe Z")):
        log_detainer(desk, number, name)
    held = desk.detainers.by_number("D26-0002")
    desk.custody.record_bail_decision(held.id, BailDecision.PERSONAL_RECOGNIZANCE, OFFICER)
    window.on_detainer_changed(held.id)
    window.board.table.sortByColumn(COL_NAME, order)
    names = [cell(window, r, COL_NAME) for r in range(window.board.proxy.rowCount())]
    assert names[0] == "Mia M"
    assert names[1:] == (["Aaron A", "Zoe Z"] if order == Qt.SortOrder.AscendingOrder
                         else ["Zoe Z", "Aaron A"])
    assert cell(window, 0, COL_STATUS).endswith("RELEASE DUE")
