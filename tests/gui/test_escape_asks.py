"""Escape on any dialog with typed input asks before losing it; untouched, it closes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm, DetainerSnapshot
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType, Role
from desk_app.gui.close_dialog import VoidDialog
from desk_app.gui.custody_dialogs import EroNoticeDialog
from desk_app.gui.people_dialog import PersonFormDialog
from desk_app.gui.settings_dialog import SettingsDialog
from desk_app.store.desk import Desk, open_desk

NOW = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
SUPERVISOR = Actor("Sgt. Kim", Role.SUPERVISOR)
ADMIN = Actor("Admin", Role.ADMINISTRATOR)


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """A fresh desk with its clock stopped."""
    opened = open_desk(f"sqlite:///{tmp_path / 't.sqlite3'}", FixedTime(NOW))
    yield opened
    opened.db.close()


@pytest.fixture
def detainer(desk: Desk) -> DetainerSnapshot:
    """One detainer logged at NOW."""
    form = DetainerForm("D-1", FormType.I_247A, "26-100", "José Ñúñez", NOW)
    return desk.detainers.log(form, SUPERVISOR)


class Answers:
    """Stands in for QMessageBox.question: records the question, gives the answer."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.answer = QMessageBox.StandardButton.No

    def __call__(self, _parent: object, title: str, _text: str, *_args: object
                 ) -> QMessageBox.StandardButton:
        self.asked.append(title)
        return self.answer


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    """Every question box answered by the test."""
    given = Answers()
    monkeypatch.setattr(QMessageBox, "question", given)
    return given


def shown(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_notify_ero_escape_asks_and_no_keeps_the_typing(
        qtbot: QtBot, desk: Desk, detainer: DetainerSnapshot, answers: Answers) -> None:
    """Notify ERO: a contact name typed, Escape: asked; No keeps it; Yes closes."""
    dialog = shown(qtbot, EroNoticeDialog(desk, SUPERVISOR, detainer.id, None))
    assert isinstance(dialog, EroNoticeDialog)
    qtbot.keyClicks(dialog.contact_edit, "Officer Lane, ERO Boston")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answers.asked == ["Close without saving?"]
    assert dialog.isVisible() and dialog.contact_edit.text() == "Officer Lane, ERO Boston"
    answers.answer = QMessageBox.StandardButton.Yes
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert desk.detainers.get(detainer.id).ero_notified_at is None


def test_escape_on_an_untouched_dialog_just_closes(
        qtbot: QtBot, desk: Desk, detainer: DetainerSnapshot, answers: Answers) -> None:
    """Opened by mistake: Escape closes at once."""
    dialog = shown(qtbot, VoidDialog(desk, SUPERVISOR, detainer.id))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answers.asked == [] and not dialog.isVisible()


def test_cancel_on_the_void_reason_asks(
        qtbot: QtBot, desk: Desk, detainer: DetainerSnapshot, answers: Answers) -> None:
    """The Cancel button asks the same question as Escape."""
    dialog = shown(qtbot, VoidDialog(desk, SUPERVISOR, detainer.id))
    assert isinstance(dialog, VoidDialog)
    qtbot.keyClicks(dialog.reason_edit, "logged twice")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert answers.asked == ["Close without saving?"] and dialog.isVisible()


def test_settings_and_people_forms_ask_too(
        qtbot: QtBot, desk: Desk, answers: Answers) -> None:
    """A changed municipality or a typed username is not dropped silently."""
    settings = shown(qtbot, SettingsDialog(desk, ADMIN))
    assert isinstance(settings, SettingsDialog)
    qtbot.keyClicks(settings.municipality, "Lenox")
    qtbot.keyClick(settings, Qt.Key.Key_Escape)
    assert answers.asked == ["Close without saving?"] and settings.isVisible()
    person = shown(qtbot, PersonFormDialog("add", "Add a person"))
    assert isinstance(person, PersonFormDialog)
    qtbot.keyClicks(person.username_edit, "jlane")
    qtbot.keyClick(person, Qt.Key.Key_Escape)
    assert answers.asked == ["Close without saving?"] * 2 and person.isVisible()
