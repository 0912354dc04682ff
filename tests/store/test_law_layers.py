"""The layers of law at the desk: notices the law forbids are withheld and refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.errors import RuleRefusedError
from desk_app.domain.permissions import NotPermittedError
from desk_app.domain.policy import load_profile
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import StepState
from desk_app.resources import policies_dir
from desk_app.store.custody_service import CustodyService, EroNotice
from desk_app.store.desk import Desk, open_desk
from desk_app.store.detainer_service import WITHHELD_BY, DetainerService


@pytest.fixture
def trust_desk(desk_url: str, clock: FixedTime) -> Iterator[Desk]:
    """A desk under the Trust Act profile."""
    opened = open_desk(desk_url, clock, "trust-act")
    yield opened
    opened.db.close()


@pytest.fixture
def pittsfield_under_trust_act(desk: Desk, tmp_path: Path) -> Desk:
    """Pittsfield's checklist in a city that has adopted the Trust Act."""
    text = (policies_dir() / "pittsfield-413.toml").read_text("utf-8")
    path = tmp_path / "pittsfield-trust.toml"
    path.write_text(text.replace('state = "massachusetts"\n',
                                 'state = "massachusetts"\nlocal = "trust-act"\n'), "utf-8")
    profile = load_profile(path, policies_dir() / "layers")
    return replace(desk, profile=profile, detainers=DetainerService(desk.ctx, profile),
                   custody=CustodyService(desk.ctx, profile))


def notice(desk: Desk) -> EroNotice:
    return EroNotice(desk.time.now() - timedelta(minutes=5), "phone", "ERO Burlington", "")


def test_ero_notice_is_refused_where_the_trust_act_forbids_it(
        trust_desk: Desk, officer: Actor, supervisor: Actor, make_form: Callable) -> None:
    """Telling ICE of a pending release breaks Trust Act §2(d): the service must refuse."""
    logged = trust_desk.detainers.log(make_form(), officer)
    with pytest.raises(RuleRefusedError) as refused:
        trust_desk.custody.record_ero_notice(logged.id, notice(trust_desk), supervisor)
    assert "Trust Act §2(d)" in str(refused.value)
    assert trust_desk.detainers.get(logged.id).ero_notified_at is None


def test_forbidden_checklist_step_is_withheld_with_its_citation(
        pittsfield_under_trust_act: Desk, officer: Actor, supervisor: Actor,
        make_form: Callable) -> None:
    """The checklist must say the ERO notice is withheld and why, not prompt for it."""
    desk = pittsfield_under_trust_act
    logged: DetainerSnapshot = desk.detainers.log(make_form(), officer)
    step = next(s for s in logged.steps if s.step_id == "notify_ero_if_bailed")
    assert step.state is StepState.NOT_APPLICABLE
    assert step.done_by == WITHHELD_BY
    assert step.note == "Withheld: ICE is not told of a pending release (Trust Act §2(d))"
    others = [s for s in logged.steps if s.step_id != "notify_ero_if_bailed"]
    assert all(s.state is StepState.PENDING for s in others)
    with pytest.raises(RuleRefusedError):
        desk.custody.record_ero_notice(logged.id, notice(desk), supervisor)


def test_pittsfield_ero_notice_is_still_recorded(desk: Desk, officer: Actor,
                                                 supervisor: Actor,
                                                 make_form: Callable) -> None:
    """Where no layer forbids it, Policy 413 §IV.A.3(g)'s notice must still be recorded."""
    logged = desk.detainers.log(make_form(), officer)
    saved = desk.custody.record_ero_notice(logged.id, notice(desk), supervisor)
    assert saved.ero_contact == "ERO Burlington"


def test_step_of_another_duty_is_refused_and_a_supervisor_override_audited(
        desk: Desk, officer: Actor, supervisor: Actor, make_form: Callable,
        audit_entries: Callable) -> None:
    """A desk officer recording the shift supervisor's ERO notice breaks §IV.A.3(g)."""
    from desk_app.domain.actor import Actor as Person
    from desk_app.domain.vocabulary import BailDecision, Role

    logged = desk.detainers.log(make_form(), officer)
    desk.custody.record_bail_decision(logged.id, BailDecision.PERSONAL_RECOGNIZANCE, officer)
    with pytest.raises(RuleRefusedError) as refused:
        desk.custody.complete_step(logged.id, "notify_ero_if_bailed", officer)
    assert "shift supervisor's duty (Policy 413 §IV.A.3(g))" in str(refused.value)
    clerk = Person("Clerk Ana", Role.RECORDS_CLERK)
    with pytest.raises(NotPermittedError):  # a records clerk records no step at all
        desk.custody.complete_step(logged.id, "add_charge", clerk)
    admin = Person("Admin", Role.ADMINISTRATOR)
    desk.custody.complete_step(logged.id, "notify_ero_if_bailed", admin, note="by phone")
    desk.custody.complete_step(logged.id, "add_charge", supervisor)
    summaries = [e.summary for e in audit_entries()]
    assert any("supervisor override: 'Notify ICE ERO" in s and "shift supervisor's duty"
               in s for s in summaries)
    assert not any("override" in s for s in summaries if "Add the detainer charge" in s)


def test_contact_log_request_gets_the_copy_step_where_the_layer_asks(
        trust_desk: Desk, desk: Desk, officer: Actor) -> None:
    """Trust Act §2(f): the person must be given a copy of a notification request too."""
    from desk_app.domain.contact_log import ContactForm, ContactKind, ContactReason, IceUnit
    from desk_app.store.contact_service import PERSON_COPY

    def request() -> ContactForm:
        return ContactForm(kind=ContactKind.NOTIFICATION_REQUEST,
                           occurred_at=trust_desk.time.now() - timedelta(minutes=5),
                           agent_name="Officer P. Diaz", unit=IceUnit.ERO,
                           reason=ContactReason.CIVIL_ONLY, subject_name="José Ñúñez",
                           information_released="nothing",
                           information_withheld="release date", nothing_else_released=True)

    service = trust_desk.contacts
    entry = service.log_contact(request(), officer)
    assert entry.pending_recipients == (PERSON_COPY,)
    assert "Trust Act §2(f)" in entry.notices[0].method
    done = service.mark_notified(entry.id, PERSON_COPY, officer)
    assert done.pending_recipients == ()
    assert done.notices[0].notified_by == officer.name
    pittsfield = desk.contacts.log_contact(request(), officer)
    assert pittsfield.notices == ()  # Policy 413 asks no copy of a notification request
