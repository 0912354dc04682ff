"""Stations in the store: migration 0011 on a database with detainers, the board's and
the history's station filters (docs/stations.md). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm, DetainerSnapshot
from desk_app.domain.errors import InvalidFieldsError
from desk_app.domain.time_source import FixedTime
from desk_app.store.database import alembic_config
from desk_app.store.desk import Desk, open_desk
from desk_app.store.detainer_service import HistoryFilter


def test_upgrade_gives_existing_detainers_no_station(
        desk_url: str, clock: FixedTime, officer: Actor,
        make_form: Callable[..., DetainerForm]) -> None:
    """Detainers logged before 0011 must survive the upgrade, belong to no station and
    stay on every station's board."""
    first = open_desk(desk_url, clock)
    logged = first.detainers.log(make_form(detainer_number="D26-0001"), officer)
    first.db.close()
    # Back to 0010 with the detainer in it (a plain engine: SQLite rebuilds the table
    # to drop a column, which its foreign-key checks would refuse).
    plain = create_engine(desk_url)
    try:
        command.downgrade(alembic_config(plain), "0010")
        columns = {c["name"] for c in inspect(plain).get_columns("detainers")}
    finally:
        plain.dispose()
    assert "station" not in columns
    upgraded = open_desk(desk_url, clock, station="North")  # migrates to the head
    try:
        old = upgraded.detainers.get(logged.id)
        assert (old.station, old.subject_name) == ("", logged.subject_name)
        assert [d.id for d in upgraded.detainers.active("North")] == [logged.id]
        assert [d.id for d in upgraded.detainers.active("South")] == [logged.id]
        found = upgraded.detainers.history(HistoryFilter(include_active=True, station=""))
        assert [d.id for d in found] == [logged.id]
    finally:
        upgraded.db.close()


def test_station_views_and_history(desk: Desk,
                                   log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """A station's board would show another station's detainers, or lose its own."""
    north = log_detainer(detainer_number="D26-0011", station="North")
    south = log_detainer(detainer_number="D26-0012", station="South")
    none = log_detainer(detainer_number="D26-0013")
    assert {d.id for d in desk.detainers.active("North")} == {north.id, none.id}
    assert {d.id for d in desk.detainers.active()} == {north.id, south.id, none.id}
    found = desk.detainers.history(HistoryFilter(include_active=True, station="South"))
    assert [d.id for d in found] == [south.id]
    lines = list(desk.detainers.tracking_lines("North"))
    assert [line.detainer_number for line in lines] == ["D26-0011"]


def test_station_names_are_checked(desk: Desk,
                                   log_detainer: Callable[..., DetainerSnapshot],
                                   supervisor: Actor) -> None:
    """A station typed with a line break or 200 letters would never match a board."""
    with pytest.raises(InvalidFieldsError) as refused:
        log_detainer(detainer_number="D26-0021", station="North\nSouth")
    assert refused.value.errors[0].field == "station"
    with pytest.raises(InvalidFieldsError):
        log_detainer(detainer_number="D26-0022", station="N" * 121)
    with pytest.raises(InvalidFieldsError) as refused:
        desk.apply_settings({"stations": "North\n" + "S" * 130}, supervisor)
    assert refused.value.errors[0].field == "stations"
