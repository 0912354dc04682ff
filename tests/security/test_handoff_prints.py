"""Printing the handoff sheet, draft or signed, is checked and audited in the service.

Reproduced before: "Print sheet…" on the Handoff tab laid out the draft handoff (every
active detainer, the notes, the ending shift's ICE contacts) for anyone at the tab and
left no audit entry; only a signed sheet's print was logged, and neither was checked
against the role. Now both go through `HandoffService.record_print`, the desk's access
gate: refused before anything is laid out, otherwise audited with what was printed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.permissions import NotPermittedError
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType, Role
from desk_app.gui.handoff_view import HandoffView
from desk_app.store.desk import Desk
from desk_app.store.models import AuditEntry

NOW = datetime(2026, 11, 25, 19, tzinfo=UTC)
SERGEANT = Actor("Sgt. M. Kim", Role.SUPERVISOR)
OFFICER = Actor("Ofc. D. Reyes", Role.DESK_OFFICER)


@pytest.fixture
def desk(open_test_desk: Callable[..., Desk]) -> Desk:
    """A desk with one detainer on the board."""
    opened = open_test_desk(FixedTime(NOW), "pittsfield-413")
    opened.detainers.log(DetainerForm("D26-0001", FormType.I_247A, "26-0001-AR",
                                      "José Ñúñez", NOW), OFFICER)
    return opened


def view_of(qtbot: QtBot, desk: Desk, actor: Actor, folder: Path) -> HandoffView:
    """The Handoff tab as `actor` sees it, opening PDFs into a list."""
    view = HandoffView(desk, actor)
    qtbot.addWidget(view)
    view.output_dir = folder
    opened: list[QUrl] = []
    view.opener = lambda url: opened.append(url) or True
    view.opened = opened  # type: ignore[attr-defined]
    return view


def prints(desk: Desk) -> list[tuple[str, str]]:
    """(who, what) of every audited handoff print, oldest first."""
    with desk.db.sessions() as session:
        return [(e.actor, e.summary) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "handoff printed")
            .order_by(AuditEntry.id))]


def test_the_draft_is_audited_like_the_signed_sheet(
        qtbot: QtBot, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The draft sheet left the desk with no trace of who printed it."""
    view = view_of(qtbot, desk, SERGEANT, tmp_path / "output")
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(view.opened) == 1, timeout=20000)
    assert prints(desk) == [("Sgt. M. Kim", "Handoff printed: the DRAFT handoff sheet of "
                             "the Wed 25 Nov 15:00–23:00 shift, not signed")]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    view.sign_outgoing()
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(view.opened) == 2, timeout=20000)
    handoff = view.service.current()
    assert handoff is not None
    assert prints(desk)[1] == ("Sgt. M. Kim", "Handoff printed: the signed handoff sheet "
                               "of the Wed 25 Nov 15:00–23:00 shift (handoff "
                               f"{handoff.id})")


def test_a_role_that_may_not_print_is_refused_before_anything_is_written(
        qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    """A desk officer printed the draft, with the ICE contacts they may not browse."""
    view = view_of(qtbot, desk, OFFICER, tmp_path / "output")
    assert not view.print_button.isEnabled()
    assert "Only a supervisor" in view.print_button.toolTip()
    view.print_sheet()  # as if the button were clicked anyway
    assert "may not print the shift handoff sheet" in view.message.text()
    assert view.opened == []  # type: ignore[attr-defined]
    assert not (tmp_path / "output").exists()
    assert view.content is not None
    with pytest.raises(NotPermittedError):
        view.service.record_print(OFFICER, view.content, None)
    assert prints(desk) == []
