"""Policy profiles: one department's written rules, loaded from a TOML file.

A profile is data, never code: the checklist, the clock settings, whether a hold on
a detainer alone is permitted, the charge text, who is told of an ICE presence call,
which reports apply and what may not be released to ICE. Every mistake in a file is
reported with the file, the key and what is allowed.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desk_app.domain.clock import DetainerClock
from desk_app.domain.closures import ClosureCalendar, ExtraClosure
from desk_app.domain.errors import PolicyFileError
from desk_app.domain.vocabulary import BailDecision, ClockStart, Duty, StepRecord, Trigger

E = TypeVar("E", bound=StrEnum)


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

    def applies_to_bail(self, decision: BailDecision) -> bool:
        """Whether a bail decision makes this step due."""
        return not self.when_bail or decision in self.when_bail


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
    """One department's rules for detainers, loaded from `resources/policies/`."""

    id: str
    title: str
    source: str
    municipality: str
    hold_permitted: bool
    hold_rule: str
    hold_citation: str
    clock: ClockRule
    steps: tuple[ChecklistStepRule, ...]
    charge: Charge | None
    presence_notice: PresenceNotice | None
    reports: Reports
    information: InformationRule | None

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


class _Reader:
    """Reads one table of a TOML profile, naming the file and key in every error."""

    def __init__(self, path: Path, table: Mapping[str, Any], prefix: str = "") -> None:
        self.path = path
        self.table = table
        self.prefix = prefix

    def fail(self, key: str, message: str) -> PolicyFileError:
        return PolicyFileError(f"{self.path.name}: key '{self.prefix}{key}': {message}")

    def get(self, key: str, kind: type | tuple[type, ...], required: bool = True,
            default: Any = None, longest: int | None = None) -> Any:
        if key not in self.table:
            if required:
                raise self.fail(key, "is missing")
            return default
        value = self.table[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(
                k.__name__ for k in kind)
            raise self.fail(key, f"must be a {_TOML_NAMES.get(names, names)}")
        if isinstance(value, str) and not value.strip():
            raise self.fail(key, "must not be empty")
        if longest is not None and isinstance(value, str) and len(value) > longest:
            raise self.fail(key, f"is longer than {longest} characters; shorten it")
        return value

    def choice(self, key: str, enum: type[E], required: bool = True,
               default: E | None = None) -> E:
        raw = self.get(key, str, required=required, default=None)
        if raw is None:
            assert default is not None
            return default
        try:
            return enum(raw)
        except ValueError:
            allowed = ", ".join(f'"{m.value}"' for m in enum)
            raise self.fail(key, f'"{raw}" is not allowed; use one of {allowed}') from None

    def strings(self, key: str, required: bool = True) -> tuple[str, ...]:
        values = self.get(key, list, required=required, default=[])
        if not all(isinstance(v, str) and v.strip() for v in values):
            raise self.fail(key, "must be a list of non-empty strings")
        if required and not values:
            raise self.fail(key, "must list at least one entry")
        return tuple(values)

    def sub(self, key: str, required: bool = True) -> _Reader | None:
        table = self.get(key, dict, required=required)
        if table is None:
            return None
        return _Reader(self.path, table, f"{self.prefix}{key}.")

    def only(self, allowed: Iterable[str]) -> None:
        allowed = set(allowed)
        for key in self.table:
            if key not in allowed:
                names = ", ".join(sorted(allowed))
                raise self.fail(key, f"is not a known key; known keys here: {names}")


MAX_HOURS = 24 * 366  # no detainer clock runs longer than a year

_TOML_NAMES = {"str": "string", "bool": "true or false", "float": "number",
               "int": "whole number", "list": "list", "dict": "table"}

_TOP_KEYS = ("id", "title", "source", "municipality", "hold_permitted", "hold_rule",
             "hold_citation", "clock", "steps", "charge", "ice_presence", "reports",
             "information")


def load_profile(path: Path) -> PolicyProfile:
    """Read and check a profile file; raise PolicyFileError saying what to fix."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyFileError(f"{path.name}: cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise PolicyFileError(f"{path.name}: is not valid TOML ({exc})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyFileError(
            f"{path.name}: is not valid TOML ({exc}){_near_line(text, str(exc))}") from exc
    top = _Reader(path, data)
    top.only(_TOP_KEYS)
    steps = _read_steps(top)
    return PolicyProfile(
        id=top.get("id", str, longest=80),
        title=top.get("title", str),
        source=top.get("source", str),
        municipality=top.get("municipality", str),
        hold_permitted=top.get("hold_permitted", bool),
        hold_rule=top.get("hold_rule", str),
        hold_citation=top.get("hold_citation", str),
        clock=_read_clock(_required(top.sub("clock"))),
        steps=steps,
        charge=_optional(top.sub("charge", required=False), _read_charge),
        presence_notice=_optional(top.sub("ice_presence", required=False), _read_presence),
        reports=_read_reports(_required(top.sub("reports"))),
        information=_optional(top.sub("information", required=False), _read_information),
    )


def _near_line(text: str, message: str) -> str:
    """The line a TOML error points at, quoted, so the message shows the key to fix."""
    match = re.search(r"at line (\d+)", message)
    lines = text.splitlines()
    if not match or not 0 < int(match.group(1)) <= len(lines):
        return ""
    line = lines[int(match.group(1)) - 1].strip()
    return f" near: {line}" if line else ""


def _required(reader: _Reader | None) -> _Reader:
    assert reader is not None
    return reader


T = TypeVar("T")


def _optional(reader: _Reader | None, read: Callable[[_Reader], T]) -> T | None:
    return None if reader is None else read(reader)


def _read_clock(r: _Reader) -> ClockRule:
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
        entry = _Reader(r.path, item, f"{r.prefix}extra_closures[{i}].")
        entry.only(("date", "name"))
        day = entry.get("date", date)
        if isinstance(day, datetime):  # a datetime never equals a calendar day
            raise entry.fail("date", "must be a date without a time, such as 2026-03-17")
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


def _read_steps(top: _Reader) -> tuple[ChecklistStepRule, ...]:
    raw = top.get("steps", list)
    if not raw:
        raise top.fail("steps", "must list at least one checklist step")
    steps: list[ChecklistStepRule] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise top.fail(f"steps[{i}]", "must be a table; write each step as [[steps]]")
        r = _Reader(top.path, item, f"steps[{i}].")
        r.only(("id", "text", "duty", "trigger", "blocking", "citation", "when_bail",
                "records"))
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
        ))
    return tuple(steps)


def _read_charge(r: _Reader) -> Charge:
    r.only(("code", "text", "citation"))
    return Charge(r.get("code", str), r.get("text", str), r.get("citation", str))


def _read_presence(r: _Reader) -> PresenceNotice:
    r.only(("notify", "method", "citation"))
    return PresenceNotice(r.strings("notify"), r.get("method", str), r.get("citation", str))


def _read_reports(r: _Reader) -> Reports:
    r.only(("quarterly_tracking", "ordinance_six_monthly", "citation"))
    return Reports(r.get("quarterly_tracking", bool), r.get("ordinance_six_monthly", bool),
                   r.get("citation", str))


def _read_information(r: _Reader) -> InformationRule:
    r.only(("not_released", "citation"))
    return InformationRule(r.strings("not_released"), r.get("citation", str))
