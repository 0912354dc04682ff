"""A custody dialog opened before another workstation's save cannot write over it.

Two workstations on one database (an SQLite file, then the suite's PostgreSQL server).
The sergeant opens a custody dialog and types; meanwhile the lieutenant, at the other
desk, records something on the same detainer. The sergeant's save is refused with who
changed what and when, the dialog stays open with everything typed, and the database
holds exactly what the lieutenant saved. Pressing the button again, once the refusal has
been read, saves on top of the newer change (that is the point of keeping the typing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import BailDecision, Outcome, ReleaseGround, Role
from desk_app.gui.close_dialog import (
    BailPostedDialog,
    CloseDialog,
    ReleaseDialog,
    ReleaseEligibleDialog,
    VoidDialog,
)
from desk_app.gui.custody_dialogs import (
    BailDecisionDialog,
    CopyServedDialog,
    CustodyDialog,
    EroNoticeDialog,
    StepDoneDialog,
    StepNotApplicableDialog,
)
from desk_app.gui.follow_up_dialog import FollowUpDialog
from desk_app.gui.reimbursement_dialog import ReimbursementDialog
from desk_app.store.custody_service import EroNotice
from desk_app.store.desk import Desk
from tests.reliability import workers
from tests.reliability.conftest import FIGURES, SUPERVISOR

THERE = Actor("Lt. R. Okafor", Role.SUPERVISOR)  # at the other workstation
COPY_WORDS = "Copy of the detainer given to the arrestee"
TYPED_TIME = QTime(14, 2)  # department time, typed into the dialog's "When"


def copy_served(desk: Desk, detainer_id: int) -> None:
    """The other workstation records that the arrestee was given a copy."""
    desk.custody.record_copy_served(detainer_id, THERE)


def nothing(_desk: Desk, _detainer_id: int) -> None:
    """No preparation: the detainer as logged."""


def first_open_step(desk: Desk, detainer_id: int) -> Any:
    """The first open checklist step that is recorded with the plain Done dialog."""
    return next(s for s in desk.detainers.get(detainer_id).steps if s.is_open)


def typed_time(dialog: Any) -> None:
    """Type the time of the event (14:02 today, department time)."""
    dialog.time_edit.setTime(TYPED_TIME)


def time_kept(dialog: Any) -> bool:
    """The typed time is still in the field."""
    return bool(dialog.time_edit.time() == TYPED_TIME)


@dataclass(frozen=True)
class Case:
    """One dialog: how to open it, type into it, see the typing kept, see it saved."""

    open: Callable[[Desk, int], CustodyDialog]
    type_in: Callable[[Any], None]
    kept: Callable[[Any], bool]
    saved: Callable[[DetainerSnapshot], bool]
    theirs: Callable[[Desk, int], None] = copy_served
    their_words: str = COPY_WORDS
    prepare: Callable[[Desk, int], None] = nothing


def _bail_typed(dialog: Any) -> None:
    dialog.radios[BailDecision.HELD_UNTIL_COURT].setChecked(True)
    typed_time(dialog)


def _ero_typed(dialog: Any) -> None:
    dialog.method_radios["phone"].setChecked(True)
    dialog.contact_edit.setText("SDDO Boston, 617-555-0100")
    typed_time(dialog)


def _ero_theirs(desk: Desk, detainer_id: int) -> None:
    desk.custody.record_ero_notice(detainer_id, EroNotice(
        desk.time.now(), "fax", "Duty officer Lee", "No longer in custody."), THERE)


def _close_typed(dialog: Any) -> None:
    dialog.outcome_combo.setCurrentIndex(list(Outcome).index(Outcome.LIFTED_BY_ICE))
    dialog.note_edit.setText("ICE lifted it by phone")
    dialog.override_edit.setText("ICE lifted the detainer")
    typed_time(dialog)


def _monetary_bail(desk: Desk, detainer_id: int) -> None:
    desk.custody.record_bail_decision(detainer_id, BailDecision.MONETARY_BAIL, SUPERVISOR,
                                      amount="500")


def _reimbursement_typed(dialog: Any) -> None:
    dialog.amount_edit.setText("$1,250.50")
    dialog.received_edit.setDate(QDate(2026, 11, 20))


def _reimbursement_kept(dialog: Any) -> bool:
    return bool(dialog.amount_edit.text() == "$1,250.50"
                and dialog.received_edit.date() == QDate(2026, 11, 20))


def _their_reimbursement(desk: Desk, detainer_id: int) -> None:
    desk.detainers.record_reimbursement(detainer_id, Decimal("75.25"), date(2026, 11, 24),
                                        THERE)


CASES = {
    "bail decision": Case(
        lambda desk, i: BailDecisionDialog(desk, SUPERVISOR, i), _bail_typed,
        lambda d: d.radios[BailDecision.HELD_UNTIL_COURT].isChecked() and time_kept(d),
        lambda s: s.bail_decision is BailDecision.HELD_UNTIL_COURT,
        theirs=lambda desk, i: desk.custody.record_bail_decision(
            i, BailDecision.PERSONAL_RECOGNIZANCE, THERE),
        their_words="Bail decision: personal recognizance"),
    "ERO notice": Case(
        lambda desk, i: EroNoticeDialog(desk, SUPERVISOR, i, None), _ero_typed,
        lambda d: d.method() == "phone" and time_kept(d)
        and d.contact_edit.text() == "SDDO Boston, 617-555-0100",
        lambda s: (s.ero_method, s.ero_contact) == ("phone", "SDDO Boston, 617-555-0100"),
        theirs=_ero_theirs, their_words="ERO notified by fax (Duty officer Lee)"),
    "step done": Case(
        lambda desk, i: StepDoneDialog(desk, SUPERVISOR, i, first_open_step(desk, i)),
        lambda d: d.note_edit.setText("Told clerk Moran by phone"),
        lambda d: d.note_edit.text() == "Told clerk Moran by phone",
        lambda s: any(x.note == "Told clerk Moran by phone" for x in s.steps)),
    "step not applicable": Case(
        lambda desk, i: StepNotApplicableDialog(desk, SUPERVISOR, i,
                                                first_open_step(desk, i)),
        lambda d: d.reason_edit.setText("Arrested on a warrant from Lenox"),
        lambda d: d.reason_edit.text() == "Arrested on a warrant from Lenox",
        lambda s: any(x.note == "Arrested on a warrant from Lenox" for x in s.steps)),
    "copy served": Case(
        lambda desk, i: CopyServedDialog(desk, SUPERVISOR, i, None),
        lambda d: (d.served_by.setEditText("Ofc. P. Walsh"), typed_time(d)),
        lambda d: d.served_by.currentText() == "Ofc. P. Walsh" and time_kept(d),
        lambda s: s.copy_served_by == "Ofc. P. Walsh"),
    "bail posted": Case(
        lambda desk, i: BailPostedDialog(desk, SUPERVISOR, i), typed_time, time_kept,
        lambda s: s.custody_status.value == "bailed", prepare=_monetary_bail),
    "release eligible": Case(
        lambda desk, i: ReleaseEligibleDialog(desk, SUPERVISOR, i),
        lambda d: (d.ground_combo.setCurrentIndex(
            list(ReleaseGround).index(ReleaseGround.CHARGES_DISMISSED)), typed_time(d)),
        lambda d: d.ground() is ReleaseGround.CHARGES_DISMISSED and time_kept(d),
        lambda s: s.release_ground is ReleaseGround.CHARGES_DISMISSED),
    "release": Case(
        lambda desk, i: ReleaseDialog(desk, SUPERVISOR, i), typed_time, time_kept,
        lambda s: s.custody_status.value != "in custody"),
    "close": Case(
        lambda desk, i: CloseDialog(desk, SUPERVISOR, i), _close_typed,
        lambda d: d.outcome() is Outcome.LIFTED_BY_ICE and time_kept(d)
        and d.note_edit.text() == "ICE lifted it by phone",
        lambda s: s.outcome is Outcome.LIFTED_BY_ICE and s.close_note == "ICE lifted it by phone"),
    "void": Case(
        lambda desk, i: VoidDialog(desk, SUPERVISOR, i),
        lambda d: d.reason_edit.setText("Logged twice, see D26-0002"),
        lambda d: d.reason_edit.text() == "Logged twice, see D26-0002",
        lambda s: s.void_reason == "Logged twice, see D26-0002"),
    "reimbursement": Case(
        lambda desk, i: ReimbursementDialog(desk, SUPERVISOR, i), _reimbursement_typed,
        _reimbursement_kept,
        lambda s: (s.reimbursement_amount, s.reimbursement_received_on)
        == (Decimal("1250.50"), date(2026, 11, 20)),
        theirs=_their_reimbursement,
        their_words="Reimbursement: $75.25 received 2026-11-24"),
    "follow-up": Case(
        lambda desk, i: FollowUpDialog(desk, SUPERVISOR, i),
        lambda d: d.radios[True].setChecked(True),
        lambda d: d.answer() is True,
        lambda s: s.deported is True,
        theirs=lambda desk, i: desk.detainers.set_follow_up(i, False, THERE),
        their_words="Follow-up: not deported"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_older_dialog_is_refused_with_who_what_when_and_keeps_the_typing(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, two_desks: tuple[Desk, Desk],
        clock: FixedTime, name: str) -> None:
    """B's dialog, opened earlier, would save over A's newer change with no warning."""
    monkeypatch.setattr(QMessageBox, "question",  # closing with typing left, at the end
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    here, there = two_desks
    case = CASES[name]
    detainer_id = here.detainers.log(workers.new_form("D26-70001", clock.now()),
                                     SUPERVISOR).id
    case.prepare(here, detainer_id)
    dialog = case.open(here, detainer_id)
    qtbot.addWidget(dialog)
    dialog.show()
    case.type_in(dialog)
    clock.advance(timedelta(minutes=5))  # 14:05 in Pittsfield
    case.theirs(there, detainer_id)
    theirs = there.detainers.get(detainer_id)

    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.result_snapshot is None, "the save went through"
    refusal = dialog.error_label.text()
    assert refusal.startswith("Not saved: this detainer was changed by Lt. R. Okafor at "
                              "14:05; your changes are kept in the form"), refusal
    assert f"Their change: {case.their_words}." in refusal
    assert case.kept(dialog), "what was typed was cleared"
    assert here.detainers.get(detainer_id) == theirs, "the refused save changed something"

    dialog.ok_button.click()  # read, reviewed, saved again: now on top of theirs
    assert dialog.result_snapshot is not None, dialog.error_label.text()
    assert case.saved(there.detainers.get(detainer_id))
    FIGURES.append(f"custody conflict ({name}, {here.db.engine.dialect.name}): the older "
                   "dialog refused with who/what/when, typing kept, saved after review")


def test_ero_dialog_says_a_notice_is_already_recorded(
        qtbot: QtBot, two_desks: tuple[Desk, Desk], clock: FixedTime) -> None:
    """A second ERO notice would silently replace the first one's who and how."""
    here, there = two_desks
    detainer_id = here.detainers.log(workers.new_form("D26-70002", clock.now()),
                                     SUPERVISOR).id
    _ero_theirs(there, detainer_id)
    dialog = EroNoticeDialog(here, SUPERVISOR, detainer_id, None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.already.isVisible()
    assert dialog.already.text().startswith(
        "Already recorded: ERO told by fax (Duty officer Lee), by Lt. R. Okafor at ")
    assert "replaces it" in dialog.already.text()


def test_service_refuses_an_old_version_without_a_dialog(
        two_desks: tuple[Desk, Desk], clock: FixedTime) -> None:
    """A script or another screen passing an old version would still write over."""
    here, there = two_desks
    logged = here.detainers.log(workers.new_form("D26-70003", clock.now()), SUPERVISOR)
    there.custody.record_bail_decision(logged.id, BailDecision.PERSONAL_RECOGNIZANCE, THERE)
    from desk_app.domain.errors import ConflictError

    with pytest.raises(ConflictError, match="changed by Lt. R. Okafor"):
        here.custody.record_bail_decision(logged.id, BailDecision.HELD_UNTIL_COURT,
                                          SUPERVISOR, expected_version=logged.version)
    assert here.detainers.get(logged.id).bail_decision is BailDecision.PERSONAL_RECOGNIZANCE
