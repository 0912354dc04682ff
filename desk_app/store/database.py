"""Engines, sessions and migrations: SQLite by default, PostgreSQL by URL.

No engine exists at import time; `open_database(url)` builds one, applies the
Alembic migrations and hands back a session factory.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from platformdirs import user_data_path
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from desk_app.resources import migrations_dir

log = logging.getLogger(__name__)

APP_NAME = "detainer-desk"
DB_URL_ENV = "DESK_DB_URL"


def default_url() -> str:
    """The embedded SQLite file in the user's data directory (or DESK_DB_URL)."""
    if os.environ.get(DB_URL_ENV):
        return os.environ[DB_URL_ENV]
    folder = user_data_path(APP_NAME, appauthor=False, ensure_exists=True)
    return f"sqlite:///{folder / 'detainers.sqlite3'}"


def make_engine(url: str) -> Engine:
    """An engine with the pragmas a shared booking-desk file needs on SQLite."""
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration that runs `db/` against this engine's connection."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest migration (run at every start-up)."""
    command.upgrade(alembic_config(engine), "head")


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

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def open_database(url: str | None = None) -> Database:
    """Open (creating and migrating if needed) the database at `url`."""
    url = url or default_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    migrate(engine)
    log.info("database ready: %s", engine.url.render_as_string(hide_password=True))
    return Database(engine, sessionmaker(engine, expire_on_commit=False))
