"""The schema: migrations match the models, and SQLite runs with the pragmas a desk needs."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

import desk_app.store
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.time_source import FixedTime
from desk_app.store.database import alembic_config, make_engine, migrate
from desk_app.store.desk import Desk, open_desk
from desk_app.store.models import Base


def import_every_store_module() -> None:
    """Register every model on the metadata, as Alembic's env.py must."""
    for module in pkgutil.iter_modules(desk_app.store.__path__):
        importlib.import_module(f"desk_app.store.{module.name}")


def test_migrations_on_an_empty_file_match_the_models(tmp_path: Path) -> None:
    """A new workstation's database would lack a column the code writes to."""
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        migrate(engine)
        import_every_store_module()
        heads = ScriptDirectory.from_config(alembic_config(engine)).get_heads()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert context.get_current_heads() == tuple(heads)
            differences = compare_metadata(context, Base.metadata)
            tables = set(inspect(connection).get_table_names())
        assert differences == []
        assert {"detainers", "checklist_steps", "attachments", "audit_log", "settings",
                "people"} <= tables
    finally:
        engine.dispose()


def test_sqlite_pragmas_are_on(desk: Desk) -> None:
    """Two workstations on one file would lock each other out, or orphan steps."""
    with desk.db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_foreign_keys_are_enforced(desk: Desk) -> None:
    """A checklist step could point at a detainer that does not exist."""
    with pytest.raises(IntegrityError), desk.db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO checklist_steps (detainer_id, step_id, position, text, duty, "
            "trigger, blocking, citation, when_bail, state, done_by, note) VALUES (999, "
            "'x', 0, 'x', 'desk officer', 'on_receipt', 1, 'x', '', 'pending', '', '')"))


def test_reopening_keeps_the_data(desk_url: str, desk: Desk, now: datetime,
                                  log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """Restarting the application would lose or re-create the detainers."""
    snap = log_detainer()
    assert not desk.db.is_new
    again = open_desk(desk_url, FixedTime(now))
    try:
        assert [s.id for s in again.detainers.active()] == [snap.id]
        assert again.detainers.by_number(" D26-00001 ").subject_name == "José Ñúñez"
    finally:
        again.db.close()


def test_new_database_is_new(desk: Desk) -> None:
    """The demo offer would appear on a database that already holds detainers, or not at all."""
    assert desk.db.is_new


def test_instants_come_back_as_the_same_utc_instants(
        desk: Desk, log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """A receipt time read back an hour off, or naive, would move every expiry."""
    snap = log_detainer()
    again = desk.detainers.by_number(snap.detainer_number)
    assert again.received_at == snap.received_at
    assert again.received_at.tzinfo is UTC


@pytest.mark.sqlite_only
def test_instant_text_written_with_an_offset_is_still_read_as_utc(
        desk: Desk, log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """A row edited by hand with an offset, or without microseconds, must not crash a read."""
    snap = log_detainer()
    for stored, expected in [("2026-11-25 09:30:00-05:00", datetime(2026, 11, 25, 14, 30)),
                             ("2026-11-25 14:30", datetime(2026, 11, 25, 14, 30))]:
        with desk.db.engine.begin() as connection:
            connection.execute(text("UPDATE detainers SET received_at = :at WHERE id = :id"),
                               {"at": stored, "id": snap.id})
        read = desk.detainers.by_number(snap.detainer_number).received_at
        assert read == expected.replace(tzinfo=UTC), stored
        assert read.tzinfo is UTC
