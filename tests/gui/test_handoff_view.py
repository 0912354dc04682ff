"""The Handoff tab: notes typed and signed, both signatures, printing, at 1366x768.

Flow tests type and click with qtbot and then read the handoff back from the service;
the confirmation box is patched, the PDF opener is replaced by a list. The section
model is also checked with no window at all.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desk_app.domain.handoff import HandoffState
from desk_app.domain.vocabulary import Role
from desk_app.gui.handoff_model import COL_NOTE, DETAINER_ID_ROLE, SORT_ROLE, Column, SectionModel
from desk_app.gui.handoff_view import HandoffView
from desk_app.store.desk import Desk
from desk_app.store.people_service import PeopleService
from tests.gui.conftest import OFFICER, SERGEANT, log_detainer


@pytest.fixture
def people(desk: Desk) -> PeopleService:
    """Accounts: an administrator and the incoming sergeant, Sgt. J. Lee."""
    service = PeopleService(desk.db, desk.time, desk.zone)
    admin = service.first_administrator("admin", "Lt. A. Okafor", "admin-pass-phrase")
    service.add("jlee", "Sgt. J. Lee", Role.SUPERVISOR, "lee-pass-phrase", admin)
    service.add("dreyes", "Ofc. D. Reyes", Role.DESK_OFFICER, "reyes-pass-phrase", admin)
    return service


@pytest.fixture
def view(qtbot: QtBot, desk: Desk, people: PeopleService) -> HandoffView:
    """The Handoff tab as Sgt. Kim sees it, with two detainers on the board."""
    log_detainer(desk, "D26-0001", "José Ñúñez")
    log_detainer(desk, "D26-0002", "محمد عبد الله")
    widget = HandoffView(desk, SERGEANT)
    qtbot.addWidget(widget)
    widget.resize(1366, 740)
    opened: list[QUrl] = []
    widget.opener = lambda url: opened.append(url) or True
    widget.opened = opened  # type: ignore[attr-defined]
    return widget


def select(view: HandoffView, number: str) -> int:
    """Select the row of a detainer number on the board; return its detainer id."""
    proxy = view.active_table.model()
    for row in range(proxy.rowCount()):
        if proxy.index(row, 1).data() == number:
            view.active_table.setCurrentIndex(proxy.index(row, 0))
            return int(proxy.index(row, 0).data(DETAINER_ID_ROLE))
    raise AssertionError(f"{number} is not on the board")


def pdf_text(path: Path) -> str:
    """A PDF's text as a reader sees it."""
    text = " ".join(p.extract_text() or "" for p in PdfReader(path).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def test_section_model_without_a_window() -> None:
    """A section table would show UTC times, sort times as text, or show None."""
    model = SectionModel([Column("Name", lambda r: r[0]), Column("At", lambda r: r[1]),
                          Column("Blocks", lambda r: r[2])], ZoneInfo("America/New_York"))
    model.set_rows([("b", datetime(2026, 11, 25, 19, tzinfo=UTC), True),
                    ("a", None, False)])
    assert model.rowCount() == 2 and model.columnCount() == 3
    assert model.headerData(1, Qt.Orientation.Horizontal) == "At"
    assert model.index(0, 1).data() == "Wed 25 Nov 14:00"
    assert model.index(1, 1).data() == "—"
    assert (model.index(0, 2).data(), model.index(1, 2).data()) == ("yes", "no")
    assert model.index(0, 1).data(SORT_ROLE) < model.index(1, 1).data(SORT_ROLE)


def test_note_sign_out_and_in(qtbot: QtBot, view: HandoffView, people: PeopleService,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The stored handoff would lack the typed note or one of the two signatures."""
    detainer_id = select(view, "D26-0001")
    qtbot.keyClicks(view.note_edit, "Arraignment Friday 09:00")
    assert view.save_note_button.isEnabled()
    qtbot.mouseClick(view.save_note_button, Qt.MouseButton.LeftButton)
    select(view, "D26-0001")
    assert view.active_model.index(
        next(r for r in range(2) if view.active_model.row_value(r).detainer_id ==
             detainer_id), COL_NOTE).data() == "Arraignment Friday 09:00"
    assert not view.sign_in_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(view.sign_out_button, Qt.MouseButton.LeftButton)
    assert view.record is not None and view.record.state is HandoffState.AWAITING_INCOMING
    assert not view.sign_out_button.isEnabled() and view.note_edit.isReadOnly()
    qtbot.mouseClick(view.sign_in_button, Qt.MouseButton.LeftButton)
    dialog = view.incoming_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.username_edit, "jlee")
    qtbot.keyClicks(dialog.password_edit, "lee-pass-phrase")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    stored = view.service.get(view.record.id)
    assert stored.state is HandoffState.SIGNED
    assert stored.outgoing.name == "Sgt. M. Kim"
    assert stored.incoming_signature.name == "Sgt. J. Lee"
    assert stored.content.note_for(detainer_id) == "Arraignment Friday 09:00"
    assert "Sgt. J. Lee" in view.state_label.text()
    assert view.past_model.rowCount() == 1


def test_changing_row_keeps_the_typed_note(qtbot: QtBot, view: HandoffView) -> None:
    """A note typed and not saved would be lost on clicking the next detainer."""
    detainer_id = select(view, "D26-0001")
    qtbot.keyClicks(view.note_edit, "Family called at noon")
    select(view, "D26-0002")
    assert view.service.current().notes[0].detainer_id == detainer_id
    assert view.note_edit.toPlainText() == ""


def test_wrong_password_keeps_the_dialog_open(qtbot: QtBot, view: HandoffView,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A mistyped password would close the dialog as if the shift had been taken over."""
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    view.sign_outgoing()
    dialog = view.open_incoming_dialog()
    assert dialog is not None
    qtbot.keyClicks(dialog.username_edit, "jlee")
    qtbot.keyClicks(dialog.password_edit, "nope")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Wrong username or password" in dialog.error_label.text()
    assert dialog.password_edit.text() == ""
    dialog.username_edit.setText("dreyes")
    qtbot.keyClicks(dialog.password_edit, "reyes-pass-phrase")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert "may not sign the shift handoff" in dialog.error_label.text()
    assert view.service.current().incoming_signature is None


def test_a_supervisor_due_a_new_password_is_told_to_choose_it_first(
        qtbot: QtBot, view: HandoffView, people: PeopleService,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The administrator asked Sgt. Lee for a new password; the old one still signed."""
    admin = people.authenticate("admin", "admin-pass-phrase")
    people.require_password_change("jlee", admin)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    view.sign_outgoing()
    dialog = view.open_incoming_dialog()
    assert dialog is not None
    qtbot.keyClicks(dialog.username_edit, "jlee")
    qtbot.keyClicks(dialog.password_edit, "lee-pass-phrase")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert ("Sgt. J. Lee must choose a new password before signing"
            in dialog.error_label.text())
    assert "Change my password" in dialog.error_label.text()
    assert view.service.current().incoming_signature is None


def test_desk_officer_sees_but_cannot_sign(qtbot: QtBot, desk: Desk,
                                           people: PeopleService) -> None:
    """A desk officer could sign the handoff or write in it from the sergeant's tab."""
    log_detainer(desk)
    widget = HandoffView(desk, OFFICER)
    qtbot.addWidget(widget)
    select(widget, "D26-0001")
    assert not widget.sign_out_button.isEnabled()
    assert widget.note_edit.isReadOnly()
    assert "supervisor" in widget.sign_out_button.toolTip()
    assert widget.active_model.rowCount() == 1


def test_print_opens_a_draft_then_the_signed_sheet(qtbot: QtBot, view: HandoffView,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    """Print would do nothing, or an unsigned sheet would look signed."""
    view.output_dir = tmp_path
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(view.opened) == 1, timeout=20000)
    draft = Path(view.opened[0].toLocalFile())
    assert draft.name == "handoff-DRAFT-2026-11-25-1500.pdf"
    assert "DRAFT: not signed" in pdf_text(draft)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    view.sign_outgoing()
    view.sections.setCurrentIndex(view.sections.count() - 1)
    view.past_table.selectRow(0)
    qtbot.mouseClick(view.reprint_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(view.opened) == 2, timeout=20000)
    signed = Path(view.opened[1].toLocalFile())
    assert signed.name == "handoff-2026-11-25-1500.pdf"
    assert "Signed electronically by Sgt. M. Kim" in pdf_text(signed)


def test_board_change_reaches_the_draft(qtbot: QtBot, view: HandoffView, desk: Desk) -> None:
    """A detainer logged during the handoff would be missing from what is signed."""
    log_detainer(desk, "D26-0003", "Ольга Петрова")
    qtbot.waitUntil(lambda: view.active_model.rowCount() == 3)


def test_screenshot_at_1366_by_768(qtbot: QtBot, view: HandoffView, tmp_path: Path) -> None:
    """At the sergeant's 1366x768 screen the buttons or the sections would be cut off."""
    view.show()
    qtbot.waitExposed(view)
    view.grab().save(str(tmp_path / "handoff-view.png"))
    for button in (view.sign_out_button, view.sign_in_button, view.print_button):
        assert view.rect().contains(button.geometry().translated(
            button.parentWidget().mapTo(view, button.parentWidget().rect().topLeft())))
    tab_bar = view.sections.tabBar()
    assert tab_bar.tabRect(tab_bar.count() - 1).right() <= tab_bar.width()
