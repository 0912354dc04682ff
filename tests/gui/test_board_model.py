"""The board model with no window: rows, countdown text, urgency, and what it emits."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from desk_app.domain.time_source import FixedTime
from desk_app.domain.urgency import Thresholds, Urgency
from desk_app.domain.vocabulary import BailDecision
from desk_app.gui.board_model import (
    COL_CHECKLIST,
    COL_CUSTODY,
    COL_EXPIRES,
    COL_LEFT,
    COL_NAME,
    COL_START,
    COL_STATUS,
    DETAINER_ID_ROLE,
    URGENCY_ROLE,
    BoardModel,
)
from desk_app.store.desk import Desk
from tests.gui.conftest import OFFICER, log_detainer


def make_model(desk: Desk, clock: FixedTime) -> BoardModel:
    model = BoardModel(desk.profile, desk.clock, Thresholds(), clock.now())
    model.set_rows(desk.detainers.active(), clock.now())
    return model


def text(model: BoardModel, row: int, column: int) -> str:
    return model.index(row, column).data(Qt.ItemDataRole.DisplayRole)


def test_row_shows_expiry_after_thanksgiving_weekend(desk: Desk, clock: FixedTime) -> None:
    """A fax on the eve of Thanksgiving must show Monday's expiry, not Friday's."""
    log_detainer(desk)
    model = make_model(desk, clock)
    assert model.rowCount() == 1
    assert text(model, 0, COL_EXPIRES) == "Mon 30 Nov 14:00"
    assert text(model, 0, COL_LEFT) == "5 d 0 h"
    assert text(model, 0, COL_NAME) == "José Ñúñez"
    assert text(model, 0, COL_CUSTODY) == "in custody"
    assert text(model, 0, COL_START) == "fax receipt"
    assert text(model, 0, COL_CHECKLIST).startswith("0/8 · Inform the bail clerk")
    assert text(model, 0, COL_STATUS).endswith("Active")


def test_tick_updates_only_the_countdown_cell(desk: Desk, clock: FixedTime, qtbot) -> None:
    """A second's tick must not repaint the whole board or reset the selection."""
    log_detainer(desk)
    model = make_model(desk, clock)
    changes: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=None: changes.append(
        (a.row(), a.column(), b.row(), b.column())))
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    clock.advance(timedelta(days=4, hours=23))  # Mon 30 Nov 13:00: 1 hour left
    model.tick(clock.now())
    changes.clear()
    clock.advance(timedelta(seconds=1))
    model.tick(clock.now())
    assert changes == [(0, COL_LEFT, 0, COL_LEFT)]
    assert text(model, 0, COL_LEFT) == "00:59:59"
    assert resets == []


def test_thresholds_raise_warning_then_critical_then_expired(desk: Desk,
                                                             clock: FixedTime) -> None:
    """Each threshold crossing must change the row's state and be signalled once."""
    log_detainer(desk)
    model = make_model(desk, clock)
    crossings: list[tuple[int, int]] = []
    model.urgency_changed.connect(lambda _id, old, new: crossings.append((old, new)))
    clock.set(clock.now() + timedelta(days=4, hours=12, minutes=1))  # Mon 02:01: <12 h
    model.tick(clock.now())
    assert model.index(0, 0).data(URGENCY_ROLE) == Urgency.WARNING
    clock.advance(timedelta(hours=10))  # Mon 12:01: < 2 h
    model.tick(clock.now())
    model.tick(clock.now())
    assert model.index(0, 0).data(URGENCY_ROLE) == Urgency.CRITICAL
    assert "Critical" in text(model, 0, COL_STATUS)
    clock.advance(timedelta(hours=2))
    model.tick(clock.now())
    assert text(model, 0, COL_STATUS).endswith("EXPIRED")
    assert text(model, 0, COL_LEFT) == "0:00:00"
    assert crossings == [(Urgency.NORMAL, Urgency.WARNING), (Urgency.WARNING, Urgency.CRITICAL),
                         (Urgency.CRITICAL, Urgency.EXPIRED)]


def test_upsert_removes_closed_and_adds_new_rows(desk: Desk, clock: FixedTime) -> None:
    """A detainer voided elsewhere must leave the board without a reload."""
    first = log_detainer(desk, "D26-0001")
    model = make_model(desk, clock)
    second = log_detainer(desk, "D26-0002", "王小明")
    model.upsert(desk.detainers.get(second))
    assert model.rowCount() == 2
    model.upsert(desk.detainers.void(first, "logged twice", OFFICER))
    assert model.rowCount() == 1
    assert model.index(0, 0).data(DETAINER_ID_ROLE) == second


def test_bail_shows_next_step_ero(desk: Desk, clock: FixedTime) -> None:
    """After bail the row must prompt the ERO notice the policy requires."""
    detainer_id = log_detainer(desk)
    snapshot = desk.custody.record_bail_decision(detainer_id, BailDecision.MONETARY_BAIL,
                                                 OFFICER)
    for step in snapshot.steps:
        if step.is_due and step.step_id != "notify_ero_if_bailed":
            snapshot = desk.custody.complete_step(detainer_id, step.step_id, OFFICER)
    model = make_model(desk, clock)
    assert text(model, 0, COL_CUSTODY) == "bail set"
    assert text(model, 0, COL_CHECKLIST) == (
        "8/9 · Notify ICE ERO: subject no longer in custody, not available for transfer")


def test_no_hold_profile_flags_release_due(tmp_path, clock: FixedTime) -> None:
    """Where a hold on a detainer alone is forbidden, a bailed person still held is flagged."""
    from desk_app.store.desk import open_desk

    desk = open_desk(f"sqlite:///{tmp_path / 'trust.sqlite3'}", clock, "trust-act")
    detainer_id = log_detainer(desk)
    desk.custody.record_bail_decision(detainer_id, BailDecision.PERSONAL_RECOGNIZANCE,
                                      OFFICER)
    model = make_model(desk, clock)
    assert model.index(0, 0).data(URGENCY_ROLE) == Urgency.RELEASE_DUE
    assert text(model, 0, COL_STATUS).endswith("RELEASE DUE")
    assert text(model, 0, COL_CUSTODY) == "held on the detainer alone"
    reason = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Release-eligible and still in custody" in reason
    assert "Lunn v. Commonwealth, 477 Mass. 517 (2017)" in reason


def test_pittsfield_bailed_person_still_held_is_release_due(desk, clock: FixedTime) -> None:
    """Policy 413 §IV.A.2 describes a hold Lunn forbids: the board must not honour it."""
    detainer_id = log_detainer(desk)
    desk.custody.record_bail_decision(detainer_id, BailDecision.PERSONAL_RECOGNIZANCE,
                                      OFFICER)
    model = make_model(desk, clock)
    assert model.index(0, 0).data(URGENCY_ROLE) == Urgency.RELEASE_DUE
    reason = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert ("Policy 413 §IV.A.2 is superseded by Lunn v. Commonwealth (2017): "
            "no hold on a detainer alone") in reason
    clock.advance(timedelta(hours=2, minutes=5))
    model.tick(clock.now())
    assert text(model, 0, COL_LEFT) == "held 02:05:00 past release"
    assert model.headerData(COL_LEFT, Qt.Orientation.Horizontal) == "Left (wall clock)"
