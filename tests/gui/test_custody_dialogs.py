"""The custody dialogs, driven as a desk officer would: type, click, then read the database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, QPoint, Qt, QTime, QTimeZone
from PySide6.QtWidgets import (
    QAbstractButton,
    QDateTimeEdit,
    QDialog,
    QLabel,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm, DetainerSnapshot, StepSnapshot
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import (
    BailDecision,
    CustodyStatus,
    FormType,
    Outcome,
    ReleaseGround,
    Role,
    StepState,
)
from desk_app.gui.close_dialog import (
    BailPostedDialog,
    CloseDialog,
    ReleaseDialog,
    ReleaseEligibleDialog,
    VoidDialog,
)
from desk_app.gui.custody_dialogs import (
    BailDecisionDialog,
    CopyServedDialog,
    CustodyDialog,
    EroNoticeDialog,
    StepDoneDialog,
    StepNotApplicableDialog,
)
from desk_app.store.desk import Desk, open_desk
from desk_app.store.models import AuditEntry
from desk_app.store.people_service import PeopleService

NOW = datetime(2026, 11, 25, 19, tzinfo=UTC)  # Wednesday 14:00 in Pittsfield (EST)
OFFICER = Actor("Ofc. Reyes", Role.DESK_OFFICER)
SUPERVISOR = Actor("Sgt. Kim", Role.SUPERVISOR)


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """A fresh SQLite desk with the default (Pittsfield) profile, clock stopped at NOW."""
    yield open_desk(f"sqlite:///{tmp_path / 't.sqlite3'}", FixedTime(NOW))


@pytest.fixture
def detainer(desk: Desk) -> DetainerSnapshot:
    """One detainer logged at NOW by the desk officer."""
    form = DetainerForm("D-1", FormType.I_247A, "26-100", "José Ñúñez", NOW)
    return desk.detainers.log(form, OFFICER)


def step(snapshot: DetainerSnapshot, step_id: str) -> StepSnapshot:
    """The named checklist step of a snapshot."""
    return next(s for s in snapshot.steps if s.step_id == step_id)


def shown(qtbot: QtBot, dialog: CustodyDialog) -> CustodyDialog:
    """Show the dialog offscreen so that clicks land on laid-out widgets."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def click(qtbot: QtBot, widget: QWidget) -> None:
    """A left click in the middle of a widget."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a radio button or check box on its indicator, where a user aims."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton,
                     pos=QPoint(button.fontMetrics().height() // 2 + 2, button.height() // 2))


def set_wall_time(edit: QDateTimeEdit, year: int, month: int, day: int, hour: int,
                  minute: int) -> None:
    """Put a department wall-clock time into a time field (the calendar popup's job)."""
    edit.setDateTime(QDateTime(QDate(year, month, day), QTime(hour, minute),
                               QTimeZone(QTimeZone.Initialization.UTC)))


def bailed_on_recognizance(desk: Desk, detainer: DetainerSnapshot) -> DetainerSnapshot:
    """The detainer after the clerk released the person on personal recognizance."""
    return desk.custody.record_bail_decision(detainer.id, BailDecision.PERSONAL_RECOGNIZANCE,
                                             OFFICER)


def test_step_done_records_the_note(qtbot: QtBot, desk: Desk,
                                    detainer: DetainerSnapshot) -> None:
    """Ticking a step off must record who did it and the note typed, not lose them."""
    first = step(detainer, "inform_bail_clerk")
    dlg = shown(qtbot, StepDoneDialog(desk, OFFICER, detainer.id, first))
    qtbot.keyClicks(dlg.note_edit, "Clerk Byrne told at 14:05")
    click(qtbot, dlg.ok_button)
    assert dlg.result() == QDialog.DialogCode.Accepted
    done = step(desk.detainers.get(detainer.id), "inform_bail_clerk")
    assert (done.state, done.done_by, done.note) == (
        StepState.DONE, "Ofc. Reyes", "Clerk Byrne told at 14:05")
    assert dlg.result_snapshot == desk.detainers.get(detainer.id)


def test_step_dialog_shows_who_and_citation(qtbot: QtBot, desk: Desk,
                                            detainer: DetainerSnapshot) -> None:
    """The officer must see whose duty the step is and which section requires it."""
    dlg = shown(qtbot, StepDoneDialog(desk, OFFICER, detainer.id,
                                      step(detainer, "scan_into_imc")))
    texts = " ".join(label.text() for label in dlg.findChildren(QLabel))
    assert "Scan the detainer into the arrest report in IMC" in texts
    assert "Arresting officer" in texts and "Policy 413 §IV.A.3(a)" in texts


def test_not_applicable_needs_a_reason(qtbot: QtBot, desk: Desk,
                                       detainer: DetainerSnapshot) -> None:
    """A step could be waved away with no reason on record if the button were live."""
    dlg = shown(qtbot, StepNotApplicableDialog(desk, OFFICER, detainer.id,
                                               step(detainer, "original_on_clipboard")))
    assert not dlg.ok_button.isEnabled()
    qtbot.keyClicks(dlg.reason_edit, "   ")
    assert not dlg.ok_button.isEnabled()
    qtbot.keyClicks(dlg.reason_edit, "clipboard replaced by this board")
    assert dlg.ok_button.isEnabled()
    qtbot.keyClick(dlg.reason_edit, Qt.Key.Key_Return)
    na = step(desk.detainers.get(detainer.id), "original_on_clipboard")
    assert (na.state, na.note) == (StepState.NOT_APPLICABLE, "clipboard replaced by this board")


def test_bail_on_recognizance_offers_the_ero_prompt(qtbot: QtBot, desk: Desk,
                                                    detainer: DetainerSnapshot) -> None:
    """After a PR release the supervisor must be sent straight to the ERO notice."""
    dlg = shown(qtbot, BailDecisionDialog(desk, OFFICER, detainer.id))
    assert not dlg.ok_button.isEnabled()
    choose(qtbot, dlg.radios[BailDecision.PERSONAL_RECOGNIZANCE])
    assert "§IV.A.3(g)" in dlg.makes_due.text()
    click(qtbot, dlg.ok_button)
    saved = desk.detainers.get(detainer.id)
    assert saved.bail_decision is BailDecision.PERSONAL_RECOGNIZANCE
    assert saved.custody_status is CustodyStatus.BAILED
    assert dlg.ero_step is not None and dlg.ero_step.step_id == "notify_ero_if_bailed"
    assert dlg.ero_step.is_due


def test_held_until_court_does_not_offer_ero(qtbot: QtBot, desk: Desk,
                                             detainer: DetainerSnapshot) -> None:
    """A person held until court is still in custody: no ERO notice may be prompted."""
    dlg = shown(qtbot, BailDecisionDialog(desk, OFFICER, detainer.id))
    choose(qtbot, dlg.radios[BailDecision.HELD_UNTIL_COURT])
    click(qtbot, dlg.ok_button)
    assert desk.detainers.get(detainer.id).custody_status is CustodyStatus.HELD_UNTIL_COURT
    assert dlg.ero_step is None


def test_monetary_bail_amount_then_bail_posted(qtbot: QtBot, desk: Desk) -> None:
    """The amount typed must be kept, and posting it must make the person bailed."""
    form = DetainerForm("D-2", FormType.I_247A, "26-101", "José Ñúñez",
                        NOW - timedelta(hours=1))
    detainer = desk.detainers.log(form, OFFICER)
    dlg = shown(qtbot, BailDecisionDialog(desk, OFFICER, detainer.id))
    assert not dlg.amount_edit.isEnabled()
    choose(qtbot, dlg.radios[BailDecision.MONETARY_BAIL])
    qtbot.keyClicks(dlg.amount_edit, "$500")
    set_wall_time(dlg.time_edit, 2026, 11, 25, 13, 30)
    click(qtbot, dlg.ok_button)
    assert desk.detainers.get(detainer.id).bail_amount == "500.00"
    posted = shown(qtbot, BailPostedDialog(desk, OFFICER, detainer.id))
    set_wall_time(posted.time_edit, 2026, 11, 25, 13, 45)
    click(qtbot, posted.ok_button)
    saved = desk.detainers.get(detainer.id)
    assert saved.custody_status is CustodyStatus.BAILED
    assert saved.release_eligible_at == datetime(2026, 11, 25, 18, 45, tzinfo=UTC)


def test_bail_posted_before_the_fax_is_shown_and_not_saved(
        qtbot: QtBot, desk: Desk, detainer: DetainerSnapshot) -> None:
    """Bail posted at 13:45 for a fax logged at 14:00 must be caught, not saved."""
    desk.custody.record_bail_decision(detainer.id, BailDecision.MONETARY_BAIL, OFFICER,
                                      amount="500")
    posted = shown(qtbot, BailPostedDialog(desk, OFFICER, detainer.id))
    set_wall_time(posted.time_edit, 2026, 11, 25, 13, 45)
    click(qtbot, posted.ok_button)
    assert "before the bail decision" in posted.error_label.text()
    assert desk.detainers.get(detainer.id).release_eligible_at is None


def test_release_eligible_records_the_trust_act_ground(
        qtbot: QtBot, desk: Desk, detainer: DetainerSnapshot) -> None:
    """Charges dismissed must make the person release-eligible, with who and the section."""
    dlg = shown(qtbot, ReleaseEligibleDialog(desk, OFFICER, detainer.id))
    assert not dlg.ok_button.isEnabled()
    labels = [dlg.ground_combo.itemText(i) for i in range(dlg.ground_combo.count())]
    assert "Charges dropped or dismissed (Trust Act §1(a))" in labels
    dlg.ground_combo.setCurrentIndex(labels.index(
        "Charges dropped or dismissed (Trust Act §1(a))"))
    click(qtbot, dlg.ok_button)
    saved = desk.detainers.get(detainer.id)
    assert saved.release_ground is ReleaseGround.CHARGES_DISMISSED
    assert saved.release_eligible_by == OFFICER.name
    assert saved.release_eligible_at == NOW


def test_ero_notice_records_method_contact_and_step(qtbot: QtBot, desk: Desk,
                                                    detainer: DetainerSnapshot) -> None:
    """The ERO call must be on record (how, to whom, what) and tick the §IV.A.3(g) step."""
    bailed = bailed_on_recognizance(desk, detainer)
    dlg = shown(qtbot, EroNoticeDialog(desk, SUPERVISOR, detainer.id,
                                       step(bailed, "notify_ero_if_bailed")))
    assert "no longer in our custody" in dlg.message_edit.toPlainText()
    assert not dlg.ok_button.isEnabled()
    choose(qtbot, dlg.method_radios["phone"])
    assert not dlg.ok_button.isEnabled()
    qtbot.keyClicks(dlg.contact_edit, "Duty officer Hale, ERO Burlington")
    click(qtbot, dlg.ok_button)
    saved = desk.detainers.get(detainer.id)
    assert (saved.ero_method, saved.ero_contact, saved.ero_notified_by) == (
        "phone", "Duty officer Hale, ERO Burlington", "Sgt. Kim")
    assert saved.ero_notified_at == NOW
    assert step(saved, "notify_ero_if_bailed").state is StepState.DONE


def test_future_time_is_refused_and_shown(qtbot: QtBot, desk: Desk,
                                          detainer: DetainerSnapshot) -> None:
    """A notice dated later today must be refused in words, with nothing typed lost."""
    bailed = bailed_on_recognizance(desk, detainer)
    dlg = shown(qtbot, EroNoticeDialog(desk, SUPERVISOR, detainer.id,
                                       step(bailed, "notify_ero_if_bailed")))
    set_wall_time(dlg.time_edit, 2026, 11, 25, 14, 30)  # 19:30 UTC, half an hour ahead
    choose(qtbot, dlg.method_radios["fax"])
    qtbot.keyClicks(dlg.contact_edit, "ERO Boston")
    click(qtbot, dlg.ok_button)
    assert dlg.isVisible() and dlg.result_snapshot is None
    assert dlg.error_label.isVisible()
    assert "When: is in the future" in dlg.error_label.text()
    assert dlg.contact_edit.text() == "ERO Boston"
    assert desk.detainers.get(detainer.id).ero_notified_at is None


def test_times_are_read_in_the_department_zone(qtbot: QtBot, desk: Desk,
                                               detainer: DetainerSnapshot) -> None:
    """13:30 typed at a Pittsfield desk must be stored as 18:30 UTC, whatever the PC says."""
    dlg = shown(qtbot, ReleaseDialog(desk, OFFICER, detainer.id))
    assert dlg.time_edit.displayFormat() == "ddd d MMM yyyy HH:mm"
    assert dlg.time_edit.dateTime().time() == QTime(14, 0)  # default now, in EST
    set_wall_time(dlg.time_edit, 2026, 11, 25, 13, 30)
    click(qtbot, dlg.ok_button)
    saved = desk.detainers.get(detainer.id)
    assert saved.custody_status is CustodyStatus.RELEASED
    assert saved.release_eligible_at == datetime(2026, 11, 25, 18, 30, tzinfo=UTC)


def test_copy_served_records_and_requests_print(qtbot: QtBot, desk: Desk,
                                                detainer: DetainerSnapshot) -> None:
    """Serving the copy must tick §IV.A.3(h) and tell the caller whether to print."""
    dlg = shown(qtbot, CopyServedDialog(desk, OFFICER, detainer.id,
                                        step(detainer, "give_arrestee_copy")))
    assert dlg.print_requested is False
    choose(qtbot, dlg.print_check)
    click(qtbot, dlg.ok_button)
    assert dlg.print_requested is True
    saved = desk.detainers.get(detainer.id)
    assert (saved.copy_served_at, saved.copy_served_by) == (NOW, "Ofc. Reyes")
    assert step(saved, "give_arrestee_copy").state is StepState.DONE


def test_close_with_open_steps_is_refused_for_a_desk_officer(
        qtbot: QtBot, desk: Desk, detainer: DetainerSnapshot) -> None:
    """Closing past open steps must be refused, naming them, without losing the note."""
    bailed_on_recognizance(desk, detainer)
    dlg = shown(qtbot, CloseDialog(desk, OFFICER, detainer.id))
    assert dlg.override_box.isVisible()
    assert "§IV.A.3(g)" in dlg.steps_list.text()
    assert dlg.supervisor_edit.text() == ""
    dlg.outcome_combo.setCurrentIndex(
        dlg.outcome_combo.findData(Outcome.RELEASED_ON_RECOGNIZANCE))
    qtbot.keyClicks(dlg.note_edit, "walked out 13:50")
    click(qtbot, dlg.ok_button)
    assert dlg.isVisible() and dlg.result_snapshot is None
    assert "Notify ICE ERO" in dlg.error_label.text()
    assert "Give the arrestee a copy of the detainer form" in dlg.error_label.text()
    assert "Policy 413 §IV.A.3(h)" in dlg.steps_list.text()
    assert dlg.note_edit.text() == "walked out 13:50"
    assert desk.detainers.get(detainer.id).closed_at is None


def staffed(desk: Desk) -> None:
    """Accounts for the override: a supervisor (kim) and a records clerk (dube)."""
    people = PeopleService(desk.db, desk.time, desk.zone)
    admin = people.first_administrator("admin", "Lt. A. Okafor", "admin-password-1")
    people.add("kim", SUPERVISOR.name, Role.SUPERVISOR, "kim-password-12", admin)
    people.add("dube", "M. Dube (Records)", Role.RECORDS_CLERK, "dube-password-1", admin)


def override_signed(qtbot: QtBot, desk: Desk, detainer: DetainerSnapshot, username: str,
                    password: str) -> CustodyDialog:
    """The desk officer closes with steps open; `username` signs the override."""
    dlg = shown(qtbot, CloseDialog(desk, OFFICER, detainer.id))
    dlg.outcome_combo.setCurrentIndex(
        dlg.outcome_combo.findData(Outcome.RELEASED_ON_RECOGNIZANCE))
    qtbot.keyClicks(dlg.supervisor_edit, username)
    qtbot.keyClicks(dlg.supervisor_password_edit, password)
    qtbot.keyClicks(dlg.override_edit, "ERO unreachable; steps done on paper")
    click(qtbot, dlg.ok_button)
    return dlg


def test_close_with_supervisor_override(qtbot: QtBot, desk: Desk,
                                        detainer: DetainerSnapshot) -> None:
    """A supervisor signing in on the spot must be recorded with the officer who closed."""
    staffed(desk)
    bailed_on_recognizance(desk, detainer)
    dlg = override_signed(qtbot, desk, detainer, "kim", "kim-password-12")
    saved = desk.detainers.get(detainer.id)
    assert saved.outcome is Outcome.RELEASED_ON_RECOGNIZANCE
    assert saved.override_reason == "ERO unreachable; steps done on paper"
    assert saved.closed_by == "Ofc. Reyes, override signed by Sgt. Kim"
    assert saved.closed_at == NOW
    assert dlg.result() == QDialog.DialogCode.Accepted
    with desk.db.sessions() as session:
        closed = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "detainer closed")).one()
    assert closed.actor == "Ofc. Reyes"
    assert "supervisor override by Sgt. Kim (signed on the spot for Ofc. Reyes)" \
        in closed.summary


@pytest.mark.parametrize(("username", "password", "said"), [
    ("Sgt. A. Kim", "anything-at-all", "Wrong username or password"),
    ("kim", "not-her-password", "Wrong username or password"),
    ("dube", "dube-password-1", "who may not close a detainer past open blocking steps"),
])
def test_override_needs_a_supervisors_signature(
        qtbot: QtBot, desk: Desk, detainer: DetainerSnapshot, username: str,
        password: str, said: str) -> None:
    """A typed name with no account, a wrong password or a clerk must not close it."""
    staffed(desk)
    bailed_on_recognizance(desk, detainer)
    dlg = override_signed(qtbot, desk, detainer, username, password)
    assert dlg.isVisible() and "the override was not signed" in dlg.error_label.text()
    assert said in dlg.error_label.text()
    assert dlg.supervisor_password_edit.text() == ""  # never left in the form
    assert desk.detainers.get(detainer.id).closed_at is None


def test_wrong_override_passwords_lock_the_supervisors_account(
        qtbot: QtBot, desk: Desk, detainer: DetainerSnapshot) -> None:
    """Guessing a supervisor's password at the close dialog counts like a sign-in."""
    staffed(desk)
    bailed_on_recognizance(desk, detainer)
    for _ in range(5):
        override_signed(qtbot, desk, detainer, "kim", "a-wrong-guess-1")
    people = PeopleService(desk.db, desk.time, desk.zone)
    assert people.get("kim").is_locked(NOW)
    dlg = override_signed(qtbot, desk, detainer, "kim", "kim-password-12")
    assert "Wrong username or password" in dlg.error_label.text()
    assert desk.detainers.get(detainer.id).closed_at is None


def test_supervisor_closes_without_signing_again(qtbot: QtBot, desk: Desk,
                                                 detainer: DetainerSnapshot) -> None:
    """A signed-in supervisor overriding in their own name must not be asked twice."""
    dlg = shown(qtbot, CloseDialog(desk, SUPERVISOR, detainer.id))
    assert not dlg.supervisor_edit.isVisible()
    assert not dlg.supervisor_password_edit.isVisible()
    dlg.outcome_combo.setCurrentIndex(dlg.outcome_combo.findData(Outcome.LIFTED_BY_ICE))
    qtbot.keyClicks(dlg.override_edit, "ICE lifted it by phone")
    click(qtbot, dlg.ok_button)
    saved = desk.detainers.get(detainer.id)
    assert (saved.outcome, saved.closed_by) == (Outcome.LIFTED_BY_ICE, "Sgt. Kim")


def test_no_override_section_when_steps_are_done(qtbot: QtBot, desk: Desk,
                                                 detainer: DetainerSnapshot) -> None:
    """With every blocking step done the officer must not be offered an override."""
    for s in detainer.open_blocking_steps:
        desk.custody.complete_step(detainer.id, s.step_id, OFFICER)
    dlg = shown(qtbot, CloseDialog(desk, OFFICER, detainer.id))
    assert not dlg.override_box.isVisible()
    assert not dlg.ok_button.isEnabled()
    dlg.outcome_combo.setCurrentIndex(dlg.outcome_combo.findData(Outcome.TRANSFERRED_TO_ICE))
    qtbot.keyClicks(dlg.note_edit, "ERO took custody at the sally port")
    qtbot.keyClick(dlg.note_edit, Qt.Key.Key_Return)
    saved = desk.detainers.get(detainer.id)
    assert saved.outcome is Outcome.TRANSFERRED_TO_ICE
    assert saved.close_note == "ERO took custody at the sally port"


def test_outcome_combo_lists_every_outcome_in_words(qtbot: QtBot, desk: Desk,
                                                    detainer: DetainerSnapshot) -> None:
    """An outcome missing from the list, or shown as a code, could not be chosen."""
    dlg = shown(qtbot, CloseDialog(desk, OFFICER, detainer.id))
    items = [dlg.outcome_combo.itemText(i) for i in range(dlg.outcome_combo.count())]
    assert len(items) == len(Outcome)
    assert "Released on personal recognizance" in items
    assert dlg.outcome_combo.currentIndex() == -1


def test_void_needs_a_reason(qtbot: QtBot, desk: Desk, detainer: DetainerSnapshot) -> None:
    """An entry must not vanish from the board without a reason on record."""
    dlg = shown(qtbot, VoidDialog(desk, OFFICER, detainer.id))
    assert not dlg.ok_button.isEnabled()
    qtbot.keyClick(dlg.reason_edit, Qt.Key.Key_Return)
    assert dlg.isVisible() and desk.detainers.get(detainer.id).voided_at is None
    qtbot.keyClicks(dlg.reason_edit, "logged twice, see D-2")
    click(qtbot, dlg.ok_button)
    saved = desk.detainers.get(detainer.id)
    assert (saved.voided_at, saved.void_reason) == (NOW, "logged twice, see D-2")


def test_escape_cancels_without_saving(qtbot: QtBot, desk: Desk,
                                       detainer: DetainerSnapshot,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Escape must back out of a dialog and record nothing (once the loss is agreed)."""
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args: QMessageBox.StandardButton.Yes)
    dlg = shown(qtbot, VoidDialog(desk, OFFICER, detainer.id))
    qtbot.keyClicks(dlg.reason_edit, "oops")
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert dlg.result() == QDialog.DialogCode.Rejected and dlg.result_snapshot is None
    assert desk.detainers.get(detainer.id).voided_at is None


def test_tab_order_runs_from_fields_to_buttons(qtbot: QtBot, desk: Desk,
                                               detainer: DetainerSnapshot) -> None:
    """Tab must walk the fields top to bottom, not into date sections, then the buttons."""
    dlg = shown(qtbot, EroNoticeDialog(desk, SUPERVISOR, detainer.id, None))
    dlg.activateWindow()
    qtbot.waitUntil(lambda: dlg.isActiveWindow())
    choose(qtbot, dlg.method_radios["phone"])
    qtbot.keyClicks(dlg.contact_edit, "ERO Boston")
    dlg.time_edit.setFocus()
    visited = []
    for _ in range(5):
        qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_Tab)
        visited.append(dlg.focusWidget())
    assert visited[:3] == [dlg.method_radios["phone"], dlg.contact_edit, dlg.message_edit]
    # The buttons come last, in the platform's own order (Cancel first on Linux).
    assert set(visited[3:]) == {dlg.ok_button, dlg.cancel_button}


def test_skipped_daylight_saving_hour_is_refused(qtbot: QtBot, desk: Desk,
                                                 detainer: DetainerSnapshot) -> None:
    """02:30 on the spring-forward night never happened; it must not be silently moved."""
    dlg = shown(qtbot, ReleaseDialog(desk, OFFICER, detainer.id))
    set_wall_time(dlg.time_edit, 2026, 3, 8, 2, 30)
    click(qtbot, dlg.ok_button)
    assert dlg.isVisible() and "does not exist on that day" in dlg.error_label.text()
    assert desk.detainers.get(detainer.id).custody_status is CustodyStatus.IN_CUSTODY


def test_enter_in_the_time_field_saves(qtbot: QtBot, desk: Desk,
                                       detainer: DetainerSnapshot) -> None:
    """With the default time right, Enter alone must record the release."""
    dlg = shown(qtbot, ReleaseDialog(desk, OFFICER, detainer.id))
    qtbot.keyClick(dlg.time_edit, Qt.Key.Key_Return)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert desk.detainers.get(detainer.id).custody_status is CustodyStatus.RELEASED


def test_reimbursement_dialog_takes_dollars_and_the_day(
        qtbot: QtBot, desk: Desk, detainer: DetainerSnapshot) -> None:
    """The analyst must be able to enter a reimbursement, exact, with the day received."""
    from decimal import Decimal

    from desk_app.gui.reimbursement_dialog import ReimbursementDialog

    dlg = shown(qtbot, ReimbursementDialog(desk, SUPERVISOR, detainer.id))
    assert not dlg.ok_button.isEnabled()
    qtbot.keyClicks(dlg.amount_edit, "five hundred")
    click(qtbot, dlg.ok_button)
    assert "is not an amount of dollars" in dlg.error_label.text()
    dlg.amount_edit.clear()
    qtbot.keyClicks(dlg.amount_edit, "$1,250.50")
    dlg.received_edit.setDate(QDate(2026, 11, 20))
    click(qtbot, dlg.ok_button)
    saved = desk.detainers.get(detainer.id)
    assert saved.reimbursement_amount == Decimal("1250.50")
    assert saved.reimbursement_received_on == date(2026, 11, 20)
