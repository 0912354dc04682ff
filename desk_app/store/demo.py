"""`desk-app demo`: a realistic board and two years of history, made up but plausible.

The active detainers sit at different points of their clocks (one expiring within the
hour, one over a weekend, one over a holiday, one bailed with ERO not yet told); the
closed ones run through the whole workflow with the times it would really have taken.
Every record goes through the services, with the audit log, at the instant it happened.
The detainers are spread over the department's stations (its `stations` setting; a demo
database without any gets `DEMO_STATIONS`, as an administrator would type them in
Settings), so the department view, the Reports tab's station picker and its "By
station" table show real figures.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.stations import parse_stations
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import (
    BailDecision,
    FormType,
    Outcome,
    Role,
    StepRecord,
    StepState,
    Trigger,
)
from desk_app.store.change import ChangeFeed, StoreContext
from desk_app.store.custody_service import CustodyService, EroNotice
from desk_app.store.demo_people import (
    CITIZENSHIPS,
    ICE_OFFICES,
    ICE_OFFICIALS,
    LOCATIONS,
    NAMES,
    OFFENSES,
)
from desk_app.store.desk import Desk
from desk_app.store.detainer_service import DetainerService

OFFICERS = (Actor("Ofc. D. Reyes", Role.DESK_OFFICER), Actor("Ofc. S. Walsh", Role.DESK_OFFICER),
            Actor("Ofc. T. Nguyen", Role.DESK_OFFICER))
SUPERVISORS = (Actor("Sgt. M. Kim", Role.SUPERVISOR), Actor("Lt. R. Boucher", Role.SUPERVISOR))
CLOSED_COUNT = 320
# The stations a demo department takes detainers at, when it has none of its own yet.
DEMO_STATIONS = ("Headquarters", "North", "South")
DEMO_ADMINISTRATOR = Actor("Demo Administrator", Role.ADMINISTRATOR)
# Demo sign-ins, one per role, all with DEMO_PASSWORD (a demo database only).
DEMO_PASSWORD = "demo-desk-2026"  # documented in README.md; a demo database only
DEMO_PEOPLE = (("reyes", "Ofc. D. Reyes", Role.DESK_OFFICER),
               ("kim", "Sgt. M. Kim", Role.SUPERVISOR),
               ("dube", "M. Dube (Records)", Role.RECORDS_CLERK),
               ("lopez", "A. Lopez (Crime Analyst)", Role.ANALYST))


@dataclass
class _Actors:
    """The services bound to a clock the demo moves through time."""

    time: FixedTime
    until: datetime  # the demo's "now": nothing happens after it
    detainers: DetainerService
    custody: CustodyService
    stations: tuple[str, ...]  # the department's ("" alone: it has none)


def fill_demo(desk: Desk, seed: int = 413, closed_count: int = CLOSED_COUNT) -> str:
    """Fill `desk` with demo data relative to its "now"; return a one-line summary."""
    board = fill_demo_board(desk, seed)
    fill_demo_history(desk, seed, closed_count)
    return board.replace(HISTORY_TO_COME, f"{closed_count} closed over two years")


# The part of `fill_demo_board`'s summary that `fill_demo_history` makes true.
HISTORY_TO_COME = "the closed history still being filled"


def fill_demo_board(desk: Desk, seed: int = 413) -> str:
    """The demo sign-ins and the active board: what a first start needs on screen.

    Takes about a second; the two years of closed history (`fill_demo_history`, much
    longer) can follow while the board is already in use.
    """
    stations = fill_demo_stations(desk)
    active = fill_demo_active(desk, seed)
    people = fill_demo_people(desk)
    at = f" at {len(stations)} stations ({', '.join(stations)})" if stations else ""
    return f"Demo data: {active} active detainers{at}, {HISTORY_TO_COME}{people}."


def fill_demo_stations(desk: Desk) -> tuple[str, ...]:
    """The department's stations, which the demo detainers are spread over: those of
    its settings, or, when none is set (a new demo database), `DEMO_STATIONS` stored
    in the `stations` setting (audited) first. Unchanged when this workstation's
    settings file fixes the stations."""
    if not parse_stations(desk.settings.stations) and "stations" not in desk.fixed_settings:
        desk.apply_settings({"stations": "\n".join(DEMO_STATIONS)}, DEMO_ADMINISTRATOR)
    return desk.stations


def fill_demo_people(desk: Desk) -> str:
    """One demo sign-in per role on a database that has nobody yet; what to type."""
    return _demo_people(desk)


def fill_demo_active(desk: Desk, seed: int = 413, feed: ChangeFeed | None = None,
                     keep_going: Callable[[], bool] = lambda: True) -> int:
    """About a dozen active detainers at different points of their clocks; how many.

    `feed` replaces the desk's change feed (a fill on a worker thread relays its changes
    to the board through it); `keep_going()` False stops between two detainers.
    """
    now = desk.time.now()
    return _active_board(desk, _actors(desk, now, feed), random.Random(seed), now, keep_going)


def fill_demo_history(desk: Desk, seed: int = 413, closed_count: int = CLOSED_COUNT,
                      progress: Callable[[int, int], bool] | None = None,
                      feed: ChangeFeed | None = None) -> int:
    """Two years of closed detainers, each through the whole workflow; how many made.

    `progress(done, total)` is called after each detainer; returning False stops the
    filling there (never half-way through a detainer). `feed` replaces the desk's
    change feed, so that a fill on a worker thread does not call the board's listeners.
    """
    now = desk.time.now()
    run = _actors(desk, now, feed)
    rng = random.Random(seed + 1)
    # A generator of its own, so that the stations leave every other value as it was.
    stations = random.Random(seed + 2)
    weights = range(len(run.stations), 0, -1)  # the first (headquarters) the busiest
    for number in range(closed_count):
        received = now - timedelta(days=730 * rng.random() + 3)
        station = stations.choices(run.stations, weights)[0]
        _closed_detainer(run, rng, number, received, station)
        if progress is not None and not progress(number + 1, closed_count):
            return number + 1
    return closed_count


def _actors(desk: Desk, now: datetime, feed: ChangeFeed | None = None) -> _Actors:
    """Services on the desk's database with a clock of their own, starting at `now`."""
    ctx = StoreContext(desk.db, FixedTime(now), desk.zone, feed or desk.ctx.feed)
    assert isinstance(ctx.time, FixedTime)
    return _Actors(ctx.time, now - timedelta(hours=3), DetainerService(ctx, desk.profile),
                   CustodyService(ctx, desk.profile), desk.stations or ("",))


def _demo_people(desk: Desk) -> str:
    """One sign-in per role on a database that has nobody yet."""

    people = desk.people
    if people.has_people():
        return ""
    admin = people.first_administrator("admin", "Demo Administrator", DEMO_PASSWORD)
    for username, name, role in DEMO_PEOPLE:
        people.add(username, name, role, DEMO_PASSWORD, admin)
    names = ", ".join(["admin"] + [p[0] for p in DEMO_PEOPLE])
    return f"; sign in as {names} with password {DEMO_PASSWORD}"


def _form(rng: random.Random, number: str, received: datetime, **extra: object) -> DetainerForm:
    birth = date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
    grounds = rng.sample(["ground_final_order", "ground_pending_proceedings",
                          "ground_biometric_match", "ground_statements"], rng.randint(1, 2))
    form_type = rng.choices(list(FormType), weights=[70, 3, 3, 2, 8, 2, 5, 7])[0]
    values: dict[str, Any] = dict(
        detainer_number=number, form_type=form_type,
        case_number=f"{received:%y}-{rng.randint(1000, 9999)}-AR",
        subject_name=rng.choice(NAMES), received_at=received,
        booking_number=f"B{received:%y}{rng.randint(10000, 99999)}",
        subject_id=f"{rng.randint(100000000, 999999999)}",
        event_number=f"EVT{rng.randint(1000000, 9999999)}",
        file_number=f"A{rng.randint(100000000, 999999999)}", date_of_birth=birth,
        citizenship=rng.choice(CITIZENSHIPS), sex=rng.choice(["M", "F"]),
        issuing_office=rng.choice(ICE_OFFICES), issuing_officer=rng.choice(ICE_OFFICIALS),
        issuing_phone=f"(802) 872-{rng.randint(6000, 6999)}",
        arrest_location=rng.choice(LOCATIONS),
        offenses="; ".join(rng.sample(OFFENSES, rng.randint(1, 3))),
        criminal_history=rng.random() < 0.55, resident=rng.random() < 0.6,
        request_hold=form_type.asks_for_hold,
        **{g: True for g in grounds},
    )
    values.update(extra)
    return DetainerForm(**values)


def _expiry_of(run: _Actors, detainer_id: int) -> datetime:
    snapshot = run.detainers.get(detainer_id)
    clock = run.detainers.profile.clock.build()
    return clock.expiry(snapshot.clock_start or snapshot.received_at)


def _step_id(run: _Actors, record: StepRecord) -> str | None:
    rule = run.detainers.profile.step_recording(record)
    return rule.id if rule else None


def _at(run: _Actors, instant: datetime) -> None:
    run.time.set(instant)


def _finish_receipt_steps(run: _Actors, rng: random.Random, detainer_id: int,
                          start: datetime, skip: int = 0,
                          until: datetime | None = None) -> datetime:
    """Do the receipt steps in order, a few minutes apart; leave the last `skip` open,
    and any that would fall after `until` (nothing is done in the future)."""
    snap = run.detainers.get(detainer_id)
    due = [s for s in snap.steps if s.trigger is Trigger.ON_RECEIPT]
    instant = start
    for step in due[:len(due) - skip]:
        if until is not None and instant + timedelta(minutes=25) >= until:
            break
        instant += timedelta(minutes=rng.randint(3, 25))
        _at(run, instant)
        officer = rng.choice(OFFICERS)
        if step.step_id == _step_id(run, StepRecord.COPY_SERVED):
            run.custody.record_copy_served(detainer_id, officer, instant, step.step_id)
        else:
            run.custody.complete_step(detainer_id, step.step_id, officer)
    return instant


def _closed_detainer(run: _Actors, rng: random.Random, index: int, received: datetime,
                     station: str = "") -> None:
    _at(run, received)
    snap = run.detainers.log(_form(rng, f"D{received:%y}-{index:05d}", received,
                                   station=station), rng.choice(OFFICERS))
    instant = _finish_receipt_steps(run, rng, snap.id, received)
    decision = rng.choices(list(BailDecision), weights=[35, 30, 35])[0]
    instant += timedelta(hours=rng.uniform(0.5, 6))
    _at(run, instant)
    run.custody.record_bail_decision(snap.id, decision, rng.choice(OFFICERS), instant,
                                     amount="$500" if decision is BailDecision.MONETARY_BAIL
                                     else "")
    closes_at: datetime | None = None  # an expired detainer closes at its expiry
    if decision is BailDecision.HELD_UNTIL_COURT:
        instant += timedelta(hours=rng.uniform(8, 40))
        outcome = rng.choices([Outcome.TRANSFERRED_TO_COURT, Outcome.TRANSFERRED_TO_ICE,
                               Outcome.EXPIRED, Outcome.LIFTED_BY_ICE], [50, 30, 12, 8])[0]
        expiry = _expiry_of(run, snap.id)
        if outcome is Outcome.EXPIRED and expiry < run.until:  # closed when time ran out
            closes_at = expiry
            instant = max(expiry - timedelta(hours=4), run.time.now() + timedelta(minutes=30))
        else:
            if outcome is Outcome.EXPIRED:
                outcome = Outcome.TRANSFERRED_TO_COURT
            # Court or ICE takes the person before the detainer runs out: never a demo
            # record held past its limit (the due steps and the closing take < 4 hours).
            instant = max(min(instant, expiry - timedelta(hours=4)),
                          run.time.now() + timedelta(minutes=30))
    else:
        if decision is BailDecision.MONETARY_BAIL:
            instant += timedelta(hours=rng.uniform(0.5, 5))
            _at(run, instant)
            run.custody.record_bail_posted(snap.id, rng.choice(OFFICERS), instant)
        outcome = (Outcome.RELEASED_ON_BAIL if decision is BailDecision.MONETARY_BAIL
                   else Outcome.RELEASED_ON_RECOGNIZANCE)
    instant = _do_due_steps(run, rng, snap.id, instant)
    instant = closes_at or instant + timedelta(minutes=rng.randint(20, 90))
    _at(run, instant)
    run.custody.close(snap.id, outcome, rng.choice(SUPERVISORS), instant)
    if outcome is Outcome.TRANSFERRED_TO_ICE and rng.random() < 0.7:
        run.detainers.set_follow_up(snap.id, rng.random() < 0.6, SUPERVISORS[1])


def _do_due_steps(run: _Actors, rng: random.Random, detainer_id: int,
                  instant: datetime) -> datetime:
    """Finish the bail-decision steps that became due (the ERO notice among them)."""
    snap = run.detainers.get(detainer_id)
    for step in snap.steps:
        if step.state is StepState.PENDING and step.due_at and step.trigger is not \
                Trigger.ON_RECEIPT:
            instant += timedelta(minutes=rng.randint(5, 40))
            _at(run, instant)
            if step.step_id == _step_id(run, StepRecord.ERO_NOTICE):
                notice = EroNotice(instant, "phone", rng.choice(ICE_OFFICIALS),
                                   "Subject released on bail; not available for transfer.")
                run.custody.record_ero_notice(detainer_id, notice, rng.choice(SUPERVISORS),
                                              step.step_id)
            else:
                run.custody.complete_step(detainer_id, step.step_id, rng.choice(OFFICERS))
    _at(run, instant)
    return instant


def _start_for_counted(desk: Desk, counted: timedelta, now: datetime) -> datetime:
    """The latest clock start (to the minute) with `counted` time elapsed by `now`."""
    low, high = now - timedelta(days=12), now
    while high - low > timedelta(minutes=1):
        mid = low + (high - low) / 2
        if desk.clock.counted_between(mid, now) > counted:
            low = mid
        else:
            high = mid
    return high.replace(second=0, microsecond=0)


def _active_board(desk: Desk, run: _Actors, rng: random.Random, now: datetime,
                  keep_going: Callable[[], bool] = lambda: True) -> int:
    """About a dozen active detainers at different points of their clocks.

    Each plan is (counted hours already elapsed, receipt steps still open, bail
    decision). The early ones have all their receipt steps done; the newest are still
    being worked. With the default limit of 48 hours, the first expires within the hour.
    """
    limit = desk.clock.limit.total_seconds() / 3600
    plans = [
        (limit - 0.7, 0, BailDecision.HELD_UNTIL_COURT),
        (limit - 1.8, 0, None),
        (limit - 6, 0, BailDecision.HELD_UNTIL_COURT),
        (limit - 10, 0, BailDecision.MONETARY_BAIL),
        (limit - 16, 0, None),
        (limit - 22, 0, BailDecision.PERSONAL_RECOGNIZANCE),
        (limit - 30, 0, None),
        (limit - 37, 0, BailDecision.HELD_UNTIL_COURT),
        (limit - 44, 0, None),
        (1.5, 2, None),
        (0.6, 4, None),
        (0.2, 8, None),
    ]
    release_clock = desk.profile.clock.starts_at.value == "release_eligible"
    for index, (elapsed, open_steps, decision) in enumerate(plans):
        if not keep_going():
            return index
        start = _start_for_counted(desk, timedelta(hours=max(elapsed, 0.1)), now)
        received = start - timedelta(hours=2) if release_clock else start
        _at(run, received)
        form = _form(rng, f"D{now:%y}-A{index:03d}", received,
                     station=run.stations[index % len(run.stations)])  # each has some
        snap = run.detainers.log(form, rng.choice(OFFICERS))
        instant = _finish_receipt_steps(run, rng, snap.id, received, skip=open_steps,
                                        until=now)
        if release_clock and decision is None:
            decision = BailDecision.PERSONAL_RECOGNIZANCE
        if decision is not None:
            when = start if release_clock else min(instant + timedelta(minutes=5),
                                                   now - timedelta(minutes=1))
            if decision is BailDecision.PERSONAL_RECOGNIZANCE and not release_clock:
                # Released on recognizance a few minutes ago and still at the desk: the
                # board's RELEASE DUE, as a shift meets it (not days of unlawful custody).
                when = max(instant + timedelta(minutes=5), now - timedelta(minutes=25))
            _at(run, when)
            run.custody.record_bail_decision(snap.id, decision, rng.choice(OFFICERS), when,
                                             amount="$1,000" if decision is
                                             BailDecision.MONETARY_BAIL else "")
    return len(plans)
