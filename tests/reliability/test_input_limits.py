"""Typing stops at the length the save keeps, on SQLite and PostgreSQL alike.

Each text field of the forms is typed (or pasted) past its limit; the field holds
exactly the limit, and saving the form stores it whole instead of refusing it. The
limits are read from where the save enforces them (the domain's form limits, the ORM
column lengths, the handoff service's note limit), never written again here.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

import desk_app.gui
from desk_app.domain import contact_log, detainer
from desk_app.domain.contact_log import ContactDecision, ContactKind, ContactReason, IceUnit
from desk_app.domain.detainer import StepSnapshot
from desk_app.gui.close_dialog import (
    BailPostedDialog,
    CloseDialog,
    ReleaseDialog,
    ReleaseEligibleDialog,
    VoidDialog,
)
from desk_app.gui.contact_dialog import ContactDialog
from desk_app.gui.contact_log_view import ContactLogView
from desk_app.gui.custody_dialogs import (
    BailDecisionDialog,
    CopyServedDialog,
    EroNoticeDialog,
    StepDoneDialog,
    StepNotApplicableDialog,
)
from desk_app.gui.detainer_form import DetainerFormDialog
from desk_app.gui.follow_up_dialog import FollowUpDialog
from desk_app.gui.handoff_sign_dialog import IncomingSignDialog
from desk_app.gui.handoff_view import HandoffView
from desk_app.gui.input_limits import LIMIT_PROPERTY
from desk_app.gui.intake_queue import IntakePanel
from desk_app.gui.people_dialog import PersonFormDialog
from desk_app.gui.reimbursement_dialog import ReimbursementDialog
from desk_app.gui.settings_dialog import SettingsDialog
from desk_app.gui.sign_in_dialog import SignInDialog
from desk_app.store.desk import Desk
from desk_app.store.field_limits import text_limit
from desk_app.store.handoff_service import MAX_NOTE, HandoffService
from tests.reliability import workers
from tests.reliability.conftest import ADMIN, FIGURES, OFFICER, SUPERVISOR


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
        if isinstance(field, QLineEdit | QPlainTextEdit) and field.isEnabled():
            typed[name] = type_past(qtbot, field, limit)
            assert len(typed[name]) == limit, f"{name} holds {len(typed[name])} of {limit}"
    # All but "sex" and "station", fixed choices, and the reason for a corrected receipt
    # time, asked only when the time is corrected (walked below).
    assert len(typed) == len(detainer.MAX_LENGTHS) - 3
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


# --- every dialog: no stored text without a limit ----------------------------------------

def _detainer(desk: Desk) -> int:
    return desk.detainers.log(workers.new_form("D26-90100", desk.time.now()), OFFICER).id


def _step(desk: Desk, detainer_id: int) -> StepSnapshot:
    return next(s for s in desk.detainers.get(detainer_id).steps if s.is_open)


def _incoming_sign(desk: Desk, detainer_id: int) -> QDialog:
    service = HandoffService(desk)
    service.set_note(detainer_id, "Court at 9", SUPERVISOR)
    record = service.current()
    assert record is not None
    return IncomingSignDialog(service, record.id)


# Each dialog a person can type into, opened on a detainer of a fresh desk.
DIALOGS: dict[type[QDialog], Callable[[Desk, int], QDialog]] = {
    StepDoneDialog: lambda desk, i: StepDoneDialog(desk, SUPERVISOR, i, _step(desk, i)),
    StepNotApplicableDialog: lambda desk, i: StepNotApplicableDialog(
        desk, SUPERVISOR, i, _step(desk, i)),
    BailDecisionDialog: lambda desk, i: BailDecisionDialog(desk, SUPERVISOR, i),
    EroNoticeDialog: lambda desk, i: EroNoticeDialog(desk, SUPERVISOR, i, None),
    CopyServedDialog: lambda desk, i: CopyServedDialog(desk, SUPERVISOR, i, None),
    BailPostedDialog: lambda desk, i: BailPostedDialog(desk, SUPERVISOR, i),
    ReleaseEligibleDialog: lambda desk, i: ReleaseEligibleDialog(desk, SUPERVISOR, i),
    ReleaseDialog: lambda desk, i: ReleaseDialog(desk, SUPERVISOR, i),
    CloseDialog: lambda desk, i: CloseDialog(desk, OFFICER, i),  # with the supervisor's
    VoidDialog: lambda desk, i: VoidDialog(desk, SUPERVISOR, i),
    ReimbursementDialog: lambda desk, i: ReimbursementDialog(desk, SUPERVISOR, i),
    FollowUpDialog: lambda desk, i: FollowUpDialog(desk, SUPERVISOR, i),
    DetainerFormDialog: lambda desk, _i: DetainerFormDialog(desk, OFFICER),
    ContactDialog: lambda desk, _i: ContactDialog(desk, SUPERVISOR, desk.contacts),
    PersonFormDialog: lambda _desk, _i: PersonFormDialog("add", "Add a person"),
    SettingsDialog: lambda desk, _i: SettingsDialog(desk, ADMIN),
    IncomingSignDialog: _incoming_sign,
}
# Dialogs with no text a person types that is kept, and why.
NOTHING_TYPED_IS_STORED = {
    "CustodyDialog": "the base of the custody dialogs, each opened above",
    "CheckedFormDialog": "the base of the detainer and contact forms, opened above",
    "ReadDetainerForm": "the New detainer form pre-filled from a fax: the same fields",
    "PasswordDialog": "passwords only, kept as a hash",
    "PeopleDialog": "a list of accounts; Add and Edit open the person form",
    "PrintPreview": "shows the pages to print",
    "SignInDialog": "checked on its own below: the first administrator's form",
}
# Inputs that are read into something else than the text typed, and why.
NOT_STORED_AS_TYPED = {
    ("ReimbursementDialog", "amount_edit"): "read as dollars and cents",
    ("DetainerFormDialog", "date_of_birth"): "read as a date",
}


def stored_text_inputs(dialog: QWidget) -> dict[str, QWidget]:
    """The line edits and text boxes of `dialog` that keep what is typed, by name."""
    names = {id(value): name for name, value in vars(dialog).items()
             if isinstance(value, QWidget)}
    found: dict[str, QWidget] = {}
    for editor in dialog.findChildren(QLineEdit) + dialog.findChildren(QPlainTextEdit) \
            + dialog.findChildren(QTextEdit):
        if isinstance(editor.parent(), QAbstractSpinBox | QComboBox):
            holder = editor.parent()  # a date/time edit, or an editable combo box
            if isinstance(holder, QAbstractSpinBox):
                continue
            name = names.get(id(holder), holder.objectName())
        else:
            name = names.get(id(editor), editor.objectName())
        if isinstance(editor, QLineEdit) and editor.echoMode() != QLineEdit.EchoMode.Normal:
            continue  # a password: kept as a hash
        if (type(dialog).__name__, name) in NOT_STORED_AS_TYPED or (
                isinstance(editor, QLineEdit | QPlainTextEdit) and editor.isReadOnly()):
            continue
        found[name or repr(editor)] = editor
    return found


def limit_of(editor: QWidget) -> int | None:
    """The cap a field was given, or None."""
    if isinstance(editor, QLineEdit) and editor.maxLength() != QLineEdit().maxLength():
        return editor.maxLength()
    limit = editor.property(LIMIT_PROPERTY)
    return int(limit) if limit is not None else None


def paste_past(editor: QWidget, limit: int) -> int:
    """Paste five characters more than `limit`; return how many the field holds."""
    editor.setEnabled(True)
    if isinstance(editor, QLineEdit):
        editor.clear()
        editor.insert("w" * (limit + 5))
        return len(editor.text())
    assert isinstance(editor, QPlainTextEdit)
    editor.clear()
    editor.insertPlainText("w" * (limit + 5))
    return len(editor.toPlainText())


def test_every_dialog_is_walked_or_says_why_not() -> None:
    """A new dialog with a text field would escape the walk below."""
    dialogs = {cls.__name__ for module in pkgutil.iter_modules(desk_app.gui.__path__)
               for cls in vars(importlib.import_module(f"desk_app.gui.{module.name}")).values()
               if isinstance(cls, type) and issubclass(cls, QDialog)
               and cls.__module__.startswith("desk_app.gui")}
    walked = {cls.__name__ for cls in DIALOGS}
    assert dialogs - walked - set(NOTHING_TYPED_IS_STORED) == set()
    assert walked | set(NOTHING_TYPED_IS_STORED) == dialogs


@pytest.mark.parametrize("kind", list(DIALOGS), ids=lambda kind: kind.__name__)
def test_every_stored_text_input_of_each_dialog_has_its_limit(
        qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch,
        kind: type[QDialog]) -> None:
    """A field without a limit takes any length, and the save refuses it (or PostgreSQL
    does, with a DataError the person cannot act on)."""
    monkeypatch.setattr(QMessageBox, "question",  # closing with typing left, at the end
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    dialog = DIALOGS[kind](desk, _detainer(desk))
    qtbot.addWidget(dialog)
    dialog.show()
    inputs = stored_text_inputs(dialog)
    unlimited = [name for name, editor in inputs.items() if limit_of(editor) is None]
    assert unlimited == [], f"{kind.__name__}: no limit on {unlimited}"
    for name, editor in inputs.items():
        limit = limit_of(editor)
        assert limit is not None and paste_past(editor, limit) == limit, name
    FIGURES.append(f"input limits: {kind.__name__}, {len(inputs)} stored text inputs "
                   "each stopped at its limit")


def test_first_administrator_form_has_the_limits_of_the_people_it_creates(
        qtbot: QtBot, desk: Desk) -> None:
    """The first account's username and display name would be refused after typing."""
    dialog = SignInDialog(desk.people)
    qtbot.addWidget(dialog)
    assert dialog.first_run and dialog.display_name_edit is not None
    inputs = stored_text_inputs(dialog)
    assert set(inputs) == {"username_edit", "display_name_edit"}
    assert limit_of(dialog.username_edit) == text_limit("people", "username")
    assert limit_of(dialog.display_name_edit) == text_limit("audit_log", "actor")


def test_custody_notes_stop_at_their_limit_and_are_stored_whole(
        qtbot: QtBot, any_desk: Desk) -> None:
    """A step's note, the words said to ERO and a void reason: pasted past the limit,
    the field holds the limit and the save stores all of it, on both databases."""
    detainer_id = _detainer(any_desk)
    step = _step(any_desk, detainer_id)
    limits = {name: text_limit(table, name) for table, name in (
        ("checklist_steps", "note"), ("detainers", "ero_message"),
        ("detainers", "void_reason"))}

    def ero_told(dialog: EroNoticeDialog) -> None:
        dialog.method_radios["phone"].setChecked(True)
        dialog.contact_edit.setText("SDDO Boston")

    for dialog, field, before_save in (  # one after the other, each on the new version
            (lambda: StepDoneDialog(any_desk, SUPERVISOR, detainer_id, step),
             "note_edit", None),
            (lambda: EroNoticeDialog(any_desk, SUPERVISOR, detainer_id, None),
             "message_edit", ero_told),
            (lambda: VoidDialog(any_desk, SUPERVISOR, detainer_id), "reason_edit", None)):
        opened = dialog()
        qtbot.addWidget(opened)
        opened.show()
        limit = limit_of(getattr(opened, field))
        assert limit in limits.values() and limit is not None
        assert paste_past(getattr(opened, field), limit) == limit
        if before_save is not None:
            before_save(opened)
        opened.ok_button.click()
        assert opened.result_snapshot is not None, opened.error_label.text()[:200]
    stored = any_desk.detainers.get(detainer_id)
    assert len(next(s.note for s in stored.steps if s.step_id == step.step_id)) == \
        limits["note"]
    assert len(stored.ero_message) == limits["ero_message"]
    assert len(stored.void_reason) == limits["void_reason"]
    FIGURES.append(f"input limits ({any_desk.db.engine.dialect.name}): step note, ERO "
                   f"message and void reason stopped at their limit and stored whole")


def test_callback_note_prompt_stops_at_its_limit_and_saves_it(
        qtbot: QtBot, any_desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The note of ICE's callback was a bare prompt taking any length."""
    entry = any_desk.contacts.log_contact(contact_log.ContactForm(
        ContactKind.PRESENCE_CALL, any_desk.time.now(), "SA J. Smith", IceUnit.ERO,
        ContactReason.CIVIL_ONLY, decision=ContactDecision.DECLINE, address="12 North St",
        cad_number="26-44812"), OFFICER)
    limit = text_limit("ice_contacts", "callback_note")
    held: list[int] = []

    def typed(prompt: QInputDialog) -> int:  # the sergeant pastes ICE's long account
        line = prompt.findChild(QLineEdit)
        assert isinstance(line, QLineEdit) and limit is not None
        line.insert("c" * (limit + 5))
        held.append(len(prompt.textValue()))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a: ("Other (say what)", True))
    monkeypatch.setattr(QInputDialog, "exec", typed)
    view = ContactLogView(any_desk, SUPERVISOR)
    qtbot.addWidget(view)
    view.select(entry.id)
    view.record_callback()
    assert held == [limit]
    assert len(any_desk.contacts.entry(entry.id).callback_note) == limit


def test_intake_reason_prompt_stops_at_the_reasons_limit(
        qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """Why a fax is dismissed is kept with it: the prompt stops at its limit."""
    limit = text_limit("intake_items", "reason")

    def typed(prompt: QInputDialog) -> int:
        line = prompt.findChild(QLineEdit)
        assert isinstance(line, QLineEdit) and limit is not None
        line.insert("r" * (limit + 5))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QInputDialog, "exec", typed)
    panel = IntakePanel(desk, OFFICER, now=desk.time.now)
    qtbot.addWidget(panel)
    answer = panel.ask("Dismiss fax", "Why is this fax not for the desk?")
    assert answer is not None and len(answer) == limit
