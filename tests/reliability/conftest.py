"""Fixtures for the reliability tests: a desk on its own SQLite file, and a dump of it.

The desk's clock stands at Wednesday 25 November 2026, 14:00 in Pittsfield (19:00 UTC).
`dump` reads every row of every table, so a test can prove that a refused call
changed nothing that was already stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, select

from desk_app.domain.actor import Actor
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import Role
from desk_app.store.desk import Desk, open_desk

NOW = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
OFFICER = Actor("Ofc. D. Reyes", Role.DESK_OFFICER)
SUPERVISOR = Actor("Sgt. M. Kim", Role.SUPERVISOR)
ADMIN = Actor("IT admin", Role.ADMINISTRATOR)

Dump = dict[str, list[tuple[object, ...]]]
FIGURES: list[str] = []  # what the long tests did, shown at the end of the run


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the figures the crash and race tests collected (kills, writes, conflicts)."""
    if FIGURES:
        terminalreporter.section("reliability figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


def dump_database(engine: Engine, meta: MetaData | None = None) -> Dump:
    """Every row of every table, in primary-key order (`meta`: the tables, reflected)."""
    if meta is None:
        meta = MetaData()
        meta.reflect(engine)
    with engine.connect() as connection:
        return {name: [tuple(row) for row in connection.execute(
                    select(table).order_by(*table.primary_key.columns))]
                for name, table in sorted(meta.tables.items())}


@pytest.fixture
def clock() -> FixedTime:
    """A clock that moves only when the test moves it."""
    return FixedTime(NOW)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where this test's SQLite file lives."""
    return tmp_path / "detainers.sqlite3"


@pytest.fixture
def desk(db_path: Path, clock: FixedTime) -> Iterator[Desk]:
    """The Pittsfield desk on a fresh SQLite file."""
    opened = open_desk(f"sqlite:///{db_path}", clock, "pittsfield-413")
    yield opened
    opened.db.close()


@pytest.fixture
def pg_desk(postgres_url: str, clock: FixedTime) -> Iterator[Desk]:
    """The Pittsfield desk on a fresh database of the test PostgreSQL server."""
    opened = open_desk(postgres_url, clock, "pittsfield-413")
    yield opened
    opened.db.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def two_desks(request: pytest.FixtureRequest, clock: FixedTime) -> Iterator[tuple[Desk, Desk]]:
    """Two workstations (each its own engine and connections) on one database: an
    SQLite file, then a database of the PostgreSQL server the suite starts."""
    if request.param == "sqlite":
        url = f"sqlite:///{request.getfixturevalue('db_path')}"
    else:
        url = request.getfixturevalue("postgres_url")
    here = open_desk(url, clock, "pittsfield-413")
    there = open_desk(url, clock, "pittsfield-413")
    yield here, there
    here.db.close()
    there.db.close()


def dumper(desk: Desk) -> Callable[[], Dump]:
    """A function reading back everything the desk's database holds."""
    meta = MetaData()
    meta.reflect(desk.db.engine)
    return lambda: dump_database(desk.db.engine, meta)


@pytest.fixture
def dump(desk: Desk) -> Callable[[], Dump]:
    """Read back everything the desk's database holds."""
    return dumper(desk)
