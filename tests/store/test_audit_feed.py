"""The hash-chained audit log and the change feed the boards listen to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.errors import DeskError
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import BailDecision, Outcome
from desk_app.store.audit import ChainReport, verify_chain
from desk_app.store.custody_service import EroNotice
from desk_app.store.desk import Desk
from tests.tamper import lift_audit_guard


def verify(desk: Desk) -> ChainReport:
    """Walk the stored audit chain."""
    with desk.db.sessions() as session:
        return verify_chain(session)


def busy_shift(desk: Desk, officer: Actor, supervisor: Actor, clock: FixedTime,
               log_detainer: Callable[..., DetainerSnapshot]) -> DetainerSnapshot:
    """A detainer taken through its whole life, a few minutes between each call."""
    snap = log_detainer()
    for step in snap.steps:
        if step.is_due and step.step_id != "give_arrestee_copy":
            clock.advance(timedelta(minutes=3))
            desk.custody.complete_step(snap.id, step.step_id, officer)
    clock.advance(timedelta(minutes=3))
    desk.custody.record_copy_served(snap.id, officer, step_id="give_arrestee_copy")
    snap = desk.detainers.edit(snap.id, desk.detainers.get(snap.id).version,
                               {"booking_number": "B26-1"}, officer)
    desk.detainers.attach(snap.id, "scan.pdf", "application/pdf", b"%PDF", officer)
    clock.advance(timedelta(minutes=30))
    desk.custody.record_bail_decision(snap.id, BailDecision.MONETARY_BAIL, officer,
                                      amount="$250")
    clock.advance(timedelta(hours=2))
    desk.custody.record_bail_posted(snap.id, officer)
    desk.custody.record_ero_notice(snap.id, EroNotice(clock.now(), "email", "ERO Boston", ""),
                                   supervisor, "notify_ero_if_bailed")
    desk.custody.record_alert(snap.id, "critical", officer)
    return desk.custody.close(snap.id, Outcome.RELEASED_ON_BAIL, supervisor)


def test_chain_is_intact_after_a_shift(desk: Desk, officer: Actor, supervisor: Actor,
                                       clock: FixedTime,
                                       log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """`desk-app audit verify` would report tampering on an honest log."""
    busy_shift(desk, officer, supervisor, clock, log_detainer)
    desk.settings_service.save({"warning_hours": 10.0}, supervisor, clock.now())
    report = verify(desk)
    assert report.intact
    assert report.entries == 17


def test_edit_behind_the_application_is_detected(
        desk: Desk, officer: Actor, supervisor: Actor, clock: FixedTime,
        log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """Someone rewriting an audit entry with plain SQL would go unnoticed."""
    busy_shift(desk, officer, supervisor, clock, log_detainer)
    with desk.db.engine.begin() as connection:
        lift_audit_guard(connection)  # the tables' owner can; the application never does
        connection.execute(text("UPDATE audit_log SET summary='x' WHERE id=2"))
    report = verify(desk)
    assert not report.intact
    assert report.first_bad_id == 2


def test_entry_written_with_local_time_keeps_the_chain(desk: Desk, supervisor: Actor) -> None:
    """A settings change saved with the department's local time would look like tampering."""
    local = datetime(2026, 11, 25, 14, 0, tzinfo=ZoneInfo("America/New_York"))
    desk.settings_service.save({"warning_hours": 10.0}, supervisor, local)
    assert verify(desk).intact


def test_feed_is_told_after_each_commit(desk: Desk, officer: Actor, supervisor: Actor,
                                        clock: FixedTime,
                                        log_detainer: Callable[..., DetainerSnapshot],
                                        published: list[int]) -> None:
    """Another workstation's board would not refresh after a change."""
    seen_in_db: list[int] = []

    def check_committed(detainer_id: int) -> None:
        # A listener reading the database must already see the change.
        with desk.db.sessions() as session:
            count = session.execute(text("SELECT count(*) FROM audit_log WHERE "
                                         "detainer_id = :d"), {"d": detainer_id}).scalar()
        seen_in_db.append(count or 0)

    desk.ctx.feed.subscribe(check_committed)
    snap = busy_shift(desk, officer, supervisor, clock, log_detainer)
    # Every change but the alert (which changes no field) is announced.
    assert published == [snap.id] * 15
    assert seen_in_db == sorted(seen_in_db) and seen_in_db[0] >= 1


def test_feed_is_silent_on_a_refused_call(desk: Desk, officer: Actor, now: datetime,
                                          log_detainer: Callable[..., DetainerSnapshot],
                                          published: list[int]) -> None:
    """Boards would refresh (and flicker) for changes that were never saved."""
    snap = log_detainer()
    refusals = [
        lambda: desk.detainers.edit(snap.id, snap.version + 5, {"sex": "M"}, officer),
        lambda: desk.detainers.void(snap.id, "", officer),
        lambda: desk.custody.complete_step(snap.id, "nope", officer),
        lambda: desk.custody.mark_not_applicable(snap.id, "update_report", officer, ""),
        lambda: desk.custody.record_bail_posted(snap.id, officer),
        lambda: desk.custody.close(snap.id, Outcome.EXPIRED, officer),
        lambda: desk.custody.record_ero_notice(
            snap.id, EroNotice(now, "telex", "x", ""), officer),
    ]
    for refused in refusals:
        with pytest.raises(DeskError):
            refused()
    assert published == [snap.id]
