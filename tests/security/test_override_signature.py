"""A supervisor override is a signature, not a typed name (finding 3 of issue 13).

Reproduced before: typing "Sgt. A. Kim" (no such account) in the close dialog closed the
detainer, and the audit, the handoff sheet and `closed_by` credited that name while the
signed-in officer appeared nowhere. Now the supervisor signs in on the spot.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.errors import RuleRefusedError
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import BailDecision, FormType, Outcome, Role
from desk_app.store.desk import Desk, open_desk
from desk_app.store.handoff_service import HandoffService
from desk_app.store.models import AuditEntry
from desk_app.store.override_signature import sign_override
from desk_app.store.people_service import PeopleService, SignInError

NOW = datetime(2026, 11, 25, 19, tzinfo=UTC)
OFFICER = Actor("Ofc. D. Reyes", Role.DESK_OFFICER)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def desk(request: pytest.FixtureRequest, tmp_path: Path) -> Desk:
    """A desk with a supervisor (kim) and a records clerk (dube)."""
    if request.param == "postgresql":
        address = str(request.getfixturevalue("postgres_url"))
    else:
        address = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    opened = open_desk(address, FixedTime(NOW))
    request.addfinalizer(opened.db.close)
    people = PeopleService(opened.db, opened.time, opened.zone)
    admin = people.first_administrator("admin", "Lt. A. Okafor", "admin-password-1")
    people.add("kim", "Sgt. A. Kim", Role.SUPERVISOR, "kim-password-12", admin)
    people.add("dube", "M. Dube (Records)", Role.RECORDS_CLERK, "dube-password-1", admin)
    return opened


def open_steps(desk: Desk) -> int:
    """A detainer released on recognizance with its release steps still open."""
    form = DetainerForm("D26-0001", FormType.I_247A, "26-0001-AR", "José Ñúñez", NOW)
    detainer = desk.detainers.log(form, OFFICER)
    desk.custody.record_bail_decision(detainer.id, BailDecision.PERSONAL_RECOGNIZANCE,
                                      OFFICER)
    return detainer.id


def test_a_signed_override_names_the_officer_and_the_supervisor(desk: Desk) -> None:
    """The audit, closed_by and the handoff sheet must show who closed and who signed."""
    detainer_id = open_steps(desk)
    people = PeopleService(desk.db, desk.time, desk.zone)
    kim = sign_override(people, "kim", "kim-password-12")
    closed = desk.custody.close(detainer_id, Outcome.RELEASED_ON_RECOGNIZANCE, OFFICER,
                                override_reason="ERO unreachable", approver=kim)
    assert closed.closed_by == "Ofc. D. Reyes, override signed by Sgt. A. Kim"
    with desk.db.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "detainer closed")).one()
    assert entry.actor == "Ofc. D. Reyes"
    assert ("supervisor override by Sgt. A. Kim (signed on the spot for Ofc. D. Reyes)"
            in entry.summary)
    events = [e for e in HandoffService(desk).preview().events if e.kind == "Closed"]
    assert [(e.actor, "Sgt. A. Kim" in e.summary) for e in events] == \
        [("Ofc. D. Reyes", True)]


@pytest.mark.parametrize(("username", "password", "refusal"), [
    ("Sgt. A. Kim", "anything-at-all", SignInError),
    ("kim", "not-her-password", SignInError),
    ("dube", "dube-password-1", RuleRefusedError),
])
def test_no_signature_no_override(desk: Desk, username: str, password: str,
                                  refusal: type[Exception]) -> None:
    """A name without an account, a wrong password or a clerk's signature is refused."""
    open_steps(desk)
    people = PeopleService(desk.db, desk.time, desk.zone)
    with pytest.raises(refusal):
        sign_override(people, username, password)


def test_an_officer_cannot_approve_their_own_override(desk: Desk) -> None:
    """Without a supervisor's signature the service refuses, whatever the dialog does."""
    detainer_id = open_steps(desk)
    with pytest.raises(RuleRefusedError, match="Only a supervisor"):
        desk.custody.close(detainer_id, Outcome.EXPIRED, OFFICER,
                           override_reason="typed a name", approver=OFFICER)
    assert desk.detainers.get(detainer_id).closed_at is None
