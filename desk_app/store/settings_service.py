"""Department and workstation settings kept in the database, with safe defaults.

Every number is checked on the way in against `RANGES` (finite, within the range the
board can use); a stored value outside them anyway (written by an older version, or by
hand) is replaced by the default when the settings are read, and `load_checked` says
so in a sentence the board and the command line show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from desk_app.domain.actor import Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.errors import ConflictError, FieldError, InvalidFieldsError
from desk_app.domain.instants import format_instant
from desk_app.domain.profiles import DEFAULT_PROFILE_ID
from desk_app.domain.stations import check_station, parse_stations
from desk_app.domain.text_lengths import LENGTHS
from desk_app.store.audit import write_audit
from desk_app.store.database import Database
from desk_app.store.models import AuditEntry, Setting


@dataclass(frozen=True)
class DeskSettings:
    """What a department sets once: profile, name, alert thresholds, shifts, folder."""

    profile_id: str = DEFAULT_PROFILE_ID
    municipality: str = ""
    warning_hours: float = 12.0
    critical_hours: float = 2.0
    shift_starts: str = "07:00,15:00,23:00"
    records_folder: str = ""
    # A file the department keeps in the share's root: without it the share is taken
    # as not mounted and exports wait (docs/packaging.md). Empty: no check.
    records_marker: str = ""
    # Where the restricted tracking sheet goes (Pittsfield §E): a folder only the analyst
    # and command staff can open. Empty: the sheet is not written anywhere.
    restricted_records_folder: str = ""
    fax_inbox: str = ""
    # The department's watched fax folders, one "Station = folder" per line (docs/intake.md).
    intake_folders: str = ""
    # The department's stations, one name per line (domain/stations.py); the intake
    # folders' stations count as well. Each workstation's own is in its settings file.
    stations: str = ""
    lock_minutes: int = 10
    backup_folder: str = ""
    backup_every_hours: float = 4.0
    backup_keep_days: int = 14

    def check(self) -> list[FieldError]:
        """What is wrong with these values, field by field."""
        errors = [FieldError(name, message) for name in RANGES
                  if (message := out_of_range(name, getattr(self, name)))]
        errors += [FieldError(f.name, f"is longer than {limit} characters; shorten it")
                   for f in fields(self) if (limit := LENGTHS.get(f.name)) is not None
                   and isinstance(value := getattr(self, f.name), str) and len(value) > limit]
        if not errors and not self.critical_hours < self.warning_hours:
            errors.append(FieldError("critical_hours",
                                     "must be less than the warning hours"))
        try:
            self.shift_times()
        except ValueError:
            errors.append(FieldError("shift_starts", "list times like 07:00,15:00,23:00"))
        errors += [FieldError("stations", f"the station '{name[:40]}' {problem}")
                   for name in parse_stations(self.stations)
                   if (problem := check_station(name))]
        return errors

    def shift_times(self) -> list[time]:
        """The shift start times, in order; ValueError if the setting is malformed."""
        times = sorted(time.fromisoformat(part.strip()) for part in self.shift_starts.split(","))
        if not times:
            raise ValueError("no shift times")
        return times


_TYPES = {f.name: f.type for f in fields(DeskSettings)}
UTC_ZONE = ZoneInfo("UTC")
# The documented range of every number (docs/settings.md): (lowest, highest, unit).
RANGES: dict[str, tuple[float, float, str]] = {
    "warning_hours": (0.25, 48, "counted hours"),
    "critical_hours": (0.25, 48, "counted hours"),
    "lock_minutes": (1, 240, "minutes"),
    "backup_every_hours": (1, 24, "hours"),
    "backup_keep_days": (1, 366, "days"),
}


def out_of_range(name: str, value: Any) -> str:
    """Why `value` cannot be used for the numeric setting `name`, or "" if it can."""
    low, high, unit = RANGES[name]
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a number from {low:g} to {high:g} {unit}, not {value}"
    if not low <= value <= high:
        return f"must be from {low:g} to {high:g} {unit}"
    return ""


def _parse(name: str, text: str) -> Any:
    kind = _TYPES[name]
    if kind == "float":
        number = float(text)
        if not math.isfinite(number):
            raise ValueError(f"{text} is not a finite number")
        return number
    if kind == "int":
        return int(text)
    return text


def _coerce(name: str, value: Any) -> Any:
    """Typed value of a setting given as text (from the command line or a form)."""
    if not isinstance(value, str) or _TYPES[name] == "str":
        return value
    try:
        return _parse(name, value.strip())
    except ValueError:
        kind = "a whole number" if _TYPES[name] == "int" else "a number"
        low, high, unit = RANGES.get(name, (0, 0, ""))
        span = f" from {low:g} to {high:g} {unit}" if unit else ""
        raise InvalidFieldsError([FieldError(name, f"must be {kind}{span}")]) from None


class SettingsService:
    """Reads and writes `DeskSettings`; every change is audited."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def load(self) -> DeskSettings:
        """The stored settings, with defaults for anything never set or unusable."""
        return self.load_checked()[0]

    def load_checked(self) -> tuple[DeskSettings, list[str]]:
        """The stored settings and, for each stored value that cannot be used (not a
        number, out of its range), a sentence saying the default is used instead."""
        with self.db.sessions() as session:
            stored = {s.key: s.value for s in session.scalars(select(Setting))}
        defaults = DeskSettings()
        values: dict[str, Any] = {}
        notices = []
        for key, text in stored.items():
            if key not in _TYPES:
                continue
            try:
                value = _parse(key, text.strip())
                problem = out_of_range(key, value) if key in RANGES else ""
            except ValueError:
                problem = "is not a number"
            if problem:
                notices.append(f"The stored setting {key} = {text[:40]!r} {problem}; the "
                               f"default {getattr(defaults, key)} is used until an "
                               "administrator sets it again.")
                continue
            values[key] = value
        settings = replace(defaults, **values)
        if settings.critical_hours >= settings.warning_hours:
            notices.append("The stored critical hours are not below the warning hours; "
                           "the defaults are used for both.")
            settings = replace(settings, critical_hours=defaults.critical_hours,
                               warning_hours=defaults.warning_hours)
        return settings, notices

    def save(self, changes: dict[str, Any], actor: Actor, at: Any,
             based_on: DeskSettings | None = None, zone: ZoneInfo = UTC_ZONE) -> DeskSettings:
        """Store changed settings after checking them.

        `based_on` is what the person saw when they started editing (the Settings
        dialog's values): if another workstation changed one of the same settings since,
        the save is refused (ConflictError naming who, what and when), never silently
        written over it."""
        unknown = sorted(set(changes) - set(_TYPES))
        if unknown:
            raise InvalidFieldsError([FieldError(k, "is not a setting") for k in unknown])
        changes = {key: _coerce(key, value) for key, value in changes.items()}
        current = self.load()
        if based_on is not None:
            self._refuse_newer(changes, current, based_on, zone)
        new = replace(current, **changes)
        errors = new.check()
        if "profile_id" in changes:  # an unknown one would stop every workstation opening
            errors += _check_profile(new.profile_id)
        if not errors and {"profile_id", "municipality"} & set(changes):
            errors += _check_municipality(new)
        if errors:
            raise InvalidFieldsError(errors)
        with self.db.sessions() as session:
            for key, value in changes.items():
                session.merge(Setting(key=key, value=str(value)))
            write_audit(session, at=at, actor=actor.name, action=AuditAction.SETTINGS_CHANGED,
                        detainer_id=None, summary="Changed " + ", ".join(sorted(changes)),
                        before={k: getattr(current, k) for k in changes}, after=changes)
            session.commit()
        return new


    def _refuse_newer(self, changes: dict[str, Any], current: DeskSettings,
                      based_on: DeskSettings, zone: ZoneInfo) -> None:
        moved = sorted(k for k in changes if getattr(current, k) != getattr(based_on, k))
        if not moved:
            return
        with self.db.sessions() as session:
            entry = session.scalars(select(AuditEntry).where(
                AuditEntry.action == AuditAction.SETTINGS_CHANGED).order_by(
                AuditEntry.id.desc()).limit(1)).first()
        who = f"{entry.actor} at {format_instant(entry.at, zone)}" if entry else \
            "another workstation"
        now_set = ", ".join(f"{k} = {getattr(current, k)}" for k in moved)
        raise ConflictError(f"Not saved: {who} changed {now_set} after you opened the "
                            "settings. Your values are still in the form; check them "
                            "against the new ones and save again.")


def _check_municipality(settings: DeskSettings) -> list[FieldError]:
    """A template profile ("[city or town]") needs the department's municipality."""
    from desk_app.domain.municipality import municipality_missing
    from desk_app.domain.profiles import load_all
    from desk_app.resources import policies_dir

    profile = load_all(policies_dir()).get(settings.profile_id)
    if profile is None:
        return []
    missing = municipality_missing(settings.municipality, profile.municipality,
                                   profile.title)
    return [missing] if missing else []


def _check_profile(profile_id: str) -> list[FieldError]:
    """No error if `profile_id` names an installed policy profile."""
    from desk_app.domain.profiles import load_all
    from desk_app.resources import policies_dir

    installed = load_all(policies_dir())
    if profile_id in installed:
        return []
    return [FieldError("profile_id", f"'{profile_id}' is not an installed profile; use "
                                     f"one of: {', '.join(sorted(installed))}")]
