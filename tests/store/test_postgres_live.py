"""Several workstations on one PostgreSQL server: one board, live, never overwritten.

The booking desk and the sergeant's desk are two `open_desk` on the same database,
as two workstations would be (each with its own engine and connections).
"""

from __future__ import annotations

import importlib
import pkgutil
import select
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import monotonic

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

import desk_app.store
from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.errors import ConflictError
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType, Role
from desk_app.store.audit import verify_chain
from desk_app.store.change_listener import ChangeListener, listen_for_changes
from desk_app.store.database import alembic_config, make_engine, migrate
from desk_app.store.desk import Desk, open_desk
from desk_app.store.models import Base
from tests.postgres import PostgresServer

NOW = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)  # 14:00 in Pittsfield
REYES = Actor("Ofc. D. Reyes", Role.DESK_OFFICER)
KIM = Actor("Sgt. M. Kim", Role.SUPERVISOR)
WITHIN_SECONDS = 2.0


def form(number: str) -> DetainerForm:
    """A detainer received an hour before the desks' clocks."""
    return DetainerForm(detainer_number=number, form_type=FormType.I_247A,
                        case_number=f"26-{number[-4:]}-AR", subject_name="José Ñúñez",
                        received_at=NOW - timedelta(hours=1))


def heard(listener: ChangeListener, within: float = WITHIN_SECONDS) -> list[int]:
    """What the listener hears within `within` seconds, waiting on its socket."""
    deadline = monotonic() + within
    while True:
        ids = listener.poll()
        remaining = deadline - monotonic()
        if ids or remaining <= 0:
            return ids
        fileno = listener.fileno()
        if fileno is None:
            select.select([], [], [], min(remaining, 0.05))
        else:
            select.select([fileno], [], [], remaining)


@pytest.fixture
def clock() -> FixedTime:
    """The wall clock both workstations read."""
    return FixedTime(NOW)


@pytest.fixture
def booking(postgres_url: str, clock: FixedTime) -> Iterator[Desk]:
    """The booking desk's workstation."""
    desk = open_desk(postgres_url, clock)
    yield desk
    desk.db.close()


@pytest.fixture
def sergeant(postgres_url: str, clock: FixedTime) -> Iterator[Desk]:
    """The sergeant's workstation on the same server."""
    desk = open_desk(postgres_url, clock)
    yield desk
    desk.db.close()


def test_change_at_one_desk_reaches_the_other_within_two_seconds(
        booking: Desk, sergeant: Desk) -> None:
    """The sergeant's board would not show a detainer the booking desk just logged."""
    with listen_for_changes(sergeant.db) as listener:
        logged = booking.detainers.log(form("D26-0001"), REYES)
        assert heard(listener) == [logged.id]  # within WITHIN_SECONDS of the commit
        booking.custody.complete_step(logged.id, logged.steps[0].step_id, REYES)
        assert heard(listener) == [logged.id]
        assert [s.id for s in sergeant.detainers.active()] == [logged.id]


def test_a_desk_does_not_hear_its_own_changes(booking: Desk, sergeant: Desk) -> None:
    """Each board would refresh twice for its own saves (its change feed told it)."""
    with listen_for_changes(booking.db) as own:
        mine = booking.detainers.log(form("D26-0001"), REYES)
        theirs = sergeant.detainers.log(form("D26-0002"), KIM)
        # Notices arrive in commit order: had the first been heard, it would come first.
        assert heard(own) == [theirs.id]
        assert mine.id != theirs.id


def test_second_save_is_refused_and_names_who_saved_first(
        booking: Desk, sergeant: Desk, clock: FixedTime) -> None:
    """Two people editing one detainer would silently overwrite each other."""
    logged = booking.detainers.log(form("D26-0001"), REYES)
    seen_by_sergeant = sergeant.detainers.get(logged.id)
    clock.advance(timedelta(minutes=7))
    booking.detainers.edit(logged.id, logged.version, {"booking_number": "B-REYES"}, REYES)
    with pytest.raises(ConflictError) as refused:
        sergeant.detainers.edit(logged.id, seen_by_sergeant.version,
                                {"booking_number": "B-KIM"}, KIM)
    assert "changed by Ofc. D. Reyes at 14:07; your changes are kept" in str(refused.value)
    assert sergeant.detainers.get(logged.id).booking_number == "B-REYES"


def test_save_racing_another_is_refused_and_not_announced(
        booking: Desk, sergeant: Desk, clock: FixedTime) -> None:
    """Both saves passing the version check at once would end in a crash, not a message."""
    logged = booking.detainers.log(form("D26-0001"), REYES)
    clock.advance(timedelta(minutes=7))
    with listen_for_changes(booking.db) as listener:
        with pytest.raises(ConflictError) as refused:
            with sergeant.ctx.change(logged.id, KIM, "detainer edited", "Corrected sex",
                                     logged.version) as edit:
                edit.row.sex = "M"
                # The booking desk saves while the sergeant's save is in flight.
                booking.detainers.edit(logged.id, logged.version, {"sex": "F"}, REYES)
        assert "changed by Ofc. D. Reyes at 14:07" in str(refused.value)
        assert sergeant.detainers.get(logged.id).sex == "F"
        other = sergeant.detainers.log(form("D26-0002"), KIM)
        # The refused save sent nothing; the next notice is the sergeant's new detainer.
        assert heard(listener) == [other.id]


def test_migrations_on_an_empty_postgres_database_match_the_models(
        postgres_server: PostgresServer) -> None:
    """A department's new server would lack a column, or type one differently."""
    name = postgres_server.new_name("migrations")
    engine = make_engine(postgres_server.create_database(name))
    try:
        migrate(engine)
        for module in pkgutil.iter_modules(desk_app.store.__path__):
            importlib.import_module(f"desk_app.store.{module.name}")
        heads = ScriptDirectory.from_config(alembic_config(engine)).get_heads()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert context.get_current_heads() == tuple(heads)
            differences = compare_metadata(context, Base.metadata)
            tables = set(inspect(connection).get_table_names())
        assert differences == []
        assert set(Base.metadata.tables) <= tables
    finally:
        engine.dispose()
        postgres_server.drop_database(name)


def test_sqlite_listener_hears_another_connection(tmp_path: Path) -> None:
    """The board would miss detainers logged from the command line on the same file."""
    url = f"sqlite:///{tmp_path}/desk.sqlite3"
    board, command_line = open_desk(url, FixedTime(NOW)), open_desk(url, FixedTime(NOW))
    try:
        with listen_for_changes(board.db) as listener:
            assert listener.poll() == []
            logged = command_line.detainers.log(form("D26-0001"), REYES)
            assert heard(listener) == [logged.id]
            assert listener.poll() == []
    finally:
        board.db.close()
        command_line.db.close()


def test_audit_chain_stays_whole_when_desks_save_at_once(
        booking: Desk, sergeant: Desk) -> None:
    """`desk-app audit verify` would report tampering after two desks saved together."""
    desks = [(booking, REYES, "D26-0001"), (sergeant, KIM, "D26-0002")]
    logged = [desk.detainers.log(form(number), actor) for desk, actor, number in desks]
    start = threading.Barrier(len(desks))
    errors: list[BaseException] = []

    def save_repeatedly(desk: Desk, actor: Actor, detainer_id: int) -> None:
        try:
            start.wait()
            for number in range(15):
                desk.detainers.edit(detainer_id, desk.detainers.get(detainer_id).version,
                                    {"booking_number": f"B-{number}"}, actor)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=save_repeatedly, args=(desk, actor, snap.id))
               for (desk, actor, _), snap in zip(desks, logged, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "the saves are stuck"
    assert errors == []
    with booking.db.sessions() as session:
        report = verify_chain(session)
    assert report.intact, f"chain broken at audit entry {report.first_bad_id}"
    assert report.entries == 2 + 2 * 15
