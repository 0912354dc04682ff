"""Policy profiles: one department's written rules, loaded from a TOML file.

A profile is data, never code: the checklist, the clock settings, the state and local
layers of law it lives under and what its own policy says on the questions they answer
(holds, notices to ICE), the charge text, who is told of an ICE presence call, which
reports apply and what may not be released to ICE. Every mistake in a file is
reported with the file, the key and what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desk_app.domain.clock import DetainerClock
from desk_app.domain.closures import ClosureCalendar, ExtraClosure
from desk_app.domain.law_layers import (
    LawLayer,
    LawRule,
    Ruling,
    find_layer,
    read_rules,
    resolve,
)
from desk_app.domain.lifecycle import bail_makes_due
from desk_app.domain.toml_reader import TableReader, read_toml
from desk_app.domain.vocabulary import (
    BailDecision,
    ClockStart,
    Duty,
    LawLevel,
    Matter,
    StepRecord,
    Trigger,
)

FEDERAL_LAYER = "federal"


@dataclass(frozen=True)
class ChecklistStepRule:
    """One step of a department's detainer checklist, with the section it comes from."""

    id: str
    text: str
    duty: Duty
    trigger: Trigger
    blocking: bool
    citation: str
    # For on_bail_decision steps: the decisions that make it due (empty = any decision).
    when_bail: tuple[BailDecision, ...] = ()
    # Completing the step fills a structured record (the ERO notice, the copy served).
    records: StepRecord | None = None
    # What the step does, when a layer of law may forbid it (telling ICE of a release).
    act: Matter | None = None
    effective: date | None = None
    until: date | None = None

    def in_force(self, day: date) -> bool:
        """Whether the step is part of the checklist for a detainer received on `day`."""
        started = self.effective is None or self.effective <= day
        return started and (self.until is None or day < self.until)

    def applies_to_bail(self, decision: BailDecision) -> bool:
        """Whether a bail decision makes this step due (none listed: any decision)."""
        return bail_makes_due(self.when_bail, decision)


@dataclass(frozen=True)
class ClockRule:
    """The profile's settings for the detainer clock."""

    hours: float
    starts_at: ClockStart
    timezone: str
    exclude_weekends: bool
    exclude_holidays: bool
    holiday_country: str
    holiday_subdivision: str | None
    extra_closures: tuple[ExtraClosure, ...]
    citation: str

    def build(self) -> DetainerClock:
        """The clock object that counts by these settings."""
        calendar = ClosureCalendar(
            country=self.holiday_country,
            subdivision=self.holiday_subdivision,
            exclude_weekends=self.exclude_weekends,
            exclude_holidays=self.exclude_holidays,
            extra_closures=self.extra_closures,
        )
        return DetainerClock(hours=self.hours, zone=ZoneInfo(self.timezone), calendar=calendar)


@dataclass(frozen=True)
class Charge:
    """The charge added to the arrest report so every detainer can be tracked."""

    code: str
    text: str
    citation: str


@dataclass(frozen=True)
class PresenceNotice:
    """Who is told when ICE calls to say it is operating in the municipality."""

    recipients: tuple[str, ...]
    method: str
    citation: str


@dataclass(frozen=True)
class IceOperations:
    """The rule on helping ICE in the municipality, and whether an officer-safety
    exception lets officers assist on a civil matter (Policy 413 §IV.E.2 has one,
    Trust Act §2(h) has none)."""

    citation: str
    officer_safety_exception: bool


@dataclass(frozen=True)
class Reports:
    """Which periodic reports the profile's source requires."""

    quarterly_tracking: bool
    ordinance_six_monthly: bool
    citation: str


@dataclass(frozen=True)
class InformationRule:
    """What may not be released to ICE (ordinance 2(e), trust act 2(d))."""

    not_released: tuple[str, ...]
    citation: str


@dataclass(frozen=True)
class PolicyProfile:
    """One department's rules for detainers, loaded from `desk_app/resources/policies/`.

    `layers` are the federal, state and local layers of law the profile names; `policy`
    is what the department's own document says on the questions those layers answer.
    `ruling` resolves them for the day a detainer was received.
    """

    id: str
    title: str
    source: str
    municipality: str
    layers: tuple[LawLayer, ...]
    policy: tuple[LawRule, ...]
    clock: ClockRule
    steps: tuple[ChecklistStepRule, ...]
    charge: Charge | None
    presence_notice: PresenceNotice | None
    reports: Reports
    information: InformationRule | None
    ice_operations: IceOperations

    @property
    def law_rules(self) -> tuple[LawRule, ...]:
        """Every rule of every layer, the department's own last."""
        return tuple(r for layer in self.layers for r in layer.rules) + self.policy

    def ruling(self, matter: Matter, day: date) -> Ruling | None:
        """The effective answer to `matter` for a detainer received on `day`."""
        return resolve(self.law_rules, matter, day)

    def hold(self, day: date) -> Ruling:
        """Whether a person may be held on a detainer alone, for one received on `day`."""
        ruling = self.ruling(Matter.HOLD_ON_DETAINER, day)
        assert ruling is not None  # the loader requires the federal layer to answer
        return ruling

    def forbids(self, matter: Matter, day: date) -> Ruling | None:
        """The ruling if a layer forbids `matter` on `day`, else None."""
        ruling = self.ruling(matter, day)
        return ruling if ruling is not None and not ruling.permits else None

    def local_day(self, instant: datetime) -> date:
        """The department's calendar day of an instant (the day rules are taken from)."""
        return instant.astimezone(ZoneInfo(self.clock.timezone)).date()

    def step(self, step_id: str) -> ChecklistStepRule:
        """The step with this id; KeyError if the profile has none."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def step_recording(self, record: StepRecord) -> ChecklistStepRule | None:
        """The step whose completion is this structured record, if the profile has one."""
        return next((s for s in self.steps if s.records is record), None)

    def steps_for(self, trigger: Trigger) -> tuple[ChecklistStepRule, ...]:
        """The steps that a given event makes due, in the source's order."""
        return tuple(s for s in self.steps if s.trigger is trigger)

    def steps_on(self, day: date) -> tuple[ChecklistStepRule, ...]:
        """The steps in force for a detainer received on `day`, in the source's order."""
        return tuple(s for s in self.steps if s.in_force(day))

    def withheld(self, step: ChecklistStepRule, day: date) -> Ruling | None:
        """The ruling that forbids what `step` does on `day` (e.g. telling ICE), if any."""
        return self.forbids(step.act, day) if step.act is not None else None


MAX_HOURS = 24 * 366  # no detainer clock runs longer than a year

_TOP_KEYS = ("id", "title", "source", "municipality", "state", "local", "hold_permitted",
             "policy", "clock", "steps", "charge", "ice_presence", "ice_operations", "reports",
             "information")


def load_profile(path: Path, layers_dir: Path | None = None) -> PolicyProfile:
    """Read and check a profile file and the layers it names; PolicyFileError if wrong.

    `layers_dir` holds the layer files (the shipped `policies/layers/` by default).
    """
    data = read_toml(path)
    top = TableReader(path, data)
    top.only(_TOP_KEYS)
    title = top.get("title", str)
    layers = _read_layers(top, layers_dir)
    policy = read_rules(top.get("policy", list, required=False, default=[]), top, "policy",
                        LawLevel.DEPARTMENT, title)
    steps = _read_steps(top)
    profile = PolicyProfile(
        id=top.get("id", str, longest=80),
        title=title,
        source=top.get("source", str),
        municipality=top.get("municipality", str),
        layers=layers,
        policy=policy,
        clock=_read_clock(_required(top.sub("clock"))),
        steps=steps,
        charge=_optional(top.sub("charge", required=False), _read_charge),
        presence_notice=_optional(top.sub("ice_presence", required=False), _read_presence),
        reports=_read_reports(_required(top.sub("reports"))),
        information=_optional(top.sub("information", required=False), _read_information),
        ice_operations=_read_operations(_required(top.sub("ice_operations"))),
    )
    _refuse_forbidden_claim(top, profile)
    return profile


def _read_layers(top: TableReader, layers_dir: Path | None) -> tuple[LawLayer, ...]:
    """The federal layer, then the state and local layers the profile names."""
    if layers_dir is None:
        from desk_app.resources import policies_dir  # plain paths: no Qt, no database
        layers_dir = policies_dir() / "layers"
    layers = [find_layer(layers_dir, FEDERAL_LAYER, LawLevel.FEDERAL, top, "state")]
    for key, level in (("state", LawLevel.STATE), ("local", LawLevel.LOCAL)):
        layer_id = top.get(key, str, required=False, longest=80)
        if layer_id is not None:
            layers.append(find_layer(layers_dir, layer_id, level, top, key))
    if not any(r.matter is Matter.HOLD_ON_DETAINER for r in layers[0].rules):
        raise top.fail("state", f"the federal layer ({FEDERAL_LAYER}.toml) must say whether "
                                "a detainer may be the basis of a hold")
    return tuple(layers)


def _refuse_forbidden_claim(top: TableReader, profile: PolicyProfile) -> None:
    """A profile may not claim a hold that a state or local layer forbids."""
    if top.get("hold_permitted", bool, required=False, default=False) is not True:
        return
    forbidding = [r for r in profile.law_rules if r.matter is Matter.HOLD_ON_DETAINER
                  and not r.permits and r.level > LawLevel.DEPARTMENT]
    if forbidding:
        rule = max(forbidding, key=lambda r: r.level)
        raise top.fail("hold_permitted", f"is true, but the {rule.level_word} layer "
                       f"({rule.layer}) forbids holding a person on a detainer alone "
                       f"({rule.citation}); remove the key")


def _required(reader: TableReader | None) -> TableReader:
    assert reader is not None
    return reader


T = TypeVar("T")


def _optional(reader: TableReader | None, read: Callable[[TableReader], T]) -> T | None:
    return None if reader is None else read(reader)


def _read_clock(r: TableReader) -> ClockRule:
    r.only(("hours", "starts_at", "timezone", "exclude_weekends", "exclude_holidays",
            "holiday_country", "holiday_subdivision", "extra_closures", "citation"))
    hours = r.get("hours", float)
    if not 0 < hours <= MAX_HOURS:  # also refuses nan and inf
        raise r.fail("hours", f"must be a number more than zero and at most {MAX_HOURS} "
                              "(a year), such as 48")
    zone = r.get("timezone", str, required=False, default="America/New_York")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a 400-letter name
        raise r.fail("timezone", f'"{zone}" is not a time zone name such as '
                     '"America/New_York"') from None
    closures = []
    for i, item in enumerate(r.get("extra_closures", list, required=False, default=[])):
        if not isinstance(item, dict):
            raise r.fail(f"extra_closures[{i}]", 'must be a table such as '
                         '{date = 2026-03-17, name = "Evacuation Day"}')
        entry = TableReader(r.path, item, f"{r.prefix}extra_closures[{i}].")
        entry.only(("date", "name"))
        day = entry.day("date")
        assert day is not None
        closures.append(ExtraClosure(day, entry.get("name", str)))
    rule = ClockRule(
        hours=hours,
        starts_at=r.choice("starts_at", ClockStart),
        timezone=zone,
        exclude_weekends=r.get("exclude_weekends", bool),
        exclude_holidays=r.get("exclude_holidays", bool),
        holiday_country=r.get("holiday_country", str, required=False, default="US"),
        holiday_subdivision=r.get("holiday_subdivision", str, required=False, default=None),
        extra_closures=tuple(closures),
        citation=r.get("citation", str),
    )
    try:
        rule.build()
    except ValueError as exc:
        key = "holiday_subdivision"
        try:
            ClosureCalendar(country=rule.holiday_country, subdivision=None)
        except ValueError:
            key = "holiday_country"
        raise r.fail(key, str(exc)) from None
    return rule


def _read_steps(top: TableReader) -> tuple[ChecklistStepRule, ...]:
    raw = top.get("steps", list)
    if not raw:
        raise top.fail("steps", "must list at least one checklist step")
    steps: list[ChecklistStepRule] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise top.fail(f"steps[{i}]", "must be a table; write each step as [[steps]]")
        r = TableReader(top.path, item, f"steps[{i}].")
        r.only(("id", "text", "duty", "trigger", "blocking", "citation", "when_bail",
                "records", "act", "effective", "until"))
        step_id = r.get("id", str, longest=80)  # the lengths of the database's columns
        if step_id in seen:
            raise r.fail("id", f'"{step_id}" is used by another step; ids must be unique')
        seen.add(step_id)
        when_bail = []
        for value in r.strings("when_bail", required=False):
            try:
                when_bail.append(BailDecision(value))
            except ValueError:
                allowed = ", ".join(f'"{m.value}"' for m in BailDecision)
                raise r.fail("when_bail", f'"{value}" is not allowed; use {allowed}') from None
        steps.append(ChecklistStepRule(
            id=step_id,
            text=r.get("text", str, longest=300),
            duty=r.choice("duty", Duty),
            trigger=r.choice("trigger", Trigger),
            blocking=r.get("blocking", bool),
            citation=r.get("citation", str, longest=200),
            when_bail=tuple(when_bail),
            records=r.choice("records", StepRecord, required=False) if "records" in r.table
            else None,
            act=r.choice("act", Matter) if "act" in r.table else None,
            effective=r.day("effective", required=False),
            until=r.day("until", required=False),
        ))
    return tuple(steps)


def _read_charge(r: TableReader) -> Charge:
    r.only(("code", "text", "citation"))
    return Charge(r.get("code", str), r.get("text", str), r.get("citation", str))


def _read_presence(r: TableReader) -> PresenceNotice:
    r.only(("notify", "method", "citation"))
    return PresenceNotice(r.strings("notify"), r.get("method", str), r.get("citation", str))


def _read_operations(r: TableReader) -> IceOperations:
    r.only(("citation", "officer_safety_exception"))
    return IceOperations(r.get("citation", str, longest=200),
                         r.get("officer_safety_exception", bool))


def _read_reports(r: TableReader) -> Reports:
    r.only(("quarterly_tracking", "ordinance_six_monthly", "citation"))
    return Reports(r.get("quarterly_tracking", bool), r.get("ordinance_six_monthly", bool),
                   r.get("citation", str))


def _read_information(r: TableReader) -> InformationRule:
    r.only(("not_released", "citation"))
    return InformationRule(r.strings("not_released"), r.get("citation", str))
