"""The numbers behind the periodic reports, computed once for the PDF, CSV and screen.

The quarterly tracking report (Policy 413 §E) and the six-monthly report (ordinance §4,
Trust Act §4) are pure functions of detainer snapshots, the clock and the profile (no
database, reportlab or Qt), so the PDF, the CSV and the on-screen charts cannot disagree
and tests can check every figure. Shared definitions: a detainer belongs to a period
when it was *received* in it, in local time (from local 00:00 of the first day to local
00:00 after the last); voided entries are left out everywhere; a detainer or offense
with two reasons counts under each (see `detainer_reasons`, `arrest_reasons`); a
`Tally` is (label, count) pairs in the order the report prints them.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desk_app.domain.clock import DetainerClock
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.stations import station_label
from desk_app.domain.tracking_rows import held_over_weekend, held_overnight, held_span
from desk_app.domain.vocabulary import (
    DetainerReason,
    FormType,
    Outcome,
    StepRecord,
    StepState,
)

Tally = tuple[tuple[str, int], ...]
Row = tuple[str, str, str]

NOT_STATED = "Not stated"
NOT_RECORDED = "Not recorded"
STILL_ACTIVE = "Still active"
OTHER_OFFENSES = "All other offenses"
ARREST_CHART_TOP = 10
RELEASED = frozenset({Outcome.RELEASED_ON_BAIL, Outcome.RELEASED_ON_RECOGNIZANCE,
                      Outcome.RELEASED_OTHERWISE})
_KNOWN_REASONS = {r.value.casefold(): r.value[:1].upper() + r.value[1:]
                  for r in DetainerReason}


@dataclass(frozen=True)
class Period:
    """Local calendar days `first`..`last` (inclusive) as the UTC span [start, end)."""

    first: date
    last: date
    start: datetime
    end: datetime

    @classmethod
    def of_days(cls, first: date, last: date, clock: DetainerClock) -> Period:
        """The period from local midnight of `first` to local midnight after `last`."""
        if last < first:
            raise ValueError("the period ends before it starts; swap the dates")
        return cls(first, last, clock.local_midnight(first),
                   clock.local_midnight(last + timedelta(days=1)))

    @classmethod
    def quarter(cls, year: int, quarter: int, clock: DetainerClock) -> Period:
        """Calendar quarter 1-4 of `year` (Q1 = January to March)."""
        if quarter not in (1, 2, 3, 4):
            raise ValueError("the quarter is 1, 2, 3 or 4")
        first = date(year, 3 * quarter - 2, 1)
        after = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        return cls.of_days(first, after - timedelta(days=1), clock)

    def contains(self, instant: datetime) -> bool:
        """True when `instant` falls inside the period."""
        return self.start <= instant < self.end

    def label(self) -> str:
        """"1 Jul – 30 Sep 2026", as the report headings print it."""
        year = f" {self.first.year}" if self.first.year != self.last.year else ""
        return f"{self.first.day} {self.first:%b}{year} – {self.last.day} {self.last:%b %Y}"


@dataclass(frozen=True)
class StationTable:
    """A report's key figures station by station, and the department's total line.

    `header` names the columns after "Station"; each line is a station's name and its
    figures; `total` is the same figures counted over every station at once
    (domain/station_figures.py)."""

    header: tuple[str, ...]
    lines: tuple[tuple[str, ...], ...]
    total: tuple[str, ...]

    def to_rows(self) -> list[Row]:
        """Every station's figures, then the total, as (section, label, value) rows."""
        return [(f"Station: {line[0]}", label, value)
                for line in (*self.lines, self.total)
                for label, value in zip(self.header, line[1:], strict=True)]


@dataclass(frozen=True)
class HoldTimes:
    """Time on the detainer clock, from clock start to closing, of closed detainers.

    Counted time excludes the days the profile's clock skips (weekends, holidays);
    wall time is plain elapsed time. `over_limit` names every detainer whose counted
    time passed the limit: it should be empty, and the report flags it if not.
    """

    measured: int
    still_active: int
    median_counted: timedelta
    max_counted: timedelta
    median_wall: timedelta
    max_wall: timedelta
    limit: timedelta
    over_limit: tuple[str, ...]


@dataclass(frozen=True)
class Compliance:
    """How a step the policy requires (ERO notice, copy served) was kept.

    Owed: the profile's step for it became due and was not marked not applicable.
    On time: recorded at or before the detainer was closed (the person left custody);
    late: recorded after closing; not made: closed without it; pending: still active
    and not yet recorded.
    """

    owed: int
    on_time: int
    late: int
    not_made: int
    pending: int
    not_applicable: int

    @property
    def made(self) -> int:
        """Recorded at all, on time or late."""
        return self.on_time + self.late


@dataclass(frozen=True)
class QuarterlyFigures:
    """Every figure of the quarterly tracking report (Policy 413 §E) for one quarter."""

    year: int
    quarter: int
    period: Period
    total: int
    residents: int
    non_residents: int
    reasons: Tally
    arrest_reasons: Tally
    months: Tally
    outcomes: Tally
    form_types: Tally
    criminal_history: int
    held_overnight: int
    held_weekend: int
    hold_times: HoldTimes
    ero: Compliance
    copies: Compliance
    deported: Tally
    # The station the figures are of (None: every station), and when they are of every
    # station of a department with stations, the figures station by station.
    station: str | None = None
    by_station: StationTable | None = None

    def resident_chart(self) -> Tally:
        """The policy's first chart: resident vs. non-resident."""
        return (("Resident", self.residents), ("Non-resident", self.non_residents))

    def reason_chart(self) -> Tally:
        """The policy's second chart: reasons given, those with no detainer left out."""
        return tuple((label, n) for label, n in self.reasons if n)

    def arrest_chart(self) -> Tally:
        """The policy's third chart: the commonest offenses, the rest folded together."""
        return top(self.arrest_reasons, ARREST_CHART_TOP, OTHER_OFFENSES)

    def totals(self) -> tuple[tuple[str, str], ...]:
        """The key figures, as label and printed value, for the summary tables."""
        t, e, c = self.hold_times, self.ero, self.copies
        return (
            ("Detainers received", str(self.total)),
            ("Resident / non-resident", f"{self.residents} / {self.non_residents}"),
            ("Criminal history Y / N",
             f"{self.criminal_history} / {self.total - self.criminal_history}"),
            ("Held overnight / over a weekend", f"{self.held_overnight} / {self.held_weekend}"),
            ("Still active", str(t.still_active)),
            ("Median counted hours held", hours_text(t.median_counted)),
            ("Longest counted hours held", hours_text(t.max_counted)),
            (f"Held over {limit_text(t.limit)} counted hours", str(len(t.over_limit))),
            ("ERO notices owed / on time", f"{e.owed} / {e.on_time}"),
            ("Copies owed / served on time", f"{c.owed} / {c.on_time}"),
        )

    def to_rows(self) -> list[Row]:
        """Every figure as (section, label, value) CSV rows."""
        t = self.hold_times
        rows: list[Row] = [("Period", f"Q{self.quarter} {self.year}", self.period.label())]
        for section, tally in (
                ("Total", (("Detainers received", self.total),)),
                ("Resident", self.resident_chart()), ("Reason for detainer", self.reasons),
                ("Reason for arrest", self.arrest_reasons), ("Month received", self.months),
                ("Outcome", self.outcomes), ("Form type", self.form_types),
                ("Criminal history", (("Yes", self.criminal_history),
                                      ("No", self.total - self.criminal_history))),
                ("Held", (("Overnight", self.held_overnight),
                          ("Over a weekend", self.held_weekend)))):
            rows += label_rows(section, tally)
        rows += label_rows("Time on detainer", (
            ("Closed detainers measured", t.measured),
            ("Median counted hours", hours_text(t.median_counted)),
            ("Longest counted hours", hours_text(t.max_counted)),
            ("Median wall-clock hours", hours_text(t.median_wall)),
            ("Longest wall-clock hours", hours_text(t.max_wall)),
            (f"Over {limit_text(t.limit)} counted hours", len(t.over_limit)),
            ("Over the limit: detainer #", ", ".join(t.over_limit))))
        rows += _compliance_rows("ERO notification", self.ero)
        rows += _compliance_rows("Copy served", self.copies)
        rows += label_rows("Deported (of those transferred to ICE)", self.deported)
        return station_rows(rows, self.station, self.by_station)


def sentence(text: str) -> str:
    """A vocabulary word as a report label: "final order..." -> "Final order..."."""
    return text[:1].upper() + text[1:]


def hours_text(span: timedelta) -> str:
    """Hours to one decimal: "12.5"."""
    return f"{span.total_seconds() / 3600:.1f}"


def limit_text(span: timedelta) -> str:
    """A limit in whole hours where it is whole: "48"."""
    return f"{span.total_seconds() / 3600:g}"


def money_text(amount: float) -> str:
    """Dollars with cents: "$1,250.00"."""
    return f"${amount:,.2f}"


def top(tally: Tally, count: int, rest_label: str) -> Tally:
    """The first `count` entries, the rest summed under `rest_label` (if any)."""
    if len(tally) <= count:
        return tally
    rest = sum(n for _, n in tally[count:])
    return (*tally[:count], (f"{rest_label} ({len(tally) - count} kinds)", rest))


def in_period(detainers: Iterable[DetainerSnapshot], period: Period) -> list[DetainerSnapshot]:
    """Detainers received in the period, oldest first; voided ones and those closed as
    entered in error are left out (they were never requests ICE lodged)."""
    return sorted((d for d in detainers if d.voided_at is None
                   and d.outcome is not Outcome.ENTERED_IN_ERROR
                   and period.contains(d.received_at)),
                  key=lambda d: (d.received_at, d.id))


def detainer_reasons(d: DetainerSnapshot) -> tuple[str, ...]:
    """The reasons one detainer gives: boxes ticked, then typed reasons; never empty."""
    boxes = ((d.ground_final_order, DetainerReason.FINAL_ORDER),
             (d.ground_pending_proceedings, DetainerReason.PENDING_PROCEEDINGS),
             (d.ground_biometric_match, DetainerReason.BIOMETRIC_MATCH),
             (d.ground_statements, DetainerReason.STATEMENTS),
             (d.box2_transferred, DetainerReason.TRANSFERRED_FROM_DHS))
    found = [sentence(reason.value) for ticked, reason in boxes if ticked]
    for part in _parts(d.reason_for_detainer, ";"):
        label = _KNOWN_REASONS.get(part.casefold(), part)
        if label.casefold() not in {f.casefold() for f in found}:
            found.append(label)
    return tuple(found) or (NOT_STATED,)


def arrest_reasons(d: DetainerSnapshot) -> tuple[str, ...]:
    """The distinct offenses of one detainer's arrest; never empty."""
    found: list[str] = []
    for part in _parts(d.offenses.replace("\n", ";"), ";"):
        if part.casefold() not in {f.casefold() for f in found}:
            found.append(part)
    return tuple(found) or (NOT_RECORDED,)


def quarterly_figures(detainers: Iterable[DetainerSnapshot], year: int, quarter: int,
                      clock: DetainerClock, profile: PolicyProfile,
                      now: datetime) -> QuarterlyFigures:
    """The quarterly figures of the detainers received in that quarter.

    `now` ends the hold of a detainer still active, for the overnight and weekend counts.
    """
    period = Period.quarter(year, quarter, clock)
    ds = in_period(detainers, period)
    residents = sum(d.resident for d in ds)
    months = [date(year, 3 * quarter - 2 + i, 1) for i in range(3)]
    by_month = Counter(clock.local_date(d.received_at).month for d in ds)
    spans = [held_span(d, now) for d in ds]
    transferred = [d for d in ds if d.outcome is Outcome.TRANSFERRED_TO_ICE]
    ero = profile.step_recording(StepRecord.ERO_NOTICE)
    copy = profile.step_recording(StepRecord.COPY_SERVED)
    return QuarterlyFigures(
        year=year, quarter=quarter, period=period, total=len(ds),
        residents=residents, non_residents=len(ds) - residents,
        reasons=reason_tally(ds),
        arrest_reasons=_ranked(ds, arrest_reasons),
        months=tuple((f"{m:%b %Y}", by_month[m.month]) for m in months),
        outcomes=_outcome_tally(ds),
        form_types=tuple((sentence(f.value), sum(d.form_type is f for d in ds))
                         for f in FormType),
        criminal_history=sum(d.criminal_history for d in ds),
        held_overnight=sum(held_overnight(s, e, clock.zone) for s, e in spans),
        held_weekend=sum(held_over_weekend(s, e, clock.zone) for s, e in spans),
        hold_times=_hold_times(ds, clock),
        ero=_compliance(ds, ero.id if ero else None, lambda d: d.ero_notified_at),
        copies=_compliance(ds, copy.id if copy else None, lambda d: d.copy_served_at),
        deported=tuple((word, sum(d.deported is value for d in transferred))
                       for word, value in (("Yes", True), ("No", False), ("Unknown", None))),
    )


def _parts(text: str, separator: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split(separator) if p.strip()]


def _ranked(ds: Sequence[DetainerSnapshot],
            labels_of: Callable[[DetainerSnapshot], tuple[str, ...]],
            names: dict[str, str] | None = None) -> Tally:
    """Count labels ignoring case, commonest first, then A-Z; each shown as first seen
    (in `names`, when counting a part of a larger set, so both print it alike)."""
    counts = Counter(label.casefold() for d in ds for label in labels_of(d))
    names = names or first_names(ds, labels_of)
    return tuple((names[k], n) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def first_names(ds: Sequence[DetainerSnapshot],
                 labels_of: Callable[[DetainerSnapshot], tuple[str, ...]]) -> dict[str, str]:
    names: dict[str, str] = {}
    for d in ds:
        for label in labels_of(d):
            names.setdefault(label.casefold(), label)
    return names


def reason_tally(ds: Sequence[DetainerSnapshot], names: dict[str, str] | None = None) -> Tally:
    """Every form reason in the form's order (zeros too), then typed ones, then none."""
    ranked = dict(_ranked(ds, detainer_reasons, names))
    fixed = [sentence(r.value) for r in DetainerReason if r is not DetainerReason.OTHER]
    typed = [(label, n) for label, n in ranked.items() if label not in fixed + [NOT_STATED]]
    return (*((label, ranked.get(label, 0)) for label in fixed), *typed,
            (NOT_STATED, ranked.get(NOT_STATED, 0)))


def _outcome_tally(ds: Sequence[DetainerSnapshot]) -> Tally:
    return (*((sentence(o.value), sum(d.outcome is o for d in ds)) for o in Outcome),
            (STILL_ACTIVE, sum(d.closed_at is None for d in ds)))


def _hold_times(ds: Sequence[DetainerSnapshot], clock: DetainerClock) -> HoldTimes:
    zero = timedelta(0)
    spans = [(d, d.clock_start, d.closed_at) for d in ds]
    closed = [(d, s, e) for d, s, e in spans if s is not None and e is not None]
    counted = [clock.counted_between(s, e) for _, s, e in closed]
    wall = [max(e - s, zero) for _, s, e in closed]
    over = [d.detainer_number for (d, _, _), c in zip(closed, counted, strict=True)
            if c > clock.limit]
    return HoldTimes(
        measured=len(counted), still_active=sum(d.closed_at is None for d in ds),
        # typeshed allows only numbers; median sorts and halves timedeltas all the same
        median_counted=statistics.median(counted) if counted else zero,  # type: ignore[type-var]
        max_counted=max(counted, default=zero),
        median_wall=statistics.median(wall) if wall else zero,  # type: ignore[type-var]
        max_wall=max(wall, default=zero), limit=clock.limit, over_limit=tuple(over))


def _compliance(ds: Sequence[DetainerSnapshot], step_id: str | None,
                recorded: Callable[[DetainerSnapshot], datetime | None]) -> Compliance:
    counts: Counter[str] = Counter()
    for d in ds:
        step = next((s for s in d.steps if s.step_id == step_id), None)
        if step is None or (step.due_at is None and step.state is StepState.PENDING):
            continue
        if step.state is StepState.NOT_APPLICABLE:
            counts["not_applicable"] += 1
            continue
        at = recorded(d) or (step.done_at if step.state is StepState.DONE else None)
        if at is None:
            counts["pending" if d.closed_at is None else "not_made"] += 1
        elif d.closed_at is None or at <= d.closed_at:
            counts["on_time"] += 1
        else:
            counts["late"] += 1
    owed = sum(counts[k] for k in ("on_time", "late", "not_made", "pending"))
    return Compliance(owed=owed, on_time=counts["on_time"], late=counts["late"],
                      not_made=counts["not_made"], pending=counts["pending"],
                      not_applicable=counts["not_applicable"])


def station_rows(rows: list[Row], station: str | None,
                 by_station: StationTable | None) -> list[Row]:
    """A report's CSV rows with the station they are of after the period (when one
    station's), and the station-by-station figures at the end (when every station's)."""
    if station is not None:
        rows = [rows[0], ("Station", station_label(station), ""), *rows[1:]]
    return rows + (by_station.to_rows() if by_station is not None else [])


def label_rows(section: str, pairs: Iterable[tuple[str, object]]) -> list[Row]:
    return [(section, label, str(value)) for label, value in pairs]


def _compliance_rows(section: str, c: Compliance) -> list[Row]:
    return label_rows(section, (
        ("Owed", c.owed), ("Made", c.made), ("On time (by closing)", c.on_time),
        ("Late (after closing)", c.late), ("Not made", c.not_made),
        ("Pending (still active)", c.pending), ("Marked not applicable", c.not_applicable)))
