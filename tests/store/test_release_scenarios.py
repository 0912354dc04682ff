"""Every shipped profile, walked through every Trust Act §1 release event: the board
flags RELEASE DUE at once, the checklist makes the right steps due, and the report counts
a person kept after eligibility as held on the detainer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm, DetainerSnapshot
from desk_app.domain.ordinance_figures import ordinance_figures
from desk_app.domain.time_source import FixedTime
from desk_app.domain.urgency import Thresholds, Urgency, assess
from desk_app.domain.vocabulary import (
    BailDecision,
    FormType,
    Outcome,
    ReleaseGround,
    Role,
    StepState,
    Trigger,
)
from desk_app.store.desk import Desk, open_desk

PROFILES = ["pittsfield-413", "haverhill", "westborough", "ma-welcoming-ordinance",
            "trust-act"]
NOW = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)  # Wednesday 10:00 in Massachusetts
SERGEANT = Actor("Sgt. M. Kim", Role.SUPERVISOR)


@pytest.fixture(params=PROFILES)
def desk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desk]:
    """A desk under one shipped profile, its clock stopped at NOW."""
    opened = open_desk(f"sqlite:///{tmp_path / 'scenario.sqlite3'}", FixedTime(NOW),
                       request.param)
    yield opened
    opened.db.close()


def make_eligible(desk: Desk, detainer_id: int, ground: ReleaseGround,
                  at: datetime) -> DetainerSnapshot:
    """The event, through the service a desk would use for it."""
    if ground is ReleaseGround.RECOGNIZANCE:
        return desk.custody.record_bail_decision(
            detainer_id, BailDecision.PERSONAL_RECOGNIZANCE, SERGEANT, at=at)
    if ground is ReleaseGround.BAIL_POSTED:
        desk.custody.record_bail_decision(detainer_id, BailDecision.MONETARY_BAIL, SERGEANT,
                                          at=at - timedelta(minutes=30), amount="500")
        return desk.custody.record_bail_posted(detainer_id, SERGEANT, at=at)
    return desk.custody.record_release_eligible(detainer_id, ground, SERGEANT, at=at)


@pytest.mark.parametrize("ground", list(ReleaseGround))
def test_release_event_flags_release_due_and_counts_in_the_report(
        desk: Desk, ground: ReleaseGround) -> None:
    """A person kept after any §1 event would be held unlawfully with no alarm."""
    received = NOW - timedelta(hours=3)
    eligible = NOW - timedelta(hours=1)
    logged = desk.detainers.log(DetainerForm("D26-0001", FormType.I_247A, "26-1",
                                             "José Ñúñez", received), SERGEANT)
    held = make_eligible(desk, logged.id, ground, eligible)
    assert (held.release_eligible_at, held.release_ground) == (eligible, ground)

    # The board: RELEASE DUE at once, with the time held past eligibility.
    a = assess(held, desk.profile, desk.clock, Thresholds(), NOW)
    assert a.urgency is Urgency.RELEASE_DUE
    assert a.held_past_eligibility() == timedelta(hours=1)
    assert "Lunn v. Commonwealth" in a.reason
    assert a.expiry is not None and a.expiry <= desk.clock.expiry(eligible)

    # The checklist: bail decisions make their steps due; nothing else does.
    bail_due = {s.step_id for s in held.steps
                if s.trigger is Trigger.ON_BAIL_DECISION and s.due_at is not None}
    expected = {r.id for r in desk.profile.steps_for(Trigger.ON_BAIL_DECISION)
                if held.bail_decision is not None and r.applies_to_bail(held.bail_decision)}
    assert bail_due == expected
    assert all(s.state is StepState.PENDING for s in held.steps)

    # The report: kept after eligibility, then handed to ICE, is a hold on the detainer.
    closed = desk.custody.close(logged.id, Outcome.TRANSFERRED_TO_ICE, SERGEANT,
                                override_reason="scenario")
    figures = ordinance_figures([closed], NOW.date() - timedelta(days=1), NOW.date(),
                                desk.clock)
    assert (figures.detained, figures.transferred) == (1, 1)


def test_released_at_once_is_not_a_hold_in_the_report(desk: Desk) -> None:
    """A person released when eligible must not be reported as held on the detainer."""
    logged = desk.detainers.log(DetainerForm("D26-0002", FormType.I_247A, "26-2", "A B",
                                             NOW - timedelta(hours=2)), SERGEANT)
    desk.custody.record_release_eligible(logged.id, ReleaseGround.CHARGES_DISMISSED,
                                         SERGEANT, at=NOW - timedelta(hours=1))
    closed = desk.custody.close(logged.id, Outcome.RELEASED_OTHERWISE, SERGEANT,
                                override_reason="scenario")
    a = assess(closed, desk.profile, desk.clock, Thresholds(), NOW)
    assert a.urgency is not Urgency.RELEASE_DUE
    figures = ordinance_figures([closed], NOW.date() - timedelta(days=1), NOW.date(),
                                desk.clock)
    assert figures.detained == 0
