"""An audit log nobody can quietly rewrite with the application's own credentials.

Reproduced before: with plain SQL an entry could be changed or deleted (and the chain
recomputed); on PostgreSQL the shared role could UPDATE and DELETE `audit_log`. Now the
database refuses both by itself (migration 0007), and on PostgreSQL the application's
role (packaging/postgres/desk-roles.sql) can neither change entries nor lift the guard.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url, text
from sqlalchemy.exc import DBAPIError

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType, Role
from desk_app.store.audit import verify_chain
from desk_app.store.database import open_database
from desk_app.store.desk import open_desk
from desk_app.store.people_service import PeopleService
from tests.cli_people import signed_main
from tests.postgres import PostgresServer

ROOT = Path(__file__).resolve().parent.parent.parent
OFFICER = Actor("Ofc. D. Reyes", Role.DESK_OFFICER)
FORM = DetainerForm("D26-0001", FormType.I_247A, "26-0001-AR", "José Ñúñez",
                    datetime(2026, 11, 25, 19, tzinfo=UTC))


@pytest.fixture
def url(database_url: str) -> str:
    """A desk database with one logged detainer (so the log has entries)."""
    desk = open_desk(database_url, FixedTime(FORM.received_at))
    desk.detainers.log(FORM, OFFICER)
    desk.db.close()
    return database_url


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET summary = 'nothing happened' WHERE id = 1",
    "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
    "DELETE FROM audit_log",
])
def test_plain_sql_cannot_change_or_delete_an_entry(url: str, statement: str) -> None:
    db = open_database(url)
    try:
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
            connection.execute(text(statement))
        with db.sessions() as session:
            report = verify_chain(session)
        assert report.intact and report.entries >= 1
    finally:
        db.close()


@pytest.mark.postgresql
def test_truncate_is_refused(postgres_url: str) -> None:
    db = open_database(postgres_url)
    try:
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
            connection.execute(text("TRUNCATE audit_log CASCADE"))
    finally:
        db.close()


@pytest.mark.postgresql
def test_the_application_role_cannot_rewrite_or_unguard_the_log(
        postgres_server: PostgresServer, postgres_url: str) -> None:
    """The workstations' role works the desk, and cannot touch history."""
    open_database(postgres_url).close()  # migrated by the owner (the test's superuser)
    database = make_url(postgres_url).database
    assert database is not None
    roles_sql = (ROOT / "packaging" / "postgres" / "desk-roles.sql").read_text("utf-8")
    with postgres_server.connect(database) as owner:
        for role in ("desk_app", "desk_owner"):  # left by an earlier run of this test
            if owner.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                owner.execute(f"DROP OWNED BY {role}")
                owner.execute(f"DROP ROLE {role}")
        owner.execute("CREATE ROLE desk_owner")
        owner.execute("CREATE ROLE desk_app LOGIN PASSWORD 'app-password-1'")
        owner.execute(roles_sql)
    app_url = make_url(postgres_url).set(username="desk_app", password="app-password-1")
    as_app = app_url.render_as_string(hide_password=False)
    desk = open_desk(as_app, FixedTime(FORM.received_at))  # no migration needed: it runs
    try:
        second = DetainerForm("D26-0002", FormType.I_247A, "26-0002-AR", "Ольга Петрова",
                              FORM.received_at)
        assert desk.detainers.log(second, OFFICER).detainer_number == "D26-0002"
    finally:
        desk.db.close()
    libpq = make_url(as_app).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as app:
        for statement in ("UPDATE audit_log SET summary = 'x' WHERE id = 1",
                          "DELETE FROM audit_log", "TRUNCATE audit_log",
                          "ALTER TABLE audit_log DISABLE TRIGGER USER",
                          "DROP TRIGGER audit_log_no_change ON audit_log"):
            with pytest.raises(psycopg.Error):
                app.execute(statement)
    db = open_database(postgres_url)
    try:
        with db.sessions() as session:
            assert verify_chain(session).intact
    finally:
        db.close()


def audit_verify(url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`desk-app --db URL --user admin audit verify`: status, stdout, stderr."""
    status = signed_main(["--db", url, "audit", "verify"], "admin", "admin-password-1")
    out, err = capsys.readouterr()
    return status, out, err


def staffed(url: str) -> None:
    """An administrator, a records clerk promoted to supervisor then back, one disabled."""
    db = open_database(url)
    people = PeopleService(db, FixedTime(FORM.received_at))
    admin = people.first_administrator("admin", "Lt. A. Okafor", "admin-password-1")
    people.add("dube", "M. Dube (Records)", Role.RECORDS_CLERK, "dube-password-1", admin)
    people.change_role("dube", Role.SUPERVISOR, admin)
    people.change_role("dube", Role.RECORDS_CLERK, admin)
    people.add("walsh", "Ofc. S. Walsh", Role.DESK_OFFICER, "walsh-password-1", admin)
    people.set_active("walsh", False, admin)
    db.close()


def test_people_as_audited_pass(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    staffed(url)
    status, out, err = audit_verify(url, capsys)
    assert (status, err) == (0, "")
    assert "chain intact; every person and detainer as audited" in out


@pytest.mark.parametrize(("statement", "said"), [
    ("UPDATE people SET role = 'administrator' WHERE username = 'dube'",
     "person dube: role is 'administrator' but audit entry"),
    ("UPDATE people SET active = true WHERE username = 'walsh'",
     "person walsh: active is 'True' but audit entry"),
    ("INSERT INTO people (username, display_name, role, password_hash, active, "
     "failed_attempts, created_at) SELECT 'mallory', 'Mallory', role, password_hash, "
     "active, 0, created_at FROM people WHERE username = 'admin'",
     "person mallory: no audit entry added this person"),
])
def test_a_person_changed_behind_the_log_is_caught(url: str, statement: str, said: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Making a records clerk an administrator by SQL went unnoticed."""
    staffed(url)
    db = open_database(url)
    try:
        with db.engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        db.close()
    status, out, err = audit_verify(url, capsys)
    assert status == 1 and out == ""
    assert said in err and "changed outside the application" in err
