"""Typing stops at the length the save keeps, on SQLite and PostgreSQL alike.

Each text field of the forms is typed (or pasted) past its limit; the field holds
exactly the limit, and saving the form stores it whole instead of refusing it. The
limits are read from where the save enforces them (the domain's form limits, the ORM
column lengths, the handoff service's note limit), never written again here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from desk_app.domain import contact_log, detainer
from desk_app.domain.contact_log import ContactDecision, ContactKind, ContactReason, IceUnit
from desk_app.gui.contact_dialog import ContactDialog
from desk_app.gui.custody_dialogs import CopyServedDialog, EroNoticeDialog
from desk_app.gui.detainer_form import DetainerFormDialog
from desk_app.gui.handoff_view import HandoffView
from desk_app.gui.people_dialog import PersonFormDialog
from desk_app.store.desk import Desk
from desk_app.store.field_limits import text_limit
from desk_app.store.handoff_service import MAX_NOTE, HandoffService
from tests.reliability import workers
from tests.reliability.conftest import FIGURES, OFFICER, SUPERVISOR


@pytest.fixture(params=["sqlite", "postgresql"])
def any_desk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desk]:
    """The Pittsfield desk on an SQLite file, then on the suite's PostgreSQL server."""
    monkeypatch.setattr(QMessageBox, "question",  # closing with typing left, at the end
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    yield request.getfixturevalue("desk" if request.param == "sqlite" else "pg_desk")


def type_past(qtbot: QtBot, field: QWidget, limit: int) -> str:
    """Type (a line) or paste then type (a text box) five characters past `limit`;
    return what the field holds."""
    if isinstance(field, QLineEdit):
        qtbot.keyClicks(field, "k" * (limit + 5))
        return field.text()
    assert isinstance(field, QPlainTextEdit)
    field.setFocus()
    field.insertPlainText("p" * limit)  # as a paste would
    qtbot.keyClicks(field, "kkkkk")
    return field.toPlainText()


def test_detainer_form_stops_each_field_at_its_limit_and_saves_it(
        qtbot: QtBot, any_desk: Desk) -> None:
    """A long name or offense list would be typed in full, then refused at save."""
    dialog = DetainerFormDialog(any_desk, OFFICER)
    qtbot.addWidget(dialog)
    dialog.show()
    typed = {}
    for name, limit in detainer.MAX_LENGTHS.items():
        field = getattr(dialog, name)
        if isinstance(field, QLineEdit | QPlainTextEdit):
            typed[name] = type_past(qtbot, field, limit)
            assert len(typed[name]) == limit, f"{name} holds {len(typed[name])} of {limit}"
    assert len(typed) == len(detainer.MAX_LENGTHS) - 2  # all but "sex" and "station": choices
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is not None, dialog.status_label.text()
    stored = any_desk.detainers.get(dialog.saved.id)
    for name in typed:
        assert len(getattr(stored, name)) == detainer.MAX_LENGTHS[name], name
    FIGURES.append(f"input limits ({any_desk.db.engine.dialect.name}): {len(typed)} detainer "
                   "fields stopped at their limit and stored whole")


def test_contact_form_stops_each_field_at_its_limit_and_saves_it(
        qtbot: QtBot, any_desk: Desk) -> None:
    """An agent's name or the released information would be refused after typing it."""
    dialog = ContactDialog(any_desk, SUPERVISOR, any_desk.contacts)
    qtbot.addWidget(dialog)
    dialog.show()
    for field, value in ((dialog.kind, ContactKind.PRESENCE_CALL), (dialog.unit, IceUnit.ERO),
                         (dialog.reason, ContactReason.CIVIL_ONLY),
                         (dialog.decision, ContactDecision.DECLINE)):
        field.setCurrentIndex(field.findData(value))
    for name, limit in contact_log.MAX_LENGTHS.items():
        held = type_past(qtbot, getattr(dialog, name), limit)
        assert len(held) == limit, f"{name} holds {len(held)} of {limit}"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is not None, dialog.status_label.text()
    stored = any_desk.contacts.entry(dialog.saved.id)
    assert len(stored.agent_name) == contact_log.MAX_LENGTHS["agent_name"]
    assert len(stored.cad_number) == contact_log.MAX_LENGTHS["cad_number"]


def test_custody_dialogs_stop_at_the_column_length_and_save_it(
        qtbot: QtBot, any_desk: Desk) -> None:
    """ERO's contact or the serving officer's name would be refused after typing it."""
    detainer_id = any_desk.detainers.log(workers.new_form("D26-90001", any_desk.time.now()),
                                         OFFICER).id
    ero = EroNoticeDialog(any_desk, SUPERVISOR, detainer_id, None)
    qtbot.addWidget(ero)
    ero.show()
    ero.method_radios["phone"].setChecked(True)
    limit = text_limit("detainers", "ero_contact")
    assert limit is not None and len(type_past(qtbot, ero.contact_edit, limit)) == limit
    ero.ok_button.click()
    assert ero.result_snapshot is not None, ero.error_label.text()
    assert len(any_desk.detainers.get(detainer_id).ero_contact) == limit

    copy = CopyServedDialog(any_desk, SUPERVISOR, detainer_id, None)
    qtbot.addWidget(copy)
    copy.show()
    copy.served_by.lineEdit().clear()
    limit = text_limit("detainers", "copy_served_by")
    assert limit is not None and len(type_past(qtbot, copy.served_by.lineEdit(), limit)) == limit
    copy.ok_button.click()
    assert copy.result_snapshot is not None, copy.error_label.text()
    assert len(any_desk.detainers.get(detainer_id).copy_served_by) == limit


def test_handoff_note_stops_at_the_services_limit_and_saves_it(
        qtbot: QtBot, any_desk: Desk) -> None:
    """A long handoff note would be refused after the sergeant wrote it."""
    detainer_id = any_desk.detainers.log(workers.new_form("D26-90002", any_desk.time.now()),
                                         OFFICER).id
    view = HandoffView(any_desk, SUPERVISOR)
    qtbot.addWidget(view)
    view.show()
    view.active_table.selectRow(0)
    view.note_edit.setPlainText("Court at 9. ")
    view.note_edit.moveCursor(view.note_edit.textCursor().MoveOperation.Start)
    held = type_past(qtbot, view.note_edit, MAX_NOTE)
    assert len(held) == MAX_NOTE
    assert held.endswith("Court at 9. "), "what was there before was cut instead of the excess"
    view.save_note_button.click()
    (note,) = HandoffService(any_desk).current().notes
    assert note.detainer_id == detainer_id and len(note.text) == len(held.strip())


def test_people_form_stops_at_the_column_lengths(qtbot: QtBot) -> None:
    """A username or display name longer than the database keeps would be refused."""
    form = PersonFormDialog("add", "Add a person")
    qtbot.addWidget(form)
    for field, table, column in ((form.username_edit, "people", "username"),
                                 (form.display_name_edit, "audit_log", "actor")):
        limit = text_limit(table, column)
        assert limit is not None and len(type_past(qtbot, field, limit)) == limit
