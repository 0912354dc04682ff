"""Start-up on an older or a newer database: migrate with a backup, or refuse untouched.

An older file is copied next to itself (`detainers.sqlite3.bak-<revision>-<UTC time>`)
before it is migrated, and only when a migration is pending; a migration killed
half-way leaves the old schema, never half of the new one. A file a newer version
migrated is refused with a plain sentence, and its bytes stay as they were.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from desk_app.cli import main
from desk_app.domain.errors import DeskError
from desk_app.domain.time_source import FixedTime
from desk_app.store.database import alembic_config, make_engine, open_database
from desk_app.store.desk import open_desk
from desk_app.store.schema_guard import SchemaTooNewError
from tests.reliability import spawn, workers
from tests.reliability.conftest import FIGURES, NOW
from tests.reliability.soak import scale

OLD = "0001"


def head() -> str:
    """The newest revision this build knows."""
    engine = make_engine("sqlite://")
    try:
        return ScriptDirectory.from_config(alembic_config(engine)).get_current_head() or ""
    finally:
        engine.dispose()


def old_database(path: Path, revision: str = OLD) -> None:
    """A file as an older version left it: schema at `revision`, one setting stored."""
    engine = make_engine(f"sqlite:///{path}")
    try:
        command.upgrade(alembic_config(engine), revision)
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO settings (key, value) "
                                    "VALUES ('municipality', 'Lenox')"))
    finally:
        engine.dispose()
    with sqlite3.connect(path) as con:  # everything into the main file, no -wal left
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def revision_of(path: Path) -> tuple[str, ...]:
    """The revisions stored in the file."""
    with sqlite3.connect(path) as con:
        return tuple(r[0] for r in con.execute("SELECT version_num FROM alembic_version"))


def backups(folder: Path) -> list[Path]:
    """Backup copies made next to the database."""
    return sorted(p for p in folder.glob("*.bak-*") if ".part" not in p.name)


def test_older_file_is_backed_up_then_migrated(tmp_path: Path) -> None:
    """An update that went wrong would leave the desk with no copy of its detainers."""
    path = tmp_path / "detainers.sqlite3"
    old_database(path)
    db = open_database(f"sqlite:///{path}", FixedTime(NOW))
    db.close()
    (backup,) = backups(tmp_path)
    assert backup.name == f"detainers.sqlite3.bak-{OLD}-20261125T190000Z"
    with sqlite3.connect(backup) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("SELECT value FROM settings").fetchall() == [("Lenox",)]
    assert revision_of(backup) == (OLD,)
    assert revision_of(path) == (head(),)
    desk = open_desk(f"sqlite:///{path}", FixedTime(NOW))
    try:
        assert desk.settings.municipality == "Lenox"
    finally:
        desk.db.close()
    assert len(backups(tmp_path)) == 1, "a current file must not be copied again"


def test_half_copies_a_crash_left_are_removed_at_the_next_backup(tmp_path: Path) -> None:
    """A backup killed half-way left a `.part` file that stayed in the data folder for
    ever; one being written right now by another process must be left alone."""
    path = tmp_path / "detainers.sqlite3"
    old_database(path)
    crashed = tmp_path / f"detainers.sqlite3.bak-{OLD}-20261101T080000Z.part"
    in_flight = tmp_path / f"detainers.sqlite3.bak-{OLD}-20261125T185800Z.part"
    for leftover, written in ((crashed, NOW - timedelta(days=24)),
                              (in_flight, NOW - timedelta(minutes=2))):
        leftover.write_bytes(b"half a copy")
        os.utime(leftover, (written.timestamp(),) * 2)
    open_database(f"sqlite:///{path}", FixedTime(NOW)).close()
    assert not crashed.exists()
    assert in_flight.exists()
    assert len(backups(tmp_path)) == 1


def test_no_backup_without_a_pending_migration(tmp_path: Path) -> None:
    """Every start-up would litter the data folder with copies of the database."""
    url = f"sqlite:///{tmp_path / 'detainers.sqlite3'}"
    for _ in range(3):
        open_database(url, FixedTime(NOW)).close()
    assert backups(tmp_path) == []


def newer_database(path: Path) -> bytes:
    """A file a newer version migrated (a revision this build lacks); its bytes."""
    open_database(f"sqlite:///{path}", FixedTime(NOW)).close()
    with sqlite3.connect(path) as con:
        con.execute("UPDATE alembic_version SET version_num = '9001_from_the_future'")
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.read_bytes()


def test_newer_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    """An old workstation would write into a schema it does not know, or wreck it."""
    path = tmp_path / "detainers.sqlite3"
    before = newer_database(path)
    with pytest.raises(SchemaTooNewError) as refused:
        open_desk(f"sqlite:///{path}", FixedTime(NOW))
    message = str(refused.value)
    assert "newer version of Detainer Desk" in message
    assert "9001_from_the_future" in message and "was not changed" in message
    assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(before).digest()
    assert backups(tmp_path) == []


def test_newer_file_on_the_command_line_is_one_sentence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The command line would print a traceback for a database it cannot use."""
    path = tmp_path / "detainers.sqlite3"
    before = newer_database(path)
    assert main(["audit", "verify", "--db", f"sqlite:///{path}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "newer version" in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_newer_postgresql_database_is_refused(postgres_url: str) -> None:
    """A workstation left on an old version would write into the shared server's schema."""
    engine = make_engine(postgres_url)
    try:
        with engine.begin() as connection:
            current = connection.execute(text("SELECT version_num FROM alembic_version")
                                         ).scalar_one()
            connection.execute(text("UPDATE alembic_version SET version_num = '9001_x'"))
        try:
            with pytest.raises(SchemaTooNewError):
                open_database(postgres_url, FixedTime(NOW))
            with engine.connect() as connection:
                assert connection.execute(text(
                    "SELECT version_num FROM alembic_version")).scalar_one() == "9001_x"
        finally:
            with engine.begin() as connection:
                connection.execute(text("UPDATE alembic_version SET version_num = :v"),
                                   {"v": current})
    finally:
        engine.dispose()


def test_backup_that_cannot_be_written_stops_the_migration(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """A migration without its backup would risk the only copy of the data."""
    path = tmp_path / "detainers.sqlite3"
    old_database(path)

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desk_app.store.schema_guard.os.replace", full)
    with pytest.raises(DeskError, match="backup copy .* could not be written"):
        open_database(f"sqlite:///{path}", FixedTime(NOW))
    assert revision_of(path) == (OLD,)
    assert list(tmp_path.glob("*.part")) == []


KILLS = scale(6, 60)


def test_migration_killed_halfway_leaves_the_old_schema(tmp_path: Path) -> None:
    """A power cut during an update would leave a database no version can open."""
    template = tmp_path / "template.sqlite3"
    old_database(template)
    rng = random.Random(7)
    newest = head()
    killed_before = 0
    for kill in range(KILLS):
        folder = tmp_path / f"run-{kill}"
        folder.mkdir()
        path = folder / "detainers.sqlite3"
        shutil.copy(template, path)
        report = folder / "open.out"
        process = spawn.start(workers.open_only, f"sqlite:///{path}", str(report))
        time.sleep(rng.uniform(0.0, 0.25))
        spawn.stop(process)
        with sqlite3.connect(path) as con:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            tables = {r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        stored = revision_of(path)
        assert stored in ((OLD,), (newest,)), f"half-migrated: {stored}"
        if stored == (OLD,):
            assert "outbox" not in tables, "tables of a migration that never committed"
        for backup in backups(folder):  # a copy cut short never takes a backup's name
            assert re.fullmatch(r"detainers\.sqlite3\.bak-0001-\d{8}T\d{6}Z", backup.name)
            assert revision_of(backup) == (OLD,)
        open_database(f"sqlite:///{path}", FixedTime(NOW)).close()  # the next start works
        assert revision_of(path) == (newest,)
        killed_before += stored == (OLD,)
    FIGURES.append(f"crash, migration: {KILLS} kills, {killed_before} before the migration "
                   f"committed (old schema intact), {KILLS - killed_before} after")
