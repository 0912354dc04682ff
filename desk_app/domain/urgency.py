"""How urgent a detainer is at an instant: what the board shows at a glance.

Levels, from calm to most urgent: waiting (clock not started), normal, warning (under
the warning threshold of counted hours, or a due step overdue), critical (under the
critical threshold), expired, and release due: in a profile that does not permit
holding on a detainer alone, a person who is release-eligible and still in custody is
flagged at once, whatever the clock says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum

from desk_app.domain.clock import DetainerClock, ExcludedDay, TimeLeft
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.vocabulary import ClockStart, CustodyStatus, StepState

# A step due longer than this without being done turns the row to warning.
STEP_OVERDUE_AFTER = timedelta(hours=2)


class Urgency(IntEnum):
    """Ordered so that a larger value is more urgent."""

    WAITING = 0
    NORMAL = 1
    WARNING = 2
    CRITICAL = 3
    EXPIRED = 4
    RELEASE_DUE = 5

    @property
    def label(self) -> str:
        """The word shown beside the icon, so colour is never the only signal."""
        return _LABELS[self]


_LABELS = {
    Urgency.WAITING: "Clock not started",
    Urgency.NORMAL: "Active",
    Urgency.WARNING: "Warning",
    Urgency.CRITICAL: "Critical",
    Urgency.EXPIRED: "EXPIRED",
    Urgency.RELEASE_DUE: "RELEASE DUE",
}


@dataclass(frozen=True)
class Thresholds:
    """When the board warns: counted hours left (settings, defaults 12 and 2)."""

    warning: timedelta = timedelta(hours=12)
    critical: timedelta = timedelta(hours=2)


@dataclass(frozen=True)
class Assessment:
    """One detainer's clock and urgency at one instant."""

    urgency: Urgency
    start: datetime | None
    start_rule: ClockStart
    expiry: datetime | None
    left: TimeLeft | None
    reason: str
    # Release due: the moment custody on the criminal charge ended, and when assessed.
    eligible_at: datetime | None = None
    assessed_at: datetime | None = None

    def held_past_eligibility(self, now: datetime | None = None) -> timedelta | None:
        """Release due: how long the person has been held since they became releasable
        (at `now`, or when assessed)."""
        now = now or self.assessed_at
        if self.urgency is not Urgency.RELEASE_DUE or self.eligible_at is None or not now:
            return None
        return max(now - self.eligible_at, timedelta(0))

    @property
    def sort_key(self) -> tuple[int, float]:
        """Release due above every other row (held longest first); then least time
        left (an unstarted clock last)."""
        if self.urgency is Urgency.RELEASE_DUE and self.eligible_at is not None:
            return (0, self.eligible_at.timestamp())
        wall = self.left.wall.total_seconds() if self.left else float("inf")
        return (1, wall)


def assess(detainer: DetainerSnapshot, profile: PolicyProfile, clock: DetainerClock,
           thresholds: Thresholds, now: datetime) -> Assessment:
    """The urgency of `detainer` at `now` under `profile` and its clock."""
    start = detainer.clock_start
    expiry = clock.expiry(start) if start else None
    left = clock.time_left(start, now) if start else None
    rule = detainer.start_governs
    if _release_due(detainer, profile):
        ruling = profile.hold(profile.local_day(detainer.received_at))
        return Assessment(Urgency.RELEASE_DUE, start, rule, expiry, left,
                          f"Release-eligible and still in custody: {ruling.explanation()}",
                          detainer.release_eligible_at, now)
    if left is None:
        return Assessment(Urgency.WAITING, start, rule, expiry, left,
                          "The clock starts when the person would otherwise be released "
                          f"({profile.clock.citation}).")
    if left.expired:
        return Assessment(Urgency.EXPIRED, start, rule, expiry, left,
                          "The detainer has expired: it may no longer be the basis of a hold "
                          f"({profile.clock.citation}).")
    if left.counted <= thresholds.critical:
        return Assessment(Urgency.CRITICAL, start, rule, expiry, left,
                          f"Under {_hours(thresholds.critical)} counted left.")
    if left.counted <= thresholds.warning:
        return Assessment(Urgency.WARNING, start, rule, expiry, left,
                          f"Under {_hours(thresholds.warning)} counted left.")
    overdue = _overdue_step(detainer, now)
    if overdue:
        return Assessment(Urgency.WARNING, start, rule, expiry, left,
                          f"Step overdue: {overdue}")
    return Assessment(Urgency.NORMAL, start, rule, expiry, left, "")


def steady_until(detainer: DetainerSnapshot, clock: DetainerClock, thresholds: Thresholds,
                 now: datetime) -> datetime | None:
    """The first instant after `now` at which `assess` may give another urgency or reason.

    Before it only the time left moves, so the board re-assesses a row only then (or
    when the detainer changes). None: nothing but a change to the detainer will change
    it. The candidates are the instants the thresholds and the limit are reached and the
    instants due steps become overdue (strictly later than due + 2 hours).
    """
    start = detainer.clock_start
    candidates = []
    if start is not None:
        for left in (thresholds.warning, thresholds.critical):
            if clock.limit > left:
                candidates.append(clock.instant_after(start, clock.limit - left))
        candidates.append(clock.expiry(start))
    tick = timedelta(microseconds=1)
    for step in detainer.steps:
        if step.due_at is not None and step.state is StepState.PENDING:
            candidates.append(step.due_at + STEP_OVERDUE_AFTER + tick)
    return min((c for c in candidates if c > now), default=None)


def excluded_in_window(detainer: DetainerSnapshot, clock: DetainerClock) -> list[ExcludedDay]:
    """The days that did not count between the clock start and the expiry."""
    start = detainer.clock_start
    if start is None:
        return []
    return clock.excluded_days(start, clock.expiry(start))


def _release_due(detainer: DetainerSnapshot, profile: PolicyProfile) -> bool:
    still_held = detainer.custody_status not in (CustodyStatus.RELEASED,
                                                 CustodyStatus.TRANSFERRED)
    return (detainer.release_eligible_at is not None and still_held
            and not profile.hold(profile.local_day(detainer.received_at)).permits)


def _overdue_step(detainer: DetainerSnapshot, now: datetime) -> str | None:
    for step in detainer.steps:  # runs for every row at every tick: no property calls
        due = step.due_at
        if due is not None and step.state is StepState.PENDING \
                and now - due > STEP_OVERDUE_AFTER:
            return step.text
    return None


def _hours(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    return f"{hours:g} hour" + ("" if hours == 1 else "s")
