"""The clock never over-holds: the expiry is never later than the limit counted from
release eligibility, whatever the department counts from."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.detainer import DetainerSnapshot, start_words
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.profiles import load_all
from desk_app.domain.urgency import Thresholds, Urgency, assess
from desk_app.domain.vocabulary import ClockStart, CustodyStatus, FormType
from desk_app.resources import policies_dir

PROFILES = load_all(policies_dir())
CLOCKS = {pid: p.clock.build() for pid, p in PROFILES.items()}


def snapshot(received: datetime, rule: ClockStart, eligible: datetime | None,
             custody: CustodyStatus = CustodyStatus.IN_CUSTODY,
             profile_id: str = "pittsfield-413") -> DetainerSnapshot:
    """An active detainer with only the fields the clock reads set."""
    blank: dict[str, Any] = {}
    for f in fields(DetainerSnapshot):
        blank[f.name] = {"str": "", "bool": False, "int": 1, "float": 0.0}.get(
            str(f.type), None)
    blank.update(id=1, version=1, profile_id=profile_id, form_type=FormType.I_247A,
                 received_at=received, clock_start_rule=rule, release_eligible_at=eligible,
                 custody_status=custody, created_at=received, updated_at=received,
                 steps=(), attachments=())
    return DetainerSnapshot(**blank)


instants = st.datetimes(min_value=datetime(2018, 1, 1), max_value=datetime(2031, 12, 31),
                        timezones=st.just(UTC))


@settings(max_examples=300, deadline=None)
@given(received=instants, gap=st.timedeltas(timedelta(days=-20), timedelta(days=20)),
       profile_id=st.sampled_from(sorted(PROFILES)),
       rule=st.sampled_from(list(ClockStart)))
def test_expiry_never_later_than_the_limit_after_eligibility(
        received: datetime, gap: timedelta, profile_id: str, rule: ClockStart) -> None:
    """A fax logged after the person became releasable would add hours to the hold."""
    eligible = received + gap
    clock = CLOCKS[profile_id]
    d = snapshot(received, rule, eligible, CustodyStatus.RELEASED)
    a = assess(d, PROFILES[profile_id], clock, Thresholds(), received)
    assert a.expiry is not None
    assert a.expiry <= clock.expiry(eligible)
    assert clock.counted_between(eligible, a.expiry) <= clock.limit
    if rule is ClockStart.RECEIPT and eligible >= received:
        assert a.start == received and a.start_rule is ClockStart.RECEIPT
    else:
        assert a.start == eligible and a.start_rule is ClockStart.RELEASE_ELIGIBLE


def test_recognizance_at_ten_and_fax_at_two_counts_from_ten() -> None:
    """The issue's case: released on recognizance at 10:00, fax logged at 14:00."""
    eligible = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)   # 10:00 EST, before Thanksgiving
    received = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)   # 14:00 EST
    d = snapshot(received, ClockStart.RECEIPT, eligible, CustodyStatus.RELEASED)
    assert d.clock_start == eligible and d.start_governs is ClockStart.RELEASE_ELIGIBLE
    a = assess(d, PROFILES["haverhill"], CLOCKS["haverhill"], Thresholds(), received)
    assert a.expiry == datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # Mon 10:00, not 14:00
    assert "the fax came after it" in start_words(d.clock_start_rule, d.start_governs)


@pytest.mark.parametrize("profile_id", sorted(PROFILES))
def test_release_due_shows_time_held_past_eligibility_and_sorts_first(
        profile_id: str) -> None:
    """A person kept after release eligibility must top the board, with the time held."""
    received = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
    eligible = received + timedelta(hours=1)
    now = eligible + timedelta(hours=3, minutes=20)
    profile: PolicyProfile = PROFILES[profile_id]
    held = assess(snapshot(received, profile.clock.starts_at, eligible), profile,
                  CLOCKS[profile_id], Thresholds(), now)
    assert held.urgency is Urgency.RELEASE_DUE
    assert held.held_past_eligibility() == timedelta(hours=3, minutes=20)
    expired = assess(snapshot(received - timedelta(days=9), ClockStart.RECEIPT, None),
                     profile, CLOCKS[profile_id], Thresholds(), now)
    assert expired.urgency is Urgency.EXPIRED
    assert held.sort_key < expired.sort_key
