"""Test setup shared by every suite: Qt runs offscreen, never on a real display.

It also owns the PostgreSQL server the store tests run against (besides SQLite): one
server per run, started on first use, and a fresh database for each test that asks.
No server means those tests fail with the reason, never skip: a developer without
one deselects them on purpose with `-m "not postgresql"`.
"""

import os
from collections.abc import Iterator

import pytest

from tests.postgres import PostgresServer, PostgresUnavailableError, start_server

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

POSTGRES_FIXTURES = frozenset({"postgres_server", "postgres_url"})


def pytest_configure(config: pytest.Config) -> None:
    """Name the marker; in CI, refuse a marker expression that would leave it out."""
    config.addinivalue_line(
        "markers", "postgresql: runs against a real PostgreSQL server (started by the "
                   "tests with pgserver, or the one in DESK_TEST_PG_URL)")
    if os.environ.get("CI") and "postgresql" in (config.getoption("markexpr") or ""):
        raise pytest.UsageError("CI runs the PostgreSQL tests; do not select by the "
                                "postgresql marker (-m 'not postgresql' is for a machine "
                                "without a server)")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the server, so it can be selected by marker."""
    for item in items:
        if POSTGRES_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgresql)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The run's PostgreSQL server, with the run's database created and migrated."""
    try:
        server = start_server()
    except PostgresUnavailableError as error:
        reason = str(error)
    else:
        reason = ""
    if reason:
        pytest.fail(f"no PostgreSQL server for the PostgreSQL tests: {reason}", pytrace=False)
    try:
        server.run_database = _migrated_database(server)
        yield server
    finally:
        server.stop()


def _migrated_database(server: PostgresServer) -> str:
    from desk_app.store.database import make_engine, migrate

    name = server.new_name("run")
    engine = make_engine(server.create_database(name))
    try:
        migrate(engine)
    finally:
        engine.dispose()
    return name


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """The run's PostgreSQL database, emptied for this test: as freshly migrated."""
    database = postgres_server.run_database
    assert database is not None
    postgres_server.empty(database)
    return postgres_server.url(database)


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path_factory: pytest.TempPathFactory,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own user data folder: what the desk keeps there (the audit
    checkpoints, the default database) never leaks from one test into another, nor
    into the account that runs the tests."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data-home")))
