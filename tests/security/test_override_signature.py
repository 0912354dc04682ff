"""A supervisor override is a signature, not a typed name (finding 3 of issue 13).

Reproduced before: typing "Sgt. A. Kim" (no such account) in the close dialog closed the
detainer, and the audit, the handoff sheet and `closed_by` credited that name while the
signed-in officer appeared nowhere. Now the supervisor signs in on the spot. Then the
close still trusted any approver `Actor` its caller passed in; now it takes only the
approval the signing issued, once, for two minutes, for that detainer. And a supervisor
who must choose a new password could still sign; now they are told to choose it first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.errors import RuleRefusedError
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import BailDecision, FormType, Outcome, Role
from desk_app.store.desk import Desk
from desk_app.store.handoff_service import HandoffService
from desk_app.store.models import AuditEntry
from desk_app.store.override_signature import OverrideApproval
from desk_app.store.people_service import PeopleService, SignInError

NOW = datetime(2026, 11, 25, 19, tzinfo=UTC)
KIM = Actor("Sgt. A. Kim", Role.SUPERVISOR, "kim")
OFFICER = Actor("Ofc. D. Reyes", Role.DESK_OFFICER)


@pytest.fixture
def desk(open_test_desk: Callable[..., Desk]) -> Desk:
    """A desk with a supervisor (kim) and a records clerk (dube)."""
    opened = open_test_desk(FixedTime(NOW))  # moved on by tests through `desk.time`
    people = PeopleService(opened.db, opened.time, opened.zone)
    admin = people.first_administrator("admin", "Lt. A. Okafor", "admin-password-1")
    people.add("kim", "Sgt. A. Kim", Role.SUPERVISOR, "kim-password-12", admin)
    people.add("dube", "M. Dube (Records)", Role.RECORDS_CLERK, "dube-password-1", admin)
    return opened


def open_steps(desk: Desk) -> int:
    """A detainer released on recognizance with its release steps still open."""
    return open_steps_of(desk, "D26-0001")


def open_steps_of(desk: Desk, number: str) -> int:
    """Detainer `number`, released on recognizance with its release steps still open."""
    form = DetainerForm(number, FormType.I_247A, f"{number[4:]}-AR", "José Ñúñez", NOW)
    detainer = desk.detainers.log(form, OFFICER)
    desk.custody.record_bail_decision(detainer.id, BailDecision.PERSONAL_RECOGNIZANCE,
                                      OFFICER)
    return detainer.id


def test_a_signed_override_names_the_officer_and_the_supervisor(desk: Desk) -> None:
    """The audit, closed_by and the handoff sheet must show who closed and who signed."""
    detainer_id = open_steps(desk)
    kim = desk.custody.approvals.sign(desk.people, "kim", "kim-password-12", detainer_id)
    closed = desk.custody.close(detainer_id, Outcome.RELEASED_ON_RECOGNIZANCE, OFFICER,
                                override_reason="ERO unreachable", approval=kim)
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
    detainer_id = open_steps(desk)
    with pytest.raises(refusal):
        desk.custody.approvals.sign(desk.people, username, password, detainer_id)


def test_an_officer_cannot_approve_their_own_override(desk: Desk) -> None:
    """Without a supervisor's signature the service refuses, whatever the dialog does."""
    detainer_id = open_steps(desk)
    with pytest.raises(RuleRefusedError, match="Only a supervisor"):
        desk.custody.close(detainer_id, Outcome.EXPIRED, OFFICER,
                           override_reason="no signature at all")
    assert desk.detainers.get(detainer_id).closed_at is None


def refusals(desk: Desk) -> list[AuditEntry]:
    """The audit entries of refused signatures, oldest first."""
    with desk.db.sessions() as session:
        return list(session.scalars(select(AuditEntry).where(
            AuditEntry.action == "signature refused").order_by(AuditEntry.id)))


def close_with(desk: Desk, detainer_id: int, approval: OverrideApproval) -> None:
    """The officer's close past the open steps, with `approval` as the signature."""
    desk.custody.close(detainer_id, Outcome.RELEASED_ON_RECOGNIZANCE, OFFICER,
                       override_reason="ERO unreachable", approval=approval)


def test_a_forged_approval_is_refused_and_audited(desk: Desk) -> None:
    """A caller naming a supervisor (no password given) closed past the open steps."""
    detainer_id = open_steps(desk)
    forged = OverrideApproval(KIM, detainer_id, desk.time.now(), "made-up-seal")
    with pytest.raises(RuleRefusedError, match="not signed here"):
        close_with(desk, detainer_id, forged)
    real = desk.custody.approvals.sign(desk.people, "kim", "kim-password-12", detainer_id)
    altered = replace(real, approver=Actor("Lt. A. Okafor", Role.ADMINISTRATOR, "admin"))
    with pytest.raises(RuleRefusedError, match="changed after the supervisor signed"):
        close_with(desk, detainer_id, altered)
    assert desk.detainers.get(detainer_id).closed_at is None
    assert [(e.actor, e.detainer_id, "Sgt. A. Kim" in e.summary or "Okafor" in e.summary)
            for e in refusals(desk)] == [("Ofc. D. Reyes", detainer_id, True)] * 2


def test_an_approval_is_good_once_for_one_detainer_and_two_minutes(desk: Desk) -> None:
    """One signature would close any number of detainers, at any later time."""
    first, second = open_steps(desk), open_steps_of(desk, "D26-0002")
    kim = desk.custody.approvals.sign(desk.people, "kim", "kim-password-12", first)
    with pytest.raises(RuleRefusedError, match="another detainer"):
        close_with(desk, second, kim)
    kim = desk.custody.approvals.sign(desk.people, "kim", "kim-password-12", first)
    close_with(desk, first, kim)
    assert desk.detainers.get(first).closed_at is not None
    with pytest.raises(RuleRefusedError, match="used already"):
        close_with(desk, first, kim)  # the same approval again
    late = desk.custody.approvals.sign(desk.people, "kim", "kim-password-12", second)
    assert isinstance(desk.time, FixedTime)
    desk.time.advance(timedelta(minutes=2, seconds=1))
    with pytest.raises(RuleRefusedError, match="older than 2 minutes"):
        close_with(desk, second, late)
    assert desk.detainers.get(second).closed_at is None
    reasons = [e.summary.rsplit(": ", 1)[-1] for e in refusals(desk)]
    assert reasons == ["it was signed for another detainer",
                       "it was not signed here, or it was used already",
                       "it is older than 2 minutes"]


def test_a_supervisor_who_must_change_their_password_cannot_sign(desk: Desk) -> None:
    """An administrator's "choose a new password" did not stop the old one from signing
    an override or a handoff."""
    detainer_id = open_steps(desk)
    admin = desk.people.authenticate("admin", "admin-password-1")
    desk.people.require_password_change("kim", admin)
    with pytest.raises(SignInError, match="must choose a new password before signing"):
        desk.custody.approvals.sign(desk.people, "kim", "kim-password-12", detainer_id)
    outgoing = desk.people.authenticate("admin", "admin-password-1")
    handoffs = HandoffService(desk)
    signed = handoffs.sign_outgoing(outgoing)
    with pytest.raises(SignInError, match="must choose a new password before signing"):
        handoffs.sign_incoming(signed.id, "kim", "kim-password-12")
    assert handoffs.get(signed.id).incoming_signature is None
    assert [e.summary for e in refusals(desk)] == [
        "Sgt. A. Kim (kim) may not sign before choosing a new password"] * 2
    desk.people.change_own_password("kim", "kim-password-12", "kim-new-password-13")
    handoffs.sign_incoming(signed.id, "kim", "kim-new-password-13")
    assert handoffs.get(signed.id).incoming_signature is not None
