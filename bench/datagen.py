"""Bench-only data: ten years of closed detainers and a crowded board, written in bulk.

The services write one transaction (with its audit entry) per call, which is right for
a desk and far too slow for 50,000 records, so this module builds the rows directly,
with the fields and checklist steps the services would have left behind: receipt steps
done a few minutes apart, the bail decision, the ERO notice when bailed, the copy
served, the outcome and the follow-up. It writes no audit entries (no benchmark reads
them). Same seed and same `now`, same database.

    .venv/bin/python -m bench.datagen --db sqlite:////tmp/bench.sqlite3 [--closed 50000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from desk_app.domain.clock import DetainerClock
from desk_app.domain.policy import ChecklistStepRule, PolicyProfile
from desk_app.domain.search_text import search_key
from desk_app.domain.vocabulary import (
    BailDecision,
    ClockStart,
    CustodyStatus,
    FormType,
    Outcome,
    StepRecord,
    StepState,
    Trigger,
)
from desk_app.store.database import Database
from desk_app.store.demo_people import CITIZENSHIPS, ICE_OFFICES, ICE_OFFICIALS, LOCATIONS, OFFENSES
from desk_app.store.models import ChecklistStep, Detainer

SEED = 413
CLOSED = 50_000
ACTIVE = 500
YEARS = 10
BATCH = 5_000

OFFICERS = ("Ofc. D. Reyes", "Ofc. S. Walsh", "Ofc. T. Nguyen", "Ofc. K. O'Brien",
            "Ofc. J. Santos", "Ofc. P. Laurent")
SUPERVISORS = ("Sgt. M. Kim", "Lt. R. Boucher", "Sgt. A. Haddad")

# Given and family names by script, combined within a script: thousands of distinct
# people, a few family names common enough that a search for one hits the 500 limit.
NAME_POOLS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("José", "María", "Juan Pablo", "Luis Ángel", "Rosa Elena", "Jorge", "Sofía", "Tomás",
      "Yesenia", "Carlos Andrés", "Ana Lúcia", "Thiago", "Wilson", "Gonçalo", "Pedro",
      "Marco Antônio", "Lucía", "Mateo", "Valentina", "Diego"),
     ("Ñúñez", "Fernández López", "Hernández", "Pérez Castillo", "Ramírez", "Morales",
      "Chávez", "Quiñones", "Brandão", "Martínez Ruiz", "Castañeda", "Ibáñez", "Araújo",
      "Gutiérrez", "Conceição", "Silva", "Rodríguez", "García", "Torres", "Vásquez")),
    (("Nguyễn Thị", "Trần Văn", "Đặng Thu", "Phạm Quốc", "Lê Văn", "Hoàng Minh"),
     ("Minh Khai", "Hùng", "Thảo", "Bảo", "Tâm", "Lan", "Phúc", "Dũng")),
    (("محمد", "فاطمة", "أحمد", "ليلى", "حسن", "زينب"),
     ("عبد الله", "الزهراء", "حسن", "كريمي", "رحيمي", "حيدري")),
    (("Ольга", "Дмитрий", "Оксана", "Станислав", "Иван", "Наталья"),
     ("Петрова", "Иванов", "Коваленко", "Новак", "Смирнов", "Кузнецова")),
    (("小明", "娜", "伟", "芳"), ("王", "李", "张", "刘")),
    (("민준", "서연", "지훈", "하은"), ("김", "이", "박", "최")),
    (("Kwame", "Amadou", "Ngozi", "Samuel", "Widline", "Ahmed", "Leila", "Hamid", "Zainab",
      "Mehmet", "Björn", "Łukasz", "Zoë", "Jean-Baptiste", "Rahul", "Ivana"),
     ("Mensah", "Diallo", "Okafor", "Desrosiers", "Pierre-Louis", "Hassan", "Karimi",
      "Rahimi", "Haidari", "Yılmaz", "Åström", "Wiśniewski", "Ó Súilleabháin", "Étienne",
      "Sharma", "Horvat")),
)
# Chinese and Korean names put the family name first, without a space.
FAMILY_FIRST = (4, 5)
# A name a search finds a few dozen times, and a family name it finds thousands of times.
FULL_NAME_QUERY = "José Ñúñez"
COMMON_NAME_QUERY = "hernandez"


@dataclass
class Generated:
    """What was written, and how long it took."""

    closed: int
    voided: int
    active: int
    steps: int
    seconds: float

    def __str__(self) -> str:
        return (f"{self.closed:,} closed (of which {self.voided:,} voided) and "
                f"{self.active} active detainers, {self.steps:,} checklist steps, "
                f"written in {self.seconds:.1f} s")


def person(rng: random.Random) -> str:
    """A made-up name; Latin-script names are the most common, as at a Massachusetts desk."""
    pool = rng.choices(range(len(NAME_POOLS)), weights=[55, 10, 8, 8, 5, 4, 10])[0]
    given, family = NAME_POOLS[pool]
    if pool in FAMILY_FIRST:
        return rng.choice(family) + rng.choice(given)
    return f"{rng.choice(given)} {rng.choice(family)}"


class RowMaker:
    """Builds detainer and step rows for one profile, numbering them itself."""

    def __init__(self, profile: PolicyProfile, clock: DetainerClock, rng: random.Random,
                 now: datetime) -> None:
        self.profile = profile
        self.clock = clock
        self.rng = rng
        self.now = now
        self.next_detainer = 1
        self.next_step = 1
        ero = profile.step_recording(StepRecord.ERO_NOTICE)
        copy = profile.step_recording(StepRecord.COPY_SERVED)
        self.ero_step = ero.id if ero else None
        self.copy_step = copy.id if copy else None

    # -- the record as received ------------------------------------------------------
    def detainer(self, number: str, received: datetime) -> dict[str, Any]:
        """A detainer row as logged the minute the fax arrived."""
        rng = self.rng
        form_type = rng.choices(list(FormType), weights=[70, 3, 3, 2, 8, 2, 5, 7])[0]
        grounds = rng.sample(["ground_final_order", "ground_pending_proceedings",
                              "ground_biometric_match", "ground_statements"],
                             rng.randint(1, 2))
        name = person(rng)
        case = f"{received:%y}-{rng.randint(1000, 9999)}-AR"
        row: dict[str, Any] = dict(
            id=self.next_detainer, version=1, profile_id=self.profile.id,
            detainer_number=number, form_type=form_type, case_number=case,
            booking_number=f"B{received:%y}{rng.randint(10000, 99999)}",
            subject_id=f"{rng.randint(100000000, 999999999)}",
            event_number=f"EVT{rng.randint(1000000, 9999999)}",
            file_number=f"A{rng.randint(100000000, 999999999)}",
            subject_name=name, search_key=search_key(name, case, number),
            date_of_birth=date(rng.randint(1955, 2006), rng.randint(1, 12), rng.randint(1, 28)),
            citizenship=rng.choice(CITIZENSHIPS), sex=rng.choice(["M", "F"]),
            issuing_office=rng.choice(ICE_OFFICES), issuing_officer=rng.choice(ICE_OFFICIALS),
            issuing_phone=f"(802) 872-{rng.randint(6000, 6999)}",
            ground_final_order=False, ground_pending_proceedings=False,
            ground_biometric_match=False, ground_statements=False,
            box2_transferred=rng.random() < 0.05, request_notify=True,
            request_hold=form_type.asks_for_hold, request_serve_copy=True,
            arrest_location=rng.choice(LOCATIONS),
            offenses="; ".join(rng.sample(OFFENSES, rng.randint(1, 3))),
            criminal_history=rng.random() < 0.55, resident=rng.random() < 0.6,
            received_at=received, receipt_correction_reason="",
            clock_start_rule=self.profile.clock.starts_at, release_eligible_at=None,
            custody_status=CustodyStatus.IN_CUSTODY, bail_decision=None,
            bail_decided_at=None, bail_amount="", ero_notified_at=None, ero_notified_by="",
            ero_method="", ero_contact="", ero_message="", copy_served_at=None,
            copy_served_by="", outcome=None, closed_at=None, closed_by="", close_note="",
            override_reason="", voided_at=None, void_reason="", deported=None,
            reimbursement_amount=0.0, created_at=received, updated_at=received,
            updated_by=rng.choice(OFFICERS),
        )
        for ground in grounds:
            row[ground] = True
        row["reason_for_detainer"] = "; ".join(
            text for key, text in (("ground_final_order", "final order of removal"),
                                   ("ground_pending_proceedings",
                                    "pending removal proceedings"),
                                   ("ground_biometric_match",
                                    "biometric confirmation and records checks"),
                                   ("ground_statements",
                                    "statements or other reliable evidence"))
            if row[key])
        self.next_detainer += 1
        return row

    def steps(self, detainer: dict[str, Any]) -> list[dict[str, Any]]:
        """The profile's checklist copied onto the detainer, receipt steps due."""
        rows = []
        for position, rule in enumerate(self.profile.steps):
            rows.append(self._step(detainer, position, rule))
        return rows

    def _step(self, detainer: dict[str, Any], position: int,
              rule: ChecklistStepRule) -> dict[str, Any]:
        row = dict(id=self.next_step, detainer_id=detainer["id"], step_id=rule.id,
                   position=position, text=rule.text, duty=rule.duty, trigger=rule.trigger,
                   blocking=rule.blocking, citation=rule.citation,
                   when_bail=",".join(d.value for d in rule.when_bail),
                   state=StepState.PENDING,
                   due_at=detainer["received_at"] if rule.trigger is Trigger.ON_RECEIPT
                   else None, done_at=None, done_by="", note="")
        self.next_step += 1
        return row

    # -- what happened next -----------------------------------------------------------
    def work_receipt_steps(self, detainer: dict[str, Any], steps: list[dict[str, Any]],
                           until: datetime, leave_open: int = 0) -> datetime:
        """Do the receipt steps a few minutes apart, leaving the last `leave_open` open."""
        instant = detainer["received_at"]
        due = [s for s in steps if s["trigger"] is Trigger.ON_RECEIPT]
        for step in due[:len(due) - leave_open]:
            if instant + timedelta(minutes=25) >= until:
                break
            instant += timedelta(minutes=self.rng.randint(3, 25))
            self._done(detainer, step, instant, self.rng.choice(OFFICERS))
            if step["step_id"] == self.copy_step:
                detainer["copy_served_at"] = instant
                detainer["copy_served_by"] = step["done_by"]
                step["note"] = "copy given to the arrestee"
        return instant

    def bail_decision(self, detainer: dict[str, Any], steps: list[dict[str, Any]],
                      decision: BailDecision, at: datetime) -> None:
        """The clerk's decision and the steps it makes due (as the custody service does)."""
        detainer.update(bail_decision=decision, bail_decided_at=at,
                        bail_amount="$500" if decision is BailDecision.MONETARY_BAIL else "")
        if decision is BailDecision.HELD_UNTIL_COURT:
            detainer["custody_status"] = CustodyStatus.HELD_UNTIL_COURT
        elif decision is BailDecision.MONETARY_BAIL:
            detainer["custody_status"] = CustodyStatus.BAIL_SET
        else:
            detainer.update(custody_status=CustodyStatus.BAILED, release_eligible_at=at)
        detainer["version"] += 1
        for step in steps:
            if step["trigger"] is Trigger.ON_BAIL_DECISION and (
                    not step["when_bail"] or decision.value in step["when_bail"].split(",")):
                step["due_at"] = step["due_at"] or at

    def closed(self, number: str, received: datetime) -> tuple[dict[str, Any],
                                                              list[dict[str, Any]]]:
        """A detainer worked from the fax to its outcome, as the demo's would be."""
        rng = self.rng
        detainer = self.detainer(number, received)
        steps = self.steps(detainer)
        far = received + timedelta(days=30)
        instant = self.work_receipt_steps(detainer, steps, far)
        if rng.random() < 0.005:
            voided = instant + timedelta(minutes=rng.randint(5, 60))
            detainer.update(voided_at=voided, void_reason="Entered twice; see the other entry",
                            updated_at=voided, updated_by=rng.choice(SUPERVISORS))
            return detainer, steps
        decision = rng.choices(list(BailDecision), weights=[35, 30, 35])[0]
        instant += timedelta(hours=rng.uniform(0.5, 6))
        self.bail_decision(detainer, steps, decision, instant)
        if decision is BailDecision.HELD_UNTIL_COURT:
            instant += timedelta(hours=rng.uniform(8, 40))
            outcome = rng.choices([Outcome.TRANSFERRED_TO_COURT, Outcome.TRANSFERRED_TO_ICE,
                                   Outcome.EXPIRED, Outcome.LIFTED_BY_ICE], [50, 30, 12, 8])[0]
            if outcome in (Outcome.TRANSFERRED_TO_COURT, Outcome.TRANSFERRED_TO_ICE):
                detainer.update(custody_status=CustodyStatus.TRANSFERRED,
                                release_eligible_at=instant)
        else:
            if decision is BailDecision.MONETARY_BAIL:
                instant += timedelta(hours=rng.uniform(0.5, 8))
                detainer.update(custody_status=CustodyStatus.BAILED,
                                release_eligible_at=instant)
            outcome = (Outcome.RELEASED_ON_BAIL if decision is BailDecision.MONETARY_BAIL
                       else Outcome.RELEASED_ON_RECOGNIZANCE)
            for step in steps:
                if step["due_at"] and step["state"] is StepState.PENDING:
                    instant += timedelta(minutes=rng.randint(5, 40))
                    self._done(detainer, step, instant, rng.choice(SUPERVISORS))
                    if step["step_id"] == self.ero_step:
                        contact = rng.choice(ICE_OFFICIALS)
                        detainer.update(ero_notified_at=instant, ero_method="phone",
                                        ero_notified_by=step["done_by"], ero_contact=contact,
                                        ero_message="Subject released on bail; not "
                                                    "available for transfer.")
                        step["note"] = f"by phone to {contact}"
            detainer.update(custody_status=CustodyStatus.RELEASED)
        instant += timedelta(minutes=rng.randint(20, 90))
        detainer.update(outcome=outcome, closed_at=instant, closed_by=rng.choice(SUPERVISORS),
                        updated_at=instant, updated_by=rng.choice(SUPERVISORS))
        detainer["version"] += 1
        if outcome is Outcome.TRANSFERRED_TO_ICE and rng.random() < 0.7:
            detainer["deported"] = rng.random() < 0.6
            detainer["version"] += 1
        return detainer, steps

    def active(self, number: str, elapsed: timedelta) -> tuple[dict[str, Any],
                                                              list[dict[str, Any]]]:
        """A detainer on the board with `elapsed` counted time behind it."""
        start = self._start_for_counted(elapsed)
        received = start
        if self.profile.clock.starts_at is ClockStart.RELEASE_ELIGIBLE:
            received = start - timedelta(hours=2)
        detainer = self.detainer(number, received)
        steps = self.steps(detainer)
        open_steps = self.rng.choice([0, 0, 0, 1, 2, 4])
        instant = self.work_receipt_steps(detainer, steps, self.now, leave_open=open_steps)
        if self.profile.clock.starts_at is ClockStart.RELEASE_ELIGIBLE:
            self.bail_decision(detainer, steps, BailDecision.PERSONAL_RECOGNIZANCE, start)
        elif self.rng.random() < 0.4:
            decision = self.rng.choices(list(BailDecision), weights=[20, 10, 70])[0]
            when = min(instant + timedelta(minutes=5), self.now - timedelta(minutes=1))
            self.bail_decision(detainer, steps, decision, when)
        return detainer, steps

    def _done(self, detainer: dict[str, Any], step: dict[str, Any], at: datetime,
              by: str) -> None:
        step.update(state=StepState.DONE, done_at=at, done_by=by)
        step["due_at"] = step["due_at"] or at
        detainer["version"] += 1
        detainer["updated_at"] = at
        detainer["updated_by"] = by

    def _start_for_counted(self, counted: timedelta) -> datetime:
        """The latest start (to the minute) with `counted` time elapsed by `now`."""
        low, high = self.now - timedelta(days=12), self.now
        while high - low > timedelta(minutes=1):
            mid = low + (high - low) / 2
            if self.clock.counted_between(mid, self.now) > counted:
                low = mid
            else:
                high = mid
        return high.replace(second=0, microsecond=0)


def generate(db: Database, profile: PolicyProfile, now: datetime, seed: int = SEED,
             closed: int = CLOSED, active: int = ACTIVE, years: int = YEARS) -> Generated:
    """Write `closed` detainers spread over `years` before `now` and `active` on the board."""
    started = time.perf_counter()
    rng = random.Random(seed)
    maker = RowMaker(profile, profile.clock.build(), rng, now)
    span = timedelta(days=365.25 * years)
    receipts = sorted(now - timedelta(days=3) - span * rng.random() for _ in range(closed))
    detainers: list[dict[str, Any]] = []
    steps: list[dict[str, Any]] = []
    voided = 0
    written_steps = 0
    with db.sessions() as session:
        def flush() -> None:
            nonlocal written_steps
            if detainers:
                session.execute(insert(Detainer), detainers)
                session.execute(insert(ChecklistStep), steps)
            written_steps += len(steps)
            detainers.clear()
            steps.clear()

        for index, received in enumerate(receipts):
            row, row_steps = maker.closed(f"D{received:%y}-{index:06d}",
                                          received.replace(microsecond=0))
            voided += row["voided_at"] is not None
            detainers.append(row)
            steps.extend(row_steps)
            if len(detainers) >= BATCH:
                flush()
        limit_hours = profile.clock.hours
        for index in range(active):
            elapsed = timedelta(hours=rng.uniform(0.1, limit_hours - 0.2))
            row, row_steps = maker.active(f"D{now:%y}-A{index:04d}", elapsed)
            detainers.append(row)
            steps.extend(row_steps)
        flush()
        session.commit()
    return Generated(closed, voided, active, written_steps, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    """Fill a database (created and migrated if new) with the bench data."""
    from desk_app.domain.profiles import DEFAULT_PROFILE_ID, find
    from desk_app.resources import policies_dir
    from desk_app.store.database import open_database

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database URL (a new SQLite file)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--closed", type=int, default=CLOSED)
    parser.add_argument("--active", type=int, default=ACTIVE)
    parser.add_argument("--now", help="ISO instant the data is relative to (default: now)")
    args = parser.parse_args(argv)
    now = (datetime.fromisoformat(args.now) if args.now
           else datetime.now(UTC).replace(second=0, microsecond=0))
    db = open_database(args.db)
    try:
        if not db.is_new:
            print(f"{args.db} already holds detainers; give a new file", file=sys.stderr)
            return 2
        profile = find(policies_dir(), DEFAULT_PROFILE_ID)
        print(generate(db, profile, now, args.seed, args.closed, args.active))
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
