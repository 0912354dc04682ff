"""The wall clock jumping (NTP corrections) and daylight-saving nights.

What the board shows after a jump, decided here: the board is a function of the clock
and nothing else. Each tick recomputes every row from `now`, so after the clock is set
back the countdown simply shows the time left at the new instant (more than a moment
ago), the expiry column never changes, and an urgency reached before the jump falls
back if the new instant is earlier (the alert already shown stays in the audit log).
The audit log keeps the instant each change was made as the clock said it, even when
that goes backwards; the order of the log is its id, and the chain still verifies.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from sqlalchemy import select

from desk_app.domain.clock import DetainerClock
from desk_app.domain.closures import ClosureCalendar
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.time_source import FixedTime
from desk_app.domain.urgency import Thresholds
from desk_app.domain.vocabulary import BailDecision
from desk_app.gui.board_model import (
    COL_EXPIRES,
    COL_LEFT,
    SORT_ROLE,
    URGENCY_ROLE,
    BoardModel,
)
from desk_app.store.audit import verify_chain
from desk_app.store.desk import Desk
from desk_app.store.models import AuditEntry
from tests.reliability import workers
from tests.reliability.conftest import NOW, OFFICER, SUPERVISOR
from tests.reliability.soak import examples

ZONE = ZoneInfo("America/New_York")
ROLES = (Qt.ItemDataRole.DisplayRole, URGENCY_ROLE, SORT_ROLE)
NO_EXCLUSIONS = DetainerClock(48, ZONE, ClosureCalendar(exclude_weekends=False,
                                                        exclude_holidays=False))
_numbers = itertools.count(1)


def log_at(desk: Desk, received: datetime) -> DetainerSnapshot:
    """Log a detainer received at `received` (the desk's clock is at or after it)."""
    form = workers.new_form(f"T-{next(_numbers):05d}", received + timedelta(minutes=1))
    return desk.detainers.log(form, OFFICER)


def cells(model: BoardModel) -> list[object]:
    """Everything the board shows and sorts by, cell by cell."""
    return [model.index(r, c).data(role) for r in range(model.rowCount())
            for c in range(model.columnCount()) for role in ROLES]


def fresh(desk: Desk, clock: DetainerClock, rows: list[DetainerSnapshot],
          now: datetime) -> BoardModel:
    """A board built from scratch at `now`."""
    model = BoardModel(desk.profile, clock, Thresholds(), now)
    model.set_rows(rows, now)
    return model


@pytest.fixture
def board_rows(desk: Desk, clock: FixedTime) -> list[DetainerSnapshot]:
    """Four detainers: fresh, half way, about to expire, and one whose clock waits."""
    for hours in (1, 20, 70):
        log_at(desk, NOW - timedelta(hours=hours))
    waiting = log_at(desk, NOW - timedelta(hours=2))
    desk.custody.record_bail_decision(waiting.id, BailDecision.MONETARY_BAIL, OFFICER)
    return desk.detainers.active()


@given(jumps=st.lists(st.integers(-4 * 86400, 4 * 86400), min_size=1, max_size=10))
@examples(150, 2000)
def test_board_after_any_jump_shows_what_the_clock_says(
        qapp: object, desk: Desk, board_rows: list[DetainerSnapshot],
        jumps: list[int]) -> None:
    """After an NTP correction the board would show a countdown stuck at the old time."""
    model = fresh(desk, desk.clock, board_rows, NOW)
    expiries = [model.index(r, COL_EXPIRES).data() for r in range(model.rowCount())]
    now = NOW
    for seconds in jumps:
        now += timedelta(seconds=seconds)
        model.tick(now)
        assert cells(model) == cells(fresh(desk, desk.clock, board_rows, now))
        assert [model.index(r, COL_EXPIRES).data()
                for r in range(model.rowCount())] == expiries


def test_board_set_back_shows_more_time_left(qapp: object, desk: Desk,
                                             board_rows: list[DetainerSnapshot]) -> None:
    """A clock set back by an hour would leave the countdown frozen or negative."""
    model = fresh(desk, NO_EXCLUSIONS, board_rows, NOW)
    model.tick(NOW + timedelta(hours=1))
    later = model.index(0, COL_LEFT).data()
    model.tick(NOW)
    assert model.index(0, COL_LEFT).data() > later  # "46:59:.." > "45:59:.."
    model.tick(NOW - timedelta(days=2))  # even before the fax arrived: full time, no crash
    assert all(isinstance(c, str | int | float) for c in cells(model) if c is not None)


def seconds_left(model: BoardModel, row: int = 0) -> int:
    """The countdown cell read back as seconds ("47:59:30" or "1 d 23 h")."""
    shown = str(model.index(row, COL_LEFT).data())
    if " d " in shown:
        days, rest = shown.split(" d ")
        return int(days) * 86400 + int(rest.removesuffix(" h")) * 3600
    hours, minutes, seconds = (int(p) for p in shown.split(":"))
    return hours * 3600 + minutes * 60 + seconds


@pytest.mark.parametrize("night", [
    pytest.param(datetime(2026, 11, 1, 4, 0, tzinfo=UTC), id="fall-back-2026-11-01"),
    pytest.param(datetime(2026, 3, 8, 4, 0, tzinfo=UTC), id="spring-forward-2026-03-08"),
])
def test_countdown_runs_down_steadily_across_a_dst_night(
        qapp: object, desk: Desk, clock: FixedTime, night: datetime) -> None:
    """The repeated (or skipped) hour would make the countdown jump or run backwards."""
    clock.set(night)
    received = night - timedelta(hours=30)  # Friday evening: under a day left at night
    rows = [desk.detainers.get(log_at(desk, received).id)]
    for rule in (NO_EXCLUSIONS, desk.clock):  # counting, and Pittsfield (Sunday excluded)
        model = fresh(desk, rule, rows, night)
        expiry = model.index(0, COL_EXPIRES).data()
        ticks = [night + timedelta(seconds=30 * n) for n in range(4 * 120 + 1)]
        shown = []
        for now in ticks:  # 00:00 to 03:00 local, every 30 seconds of real time
            model.tick(now)
            shown.append(seconds_left(model))
            assert model.index(0, COL_EXPIRES).data() == expiry
        steps = {a - b for a, b in itertools.pairwise(shown)}
        if rule is NO_EXCLUSIONS:
            assert steps == {30}, "the countdown must fall by the real time that passed"
            assert shown[0] - shown[-1] == 4 * 3600
        else:
            assert min(steps) >= 0 and min(shown) > 0  # never back up; Sunday is excluded


def test_audit_keeps_order_and_chain_when_the_clock_goes_back(
        desk: Desk, clock: FixedTime) -> None:
    """A clock set back would break the audit chain, or refuse to correct a detainer."""
    snap = log_at(desk, NOW - timedelta(minutes=1))
    clock.set(NOW - timedelta(hours=2))  # the workstation was two hours fast
    step = snap.steps[0].step_id
    done = desk.custody.complete_step(snap.id, step, OFFICER, "after the correction")
    edited = desk.detainers.edit(snap.id, done.version, {"booking_number": "B-77"}, OFFICER)
    clock.set(NOW + timedelta(hours=5))  # and then forwards
    desk.detainers.set_follow_up(snap.id, None, SUPERVISOR)
    clock.set(NOW - timedelta(days=1))
    desk.detainers.set_follow_up(snap.id, True, SUPERVISOR)
    with desk.db.sessions() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        report = verify_chain(session)
    assert report.intact and report.entries == len(entries) == 5
    assert [e.at for e in entries] == [NOW, NOW - timedelta(hours=2), NOW - timedelta(hours=2),
                                       NOW + timedelta(hours=5), NOW - timedelta(days=1)]
    assert edited.received_at == snap.received_at  # the clock never touches the record


@given(moves=st.lists(st.tuples(st.integers(-3 * 86400, 3 * 86400),
                                st.sampled_from(["step", "follow", "edit"])),
                      min_size=1, max_size=6))
@examples(40, 400)
def test_any_jumps_between_changes_keep_the_chain(desk: Desk, clock: FixedTime,
                                                  moves: list[tuple[int, str]]) -> None:
    """Whatever the clock did between saves, the audit chain must verify in id order."""
    clock.set(NOW)
    snap = log_at(desk, NOW - timedelta(minutes=1))
    for seconds, action in moves:
        clock.advance(timedelta(seconds=seconds))
        current = desk.detainers.get(snap.id)
        open_steps = [s for s in current.steps if s.is_open]
        if action == "step" and open_steps:
            desk.custody.complete_step(snap.id, open_steps[0].step_id, OFFICER)
        elif action == "edit":
            desk.detainers.edit(snap.id, current.version,
                                {"arrest_location": f"moved {seconds}"}, OFFICER)
        else:
            desk.detainers.set_follow_up(snap.id, seconds > 0, SUPERVISOR)
    with desk.db.sessions() as session:
        report = verify_chain(session)
        ids = list(session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))
    assert report.intact
    assert ids == sorted(set(ids))
