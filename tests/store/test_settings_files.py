"""The settings files at start-up: which database, and which settings win."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk_app.domain.actor import Actor
from desk_app.domain.errors import InvalidFieldsError
from desk_app.domain.time_source import FixedTime
from desk_app.store.desk import open_desk


def test_files_name_the_database_when_nothing_else_does(tmp_path: Path, clock: FixedTime,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A workstation would open its own empty database instead of the department's."""
    monkeypatch.delenv("DESK_DB_URL", raising=False)
    files = {"database_url": f"sqlite:///{tmp_path / 'dept.sqlite3'}"}
    desk = open_desk(None, clock, files=files)
    desk.db.close()
    assert (tmp_path / "dept.sqlite3").exists()


def test_db_option_and_environment_win_over_the_files(tmp_path: Path, clock: FixedTime,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """--db or DESK_DB_URL given for a test run would be ignored for the file's database."""
    files = {"database_url": f"sqlite:///{tmp_path / 'dept.sqlite3'}"}
    open_desk(f"sqlite:///{tmp_path / 'given.sqlite3'}", clock, files=files).db.close()
    monkeypatch.setenv("DESK_DB_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    open_desk(None, clock, files=files).db.close()
    assert (tmp_path / "given.sqlite3").exists() and (tmp_path / "env.sqlite3").exists()
    assert not (tmp_path / "dept.sqlite3").exists()


def test_file_settings_override_the_database_and_cannot_be_changed(
        desk_url: str, clock: FixedTime, supervisor: Actor) -> None:
    """A workstation's records share would be replaced by another workstation's."""
    files = {"records_folder": "/srv/records", "municipality": "Town of Westborough",
             "profile": "westborough"}
    desk = open_desk(desk_url, clock, files=files)
    try:
        assert desk.settings.records_folder == "/srv/records"
        assert desk.municipality == "Town of Westborough"
        assert desk.profile.id == "westborough"
        with pytest.raises(InvalidFieldsError, match="settings file"):
            desk.apply_settings({"records_folder": "/tmp/elsewhere"}, supervisor)
        desk.apply_settings({"warning_hours": 10.0}, supervisor)
        assert desk.settings.records_folder == "/srv/records"
        assert desk.settings.warning_hours == 10.0
    finally:
        desk.db.close()
