"""The People dialog audits its reading of the list once per opening, not per redraw.

Reproduced before: every refresh of the dialog (after each add, reset, role change,
disable) wrote another "people list read" entry, so the log said the administrator read
the list five times when they opened it once, and real reads drowned in redraws. The
dialog's reads are still checked each time; only the audit is once per opening.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desk_app.domain.actor import Actor
from desk_app.domain.permissions import NotPermittedError
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import Role
from desk_app.gui.people_dialog import PeopleDialog, PersonFormDialog
from desk_app.store.desk import Desk
from desk_app.store.models import AuditEntry

NOW = datetime(2026, 11, 25, 19, tzinfo=UTC)


@pytest.fixture
def desk(open_test_desk: Callable[..., Desk]) -> Desk:
    """A desk with its administrator and a desk officer."""
    opened = open_test_desk(FixedTime(NOW))
    admin = opened.people.first_administrator("admin", "Lt. A. Okafor", "admin-password-1")
    opened.people.add("reyes", "Ofc. D. Reyes", Role.DESK_OFFICER, "reyes-password-1", admin)
    return opened


def reads(desk: Desk) -> int:
    """How many "people list read" entries the log holds."""
    with desk.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "people list read")) or 0


def test_one_opening_is_one_audited_read(qtbot: QtBot, desk: Desk,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Three refreshes, an added person and a disabled one: still one read per opening."""
    admin = desk.people.authenticate("admin", "admin-password-1")
    dialog = PeopleDialog(desk.people, admin, desk.zone)
    qtbot.addWidget(dialog)
    assert reads(desk) == 1
    for _ in range(3):
        dialog.refresh()

    def fill_add(form: PersonFormDialog) -> int:
        form.username_edit.setText("swalsh")
        form.display_name_edit.setText("Ofc. S. Walsh")
        form.password_edit.setText("swalsh-password-1")
        form.repeat_edit.setText("swalsh-password-1")
        form.ok_button.click()
        return form.result()

    monkeypatch.setattr(PersonFormDialog, "exec", fill_add)
    dialog.add_button.click()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args: QMessageBox.StandardButton.Yes)
    dialog.active_button.click()  # swalsh, selected once added
    assert not desk.people.get("swalsh").active
    assert "swalsh" in [dialog.model.person_at(r).username
                        for r in range(dialog.model.rowCount())]
    assert reads(desk) == 1

    again = PeopleDialog(desk.people, admin, desk.zone)  # opened a second time
    qtbot.addWidget(again)
    assert reads(desk) == 2


def test_each_read_is_still_checked(desk: Desk) -> None:
    """An opening's later reads are not audited again, but are still refused to a role
    that may not see the list."""
    officer = Actor("Ofc. D. Reyes", Role.DESK_OFFICER, "reyes")
    with pytest.raises(NotPermittedError):
        desk.people.open_list(officer)
    assert reads(desk) == 0
    admin = desk.people.authenticate("admin", "admin-password-1")
    listing = desk.people.open_list(admin)
    assert [p.username for p in listing.read()] == ["admin", "reyes"]
    listing.viewer = officer  # the read checks whoever the listing is for now
    with pytest.raises(NotPermittedError):
        listing.read()
    assert reads(desk) == 1
