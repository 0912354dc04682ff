"""Engines, sessions and migrations: SQLite by default, PostgreSQL by URL.

No engine exists at import time; `open_database(url)` builds one, applies the
Alembic migrations and hands back a session factory.

Start-up refuses a database a newer version has migrated and backs up an SQLite file
before migrating it (`schema_guard`); the migrations themselves run in one
transaction, so a crash half-way leaves the old schema, not a broken one. A locked,
read-only or full database reaches the services as a plain `StorageError`
(`db_errors`), never as a driver traceback.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_path
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from desk_app.domain.time_source import SystemTime, TimeSource
from desk_app.resources import migrations_dir
from desk_app.store.connection_tls import with_tls
from desk_app.store.db_errors import UnsupportedDatabaseError, translate
from desk_app.store.schema_guard import (
    backup_sqlite,
    refuse_newer,
    schema_state,
    sqlite_file,
)

log = logging.getLogger(__name__)

APP_NAME = "detainer-desk"
DB_URL_ENV = "DESK_DB_URL"


def default_url() -> str:
    """The embedded SQLite file in the user's data directory (or DESK_DB_URL)."""
    if os.environ.get(DB_URL_ENV):
        return os.environ[DB_URL_ENV]
    folder = user_data_path(APP_NAME, appauthor=False, ensure_exists=True)
    private_folder(folder)
    return f"sqlite:///{folder / 'detainers.sqlite3'}"


def private_folder(folder: Path) -> None:
    """Only this account may enter its own data folder (POSIX; Windows keeps its ACLs)."""
    if os.name == "posix":
        folder.chmod(0o700)


def create_private_file(path: Path) -> None:
    """Create a new database file that only its owner may read (0600 on POSIX).

    SQLite gives its -wal and -shm files the same permissions as the database file.
    An existing file keeps the permissions the department gave it.
    """
    if os.name != "posix" or path.exists():
        return
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def data_folder_url(folder: str | None) -> str | None:
    """The SQLite database in a settings file's `data_folder` (created if need be)."""
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path / 'detainers.sqlite3'}"


def make_engine(url: str) -> Engine:
    """An engine with the pragmas a shared booking-desk file needs on SQLite."""
    try:
        # A failed statement's message never carries its values (names, dates of birth)
        # into a log file or a dialog; pre_ping: after a server restart the first call
        # reconnects instead of failing.
        address = with_tls(make_url(url))  # encrypted unless local (connection_tls.py)
        engine = create_engine(address, future=True, hide_parameters=True,
                               pool_pre_ping=address.get_backend_name() != "sqlite")
    except ImportError as exc:  # e.g. mysql://: a dialect whose driver is not installed
        raise UnsupportedDatabaseError(
            f"Detainer Desk cannot use {make_url(url).get_backend_name()} databases (no "
            "driver for them is installed); use SQLite or PostgreSQL.") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "handle_error", translate)  # locked/read-only/full: plain words
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=FULL")  # a power cut keeps every commit
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration that runs `db/` against this engine's connection."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, time: TimeSource | None = None) -> None:
    """Bring the schema up to the newest migration (run at every start-up).

    Refuses (SchemaTooNewError) a database a newer version migrated, without writing
    to it; backs an SQLite file up (`<name>.bak-<revision>-<timestamp>`) before a
    migration that would change it; does nothing when the schema is current.
    """
    config = alembic_config(engine)
    state = schema_state(engine, ScriptDirectory.from_config(config))
    refuse_newer(state, engine.url.render_as_string(hide_password=True))
    if not state.pending:
        return
    path = sqlite_file(engine.url)
    if path is not None and state.current:
        backup_sqlite(path, state.current[0], (time or SystemTime()).now())
    if engine.dialect.name != "sqlite" or path is None:
        # PostgreSQL DDL is transactional already; an in-memory SQLite database lives
        # on the engine's one connection and cannot outlive a crash anyway.
        command.upgrade(config, "head")
        return
    migration = _transactional_sqlite_engine(engine)
    try:
        command.upgrade(alembic_config(migration), "head")
    finally:
        migration.dispose()


def _transactional_sqlite_engine(engine: Engine) -> Engine:
    """An engine on the same file whose transactions really are SQLite transactions.

    Python's sqlite3 module runs CREATE/ALTER/DROP outside any transaction, so a
    migration killed half-way would leave some tables made and no revision stamped,
    and the next start-up would fail on "table already exists". Here pysqlite's own
    transaction handling is off and each transaction starts with BEGIN IMMEDIATE, so
    every migration and its revision stamp commit together or not at all.
    """
    migration = create_engine(engine.url, poolclass=NullPool)
    event.listen(migration, "connect", _sqlite_pragmas)
    event.listen(migration, "connect", _no_implicit_transactions)
    event.listen(migration, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    event.listen(migration, "handle_error", translate)
    return migration


def _no_implicit_transactions(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None


@dataclass(frozen=True)
class Database:
    """An open database: its engine and the factory of sessions the services use."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def is_new(self) -> bool:
        """True while no detainer has ever been logged (demo data may be offered)."""
        from sqlalchemy import select

        from desk_app.store.models import Detainer

        with self.sessions() as session:
            return session.scalar(select(Detainer.id).limit(1)) is None

    def newer_revisions(self) -> tuple[str, ...]:
        """Schema revisions stored here that this build has no migration for.

        Non-empty once another workstation, upgraded, migrated the shared database: this
        program must then stop saving and ask to be upgraded.
        """
        with self.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_heads()
        known = known_revisions()
        return tuple(revision for revision in current if revision not in known)

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


@lru_cache(maxsize=1)
def known_revisions() -> frozenset[str]:
    """Every migration this build ships (read once from `desk_app/migrations`)."""
    script = ScriptDirectory(str(migrations_dir()))
    return frozenset(revision.revision for revision in script.walk_revisions())


def open_database(url: str | None = None, time: TimeSource | None = None) -> Database:
    """Open (creating and migrating if needed) the database at `url`.

    `time` names the backup copy made before a migration (the system clock if None).
    """
    url = url or default_url()
    path = sqlite_file(make_url(url))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        create_private_file(path)
    engine = make_engine(url)
    try:
        migrate(engine, time)
    except BaseException:
        engine.dispose()
        raise
    log.info("database ready: %s", engine.url.render_as_string(hide_password=True))
    sessions = sessionmaker(engine, expire_on_commit=False)
    from desk_app.store.field_limits import check_lengths

    check_lengths(sessions)  # too-long text refused by name, on SQLite as on PostgreSQL
    from desk_app.store.change_listener import announce_changes

    announce_changes(sessions, engine)  # other workstations hear each change (PostgreSQL)
    from desk_app.store.write_check import WriteCheck, guard_commits

    guard_commits(sessions, WriteCheck(engine))  # a deleted file: refused, not lost
    return Database(engine, sessions)
