"""Department and workstation settings kept in the database, with safe defaults."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import time
from typing import Any

from sqlalchemy import select

from desk_app.domain.actor import Actor
from desk_app.domain.errors import FieldError, InvalidFieldsError
from desk_app.domain.profiles import DEFAULT_PROFILE_ID
from desk_app.store.audit import write_audit
from desk_app.store.database import Database
from desk_app.store.models import Setting


@dataclass(frozen=True)
class DeskSettings:
    """What a department sets once: profile, name, alert thresholds, shifts, folder."""

    profile_id: str = DEFAULT_PROFILE_ID
    municipality: str = ""
    warning_hours: float = 12.0
    critical_hours: float = 2.0
    shift_starts: str = "07:00,15:00,23:00"
    records_folder: str = ""
    fax_inbox: str = ""
    lock_minutes: int = 10

    def check(self) -> list[FieldError]:
        """What is wrong with these values, field by field."""
        errors = []
        if not 0 < self.critical_hours < self.warning_hours:
            errors.append(FieldError("critical_hours",
                                     "must be more than 0 and less than the warning hours"))
        if self.lock_minutes < 1:
            errors.append(FieldError("lock_minutes", "must be at least 1 minute"))
        try:
            self.shift_times()
        except ValueError:
            errors.append(FieldError("shift_starts", "list times like 07:00,15:00,23:00"))
        return errors

    def shift_times(self) -> list[time]:
        """The shift start times, in order; ValueError if the setting is malformed."""
        times = sorted(time.fromisoformat(part.strip()) for part in self.shift_starts.split(","))
        if not times:
            raise ValueError("no shift times")
        return times


_TYPES = {f.name: f.type for f in fields(DeskSettings)}


def _parse(name: str, text: str) -> Any:
    kind = _TYPES[name]
    if kind == "float":
        return float(text)
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
        raise InvalidFieldsError([FieldError(name, f"must be {kind}")]) from None


class SettingsService:
    """Reads and writes `DeskSettings`; every change is audited."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def load(self) -> DeskSettings:
        """The stored settings, with defaults for anything never set."""
        with self.db.sessions() as session:
            stored = {s.key: s.value for s in session.scalars(select(Setting))}
        values = {k: _parse(k, v) for k, v in stored.items() if k in _TYPES}
        return replace(DeskSettings(), **values)

    def save(self, changes: dict[str, Any], actor: Actor, at: Any) -> DeskSettings:
        """Store changed settings after checking them."""
        unknown = sorted(set(changes) - set(_TYPES))
        if unknown:
            raise InvalidFieldsError([FieldError(k, "is not a setting") for k in unknown])
        changes = {key: _coerce(key, value) for key, value in changes.items()}
        current = self.load()
        new = replace(current, **changes)
        errors = new.check()
        if "profile_id" in changes:  # an unknown one would stop every workstation opening
            errors += _check_profile(new.profile_id)
        if errors:
            raise InvalidFieldsError(errors)
        with self.db.sessions() as session:
            for key, value in changes.items():
                session.merge(Setting(key=key, value=str(value)))
            write_audit(session, at=at, actor=actor.name, action="settings changed",
                        detainer_id=None, summary="Changed " + ", ".join(sorted(changes)),
                        before={k: getattr(current, k) for k in changes}, after=changes)
            session.commit()
        return new


def _check_profile(profile_id: str) -> list[FieldError]:
    """No error if `profile_id` names an installed policy profile."""
    from desk_app.domain.profiles import load_all
    from desk_app.resources import policies_dir

    installed = load_all(policies_dir())
    if profile_id in installed:
        return []
    return [FieldError("profile_id", f"'{profile_id}' is not an installed profile; use "
                                     f"one of: {', '.join(sorted(installed))}")]
