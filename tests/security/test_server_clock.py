"""On PostgreSQL the desk's instants come from the server's clock, and a workstation
whose clock is off by more than two minutes is told so (issue 13, finding 6: a
workstation 55 minutes fast logged receipts, and so expiries, 55 minutes late, and a
fast clock locked accounts for longer everywhere)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url, select

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType, Role
from desk_app.store.desk import open_desk
from desk_app.store.models import AuditEntry
from desk_app.store.people_service import PeopleService, SignInError
from desk_app.store.server_time import ServerTime

OFFICER = Actor("Ofc. D. Reyes", Role.DESK_OFFICER)
NOW = datetime(2026, 11, 25, 19, tzinfo=UTC)


def test_the_offset_is_measured_and_applied() -> None:
    """Three minutes slow against the server: the server's time, and a warning."""
    workstation = FixedTime(NOW)
    time = ServerTime(workstation, lambda: workstation.now() + timedelta(minutes=3))
    assert time.now() == NOW + timedelta(minutes=3)
    assert time.skew == timedelta(minutes=3)
    assert time.skew_warning().startswith(
        "This workstation's clock is 3 minutes behind the database server's.")
    assert "ask IT to set this computer's clock automatically" in time.skew_warning()


def test_two_minutes_or_less_is_not_warned() -> None:
    """Clocks a little apart are normal; the board must not cry wolf."""
    workstation = FixedTime(NOW)
    time = ServerTime(workstation, lambda: workstation.now() - timedelta(minutes=2))
    assert time.now() == NOW - timedelta(minutes=2) and time.skew_warning() == ""


def test_a_server_that_cannot_be_read_keeps_the_last_offset() -> None:
    """A dropped connection must not stop the clock; it is measured again later."""
    workstation = FixedTime(NOW)
    readings = [NOW + timedelta(minutes=5)]

    def server() -> datetime:
        if not readings:
            raise OSError("connection refused")
        return readings.pop()

    time = ServerTime(workstation, server, remeasure=timedelta(minutes=5))
    assert time.now() == NOW + timedelta(minutes=5)
    workstation.advance(timedelta(minutes=6))
    assert time.now() == NOW + timedelta(minutes=11)  # offset kept
    assert "5 minutes behind" in time.skew_warning()


def server_now(url: str) -> datetime:
    """The real server's clock, read directly."""
    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq) as connection:
        row = connection.execute("SELECT clock_timestamp()").fetchone()
    assert row is not None and isinstance(row[0], datetime)
    return row[0].astimezone(UTC)


@pytest.mark.postgresql
def test_a_workstation_three_minutes_slow_records_the_servers_time(
        postgres_url: str, tmp_path: Path) -> None:
    """Receipt checks, audit entries and lockouts use the server's clock; the board's
    warning names the three minutes."""
    server = server_now(postgres_url)
    workstation = FixedTime(server - timedelta(minutes=3))
    desk = open_desk(postgres_url, workstation, server_clock=True)
    try:
        assert abs(desk.time.now() - server) < timedelta(seconds=30)
        assert "3 minutes behind the database server's" in desk.clock_warning()
        # A receipt typed as "now" by the server's clock is not "in the future".
        form = DetainerForm("D26-0001", FormType.I_247A, "26-0001-AR", "José Ñúñez",
                            desk.time.now())
        desk.detainers.log(form, OFFICER)
        with desk.db.sessions() as session:
            logged = session.scalars(select(AuditEntry.at).where(
                AuditEntry.action == "detainer logged")).one()
        assert abs(logged - server) < timedelta(seconds=30)
        people = PeopleService(desk.db, desk.time, desk.zone)
        admin = people.first_administrator("admin", "Lt. A. Okafor", "admin-password-1")
        people.add("kim", "Sgt. A. Kim", Role.SUPERVISOR, "kim-password-12", admin)
        for _ in range(5):
            with pytest.raises(SignInError):
                people.authenticate("kim", "a-wrong-guess-1")
        locked_until = people.get("kim").locked_until
        assert locked_until is not None
        assert abs(locked_until - (server + timedelta(minutes=15))) < timedelta(seconds=30)
    finally:
        desk.db.close()


@pytest.mark.postgresql
def test_a_workstation_on_time_is_not_warned(postgres_url: str) -> None:
    """The suite's own machine shares the server's clock: no warning."""
    desk = open_desk(postgres_url)
    try:
        assert isinstance(desk.time, ServerTime)
        assert desk.clock_warning() == ""
    finally:
        desk.db.close()
