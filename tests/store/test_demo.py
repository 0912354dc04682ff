"""`desk-app demo`: a believable board and history, made through the real services.

The demo takes about a second to build, so the tests below share one database; they
only read it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import BailDecision, CustodyStatus, Role
from desk_app.store.audit import verify_chain
from desk_app.store.demo import fill_demo, fill_demo_board
from desk_app.store.desk import Desk, open_desk
from desk_app.store.detainer_service import HistoryFilter
from desk_app.store.models import AuditEntry, ChecklistStep, Detainer

DEMO_NOW = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
ADMIN = Actor("Adm. P. Chen", Role.ADMINISTRATOR)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Desk, str]]:
    """A desk filled with seed 1 and 20 closed detainers, and the summary line."""
    path = tmp_path_factory.mktemp("demo") / "t.sqlite3"
    desk = open_desk(f"sqlite:///{path}", FixedTime(DEMO_NOW))
    summary = fill_demo(desk, seed=1, closed_count=20)
    yield desk, summary
    desk.db.close()


@pytest.fixture
def active(demo: tuple[Desk, str]) -> list[DetainerSnapshot]:
    """The demo board."""
    return demo[0].detainers.active()


def script_of(name: str) -> str:
    """The Unicode script of a name's first letter (LATIN, CYRILLIC, HANGUL...)."""
    letter = next(c for c in name if c.isalpha())
    return unicodedata.name(letter).split()[0]


def test_summary_and_counts(demo: tuple[Desk, str], active: list[DetainerSnapshot]) -> None:
    """The demo would promise a board it did not build."""
    desk, summary = demo
    assert summary == ("Demo data: 12 active detainers at 3 stations (Headquarters, North, "
                       "South), 20 closed over two years; sign in as admin, reyes, kim, "
                       "dube, lopez with password demo-desk-2026.")
    assert len(active) == 12
    closed = desk.detainers.history(HistoryFilter())
    assert len(closed) == 20
    assert all(s.outcome is not None and s.closed_at is not None for s in closed)
    assert all(s.closed_at <= DEMO_NOW for s in closed)
    with desk.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Detainer)) == 32
    assert desk.time.now() == DEMO_NOW


def test_one_detainer_expires_within_the_hour(demo: tuple[Desk, str],
                                              active: list[DetainerSnapshot]) -> None:
    """A trainer could not show the board's red, last-hour alert."""
    clock = demo[0].clock
    left = [clock.expiry(s.clock_start) - DEMO_NOW for s in active if s.clock_start]
    assert len(left) == 12
    assert any(timedelta(0) < span <= timedelta(hours=1) for span in left)
    assert all(span > timedelta(0) for span in left)


def test_one_window_runs_over_a_weekend(demo: tuple[Desk, str],
                                        active: list[DetainerSnapshot]) -> None:
    """A trainer could not show how weekends stop the clock."""
    clock = demo[0].clock
    reasons = [[day.reason for day in clock.excluded_days(s.clock_start,
                                                          clock.expiry(s.clock_start))]
               for s in active if s.clock_start]
    assert any("weekend" in found for found in reasons)


def test_one_bailed_person_awaits_the_ero_notice(active: list[DetainerSnapshot]) -> None:
    """A trainer could not show the ERO notice owed once someone is bailed."""
    waiting = [s for s in active
               if s.custody_status is CustodyStatus.BAILED
               and s.bail_decision in (BailDecision.PERSONAL_RECOGNIZANCE,
                                       BailDecision.MONETARY_BAIL)
               and any(step.step_id == "notify_ero_if_bailed" and step.is_due
                       for step in s.steps)]
    assert waiting
    assert all(s.ero_notified_at is None for s in waiting)


def test_names_from_several_scripts(demo: tuple[Desk, str]) -> None:
    """The demo would never show a board with names the PDFs and fonts must handle."""
    every = demo[0].detainers.history(HistoryFilter(include_active=True))
    scripts = {script_of(s.subject_name) for s in every}
    assert "LATIN" in scripts
    assert len(scripts) >= 3, scripts


def test_demo_audit_chain_is_intact(demo: tuple[Desk, str]) -> None:
    """`desk-app audit verify` would report tampering on a fresh demo database."""
    with demo[0].db.sessions() as session:
        report = verify_chain(session)
        logged = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "detainer logged"))
    assert report.intact
    assert logged == 32


def test_nothing_happens_after_now(demo: tuple[Desk, str]) -> None:
    """The demo board would show steps done, and audit entries, minutes in the future."""
    with demo[0].db.sessions() as session:
        future_steps = session.scalar(select(func.count()).select_from(ChecklistStep).where(
            ChecklistStep.done_at > DEMO_NOW))
        future_entries = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.at > DEMO_NOW))
    assert (future_steps, future_entries) == (0, 0)


def test_demo_people_sign_in_with_each_role(demo: tuple[Desk, str]) -> None:
    """Someone trying the demo must be able to sign in as each role."""
    from desk_app.store.demo import DEMO_PASSWORD, DEMO_PEOPLE
    from desk_app.store.people_service import PeopleService

    desk = demo[0]
    people = PeopleService(desk.db, desk.time, desk.zone)
    roles = {people.authenticate(username, DEMO_PASSWORD).role
             for username, _name, _role in DEMO_PEOPLE}
    assert len(roles) == 4
    assert people.authenticate("admin", DEMO_PASSWORD).role.value == "administrator"


def test_detainers_are_spread_over_the_departments_stations(
        demo: tuple[Desk, str], active: list[DetainerSnapshot]) -> None:
    """The department view, the Reports tab's station picker and its "By station" table
    would show nothing in a demo: every detainer at no station."""
    desk, _summary = demo
    assert desk.settings.stations == "Headquarters\nNorth\nSouth"  # as Settings shows it
    assert desk.stations == ("Headquarters", "North", "South")
    on_board = Counter(s.station for s in active)
    assert on_board == {"Headquarters": 4, "North": 4, "South": 4}
    closed = Counter(s.station for s in desk.detainers.history(HistoryFilter()))
    assert set(closed) == {"Headquarters", "North", "South"} and closed.total() == 20
    assert closed["Headquarters"] >= closed["South"]  # headquarters takes the most
    with desk.db.sessions() as session:
        changed = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "settings changed")).all()
    assert [(e.actor, e.summary) for e in changed] == [("Demo Administrator",
                                                        "Changed stations")]


def test_a_demo_keeps_the_departments_own_stations(tmp_path: Path) -> None:
    """A department that set its stations before filling a demo would find them
    replaced by made-up ones."""
    desk = open_desk(f"sqlite:///{tmp_path / 'own.sqlite3'}", FixedTime(DEMO_NOW),
                     station="District 2")
    try:
        desk.apply_settings({"stations": "District 1\nDistrict 2"}, ADMIN)
        summary = fill_demo_board(desk, seed=1)
        assert "at 2 stations (District 1, District 2)" in summary
        assert {s.station for s in desk.detainers.active()} == {"District 1", "District 2"}
    finally:
        desk.db.close()
