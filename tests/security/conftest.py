"""What the security tests share: every one runs on a new SQLite file and on the suite's
PostgreSQL server, because the guarantees (the audit log's triggers, the roles, the
locks) are built differently on each; and most open the desk at a fixed instant.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desk_app.domain.time_source import FixedTime
from desk_app.store.desk import Desk, open_desk


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty desk database: a SQLite file, then the suite's PostgreSQL database."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'desk.sqlite3'}"


OpenDesk = Callable[..., Desk]


@pytest.fixture
def open_test_desk(request: pytest.FixtureRequest, database_url: str) -> OpenDesk:
    """Open the desk on `database_url` at the instant of `time` (a `FixedTime` the test
    may move on), under `profile_id` or the default profile; closed after the test."""

    def open_(time: FixedTime, profile_id: str | None = None) -> Desk:
        opened = open_desk(database_url, time, profile_id)
        request.addfinalizer(opened.db.close)
        return opened

    return open_
