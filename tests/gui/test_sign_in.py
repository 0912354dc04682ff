"""Sign-in, the first administrator, the idle lock and the people list, driven with qtbot."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desk_app.domain.actor import Actor
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import Role
from desk_app.gui.idle_lock import IdleLock
from desk_app.gui.people_dialog import (
    COL_NAME,
    COL_ROLE,
    COL_STATUS,
    USERNAME_ROLE,
    PeopleDialog,
    PeopleModel,
    PersonFormDialog,
)
from desk_app.gui.sign_in_dialog import SignInDialog
from desk_app.store.desk import Desk
from desk_app.store.people_service import WRONG_CREDENTIALS, PeopleService
from tests.gui.pictures import assert_picture_shows

PIN = "204917-at-the-desk"
ADMIN = Actor("Lt. A. Okafor", Role.ADMINISTRATOR)


@pytest.fixture
def people(desk: Desk) -> PeopleService:
    """The people service of the test desk, on its injected clock and zone."""
    return PeopleService(desk.db, desk.time, desk.zone)


@pytest.fixture
def staffed(people: PeopleService) -> PeopleService:
    """A desk with an administrator and one desk officer."""
    people.first_administrator("chief", ADMIN.name, "admin-pass-1")
    people.add("dreyes", "Ofc. D. Reyes", Role.DESK_OFFICER, PIN, ADMIN)
    return people


def shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    """Show a widget offscreen so that clicks land on laid-out widgets."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Type as a person would, key by key."""
    qtbot.keyClicks(edit, text)


def test_typing_and_clicking_sign_in_gives_the_actor(qtbot: QtBot,
                                                     staffed: PeopleService) -> None:
    """An officer who types the right PIN would not get to the board, or as someone else."""
    dialog = shown(qtbot, SignInDialog(staffed))
    assert not dialog.first_run and dialog.quit_button is not None
    assert not dialog.sign_in_button.isEnabled()
    type_into(qtbot, dialog.username_edit, "dreyes")
    type_into(qtbot, dialog.password_edit, PIN)
    assert dialog.password_edit.echoMode() is QLineEdit.EchoMode.Password
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.actor == Actor("Ofc. D. Reyes", Role.DESK_OFFICER)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_enter_in_the_password_field_signs_in(qtbot: QtBot, staffed: PeopleService) -> None:
    """Pressing Enter after the PIN would do nothing, and the officer reaches for the mouse."""
    dialog = shown(qtbot, SignInDialog(staffed))
    assert dialog.sign_in_button.isDefault()
    type_into(qtbot, dialog.username_edit, "dreyes")
    type_into(qtbot, dialog.password_edit, PIN)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.name == "Ofc. D. Reyes"


def test_wrong_password_says_so_and_keeps_the_username(qtbot: QtBot,
                                                       staffed: PeopleService) -> None:
    """A wrong PIN would close the dialog, hide why, or make the officer retype the name."""
    dialog = shown(qtbot, SignInDialog(staffed))
    type_into(qtbot, dialog.username_edit, "dreyes")
    type_into(qtbot, dialog.password_edit, "000000")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.actor is None
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == WRONG_CREDENTIALS
    assert dialog.error_label.text().startswith("Wrong username or password. Check both")
    assert dialog.username_edit.text() == "dreyes"
    assert dialog.password_edit.text() == ""
    assert dialog.focusWidget() is dialog.password_edit
    type_into(qtbot, dialog.password_edit, PIN)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is not None


def test_lockout_message_says_how_long_without_naming_the_account(
        qtbot: QtBot, staffed: PeopleService) -> None:
    """After five wrong PINs the officer would not know how long to wait; a stranger
    must not learn that the name exists (the same words for every refused try)."""
    dialog = shown(qtbot, SignInDialog(staffed))
    type_into(qtbot, dialog.username_edit, "dreyes")
    for _ in range(5):
        type_into(qtbot, dialog.password_edit, "000000")
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert "locked for 15 minutes" in dialog.error_label.text()
    type_into(qtbot, dialog.password_edit, PIN)  # the right one, during the lock
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is None
    assert dialog.error_label.text() == WRONG_CREDENTIALS
    assert dialog.username_edit.text() == "dreyes"


def test_first_administrator_is_offered_on_a_new_desk(qtbot: QtBot,
                                                      people: PeopleService) -> None:
    """A new installation would ask for a username and password nobody has."""
    dialog = shown(qtbot, SignInDialog(people))
    assert dialog.first_run
    assert dialog.display_name_edit is not None and dialog.repeat_edit is not None
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Create the first administrator" in texts
    assert dialog.sign_in_button.text() == "&Create administrator and sign in"
    type_into(qtbot, dialog.username_edit, "chief")
    type_into(qtbot, dialog.display_name_edit, "Lt. A. Okafor")
    type_into(qtbot, dialog.password_edit, "admin-pass-1")
    type_into(qtbot, dialog.repeat_edit, "admin-pass-2")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert "two passwords differ" in dialog.error_label.text()
    assert not people.has_people()
    assert dialog.username_edit.text() == "chief"
    type_into(qtbot, dialog.password_edit, "admin-pass-1")
    type_into(qtbot, dialog.repeat_edit, "admin-pass-1")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.actor == ADMIN
    assert people.has_administrator()
    assert people.authenticate("chief", "admin-pass-1") == ADMIN


def test_first_administrator_with_a_short_password_is_refused(
        qtbot: QtBot, people: PeopleService) -> None:
    """A five-letter administrator password would guard every record of the desk
    (CJIS 5.6.2.1.1 asks for 12 characters)."""
    dialog = shown(qtbot, SignInDialog(people))
    assert dialog.display_name_edit is not None and dialog.repeat_edit is not None
    type_into(qtbot, dialog.username_edit, "chief")
    type_into(qtbot, dialog.display_name_edit, "Lt. A. Okafor")
    type_into(qtbot, dialog.password_edit, "abcde")
    type_into(qtbot, dialog.repeat_edit, "abcde")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == ("Password: must be at least 12 characters; a few "
                                         "words strung together are easy to remember.")
    assert dialog.actor is None and not people.has_people()


def test_after_an_idle_lock_it_says_why_and_cannot_be_escaped(
        qtbot: QtBot, staffed: PeopleService) -> None:
    """Escape on the lock screen would uncover the board without signing in."""
    dialog = shown(qtbot, SignInDialog(staffed, locked_by="Ofc. D. Reyes", lock_minutes=10))
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Locked after 10 minutes without input. Sign in to continue" in texts
    assert any("Ofc. D. Reyes was signed in" in text for text in texts)
    assert dialog.quit_button is None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible() and dialog.actor is None
    type_into(qtbot, dialog.username_edit, "chief")
    type_into(qtbot, dialog.password_edit, "admin-pass-1")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.actor == ADMIN


def test_quit_at_start_rejects(qtbot: QtBot, staffed: PeopleService) -> None:
    """The start-up sign-in would trap someone who only wanted to close the program."""
    dialog = shown(qtbot, SignInDialog(staffed))
    assert dialog.quit_button is not None
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is None


def test_screenshot_of_the_sign_in_dialog(qtbot: QtBot, staffed: PeopleService,
                                          tmp_path_factory: pytest.TempPathFactory) -> None:
    """The dialog would render with overlapping or cut-off fields (look at the picture)."""
    folder = tmp_path_factory.getbasetemp()
    dialog = shown(qtbot, SignInDialog(staffed))
    type_into(qtbot, dialog.username_edit, "dreyes")
    type_into(qtbot, dialog.password_edit, "000000")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, dialog.password_edit, "20")
    assert_picture_shows(dialog, {"username": dialog.username_edit,
                                  "password": dialog.password_edit,
                                  "refusal": dialog.error_label,
                                  "sign in": dialog.sign_in_button}, folder / "sign_in.png")
    locked = shown(qtbot, SignInDialog(staffed, locked_by="Ofc. D. Reyes"))
    assert_picture_shows(locked, {"username": locked.username_edit,
                                  "password": locked.password_edit,
                                  "sign in": locked.sign_in_button},
                         folder / "sign_in_locked.png")


def test_screenshot_of_the_first_administrator_form(
        qtbot: QtBot, people: PeopleService,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """The first-run form would render cramped or with a label cut off (look at it)."""
    dialog = shown(qtbot, SignInDialog(people))
    assert_picture_shows(dialog, {"username": dialog.username_edit,
                                  "display name": dialog.display_name_edit,
                                  "password": dialog.password_edit,
                                  "repeat": dialog.repeat_edit,
                                  "create": dialog.sign_in_button},
                         tmp_path_factory.getbasetemp() / "first_admin.png")


# --- the idle lock ---------------------------------------------------------------------


@pytest.fixture
def idle(qtbot: QtBot, clock: FixedTime) -> Iterator[IdleLock]:
    """An idle lock of 10 minutes on the injected clock, watching the application."""
    lock = IdleLock(clock, lock_minutes=10)
    lock.install()
    yield lock
    lock.uninstall()


def test_idle_lock_emits_only_after_lock_minutes(qtbot: QtBot, idle: IdleLock,
                                                 clock: FixedTime) -> None:
    """The board would lock while the officer is still at it, or never lock at all."""
    seen: list[None] = []
    idle.locked.connect(lambda: seen.append(None))
    clock.advance(timedelta(minutes=9, seconds=59))
    idle.check()
    assert seen == [] and not idle.is_locked
    clock.advance(timedelta(seconds=1))
    with qtbot.waitSignal(idle.locked, timeout=1000):
        idle.check()
    assert idle.is_locked
    clock.advance(timedelta(minutes=30))
    idle.check()
    assert len(seen) == 1  # once, not again at every check


def test_idle_lock_is_checked_by_a_timer_every_few_seconds(idle: IdleLock) -> None:
    """The check would never run by itself, so a walked-away desk stays open."""
    assert idle.timer.isActive()
    assert 1000 <= idle.timer.interval() <= 10_000


def test_keyboard_and_mouse_input_restart_the_count(qtbot: QtBot, idle: IdleLock,
                                                    clock: FixedTime) -> None:
    """Typing on the board would not count as activity, so it locks mid-entry."""
    field = QLineEdit()
    shown(qtbot, field)
    clock.advance(timedelta(minutes=9))
    qtbot.keyClick(field, Qt.Key.Key_A)
    clock.advance(timedelta(minutes=9))
    idle.check()
    assert not idle.is_locked
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    clock.advance(timedelta(minutes=9))
    idle.check()
    assert not idle.is_locked
    clock.advance(timedelta(minutes=1))
    idle.check()
    assert idle.is_locked


def test_reset_after_sign_in_starts_a_new_period(qtbot: QtBot, idle: IdleLock,
                                                 clock: FixedTime) -> None:
    """After signing in again the board would lock at once, or never again."""
    field = QLineEdit()
    shown(qtbot, field)
    clock.advance(timedelta(minutes=10))
    idle.check()
    assert idle.is_locked
    qtbot.keyClick(field, Qt.Key.Key_A)  # typing into the sign-in does not unlock
    assert idle.is_locked
    idle.reset()
    assert not idle.is_locked
    clock.advance(timedelta(minutes=5))
    idle.check()
    assert not idle.is_locked
    with qtbot.waitSignal(idle.locked, timeout=1000):
        clock.advance(timedelta(minutes=5))
        idle.check()


def test_changed_lock_minutes_apply_at_once(idle: IdleLock, clock: FixedTime) -> None:
    """A department that sets 2 minutes would still wait 10."""
    idle.set_lock_minutes(2)
    clock.advance(timedelta(minutes=2))
    idle.check()
    assert idle.is_locked


def test_clock_set_back_does_not_lock_or_crash(idle: IdleLock, clock: FixedTime) -> None:
    """A clock corrected backwards would make the idle time negative and confuse the lock."""
    clock.advance(timedelta(minutes=-30))
    idle.check()
    assert not idle.is_locked and idle.idle_for() == timedelta(0)


def test_uninstall_stops_watching(clock: FixedTime) -> None:
    """A lock left behind after the window closed would still filter every event."""
    lock = IdleLock(clock, 10)
    lock.install()
    lock.uninstall()
    assert not lock.timer.isActive()
    assert QCoreApplication.instance() is not None


# --- the administrator's people list ------------------------------------------------------


def test_people_model_shows_roles_and_status_without_a_window(
        staffed: PeopleService, desk: Desk, clock: FixedTime) -> None:
    """The administrator would not see who is disabled or locked out."""
    staffed.add("ana", "Ana Analyst", Role.ANALYST, PIN, ADMIN)
    staffed.set_active("ana", False, ADMIN)
    for _ in range(5):
        with pytest.raises(Exception, match="Wrong|locked"):
            staffed.authenticate("dreyes", "000000")
    model = PeopleModel(clock, desk.zone)
    model.set_rows(staffed.list_people(ADMIN))
    rows = {model.index(r, 0).data(USERNAME_ROLE): r for r in range(model.rowCount())}
    assert model.index(rows["ana"], COL_STATUS).data() == "Disabled"
    assert model.index(rows["dreyes"], COL_STATUS).data() == "Locked until 14:15"
    assert model.index(rows["chief"], COL_STATUS).data() == "Active"
    assert model.index(rows["dreyes"], COL_ROLE).data() == "Desk officer"
    assert model.index(rows["ana"], COL_NAME).data() == "Ana Analyst"


def test_people_dialog_adds_and_disables(qtbot: QtBot, staffed: PeopleService, desk: Desk,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The administrator would add an officer nobody can sign in as, or delete one."""
    dialog = shown(qtbot, PeopleDialog(staffed, ADMIN, desk.zone))

    def fill_add(form: PersonFormDialog) -> int:
        form.username_edit.setText("swalsh")
        form.display_name_edit.setText("Ofc. S. Walsh")
        form.password_edit.setText("383920-new-officer")
        form.repeat_edit.setText("383920-new-officer")
        form.ok_button.click()
        return form.result()

    monkeypatch.setattr(PersonFormDialog, "exec", fill_add)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert staffed.authenticate("swalsh", "383920-new-officer").role is Role.DESK_OFFICER
    assert dialog.selected() is not None and dialog.selected().username == "swalsh"

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
    assert not staffed.get("swalsh").active
    assert dialog.active_button.text() == "&Enable"
    assert "swalsh" in [p.username for p in staffed.list_people(ADMIN)]


def test_people_dialog_shows_a_refusal(qtbot: QtBot, staffed: PeopleService, desk: Desk,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Disabling the only administrator would lock everyone out of managing people."""
    dialog = shown(qtbot, PeopleDialog(staffed, ADMIN, desk.zone))
    dialog.refresh(select="chief")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
    assert "only active administrator" in dialog.error_label.text()
    assert staffed.get("chief").active
