"""The lock locks everything (issue 13, finding 4): every dialog closes, typing is kept
for its author only, and the next person starts clean.

Reproduced before: an administrator's People dialog stayed on screen behind the idle
lock, and the records clerk who signed in next added an administrator in the absent
administrator's name.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desk_app.domain.actor import Actor
from desk_app.domain.vocabulary import Role
from desk_app.gui.close_dialog import CloseDialog
from desk_app.gui.idle_lock import IdleLock
from desk_app.gui.main_window import MainWindow
from desk_app.gui.people_dialog import PeopleDialog, PersonFormDialog
from desk_app.gui.sign_in_dialog import SignInDialog
from desk_app.store.desk import Desk
from desk_app.store.people_service import PeopleService
from tests.gui.conftest import OFFICER, log_detainer

ADMIN = Actor("Lt. A. Okafor", Role.ADMINISTRATOR)
CLERK = Actor("M. Dube (Records)", Role.RECORDS_CLERK)
PASSWORDS = {"admin": "admin-password-1", "dube": "dube-password-1",
             "reyes": "reyes-password-1"}


@pytest.fixture
def people(desk: Desk) -> PeopleService:
    """An administrator, a records clerk and a desk officer who can sign in."""
    service = PeopleService(desk.db, desk.time, desk.zone)
    admin = service.first_administrator("admin", ADMIN.name, PASSWORDS["admin"])
    service.add("dube", CLERK.name, CLERK.role, PASSWORDS["dube"], admin)
    service.add("reyes", OFFICER.name, OFFICER.role, PASSWORDS["reyes"], admin)
    return service


def window_of(qtbot: QtBot, desk: Desk, actor: Actor, people: PeopleService) -> MainWindow:
    window = MainWindow(desk, actor, people)
    qtbot.addWidget(window)
    window.timer.stop()
    window.show()
    return window


def signs_in_next(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, username: str) -> None:
    """Whoever comes to the locked workstation signs in as `username`."""

    def sign_in(dialog: SignInDialog) -> int:
        assert not [d for d in shown_dialogs() if d is not dialog]  # nothing left open
        qtbot.keyClicks(dialog.username_edit, username)
        qtbot.keyClicks(dialog.password_edit, PASSWORDS[username])
        dialog.show()
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(SignInDialog, "exec", sign_in)


def shown_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible()]


def alive(kind: type[QDialog]) -> list[QDialog]:
    """Dialogs of `kind` still existing once deferred deletions have run."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)]


def while_open(qtbot: QtBot, kind: type[QDialog], act: Callable[[QDialog], None]) -> None:
    """Once a dialog of `kind` is on screen (run by exec), do `act` to it."""

    def poll() -> None:
        found = [d for d in shown_dialogs() if isinstance(d, kind)]
        if found:
            act(found[-1])
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def offered(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton
            ) -> list[str]:
    """Answer the "reopen what you were typing?" question; returns the questions."""
    asked: list[str] = []

    def question(_parent: object, title: str, text: str, *_args: object) -> object:
        asked.append(f"{title} {text}")
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_the_administrators_people_dialog_is_gone_for_the_next_person(
        qtbot: QtBot, desk: Desk, people: PeopleService,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The clerk who signs in after the lock must not find the People dialog usable."""
    window = window_of(qtbot, desk, ADMIN, people)
    signs_in_next(qtbot, monkeypatch, "dube")
    asked = offered(monkeypatch, QMessageBox.StandardButton.Yes)
    while_open(qtbot, PeopleDialog, lambda _dialog: window.lock())
    window.edit_people()  # exec() returns once the lock has closed it
    assert window.actor == CLERK
    assert not shown_dialogs()
    qtbot.waitUntil(lambda: not alive(PeopleDialog))
    assert not window.people_action.isVisible()
    assert asked == []  # nothing typed, nothing to offer, and not to the clerk anyway


def test_typing_is_kept_for_its_author_only(qtbot: QtBot, desk: Desk, people: PeopleService,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A half-typed account is kept from the clerk, and given back to the administrator
    without the password."""
    window = window_of(qtbot, desk, ADMIN, people)
    signs_in_next(qtbot, monkeypatch, "dube")
    asked = offered(monkeypatch, QMessageBox.StandardButton.Yes)

    def type_then_lock(form: QDialog) -> None:
        assert isinstance(form, PersonFormDialog)
        qtbot.keyClicks(form.username_edit, "mallory")
        qtbot.keyClicks(form.password_edit, "half-typed-secret")
        window.lock()

    while_open(qtbot, PersonFormDialog, type_then_lock)
    while_open(qtbot, PeopleDialog, lambda d: d.add_button.click())
    window.edit_people()
    assert window.actor == CLERK and not shown_dialogs() and asked == []
    assert len(window.drafts.drafts_of(ADMIN)) == 2  # the form and the list it came from
    assert window.drafts.drafts_of(CLERK) == []

    signs_in_next(qtbot, monkeypatch, "admin")
    window.lock()
    qtbot.waitUntil(lambda: bool(asked))
    assert "you were typing in “People”, “Add a person”" in asked[0]
    forms = [d for d in shown_dialogs() if isinstance(d, PersonFormDialog)]
    assert len(forms) == 1 and forms[0].username_edit.text() == "mallory"
    assert forms[0].password_edit.text() == ""  # never kept


def test_a_reopened_draft_runs_its_after_save_step(
        qtbot: QtBot, desk: Desk, people: PeopleService,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A person added from a reopened "Add a person" draft was saved but missing from
    the People list: the list's refresh ran only while `exec()` waited, before the lock."""
    window = window_of(qtbot, desk, ADMIN, people)
    signs_in_next(qtbot, monkeypatch, "admin")
    asked = offered(monkeypatch, QMessageBox.StandardButton.Yes)

    def type_then_lock(form: QDialog) -> None:
        assert isinstance(form, PersonFormDialog)
        qtbot.keyClicks(form.username_edit, "swalsh")
        window.lock()

    while_open(qtbot, PersonFormDialog, type_then_lock)
    while_open(qtbot, PeopleDialog, lambda d: d.add_button.click())
    window.edit_people()  # returns at the lock; the same person signs in again
    qtbot.waitUntil(lambda: bool(asked))
    (form,) = [d for d in shown_dialogs() if isinstance(d, PersonFormDialog)]
    (listing,) = [d for d in shown_dialogs() if isinstance(d, PeopleDialog)]
    assert isinstance(form, PersonFormDialog) and isinstance(listing, PeopleDialog)
    qtbot.keyClicks(form.display_name_edit, "Ofc. S. Walsh")
    qtbot.keyClicks(form.password_edit, "walsh-password-1")
    qtbot.keyClicks(form.repeat_edit, "walsh-password-1")
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    assert people.get("swalsh").display_name == "Ofc. S. Walsh"
    shown_names = [listing.model.person_at(r).username
                   for r in range(listing.model.rowCount())]
    assert "swalsh" in shown_names
    assert listing.selected() is not None and listing.selected().username == "swalsh"


def test_a_declined_draft_is_dropped(qtbot: QtBot, desk: Desk, people: PeopleService,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Answering No to the offer must leave nothing open and nothing kept."""
    detainer_id = log_detainer(desk)
    window = window_of(qtbot, desk, OFFICER, people)
    window.board.select(detainer_id)
    signs_in_next(qtbot, monkeypatch, "reyes")
    asked = offered(monkeypatch, QMessageBox.StandardButton.No)

    def type_then_lock(dialog: QDialog) -> None:
        assert isinstance(dialog, CloseDialog)
        qtbot.keyClicks(dialog.note_edit, "walked out 13:50")
        window.lock()

    while_open(qtbot, CloseDialog, type_then_lock)
    window.acts.close_detainer()
    qtbot.waitUntil(lambda: bool(asked))
    assert "“Close detainer – D26-0001”" in asked[0]
    assert not shown_dialogs()
    qtbot.waitUntil(lambda: not alive(CloseDialog))
    assert window.drafts.drafts_of(OFFICER) == []
    assert desk.detainers.get(detainer_id).is_active


def test_ctrl_l_inside_a_dialog_locks(qtbot: QtBot, desk: Desk, people: PeopleService,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+L must lock even while a modal dialog has the keyboard."""
    window = window_of(qtbot, desk, ADMIN, people)
    idle = IdleLock(desk.time, 10, window)
    idle.install()
    idle.locked.connect(window.lock)
    window.locked_done.connect(idle.reset)
    signs_in_next(qtbot, monkeypatch, "dube")
    try:
        while_open(qtbot, PeopleDialog,
                   lambda d: qtbot.keyClick(d.view, Qt.Key.Key_L,
                                            Qt.KeyboardModifier.ControlModifier))
        window.edit_people()
    finally:
        idle.uninstall()
    assert window.actor == CLERK and not shown_dialogs()
    assert not idle.is_locked  # reset by the sign-in


def test_a_second_lock_while_signing_in_changes_nothing(
        qtbot: QtBot, desk: Desk, people: PeopleService,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The idle timer firing again while the sign-in is up must not close it or stack
    a second one."""
    window = window_of(qtbot, desk, ADMIN, people)
    shown: list[SignInDialog] = []

    def sign_in(dialog: SignInDialog) -> int:
        shown.append(dialog)
        dialog.show()
        window.lock()  # idle again, or Ctrl+L, while nobody is signed in
        assert dialog.isVisible()
        qtbot.keyClicks(dialog.username_edit, "dube")
        qtbot.keyClicks(dialog.password_edit, PASSWORDS["dube"])
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(SignInDialog, "exec", sign_in)
    window.lock()
    assert len(shown) == 1 and window.actor == CLERK
