"""The audit viewer: supervisors find who changed what; others are refused."""

from __future__ import annotations

import sqlite3

import pytest
from pytestqt.qtbot import QtBot

from desk_app.domain.actor import Actor
from desk_app.domain.vocabulary import Role
from desk_app.gui.audit_view import (
    COL_ACTION,
    COL_ACTOR,
    COL_DETAINER,
    COL_SUMMARY,
    AuditView,
)
from desk_app.store.desk import Desk
from tests.gui.conftest import OFFICER, SERGEANT, log_detainer
from tests.tamper import lift_audit_guard


def test_supervisor_filters_by_detainer_and_person(qtbot: QtBot, desk: Desk) -> None:
    """A supervisor looking up one detainer must see only its entries, newest first."""
    first = log_detainer(desk, "D26-0001")
    log_detainer(desk, "D26-0002")
    desk.custody.complete_step(first, "inform_bail_clerk", SERGEANT)
    view = AuditView(desk, SERGEANT)
    qtbot.addWidget(view)
    qtbot.keyClicks(view.detainer, "D26-0001")
    view.search()
    rows = [(view.model.index(r, COL_ACTION).data(), view.model.index(r, COL_ACTOR).data(),
             view.model.index(r, COL_DETAINER).data()) for r in range(view.model.rowCount())]
    assert rows == [("step done", SERGEANT.name, "D26-0001"),
                    ("detainer logged", OFFICER.name, "D26-0001")]
    view.person.setText("Sgt.")
    view.search()
    assert view.model.rowCount() == 1


def test_desk_officer_is_refused(qtbot: QtBot, desk: Desk) -> None:
    """The audit log is for supervisors: a desk officer gets a plain refusal."""
    log_detainer(desk)
    view = AuditView(desk, Actor("Ofc. Walsh", Role.DESK_OFFICER))
    qtbot.addWidget(view)
    view.search()
    assert view.model.rowCount() == 0
    assert "Not allowed" in view.message.text()


def test_verify_reports_an_edit_behind_the_application(qtbot: QtBot, desk: Desk) -> None:
    """An entry edited with plain SQL must be named by the chain check."""
    log_detainer(desk, "D26-0001")
    log_detainer(desk, "D26-0002")
    view = AuditView(desk, SERGEANT)
    qtbot.addWidget(view)
    view.verify()
    assert view.message.text().startswith("2 entries, chain intact; every person and "
                                          "detainer as audited")
    path = str(desk.db.engine.url.database)
    with sqlite3.connect(path) as conn:
        lift_audit_guard(conn)  # the file's owner can; the application never does
        conn.execute("UPDATE audit_log SET actor = 'nobody' WHERE id = 1")
    view.verify()
    assert view.message.text().startswith("The audit log was changed outside the application")
    assert "Audit entry 1 does not match" in view.message.text()


def staffed(desk: Desk) -> None:
    """An administrator who added a records clerk (audited)."""
    people = desk.people
    admin = people.first_administrator("admin", "Lt. A. Okafor", "admin-password-1")
    people.add("dube", "M. Dube (Records)", Role.RECORDS_CLERK, "dube-password-1", admin)


@pytest.mark.parametrize(("viewer", "names_the_person"), [
    (Actor("Lt. A. Okafor", Role.ADMINISTRATOR), True),
    (SERGEANT, False),
])
def test_verify_shows_the_people_check(qtbot: QtBot, desk: Desk, viewer: Actor,
                                       names_the_person: bool) -> None:
    """A clerk made administrator by SQL must show in the view, as in audit verify; only
    an administrator, who manages people, sees who it was."""
    staffed(desk)
    view = AuditView(desk, viewer)
    qtbot.addWidget(view)
    with sqlite3.connect(str(desk.db.engine.url.database)) as conn:
        conn.execute("UPDATE people SET role = 'administrator' WHERE username = 'dube'")
    view.verify()
    text = view.message.text()
    assert text.startswith("The audit log was changed outside the application")
    assert "the people table was changed outside the application" in text
    assert ("Person dube: role is 'administrator'" in text) is names_the_person


def test_a_supervisor_sees_people_entries_masked(qtbot: QtBot, desk: Desk) -> None:
    """A supervisor may see that an account changed, but not its details."""
    staffed(desk)
    for viewer, shown in ((SERGEANT, False), (Actor("Lt. A. Okafor", Role.ADMINISTRATOR),
                                               True)):
        view = AuditView(desk, viewer)
        qtbot.addWidget(view)
        view.search()
        row = next(r for r in range(view.model.rowCount())
                   if view.model.index(r, COL_ACTION).data() == "person added")
        summary = view.model.index(row, COL_SUMMARY).data()
        assert ("dube" in summary) is shown
        assert view.model.index(row, COL_ACTOR).data() == "Lt. A. Okafor"
        view.table.selectRow(row)
        assert ("records clerk" in view.changes.toPlainText()) is shown
        if not shown:
            assert "hidden: only those who may add people" in summary


def test_selected_entry_reads_as_lines_in_department_time(qtbot: QtBot, desk: Desk) -> None:
    """A bail decision at 13:30 on Wed 25 Nov is shown as that, field by field, not as
    raw JSON with the UTC instant 18:30."""
    from datetime import UTC, datetime

    from PySide6.QtCore import QItemSelectionModel

    from desk_app.domain.vocabulary import BailDecision

    first = log_detainer(desk, "D26-0001")
    desk.custody.record_bail_decision(first, BailDecision.HELD_UNTIL_COURT, SERGEANT,
                                      at=datetime(2026, 11, 25, 18, 30, tzinfo=UTC))
    view = AuditView(desk, SERGEANT)
    qtbot.addWidget(view)
    view.search()
    # The newest entry is this reading of the log itself; the bail decision is next.
    actions = [view.model.index(r, COL_ACTION).data() for r in range(view.model.rowCount())]
    assert actions[:2] == ["audit log read", "bail decision"]
    view.table.selectionModel().setCurrentIndex(
        view.model.index(1, 0), QItemSelectionModel.SelectionFlag.SelectCurrent)
    shown = view.changes.toPlainText().splitlines()
    assert "Bail decision: — → held until court" in shown
    assert "Bail decided at: — → Wed 25 Nov 2026 13:30 EST" in shown
    assert "{" not in view.changes.toPlainText()
    assert "+00:00" not in view.changes.toPlainText()
