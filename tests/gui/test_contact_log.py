"""The ICE contact log tab and its dialogs, driven as a desk sergeant would: type,
click, then read the database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desk_app.domain.contact_log import (
    CallbackResult,
    ContactDecision,
    ContactEntry,
    ContactForm,
    ContactKind,
    ContactReason,
    IceUnit,
)
from desk_app.domain.errors import FieldError, InvalidFieldsError
from desk_app.domain.time_source import FixedTime
from desk_app.gui.contact_dialog import ContactDialog
from desk_app.gui.contact_log_view import (
    COL_CALLBACK,
    COL_DECISION,
    COL_NOTIFIED,
    COL_REASON,
    ENTRY_ID_ROLE,
    ContactLogModel,
    ContactLogView,
)
from desk_app.store.desk import Desk, open_desk
from tests.gui.conftest import OFFICER, SERGEANT, WEDNESDAY_2PM, log_detainer


@pytest.fixture
def trust_desk(tmp_path: Path, clock: FixedTime) -> Iterator[Desk]:
    """A desk under the Trust Act sample policy, on its own database file."""
    opened = open_desk(f"sqlite:///{tmp_path / 'trust.sqlite3'}", clock, "trust-act")
    yield opened
    opened.db.close()


def pick(box: QComboBox, value: object) -> None:
    """Choose the item holding `value`, as the keyboard or mouse would."""
    position = box.findData(value)
    assert position >= 0, f"{value!r} is not offered"
    box.setCurrentIndex(position)


def presence_call(desk: Desk, minutes_ago: int = 10, cad: str = "26-44812") -> ContactEntry:
    """Log a declined civil-only presence call through the service."""
    form = ContactForm(ContactKind.PRESENCE_CALL, WEDNESDAY_2PM - timedelta(minutes=minutes_ago),
                       "SA J. Smith", IceUnit.ERO, ContactReason.CIVIL_ONLY,
                       decision=ContactDecision.DECLINE, address="12 North St", cad_number=cad)
    return desk.contacts.log_contact(form, OFFICER)


def view_of(qtbot: QtBot, desk: Desk) -> ContactLogView:
    """The contact log tab, shown."""
    view = ContactLogView(desk, SERGEANT)
    qtbot.addWidget(view)
    view.show()
    return view


def fill_presence_call(qtbot: QtBot, dialog: ContactDialog) -> None:
    """Type a civil-only presence call, declined, with its CAD number."""
    pick(dialog.kind, ContactKind.PRESENCE_CALL)
    qtbot.keyClicks(dialog.agent_name, "SA J. Smith")
    pick(dialog.unit, IceUnit.ERO)
    pick(dialog.reason, ContactReason.CIVIL_ONLY)
    qtbot.keyClicks(dialog.address, "12 North St")
    pick(dialog.decision, ContactDecision.DECLINE)
    qtbot.keyClicks(dialog.cad_number, "26-44812")


def test_model_shows_one_row_per_contact_without_a_window(desk: Desk) -> None:
    """The table would show the wrong words, or hide that the Chief is still not told."""
    entry = presence_call(desk)
    model = ContactLogModel(desk.zone)
    model.set_rows([entry])
    assert model.rowCount() == 1
    assert model.index(0, 0).data(ENTRY_ID_ROLE) == entry.id
    assert model.index(0, COL_REASON).data() == "civil only"
    assert model.index(0, COL_REASON).data(Qt.ItemDataRole.ToolTipRole) == \
        "civil / final order only"
    assert model.index(0, COL_DECISION).data() == "decline"
    assert model.index(0, COL_NOTIFIED).data() == "0 of 2 told"
    assert model.index(0, COL_NOTIFIED).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, COL_CALLBACK).data() == "awaited"


def test_new_contact_saved_appears_as_a_row(qtbot: QtBot, desk: Desk) -> None:
    """The sergeant would log a presence call and not find it in the log (or the DB)."""
    view = view_of(qtbot, desk)
    dialog = view.new_contact()
    assert not dialog.save_button.isEnabled()
    fill_presence_call(qtbot, dialog)
    assert dialog.save_button.isEnabled(), dialog.status_label.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [stored] = desk.contacts.entries(WEDNESDAY_2PM - timedelta(days=1),
                                               WEDNESDAY_2PM + timedelta(days=1))
    assert (stored.agent_name, stored.decision, stored.cad_number, stored.created_by) == (
        "SA J. Smith", ContactDecision.DECLINE, "26-44812", SERGEANT.name)
    assert view.model.rowCount() == 1
    assert view.selected_id() == stored.id
    assert "Policy 413 §IV.E.2" in view.details.text()


def test_assist_on_a_civil_reason_is_marked_and_what_was_typed_stays(
        qtbot: QtBot, desk: Desk) -> None:
    """The form would let the desk record helping ICE on a civil order, or clear the form."""
    dialog = ContactDialog(desk, SERGEANT)
    qtbot.addWidget(dialog)
    fill_presence_call(qtbot, dialog)
    assert "decline to assist" in dialog.rule_label.text()
    pick(dialog.decision, ContactDecision.ASSIST)
    assert not dialog.save_button.isEnabled()
    message = dialog._slots["decision"].message
    assert "Policy 413 §IV.E.2" in message and "assist" in message
    dialog.save()
    assert desk.contacts.entries(WEDNESDAY_2PM - timedelta(days=1),
                                           WEDNESDAY_2PM + timedelta(days=1)) == []
    assert dialog.agent_name.text() == "SA J. Smith"
    assert dialog.cad_number.text() == "26-44812"
    pick(dialog.reason, ContactReason.STATE_WARRANT)
    assert dialog.save_button.isEnabled()


def test_a_refusal_from_the_store_marks_the_field_and_keeps_the_form(
        qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """A refusal would close the form or wipe what the sergeant typed."""
    dialog = ContactDialog(desk, SERGEANT)
    qtbot.addWidget(dialog)
    fill_presence_call(qtbot, dialog)

    def refuse(*_: object) -> ContactEntry:
        raise InvalidFieldsError([FieldError("cad_number", "is already used by call #3")])

    monkeypatch.setattr(dialog.service, "log_contact", refuse)
    dialog.save()
    assert dialog.saved is None and dialog.result() == 0
    assert dialog._slots["cad_number"].message == "CAD call # is already used by call #3"
    assert dialog.agent_name.text() == "SA J. Smith"
    assert not dialog.save_button.isEnabled()
    dialog.cad_number.setText("26-44813")
    assert dialog.save_button.isEnabled()


def answer(monkeypatch: pytest.MonkeyPatch, item: str | None = None,
           text: str | None = None) -> dict[str, list[object]]:
    """Answer the standard prompts (QInputDialog) as the sergeant would; record what
    they offered and any warning shown."""
    asked: dict[str, list[object]] = {"items": [], "labels": [], "warnings": []}

    def get_item(_parent: object, _title: str, label: str, items: list[str],
                 *_: object) -> tuple[str, bool]:
        asked["items"].append(list(items))
        asked["labels"].append(label)
        return (item if item is not None else items[0]), True

    def typed(prompt: QInputDialog) -> int:  # a one-line prompt, answered and accepted
        asked["labels"].append(prompt.labelText())
        prompt.setTextValue(text or "")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    monkeypatch.setattr(QInputDialog, "exec", typed)
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, _t, message, *_: asked["warnings"].append(message))
    return asked


def test_each_recipient_is_marked_notified_from_the_view(
        qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Chief and Command Staff could not be marked as told, or one would be missed."""
    entry = presence_call(desk)
    view = view_of(qtbot, desk)
    view.select(entry.id)
    asked = answer(monkeypatch)
    assert view.notified_button.isEnabled()
    qtbot.mouseClick(view.notified_button, Qt.MouseButton.LeftButton)
    assert asked["items"] == [["Chief of Police", "Command Staff"]]
    assert "Serious Incident Notification Alert" in str(asked["labels"][0])
    assert "Policy 413 §IV.E.3" in str(asked["labels"][0])
    assert desk.contacts.entry(entry.id).pending_recipients == ("Command Staff",)
    assert view.model.index(0, COL_NOTIFIED).data() == "1 of 2 told"
    qtbot.mouseClick(view.notified_button, Qt.MouseButton.LeftButton)
    assert asked["items"][1] == ["Command Staff"]
    stored = desk.contacts.entry(entry.id)
    assert [(n.recipient, n.notified_by, n.notified_at) for n in stored.notices] == [
        ("Chief of Police", SERGEANT.name, WEDNESDAY_2PM),
        ("Command Staff", SERGEANT.name, WEDNESDAY_2PM)]
    assert view.model.index(0, COL_NOTIFIED).data() == "all 2 told"
    assert not view.notified_button.isEnabled()
    assert asked["warnings"] == []


def test_callback_recorded_from_the_view(qtbot: QtBot, desk: Desk,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """ICE's result ("one in custody") would never reach the log for the Dispatch Log."""
    entry = presence_call(desk)
    view = view_of(qtbot, desk)
    view.select(entry.id)
    answer(monkeypatch, item="One in custody", text="held at Tyler St")
    qtbot.mouseClick(view.callback_button, Qt.MouseButton.LeftButton)
    stored = desk.contacts.entry(entry.id)
    assert stored.callback_result is CallbackResult.ONE_IN_CUSTODY
    assert stored.callback_note == "held at Tyler St" and stored.callback_by == SERGEANT.name
    assert view.model.index(0, COL_CALLBACK).data() == "one in custody: held at Tyler St"
    assert "one in custody" in view.details.text()


def test_other_callback_without_words_is_refused_plainly(
        qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """"Other" with nothing said would be saved blank, or fail without a word."""
    entry = presence_call(desk)
    view = view_of(qtbot, desk)
    view.select(entry.id)
    asked = answer(monkeypatch, item="Other (say what)", text="  ")
    view.record_callback()
    assert asked["warnings"] == ["Say what ICE reported (e.g. “two in custody”)"]
    assert desk.contacts.entry(entry.id).callback_result is None


def test_cancelled_prompt_records_nothing(qtbot: QtBot, desk: Desk,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Pressing Escape at the prompt would still mark the Chief as told."""
    entry = presence_call(desk)
    view = view_of(qtbot, desk)
    view.select(entry.id)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_: ("Chief of Police", False))
    view.mark_notified()
    view.record_callback()
    stored = desk.contacts.entry(entry.id)
    assert stored.pending_recipients == ("Chief of Police", "Command Staff")
    assert stored.callback_result is None


def test_no_callback_or_notice_for_a_notification_request(qtbot: QtBot, desk: Desk) -> None:
    """The buttons would offer a callback for a request that never had an investigation."""
    form = ContactForm(ContactKind.NOTIFICATION_REQUEST, WEDNESDAY_2PM, "Officer P. Diaz",
                       IceUnit.ERO, ContactReason.CIVIL_ONLY, information_released="nothing")
    entry = desk.contacts.log_contact(form, OFFICER)
    view = view_of(qtbot, desk)
    view.select(entry.id)
    assert not view.callback_button.isEnabled() and not view.notified_button.isEnabled()


def test_trust_act_form_lists_what_may_not_be_given_and_needs_the_tick(
        qtbot: QtBot, trust_desk: Desk) -> None:
    """Under the Trust Act the desk could answer ICE without seeing the §2(d) list."""
    detainer_id = log_detainer(trust_desk)
    dialog = ContactDialog(trust_desk, SERGEANT)
    qtbot.addWidget(dialog)
    dialog.show()
    pick(dialog.kind, ContactKind.NOTIFICATION_REQUEST)
    assert dialog.custody_box.isVisible() and not dialog.field_box.isVisible()
    text = dialog.forbidden_label.text()
    assert "Trust Act §2(d)" in text
    assert all(item in text for item in trust_desk.profile.information.not_released)
    qtbot.keyClicks(dialog.agent_name, "Officer P. Diaz")
    pick(dialog.unit, IceUnit.ERO)
    pick(dialog.reason, ContactReason.CIVIL_ONLY)
    pick(dialog.detainer_id, detainer_id)
    qtbot.keyClicks(dialog.information_released, "nothing")
    assert not dialog.save_button.isEnabled()
    assert "Trust Act §2(d)" in dialog.status_label.text()  # not reached yet: not red
    dialog.nothing_else_released.click()
    assert dialog.save_button.isEnabled(), dialog.status_label.text()
    dialog.save()
    assert dialog.saved is not None
    assert dialog.saved.nothing_else_released and dialog.saved.detainer_id == detainer_id


def test_pittsfield_form_asks_for_no_confirmation(qtbot: QtBot, desk: Desk) -> None:
    """Pittsfield officers would be blocked by a rule their policy does not have."""
    dialog = ContactDialog(desk, SERGEANT)
    qtbot.addWidget(dialog)
    dialog.show()
    pick(dialog.kind, ContactKind.NOTIFICATION_REQUEST)
    assert not dialog.nothing_else_released.isVisible()
    qtbot.keyClicks(dialog.agent_name, "Officer P. Diaz")
    pick(dialog.unit, IceUnit.ERO)
    pick(dialog.reason, ContactReason.CIVIL_ONLY)
    qtbot.keyClicks(dialog.information_released, "booking photo")
    assert dialog.save_button.isEnabled(), dialog.status_label.text()


def test_administrative_warrant_is_set_to_civil(qtbot: QtBot, desk: Desk) -> None:
    """The desk would have to find out by refusal that an I-200 is a civil paper."""
    dialog = ContactDialog(desk, SERGEANT)
    qtbot.addWidget(dialog)
    pick(dialog.kind, ContactKind.ADMINISTRATIVE_WARRANT)
    assert dialog.reason.currentData() == ContactReason.CIVIL_ONLY


def test_date_range_filters_the_rows(qtbot: QtBot, desk: Desk) -> None:
    """Old contacts would crowd the log, or a widened range would not bring them back."""
    old = presence_call(desk, minutes_ago=60 * 24 * 45, cad="OLD")
    new = presence_call(desk, cad="NEW")
    view = view_of(qtbot, desk)
    assert [view.model.entry_at(0).id] == [new.id] and view.model.rowCount() == 1
    view.date_from.setDate(QDate(2026, 10, 1))
    assert [view.model.entry_at(i).id for i in range(view.model.rowCount())] == [
        new.id, old.id]
    view.date_from.setDate(QDate(2026, 12, 1))
    assert view.model.rowCount() == 0 and "after" in view.count.text()


def test_view_refreshes_when_another_window_logs(qtbot: QtBot, desk: Desk) -> None:
    """A contact logged from another window would not appear in the open log."""
    view = view_of(qtbot, desk)
    assert view.model.rowCount() == 0
    presence_call(desk)
    assert view.model.rowCount() == 1


def test_when_is_department_time(qtbot: QtBot, desk: Desk) -> None:
    """A call typed as 13:00 at the desk would be stored as 13:00 UTC."""
    dialog = ContactDialog(desk, SERGEANT)
    qtbot.addWidget(dialog)
    dialog.occurred_at.set_local(datetime(2026, 11, 25, 13, 0))
    assert dialog.current_form().occurred_at == datetime(2026, 11, 25, 18, 0,
                                                         tzinfo=WEDNESDAY_2PM.tzinfo)


def test_the_time_of_the_call_is_typed_whole_from_the_first_key(
        qtbot: QtBot, desk: Desk) -> None:
    """'1330' sets 13:30 today at once (not only the selected part), says so below the
    field, and is what the contact is logged with."""
    from datetime import UTC, datetime

    dialog = ContactDialog(desk, SERGEANT)
    qtbot.addWidget(dialog)
    fill_presence_call(qtbot, dialog)
    dialog.occurred_at.setFocus()
    qtbot.keyClicks(dialog.occurred_at, "1330")
    assert dialog.occurred_at.text() == "Wed 25 Nov 2026 13:30"
    assert dialog.when_hint.text() == "“1330” → Wed 25 Nov 2026 13:30"
    dialog.save()
    assert dialog.saved is not None
    assert dialog.saved.occurred_at == datetime(2026, 11, 25, 18, 30, tzinfo=UTC)
