"""Fixtures for the GUI tests: a desk on a fresh SQLite file at a fixed instant."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType, Role
from desk_app.store.desk import Desk, open_desk

if TYPE_CHECKING:
    from bench.fax_forms import FaxValues
    from desk_app.records.form_reader import FaxReading

# Wednesday 25 November 2026, 14:00 in Massachusetts: the day before Thanksgiving.
WEDNESDAY_2PM = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
OFFICER = Actor("Ofc. D. Reyes", Role.DESK_OFFICER)
SERGEANT = Actor("Sgt. M. Kim", Role.SUPERVISOR)


@pytest.fixture
def clock() -> FixedTime:
    """The injected time every GUI test starts from."""
    return FixedTime(WEDNESDAY_2PM)


@pytest.fixture
def desk(tmp_path: Path, clock: FixedTime) -> Iterator[Desk]:
    """A Pittsfield desk on its own database file."""
    opened = open_desk(f"sqlite:///{tmp_path / 'desk.sqlite3'}", clock, "pittsfield-413")
    yield opened
    opened.db.close()


def log_detainer(desk: Desk, number: str = "D26-0001", name: str = "José Ñúñez",
                 received: datetime = WEDNESDAY_2PM, station: str = "") -> int:
    """Log a detainer through the service (at `station`) and return its id."""
    form = DetainerForm(detainer_number=number, form_type=FormType.I_247A,
                        case_number=f"26-{number[-4:]}-AR", subject_name=name,
                        received_at=received, station=station)
    return desk.detainers.log(form, OFFICER).id


@pytest.fixture(autouse=True)
def close_dialogs_without_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dialogs still holding typing when a test ends are closed by pytest-qt, which asks
    whether to lose it: the question is answered Yes (tests that look at the question
    answer it themselves)."""
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args, **_kw: QMessageBox.StandardButton.Yes)


def read_generated_fax(folder: Path, seed: int, name: str
                       ) -> tuple[Path, FaxValues, FaxReading]:
    """A generated fine-resolution fax of known values (bench/fax_forms.py) saved as
    `name` in `folder`, and what the reader reads off it: the intake tests' one fax."""
    from bench.fax_forms import FINE, make_fax, make_values
    from desk_app.records.form_reader import read_fax

    rng = random.Random(seed)
    values = make_values(rng)
    path = make_fax(values, FINE, rng, folder / name)
    return path, values, read_fax(path)
