"""Fixtures for the store tests: a fresh desk per test, a fixed clock, people.

Every test that opens a desk runs twice: on a fresh SQLite file (the embedded
default) and on a fresh database of a real PostgreSQL server (the shared multi-
workstation setup), so the two cannot drift apart unnoticed.

The desk's clock stands at Wednesday 25 November 2026, 14:00 in Pittsfield (19:00 UTC),
the afternoon before Thanksgiving, so a 48-hour window runs over a holiday and a weekend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm, DetainerSnapshot
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType, Role
from desk_app.store.desk import Desk, open_desk
from desk_app.store.models import AuditEntry, Detainer

NOW = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)

# Tests of SQLite's own settings (pragmas); PostgreSQL has nothing to check there.
# Prefer marking such a test `@pytest.mark.sqlite_only`; names here predate the marker.
SQLITE_ONLY = frozenset({"test_sqlite_pragmas_are_on", "test_foreign_keys_are_enforced"})


def pytest_configure(config: pytest.Config) -> None:
    """Name the marker that keeps a store test off PostgreSQL."""
    config.addinivalue_line("markers", "sqlite_only: a store test of SQLite's own settings")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that opens a desk on both backends (SQLite-only tests on one)."""
    if "desk_url" not in metafunc.fixturenames:
        return
    backends = [pytest.param("sqlite", id="sqlite")]
    sqlite_only = (metafunc.definition.get_closest_marker("sqlite_only") is not None
                   or metafunc.function.__name__ in SQLITE_ONLY)
    if not sqlite_only:
        backends.append(pytest.param("postgresql", id="postgresql",
                                     marks=pytest.mark.postgresql))
    metafunc.parametrize("desk_url", backends, indirect=True)


@pytest.fixture
def now() -> datetime:
    """The instant the desk's clock stands at when the test starts."""
    return NOW


@pytest.fixture
def clock() -> FixedTime:
    """A clock that moves only when the test moves it."""
    return FixedTime(NOW)


@pytest.fixture
def desk_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """A fresh database for this test alone: an SQLite file, or a PostgreSQL database."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 't.sqlite3'}"


@pytest.fixture
def desk(desk_url: str, clock: FixedTime) -> Iterator[Desk]:
    """The Pittsfield desk (the default profile) on a fresh database."""
    opened = open_desk(desk_url, clock)
    yield opened
    opened.db.close()


@pytest.fixture
def officer() -> Actor:
    """The desk officer on duty."""
    return Actor("Ofc. D. Reyes", Role.DESK_OFFICER)


@pytest.fixture
def other_officer() -> Actor:
    """A second desk officer at another workstation."""
    return Actor("Ofc. S. Walsh", Role.DESK_OFFICER)


@pytest.fixture
def supervisor() -> Actor:
    """The shift supervisor, who may override a blocking step."""
    return Actor("Sgt. M. Kim", Role.SUPERVISOR)


@pytest.fixture
def make_form(now: datetime) -> Callable[..., DetainerForm]:
    """Build a detainer form received an hour ago; keyword arguments override fields."""

    def build(**overrides: Any) -> DetainerForm:
        values: dict[str, Any] = dict(
            detainer_number="D26-00001", form_type=FormType.I_247A,
            case_number="26-1234-AR", subject_name="José Ñúñez",
            received_at=now - timedelta(hours=1), date_of_birth=date(1990, 5, 17))
        values.update(overrides)
        return DetainerForm(**values)

    return build


@pytest.fixture
def log_detainer(desk: Desk, officer: Actor,
                 make_form: Callable[..., DetainerForm]) -> Callable[..., DetainerSnapshot]:
    """Log a detainer as the desk officer; keyword arguments override form fields."""

    def log(**overrides: Any) -> DetainerSnapshot:
        return desk.detainers.log(make_form(**overrides), officer)

    return log


@pytest.fixture
def stored(desk: Desk) -> Callable[[int], Detainer]:
    """Read a detainer row (with steps and attachments) straight from the database."""

    def read(detainer_id: int) -> Detainer:
        with desk.db.sessions() as session:
            row = session.scalar(select(Detainer).where(Detainer.id == detainer_id).options(
                selectinload(Detainer.steps), selectinload(Detainer.attachments)))
            assert row is not None, f"detainer {detainer_id} is not in the database"
            return row

    return read


@pytest.fixture
def audit_entries(desk: Desk) -> Callable[..., list[AuditEntry]]:
    """The audit log as stored, oldest first; optionally for one detainer only."""

    def read(detainer_id: int | None = None) -> list[AuditEntry]:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if detainer_id is not None:
            query = query.where(AuditEntry.detainer_id == detainer_id)
        with desk.db.sessions() as session:
            return list(session.scalars(query))

    return read


@pytest.fixture
def count_rows(desk: Desk) -> Callable[[type], int]:
    """How many rows a table holds."""

    def count(model: type) -> int:
        with desk.db.sessions() as session:
            return session.scalar(select(func.count()).select_from(model)) or 0

    return count


@pytest.fixture
def published(desk: Desk) -> list[int]:
    """The detainer ids the change feed announced, in order."""
    seen: list[int] = []
    desk.ctx.feed.subscribe(seen.append)
    return seen
