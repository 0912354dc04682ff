"""Department settings: safe defaults, checked values, every change audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

import pytest

from desk_app.domain.actor import Actor
from desk_app.domain.errors import InvalidFieldsError
from desk_app.domain.time_source import FixedTime
from desk_app.store.desk import Desk, open_desk
from desk_app.store.models import AuditEntry, Setting
from desk_app.store.settings_service import DeskSettings, SettingsService


def test_defaults_on_a_new_database(desk: Desk) -> None:
    """A new desk would start with no profile or alert thresholds at all."""
    assert desk.settings == DeskSettings()
    assert desk.settings_service.load() == DeskSettings()
    assert (desk.settings.profile_id, desk.settings.warning_hours,
            desk.settings.critical_hours, desk.settings.lock_minutes) == (
        "pittsfield-413", 12.0, 2.0, 10)
    assert desk.profile.id == "pittsfield-413"
    assert desk.municipality == "Pittsfield"


def test_saved_settings_come_back(desk: Desk, desk_url: str, supervisor: Actor,
                                  now: datetime) -> None:
    """A sergeant's settings would be lost when the application restarts."""
    changes = {"municipality": "Pittsfield, MA", "warning_hours": 8.5,
               "critical_hours": 1.5, "lock_minutes": 5,
               "records_folder": r"\\records\detainers", "shift_starts": "06:00,18:00"}
    saved = desk.settings_service.save(changes, supervisor, now)
    loaded = SettingsService(desk.db).load()
    assert saved == loaded
    for key, value in changes.items():
        assert getattr(loaded, key) == value, key
    again = open_desk(desk_url, FixedTime(now))
    try:
        assert again.settings == loaded
        assert again.municipality == "Pittsfield, MA"
    finally:
        again.db.close()


@pytest.mark.parametrize("changes", [
    {"critical_hours": 12.0},
    {"critical_hours": 13.0},
    {"warning_hours": 1.0},
    {"critical_hours": 0.0},
])
def test_critical_not_below_warning_is_refused(
        changes: dict[str, float], desk: Desk, supervisor: Actor, now: datetime,
        count_rows: Callable[[type], int]) -> None:
    """The board would turn red before it turned amber, or never."""
    with pytest.raises(InvalidFieldsError) as refused:
        desk.settings_service.save(changes, supervisor, now)
    assert [e.field for e in refused.value.errors] == ["critical_hours"]
    assert count_rows(Setting) == 0
    assert count_rows(AuditEntry) == 0
    assert desk.settings_service.load() == DeskSettings()


def test_unknown_setting_is_refused(desk: Desk, supervisor: Actor, now: datetime,
                                    count_rows: Callable[[type], int]) -> None:
    """A misspelt setting would be saved and silently never used."""
    with pytest.raises(InvalidFieldsError) as refused:
        desk.settings_service.save({"warn_hours": 3}, supervisor, now)
    assert [e.field for e in refused.value.errors] == ["warn_hours"]
    assert count_rows(Setting) == 0


def test_settings_change_is_audited(desk: Desk, supervisor: Actor, now: datetime,
                                    audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """Nobody could tell who lowered the alert threshold, or from what."""
    desk.settings_service.save({"warning_hours": 6.0, "critical_hours": 1.0}, supervisor, now)
    entries = audit_entries()
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.actor, entry.action, entry.detainer_id, entry.at) == (
        supervisor.name, "settings changed", None, now)
    assert json.loads(entry.before) == {"warning_hours": 12.0, "critical_hours": 2.0}
    assert json.loads(entry.after) == {"warning_hours": 6.0, "critical_hours": 1.0}
