"""Two workstations saving the same detainers at once: no lost update, no silent loss.

Two processes each save `UPDATES` edits (100 in the suite, 500 under `make soak`) to
the same three detainers, each edit appending the process's token to the offenses it
read. Every save either lands (and its token is in the final text, in version order)
or is refused with ConflictError; nothing else may reach the officer, on SQLite (the
busy timeout makes the second writer wait) and on PostgreSQL.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from desk_app.domain.time_source import SystemTime
from desk_app.records.records_folder import read_manifest
from desk_app.store.audit import verify_chain
from desk_app.store.db_errors import BUSY, DatabaseBusyError
from desk_app.store.desk import Desk, open_desk
from desk_app.store.models import AuditEntry
from tests.reliability import spawn, workers
from tests.reliability.conftest import FIGURES, OFFICER, dump_database
from tests.reliability.soak import scale

UPDATES = scale(100, 500)
DETAINERS = 3


def race(url: str, folder: Path) -> None:
    """Run two racing workers on `url` and check what they reported against the store."""
    desk = open_desk(url, SystemTime())
    try:
        ids = [desk.detainers.log(workers.new_form(f"RACE-{n:05d}", desk.time.now()),
                                  OFFICER).id for n in range(DETAINERS)]
    finally:
        desk.db.close()
    reports = {name: folder / f"{name}.out" for name in ("a", "b")}
    processes = [spawn.start(workers.racer, url, str(report), name, ids, UPDATES, seed)
                 for seed, (name, report) in enumerate(reports.items())]
    for process in processes:
        process.join(600)
    for process, report in zip(processes, reports.values(), strict=True):
        error = Path(f"{report}.err")
        problem = error.read_text("utf-8") if error.exists() else ""
        assert process.exitcode == 0 and not problem, \
            f"a worker met something other than a conflict:\n{problem}"
    saved: dict[int, list[tuple[int, str]]] = defaultdict(list)
    conflicts = 0
    for report in reports.values():
        lines = report.read_text("utf-8").splitlines()
        assert lines[-1] == "DONE" and len(lines) == UPDATES + 1
        for line in lines[:-1]:
            kind, *rest = line.split()
            if kind == "C":
                conflicts += 1
            else:
                detainer_id, version, token = rest
                saved[int(detainer_id)].append((int(version), token))
    assert conflicts > 0, "the workers never collided; the test proves nothing"
    desk = open_desk(url, SystemTime())
    try:
        for detainer_id in ids:
            final = desk.detainers.get(detainer_id)
            landed = saved[detainer_id]
            # A save returns the detainer as read back after its commit, which may
            # already hold the other process's next save: its version is at least its own.
            assert all(2 <= version <= final.version for version, _ in landed)
            assert final.version == 1 + len(landed), \
                "a save was committed without being reported, or reported and not kept"
            assert sorted(final.offenses.split()) == sorted(token for _, token in landed), \
                "an update was lost (or a refused one written): the tokens differ"
            with Session(desk.db.engine) as session:
                afters = session.scalars(select(AuditEntry.after).where(
                    AuditEntry.detainer_id == detainer_id).order_by(AuditEntry.id)).all()
            appended = [json.loads(after)["offenses"].split()[-1] for after in afters[1:]]
            assert appended == final.offenses.split(), "the audit log's order is not the saves'"
        with Session(desk.db.engine) as session:
            chain = verify_chain(session)
        assert chain.intact
        assert chain.entries == DETAINERS + sum(len(v) for v in saved.values())
        FIGURES.append(f"race, {desk.db.engine.dialect.name}: 2 processes x {UPDATES} saves on "
                       f"{DETAINERS} detainers: {sum(len(v) for v in saved.values())} saved, "
                       f"{conflicts} refused as conflicts, 0 lost")
    finally:
        desk.db.close()


def test_two_processes_on_sqlite(tmp_path: Path) -> None:
    """On the embedded file, a second writer would fail with "database is locked"."""
    race(f"sqlite:///{tmp_path / 'detainers.sqlite3'}", tmp_path)


def test_two_processes_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    """On the shared server, one workstation would overwrite the other's save."""
    race(postgres_url, tmp_path)


def short_busy_timeout(desk: Desk, milliseconds: int) -> None:
    """Make this desk give up on a locked file after `milliseconds` (tests only)."""

    def pragma(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute(f"PRAGMA busy_timeout={milliseconds}")

    event.listen(desk.db.engine, "connect", pragma)
    desk.db.engine.dispose()


def lock_file(path: Path) -> sqlite3.Connection:
    """Another workstation holding the write lock (an open write transaction)."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_busy_file_waits_then_saves(desk: Desk, db_path: Path) -> None:
    """A save during another workstation's short write would fail instead of waiting."""
    holder = lock_file(db_path)
    releaser = threading.Timer(0.4, holder.rollback)
    releaser.start()
    started = time.monotonic()
    try:
        saved = desk.detainers.log(workers.new_form("WAIT-00001", desk.time.now()), OFFICER)
    finally:
        releaser.join()
        holder.close()
    assert time.monotonic() - started >= 0.3
    assert saved.version == 1


def test_busy_file_beyond_the_timeout_is_a_plain_refusal(desk: Desk, db_path: Path) -> None:
    """A file locked for too long would show "database is locked" and a traceback."""
    first = desk.detainers.log(workers.new_form("BUSY-00001", desk.time.now()), OFFICER)
    before = dump_database(desk.db.engine)
    short_busy_timeout(desk, 50)
    holder = lock_file(db_path)
    try:
        with pytest.raises(DatabaseBusyError) as refused:
            desk.detainers.log(workers.new_form("BUSY-00002", desk.time.now()), OFFICER)
        assert str(refused.value) == BUSY
        with pytest.raises(DatabaseBusyError):
            desk.detainers.edit(first.id, first.version, {"offenses": "x"}, OFFICER)
    finally:
        holder.rollback()
        holder.close()
    assert dump_database(desk.db.engine) == before


FOLDER_FILES = scale(150, 600)


def test_two_workstations_adding_files_keep_every_manifest_line(tmp_path: Path) -> None:
    """Two workstations adding files to the records folder at the same instant each read
    the old manifest; without the lock the second write dropped the first's line."""
    folder = tmp_path / "records"
    folder.mkdir()
    start_at = time.time() + 1.0  # both forked and waiting before either starts
    reports = {name: tmp_path / f"{name}.out" for name in ("a", "b")}
    processes = [spawn.start(workers.folder_writer, str(folder), str(report), name,
                             FOLDER_FILES, start_at) for name, report in reports.items()]
    for process in processes:
        process.join(300)
    written: dict[str, str] = {}
    for process, report in zip(processes, reports.values(), strict=True):
        error = Path(f"{report}.err")
        assert process.exitcode == 0, error.read_text("utf-8") if error.exists() else ""
        lines = report.read_text("utf-8").splitlines()
        assert lines[-1] == "DONE"
        written.update(line.split()[1:] for line in lines[:-1])  # type: ignore[misc]
    assert len(written) == 2 * FOLDER_FILES
    assert read_manifest(folder) == written
    assert not list(folder.glob(".*")), "a lock or temporary file was left behind"
    FIGURES.append(f"records folder: 2 workstations x {FOLDER_FILES} files at once, "
                   f"{len(written)} manifest lines, none lost")
