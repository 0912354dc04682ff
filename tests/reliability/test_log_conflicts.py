"""Contact-log entries and handoff notes saved over another workstation's newer change.

Two workstations on one database (SQLite, then PostgreSQL). The sergeant's screen was
loaded before the lieutenant, elsewhere, recorded ICE's callback or wrote the handoff
note on the same detainer. The sergeant's save is refused with who changed it, when and
what it now says; nothing typed is lost (the callback note is offered again, the handoff
note stays in the editor), and the stored value is the lieutenant's until the sergeant,
having read it, saves again.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desk_app.domain.contact_log import (
    CallbackResult,
    ContactDecision,
    ContactForm,
    ContactKind,
    ContactReason,
    IceUnit,
)
from desk_app.domain.time_source import FixedTime
from desk_app.gui.contact_log_view import ContactLogView
from desk_app.gui.handoff_model import DETAINER_ID_ROLE
from desk_app.gui.handoff_view import HandoffView
from desk_app.store.desk import Desk
from desk_app.store.people_service import PeopleService
from tests.reliability import workers
from tests.reliability.conftest import FIGURES, OFFICER, SUPERVISOR
from tests.reliability.test_custody_conflicts import THERE


class Prompts:
    """The standard prompts answered as the sergeant would, recording what they offered
    (the text already in the note field) and the warnings shown."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, choice: str, note: str) -> None:
        self.offered: list[str] = []
        self.warnings: list[str] = []
        self.note = note
        monkeypatch.setattr(QInputDialog, "getItem", lambda *_a: (choice, True))
        monkeypatch.setattr(QInputDialog, "exec", lambda prompt: self._text(prompt))
        monkeypatch.setattr(QMessageBox, "warning",
                            lambda _p, _t, message, *_a: self.warnings.append(message))

    def _text(self, prompt: QInputDialog) -> int:
        offered = prompt.textValue()
        self.offered.append(offered)
        prompt.setTextValue(offered or self.note)
        return QDialog.DialogCode.Accepted.value


def test_callback_over_a_newer_one_is_refused_and_the_note_offered_again(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, two_desks: tuple[Desk, Desk],
        clock: FixedTime) -> None:
    """Two workstations could record different callbacks, the first silently lost."""
    here, there = two_desks
    form = ContactForm(ContactKind.PRESENCE_CALL, clock.now() - timedelta(minutes=10),
                       "SA J. Smith", IceUnit.ERO, ContactReason.CIVIL_ONLY,
                       decision=ContactDecision.DECLINE, address="12 North St",
                       cad_number="26-44812")
    entry = here.contacts.log_contact(form, OFFICER)
    view = ContactLogView(here, SUPERVISOR)
    qtbot.addWidget(view)
    view.show()
    view.select(entry.id)
    prompts = Prompts(monkeypatch, "Other (say what)", "Two in custody, one released")
    clock.advance(timedelta(minutes=5))
    there.contacts.record_callback(entry.id, CallbackResult.NO_SERVICE, THERE)

    view.record_callback()
    (warning,) = prompts.warnings
    assert warning.startswith("Not recorded: this ICE contact was changed by Lt. R. Okafor "
                              "at Wed 25 Nov 14:05."), warning
    assert "Their change: ICE called back: no service" in warning
    stored = there.contacts.entry(entry.id)
    assert (stored.callback_result, stored.callback_by) == (CallbackResult.NO_SERVICE,
                                                            THERE.name)
    assert view.selected_entry() == stored  # the view shows the contact as it now is

    view.record_callback()  # the sergeant repeats: the note typed is offered again
    assert prompts.offered == ["", "Two in custody, one released"]
    stored = there.contacts.entry(entry.id)
    assert (stored.callback_result, stored.callback_note) == (
        CallbackResult.OTHER, "Two in custody, one released")
    FIGURES.append(f"contact-log callback over a newer one ({here.db.engine.dialect.name}): "
                   "refused with who/what/when, the typed note offered again")


@pytest.fixture
def people(two_desks: tuple[Desk, Desk]) -> PeopleService:
    """The accounts of the shared database (the handoff needs them only to countersign)."""
    here, _there = two_desks
    return here.people


def select(view: HandoffView, detainer_id: int) -> None:
    """Click the detainer's row on the handoff's board."""
    proxy = view.active_table.model()
    row = next(r for r in range(proxy.rowCount())
               if proxy.index(r, 0).data(DETAINER_ID_ROLE) == detainer_id)
    view.active_table.setCurrentIndex(proxy.index(row, 0))


def test_handoff_note_over_a_newer_one_is_refused_and_stays_in_the_editor(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, two_desks: tuple[Desk, Desk],
        people: PeopleService, clock: FixedTime) -> None:
    """The outgoing sergeant's note would silently replace the lieutenant's."""
    monkeypatch.setattr(QMessageBox, "question",  # closing with typing left, at the end
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    here, there = two_desks
    first = here.detainers.log(workers.new_form("D26-80001", clock.now()), OFFICER).id
    second = here.detainers.log(workers.new_form("D26-80002", clock.now()), OFFICER).id
    view = HandoffView(here, SUPERVISOR)
    qtbot.addWidget(view)
    view.show()
    select(view, first)
    view.note_edit.setPlainText("Family called at noon")
    view.note_edit.document().setModified(True)
    clock.advance(timedelta(minutes=5))
    there.handoffs.set_note(first, "Arraignment Friday 09:00", THERE)

    view.save_note_button.click()
    refusal = view.message.text()
    assert refusal.startswith("Not saved: Lt. R. Okafor changed the handoff note on "
                              "D26-80001 at Wed 25 Nov 14:05 after you began writing; it "
                              "now reads: “Arraignment Friday 09:00”."), refusal
    assert view.note_edit.toPlainText() == "Family called at noon"
    assert there.handoffs.current().notes[0].text == "Arraignment Friday 09:00"

    # Moving to another row saves the edited note first; refused, the editor stays on it.
    view.note_edit.setPlainText("Family called at noon; arraignment Friday 09:00")
    view.note_edit.document().setModified(True)
    clock.advance(timedelta(minutes=1))
    there.handoffs.set_note(first, "Arraignment moved to Monday", THERE)
    select(view, second)
    assert "it now reads: “Arraignment moved to Monday”" in view.message.text()
    assert view.note_edit.toPlainText() == "Family called at noon; arraignment Friday 09:00"
    assert view.active_table.currentIndex().data(DETAINER_ID_ROLE) == first

    view.note_edit.setPlainText("Family called at noon; arraignment Monday")
    view.save_note_button.click()  # read, combined, saved again
    (note,) = there.handoffs.current().notes
    assert (note.text, note.written_by) == ("Family called at noon; arraignment Monday",
                                            SUPERVISOR.name)
    FIGURES.append(f"handoff note over a newer one ({here.db.engine.dialect.name}): refused "
                   "with who/what/when, the text kept in the editor")
