"""A PostgreSQL server for the tests, and fresh databases on it.

Why this exists: several workstations share one PostgreSQL server, so the store must
behave there exactly as on the embedded SQLite file, and the only proof is to run the
store tests against a real server. CI runs on a fresh machine where no server may be
installed, so unless `DESK_TEST_PG_URL` names one, the tests start their own: the
`pgserver` wheel (a test dependency) ships PostgreSQL binaries and starts a private
server in a temporary folder in about a second, also as root (it runs the server as
a system user of its own). The server listens on a Unix socket inside that folder
only, so concurrent test runs on one machine never meet.

Each run creates a database of its own and migrates it once; before each test it is
emptied (rows deleted child tables first, id sequences restarted, connections a test
left open ended), which leaves it as a freshly migrated database would be. Measured
on the 2-core CI machine: emptying takes about 30 ms, where CREATE DATABASE from a
migrated template takes 200-300 ms and migrating a new schema about 100 ms; over the
~130 PostgreSQL tests that is about 4 s against 30 s. A test that needs
a database with no schema at all (the migration tests) creates one with
`create_database` and drops it.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

log = logging.getLogger(__name__)

PG_URL_ENV = "DESK_TEST_PG_URL"
"""An existing server to use instead of starting one (any database on it; the tests
create and drop their own databases there, so the role needs CREATEDB)."""

DRIVER = "postgresql+psycopg"
START_HINT = (f"install the test extras (pip install -e '.[test]', which brings "
              f"pgserver) or set {PG_URL_ENV} to a server the tests may create "
              "databases on")


class PostgresUnavailableError(RuntimeError):
    """No server could be had; the message says why and what to do."""


@dataclass
class PostgresServer:
    """A running server the tests may create and drop databases on.

    `admin_url` points at the maintenance database `postgres`; `where` says in words
    which server this is (for messages); `_stop` shuts down a server we started.
    """

    admin_url: URL
    where: str
    _stop: Callable[[], None] = field(default=lambda: None, repr=False)
    _names: itertools.count[int] = field(default_factory=itertools.count, repr=False)
    run_database: str | None = None
    private: bool = False

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of one database on this server."""
        return self.admin_url.set(database=database).render_as_string(hide_password=False)

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
        """An autocommit connection to the maintenance database (CREATE/DROP DATABASE)."""
        return self.connect(self.admin_url.database or "postgres")

    def new_name(self, kind: str = "test") -> str:
        """A database name no other run on this server uses."""
        return f"desk_{kind}_{os.getpid()}_{next(self._names)}"

    def create_database(self, name: str) -> str:
        """Create an empty database `name` (no schema at all); return its URL."""
        with self.admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a test database, ending any connection a test left open on it."""
        with self.admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))

    def connect(self, database: str) -> psycopg.Connection[tuple[object, ...]]:
        """An autocommit connection to one database on this server."""
        return psycopg.connect(_libpq(self.admin_url.set(database=database)),
                               autocommit=True, connect_timeout=10)

    def tune_for_tests(self) -> None:
        """Trade durability for speed on a private, throw-away server.

        A test database never has to survive a power cut; without the fsyncs the
        per-test reset and each commit are several times faster on a busy disk.
        """
        if not self.private:
            return
        with self.admin() as conn:
            for setting in ("fsync", "synchronous_commit", "full_page_writes"):
                conn.execute(sql.SQL("ALTER SYSTEM SET {} = off").format(
                    sql.Identifier(setting)))
            conn.execute("SELECT pg_reload_conf()")

    def empty(self, database: str) -> None:
        """Leave `database` as freshly migrated: no rows, ids from 1, no open sessions."""
        with self.connect(database) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = current_database() AND pid <> pg_backend_pid()")
            tables = _children_first(conn)
            sequences = [row[0] for row in conn.execute(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")]
            with conn.transaction():
                # The audit log refuses DELETE (migration 0007): the owner lifts that
                # for the emptying only, inside this transaction.
                conn.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
                for table in tables:
                    conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
                conn.execute("ALTER TABLE audit_log ENABLE TRIGGER USER")
                for sequence in sequences:
                    conn.execute("SELECT setval(%s, 1, false)", (f'"{sequence}"',))

    def stop(self) -> None:
        """Drop the run's database and, if this run started the server, shut it down."""
        try:
            if self.run_database:
                self.drop_database(self.run_database)
        finally:
            self._stop()


def start_server() -> PostgresServer:
    """The server named by DESK_TEST_PG_URL, or a private one started with pgserver.

    Raises PostgresUnavailableError with the reason when neither works.
    """
    named = os.environ.get(PG_URL_ENV, "").strip()
    server = _named_server(named) if named else _private_server()
    try:
        with server.admin() as conn:
            version = conn.execute("SHOW server_version").fetchone()
    except psycopg.Error as error:
        server.stop()
        raise PostgresUnavailableError(f"cannot connect to {server.where}: {error}") from error
    server.where += f" (PostgreSQL {version[0] if version else '?'})"
    server.tune_for_tests()
    log.info("tests use %s", server.where)
    return server


def _named_server(url_text: str) -> PostgresServer:
    try:
        url = make_url(url_text)
    except Exception as error:  # noqa: BLE001 - any parse failure is the same to the user
        raise PostgresUnavailableError(f"{PG_URL_ENV} is not a database URL: {error}") from error
    if not url.drivername.startswith("postgresql"):
        raise PostgresUnavailableError(f"{PG_URL_ENV} must name a PostgreSQL server, "
                                  f"not {url.drivername}")
    admin = url.set(drivername=DRIVER, database="postgres")
    return PostgresServer(admin, f"the server in {PG_URL_ENV} "
                                 f"({admin.render_as_string(hide_password=True)})")


def _private_server() -> PostgresServer:
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells).
            warnings.simplefilter("ignore")
            import pgserver
    except ImportError as error:
        raise PostgresUnavailableError(f"pgserver is not installed ({error}); "
                                  f"{START_HINT}") from error
    # A short path: the server's Unix socket lives in this folder (limit ~100 bytes).
    folder = tempfile.mkdtemp(prefix="desk-pg-", dir="/tmp" if os.path.isdir("/tmp")
                              else None)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            handle = pgserver.get_server(folder, cleanup_mode="delete")
    except Exception as error:  # noqa: BLE001 - pgserver raises whatever its tools raise
        shutil.rmtree(folder, ignore_errors=True)
        raise PostgresUnavailableError(f"pgserver could not start PostgreSQL in {folder}: "
                                  f"{error}; {START_HINT}") from error

    def stop() -> None:
        handle.cleanup()
        shutil.rmtree(folder, ignore_errors=True)

    admin = make_url(handle.get_uri("postgres")).set(drivername=DRIVER)
    return PostgresServer(admin, f"a private server started by pgserver in {folder}", stop,
                          private=True)


def _children_first(conn: psycopg.Connection[tuple[object, ...]]) -> list[str]:
    """The schema's tables (Alembic's own aside), each after every table referring to it."""
    tables = {row[0] for row in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
        "AND tablename <> 'alembic_version'")}
    refers: dict[str, set[str]] = {table: set() for table in tables}
    for child, parent in conn.execute(
            "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text "
            "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE c.contype = 'f' AND n.nspname = 'public'"):
        child_name, parent_name = str(child).strip('"'), str(parent).strip('"')
        if child_name != parent_name and parent_name in refers:
            refers[parent_name].add(child_name)
    ordered: list[str] = []
    while refers:
        ready = sorted(t for t, children in refers.items() if not children - set(ordered))
        if not ready:
            raise RuntimeError(f"foreign keys form a cycle among {sorted(refers)}")
        ordered += ready
        for table in ready:
            del refers[table]
    return ordered


def _libpq(url: URL) -> str:
    """The libpq form of a SQLAlchemy URL (psycopg.connect does not know '+psycopg')."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)
