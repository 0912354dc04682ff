"""Permissions in the services: restricted reads, prints and exports refused or audited.

Reproduced before: reports and printing called `records/` with no permission check (only
the command-line wrappers and two GUI views checked), and nothing recorded who read the
tracking sheet, a report, the audit log or the list of people. Here the services are
called directly, as a script or a forgotten menu would, on SQLite and on the real
PostgreSQL server: a role that may not is refused before any file exists, and a role
that may leaves an audit entry naming the person and what was read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.permissions import NEEDS, Access, NotPermittedError, allowed
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType, Role
from desk_app.records.restricted_output import (
    export_tracking_sheet,
    print_detainer,
    save_ordinance,
    save_quarterly,
    view_ordinance,
    view_quarterly,
)
from desk_app.store.audit_query import AuditFilter, audit_lines
from desk_app.store.desk import Desk, open_desk
from desk_app.store.models import AuditEntry
from desk_app.store.people_service import PeopleService

NOW = datetime(2026, 11, 25, 19, tzinfo=UTC)
OFFICER = Actor("Ofc. D. Reyes", Role.DESK_OFFICER)
CLERK = Actor("M. Dube (Records)", Role.RECORDS_CLERK)
ANALYST = Actor("A. Lopez (Crime Analyst)", Role.ANALYST)
SUPERVISOR = Actor("Sgt. M. Kim", Role.SUPERVISOR)
ADMIN = Actor("Lt. A. Okafor", Role.ADMINISTRATOR)
EVERYONE = (OFFICER, CLERK, ANALYST, SUPERVISOR, ADMIN)

Work = Callable[[Desk, Actor, Path], object]


@pytest.fixture
def desk(database_url: str) -> Iterator[Desk]:
    """A desk with one detainer and its administrator."""
    opened = open_desk(database_url, FixedTime(NOW))
    opened.detainers.log(DetainerForm("D26-0001", FormType.I_247A, "26-1", "Ольга Петрова",
                                      NOW), SUPERVISOR)
    PeopleService(opened.db, opened.time).first_administrator("chief", ADMIN.name,
                                                              "chief-password-1")
    yield opened
    opened.db.close()


def _detainer(desk: Desk) -> int:
    return desk.detainers.by_number("D26-0001").id


WORK: dict[Access, Work] = {
    Access.RECORD_PRINTED: lambda d, a, out: print_detainer(d, _detainer(d), a, out),
    Access.ARRESTEE_COPY_PRINTED: lambda d, a, out: print_detainer(d, _detainer(d), a, out,
                                                                   copy=True),
    Access.TRACKING_SHEET_EXPORTED: lambda d, a, out: export_tracking_sheet(d, a, out),
    Access.REPORT_SAVED: lambda d, a, out: save_quarterly(d, 2026, 4, a, out),
    Access.REPORT_VIEWED: lambda d, a, out: view_ordinance(d, date(2026, 7, 1),
                                                           date(2026, 12, 31), a),
    Access.AUDIT_LOG_READ: lambda d, a, out: audit_lines(d.db, AuditFilter(), a, d.time),
    Access.PEOPLE_LIST_READ: lambda d, a, out: PeopleService(d.db, d.time).list_people(a),
    Access.HANDOFF_PRINTED: lambda d, a, out: d.handoffs.record_print(
        a, d.handoffs.preview(), None),
}


def entries(desk: Desk) -> list[AuditEntry]:
    """The audit log, oldest first."""
    with desk.db.sessions() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_every_restricted_read_has_its_work_here() -> None:
    """A restricted read added later would go untested by the two tests below."""
    assert set(WORK) == set(Access) == set(NEEDS)


@pytest.mark.parametrize("access", list(Access), ids=lambda a: a.name.lower())
def test_a_role_that_may_not_is_refused_and_nothing_is_written(
        desk: Desk, access: Access, tmp_path: Path) -> None:
    """A desk officer calling the report code from a script got the restricted report."""
    refused = [actor for actor in EVERYONE if not allowed(actor.role, NEEDS[access])]
    assert refused, f"every role may {access.value}"
    for actor in refused:
        before = len(entries(desk))
        out = tmp_path / f"{access.name}-{actor.role.name}.pdf"
        with pytest.raises(NotPermittedError, match=f"may not {NEEDS[access].value}"):
            WORK[access](desk, actor, out)
        assert not out.exists()
        assert len(entries(desk)) == before


@pytest.mark.parametrize("access", list(Access), ids=lambda a: a.name.lower())
def test_a_role_that_may_is_audited_by_name(desk: Desk, access: Access,
                                            tmp_path: Path) -> None:
    """Who read the tracking sheet, a report or the audit log was recorded nowhere."""
    for actor in EVERYONE:
        if not allowed(actor.role, NEEDS[access]):
            continue
        out = tmp_path / f"{access.name}-{actor.role.name}.csv"
        WORK[access](desk, actor, out)
        last = entries(desk)[-1]
        assert (last.actor, last.action) == (actor.name, access.value)
        if access in (Access.RECORD_PRINTED, Access.ARRESTEE_COPY_PRINTED):
            assert last.detainer_id == _detainer(desk) and "D26-0001" in last.summary
            assert out.read_bytes().startswith(b"%PDF-")


def test_the_report_viewed_and_saved_name_the_period(desk: Desk, tmp_path: Path) -> None:
    """An audit entry that says "report" but not which one cannot answer a records request."""
    view_quarterly(desk, 2026, 4, ANALYST)
    save_ordinance(desk, date(2026, 1, 1), date(2026, 6, 30), SUPERVISOR,
                   tmp_path / "h1.csv")
    viewed, saved = entries(desk)[-2:]
    assert viewed.summary == "Report viewed: quarterly report Q4 2026"
    assert saved.summary == "Report saved: ordinance report 2026-01-01 to 2026-06-30"
    assert (tmp_path / "h1.csv").read_text(encoding="utf-8-sig").startswith("Section,")
