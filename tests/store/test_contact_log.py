"""The ICE contact log: the presence rule, the service's changes as stored, and the audit."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, select
from sqlalchemy.orm import selectinload

from desk_app.domain.actor import Actor
from desk_app.domain.contact_log import (
    CallbackResult,
    ContactDecision,
    ContactForm,
    ContactKind,
    ContactReason,
    IceUnit,
    rule_for,
    rule_sentence,
)
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.errors import (
    ConflictError,
    InvalidFieldsError,
    NotFoundError,
    RuleRefusedError,
)
from desk_app.domain.profiles import find
from desk_app.domain.time_source import FixedTime
from desk_app.resources import policies_dir
from desk_app.store.audit import verify_chain
from desk_app.store.contact_models import IceContact, IceContactNotice
from desk_app.store.contact_service import ContactLogService
from desk_app.store.database import alembic_config
from desk_app.store.desk import Desk, open_desk
from desk_app.store.models import AuditEntry

PITTSFIELD_RULE = "Policy 413 §IV.E.2"


@pytest.fixture
def contacts(desk: Desk) -> ContactLogService:
    """The contact log of the Pittsfield desk."""
    return desk.contacts


@pytest.fixture
def trust_desk(desk_url: str, clock: FixedTime) -> Iterator[Desk]:
    """A desk run under the Trust Act sample policy (information may not go to ICE)."""
    opened = open_desk(desk_url, clock, "trust-act")
    yield opened
    opened.db.close()


@pytest.fixture
def presence(now: datetime) -> Callable[..., ContactForm]:
    """A civil-only presence call ten minutes ago, declined; keywords override fields."""

    def build(**overrides: Any) -> ContactForm:
        values: dict[str, Any] = dict(
            kind=ContactKind.PRESENCE_CALL, occurred_at=now - timedelta(minutes=10),
            agent_name="SA J. Smith", unit=IceUnit.ERO, reason=ContactReason.CIVIL_ONLY,
            decision=ContactDecision.DECLINE, address="12 North St", cad_number="26-44812")
        values.update(overrides)
        return ContactForm(**values)

    return build


@pytest.fixture
def request_form(now: datetime) -> Callable[..., ContactForm]:
    """A notification request about a person in custody; keywords override fields."""

    def build(**overrides: Any) -> ContactForm:
        values: dict[str, Any] = dict(
            kind=ContactKind.NOTIFICATION_REQUEST, occurred_at=now - timedelta(minutes=5),
            agent_name="Officer P. Diaz", unit=IceUnit.ERO, reason=ContactReason.CIVIL_ONLY,
            subject_name="José Ñúñez", information_released="nothing",
            information_withheld="release date")
        values.update(overrides)
        return ContactForm(**values)

    return build


def stored_contact(desk: Desk, contact_id: int) -> IceContact:
    """The contact row and its notices, straight from the database."""
    with desk.db.sessions() as session:
        row = session.scalar(select(IceContact).where(IceContact.id == contact_id)
                             .options(selectinload(IceContact.notices)))
        assert row is not None, f"contact {contact_id} is not in the database"
        return row


def contact_audit(desk: Desk) -> list[AuditEntry]:
    """The audit entries about ICE contacts, oldest first."""
    with desk.db.sessions() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action.like(
            "ICE contact%")).order_by(AuditEntry.id)))


# --- the rule --------------------------------------------------------------------------


@pytest.mark.parametrize(("reason", "allowed"), [
    (ContactReason.CRIMINAL_WARRANT, {ContactDecision.ASSIST, ContactDecision.DECLINE,
                                      ContactDecision.OFFICER_SAFETY_ONLY}),
    (ContactReason.STATE_WARRANT, {ContactDecision.ASSIST, ContactDecision.DECLINE,
                                   ContactDecision.OFFICER_SAFETY_ONLY}),
    (ContactReason.CIVIL_ONLY, {ContactDecision.DECLINE,
                                ContactDecision.OFFICER_SAFETY_ONLY}),
])
def test_rule_for_each_reason(desk: Desk, reason: ContactReason,
                              allowed: set[ContactDecision]) -> None:
    """The form would let the desk assist ICE on a civil reason, or forbid a warrant."""
    decisions, citation = rule_for(reason, desk.profile)
    assert set(decisions) == allowed
    assert citation == PITTSFIELD_RULE


@pytest.mark.parametrize(("profile_id", "citation"), [
    ("pittsfield-413", "Policy 413 §IV.E.2"),
    ("haverhill", "Haverhill §IV.D.2"),
    ("ma-welcoming-ordinance", "Ordinance §2(c), §2(j)"),
    ("trust-act", "Trust Act §2(h)"),
    ("westborough", "Westborough Procedure (3)(b)"),
])
def test_rule_cites_the_profiles_section(profile_id: str, citation: str) -> None:
    """The decision would cite another department's policy, or the hold rule."""
    profile = find(policies_dir(), profile_id)
    assert rule_for(ContactReason.CIVIL_ONLY, profile).citation == citation


def test_trust_act_has_no_officer_safety_exception() -> None:
    """Trust Act §2(h) forbids any help with a federal operation: no safety exception."""
    profile = find(policies_dir(), "trust-act")
    rule = rule_for(ContactReason.CIVIL_ONLY, profile)
    assert rule.allowed == (ContactDecision.DECLINE,)
    assert "no exception" in rule_sentence(ContactReason.CIVIL_ONLY, profile)


# --- logging -----------------------------------------------------------------------------


def test_presence_call_is_stored_with_its_notices_and_audited(
        desk: Desk, contacts: ContactLogService, officer: Actor, now: datetime,
        presence: Callable[..., ContactForm]) -> None:
    """A logged presence call would be missing from the log, or nobody would be told."""
    entry = contacts.log_contact(presence(address="  12 North St "), officer)
    row = stored_contact(desk, entry.id)
    assert (row.kind, row.unit, row.reason, row.decision) == (
        ContactKind.PRESENCE_CALL, IceUnit.ERO, ContactReason.CIVIL_ONLY,
        ContactDecision.DECLINE)
    assert row.address == "12 North St" and row.cad_number == "26-44812"
    assert row.rule_citation == PITTSFIELD_RULE
    assert row.occurred_at == now - timedelta(minutes=10)
    assert (row.created_by, row.created_at, row.version) == (officer.name, now, 1)
    assert [(n.recipient, n.method, n.notified_at) for n in row.notices] == [
        ("Chief of Police", "Serious Incident Notification Alert (GO-2017-001)", None),
        ("Command Staff", "Serious Incident Notification Alert (GO-2017-001)", None)]
    assert entry.pending_recipients == ("Chief of Police", "Command Staff")
    [audit] = contact_audit(desk)
    assert (audit.action, audit.actor, audit.detainer_id) == (
        "ICE contact logged", officer.name, None)
    after = json.loads(audit.after)
    assert after["contact_id"] == entry.id
    assert after["decision"] == "decline" and after["rule_citation"] == PITTSFIELD_RULE
    assert after["notify"] == ["Chief of Police", "Command Staff"]


def test_assisting_on_a_civil_reason_is_refused_and_nothing_is_stored(
        desk: Desk, contacts: ContactLogService, officer: Actor,
        count_rows: Callable[[type], int], presence: Callable[..., ContactForm]) -> None:
    """The desk could record helping ICE on a civil order alone, against §IV.E.3."""
    with pytest.raises(InvalidFieldsError) as refused:
        contacts.log_contact(presence(decision=ContactDecision.ASSIST), officer)
    [error] = refused.value.errors
    assert error.field == "decision"
    assert PITTSFIELD_RULE in error.message and "civil / final order only" in error.message
    assert count_rows(IceContact) == 0 and count_rows(IceContactNotice) == 0
    assert contact_audit(desk) == []


def test_assisting_on_a_state_warrant_is_logged(
        contacts: ContactLogService, officer: Actor,
        presence: Callable[..., ContactForm]) -> None:
    """A lawful assist on a Massachusetts warrant would be refused by the form."""
    entry = contacts.log_contact(presence(reason=ContactReason.STATE_WARRANT, unit=IceUnit.HSI,
                                          decision=ContactDecision.ASSIST), officer)
    assert entry.decision is ContactDecision.ASSIST


def test_every_missing_field_is_named(contacts: ContactLogService, officer: Actor,
                                      presence: Callable[..., ContactForm]) -> None:
    """An incomplete entry would be saved, or the officer would not know what is missing."""
    form = presence(agent_name=" ", unit=None, reason=None, decision=None, address="",
                    cad_number="")
    with pytest.raises(InvalidFieldsError) as refused:
        contacts.log_contact(form, officer)
    fields = {e.field for e in refused.value.errors}
    assert fields == {"agent_name", "unit", "reason", "decision", "address", "cad_number"}
    assert all(e.message for e in refused.value.errors)


def test_a_time_in_the_future_is_refused(contacts: ContactLogService, officer: Actor,
                                         now: datetime,
                                         presence: Callable[..., ContactForm]) -> None:
    """A mistyped hour would put the call after the moment it was logged."""
    with pytest.raises(InvalidFieldsError) as refused:
        contacts.log_contact(presence(occurred_at=now + timedelta(hours=2)), officer)
    assert [e.field for e in refused.value.errors] == ["occurred_at"]


def test_an_administrative_warrant_is_civil(contacts: ContactLogService, officer: Actor,
                                            request_form: Callable[..., ContactForm]) -> None:
    """An I-200 signed by an ICE officer could be logged as if a judge had signed it."""
    form = request_form(kind=ContactKind.ADMINISTRATIVE_WARRANT,
                        reason=ContactReason.CRIMINAL_WARRANT)
    with pytest.raises(InvalidFieldsError) as refused:
        contacts.log_contact(form, officer)
    assert [e.field for e in refused.value.errors] == ["reason"]


# --- what may not be released to ICE ------------------------------------------------------


def test_trust_act_requires_the_nothing_else_released_confirmation(
        trust_desk: Desk, officer: Actor, request_form: Callable[..., ContactForm]) -> None:
    """A notification request could be logged without confirming §2(d) was respected."""
    contacts = trust_desk.contacts
    with pytest.raises(InvalidFieldsError) as refused:
        contacts.log_contact(request_form(), officer)
    [error] = refused.value.errors
    assert error.field == "nothing_else_released"
    assert "Trust Act §2(d)" in error.message and "home address" in error.message
    entry = contacts.log_contact(request_form(nothing_else_released=True), officer)
    row = stored_contact(trust_desk, entry.id)
    assert row.nothing_else_released is True
    assert row.information_citation == "Trust Act §2(d)"
    assert (row.information_released, row.information_withheld) == ("nothing", "release date")
    assert row.decision is None
    # Trust Act §2(f): the one step left is giving the person a copy of the request.
    assert [(n.recipient, n.method) for n in row.notices] == [
        ("the person (copy of the request)", "copy of the ICE request (Trust Act §2(f))")]


def test_pittsfield_needs_no_confirmation(contacts: ContactLogService, officer: Actor,
                                          request_form: Callable[..., ContactForm]) -> None:
    """Pittsfield officers would be asked to confirm a rule their policy does not have."""
    entry = contacts.log_contact(request_form(), officer)
    assert entry.nothing_else_released is False and entry.information_citation == ""


def test_what_was_released_must_be_said(contacts: ContactLogService, officer: Actor,
                                        request_form: Callable[..., ContactForm]) -> None:
    """A notification request could be logged without saying what ICE was given."""
    with pytest.raises(InvalidFieldsError) as refused:
        contacts.log_contact(request_form(information_released=""), officer)
    assert [e.field for e in refused.value.errors] == ["information_released"]


def test_trust_act_presence_call_has_nobody_to_notify(
        trust_desk: Desk, officer: Actor, presence: Callable[..., ContactForm]) -> None:
    """A profile without a presence notice would invent people to tell."""
    entry = trust_desk.contacts.log_contact(presence(), officer)
    assert entry.notices == () and entry.rule_citation == "Trust Act §2(h)"


def test_a_request_is_linked_to_its_detainer(
        desk: Desk, contacts: ContactLogService, officer: Actor,
        log_detainer: Callable[..., DetainerSnapshot],
        request_form: Callable[..., ContactForm]) -> None:
    """The request would not show in the detainer's history, or point at nobody."""
    detainer = log_detainer()
    entry = contacts.log_contact(request_form(detainer_id=detainer.id), officer)
    assert entry.detainer_id == detainer.id and entry.detainer_number == "D26-00001"
    assert contact_audit(desk)[-1].detainer_id == detainer.id
    with pytest.raises(InvalidFieldsError) as refused:
        contacts.log_contact(request_form(detainer_id=999), officer)
    assert [e.field for e in refused.value.errors] == ["detainer_id"]


# --- notices and callback ----------------------------------------------------------------


def test_each_recipient_is_marked_notified_with_who_and_when(
        desk: Desk, contacts: ContactLogService, officer: Actor, supervisor: Actor,
        clock: FixedTime, now: datetime, presence: Callable[..., ContactForm]) -> None:
    """The log would not show who told the Chief, when, or that someone is still waiting."""
    entry = contacts.log_contact(presence(), officer)
    clock.advance(timedelta(minutes=3))
    first = contacts.mark_notified(entry.id, "Chief of Police", supervisor,
                                   expected_version=entry.version)
    row = stored_contact(desk, entry.id)
    chief, staff = row.notices
    assert (chief.notified_at, chief.notified_by) == (now + timedelta(minutes=3),
                                                      supervisor.name)
    assert staff.notified_at is None
    assert row.version == 2 and first.pending_recipients == ("Command Staff",)
    told_at = now - timedelta(minutes=1)
    second = contacts.mark_notified(entry.id, "Command Staff", supervisor, at=told_at)
    assert second.pending_recipients == ()
    assert stored_contact(desk, entry.id).notices[1].notified_at == told_at
    audits = contact_audit(desk)
    assert [a.action for a in audits] == ["ICE contact logged", "ICE contact notice sent",
                                          "ICE contact notice sent"]
    assert json.loads(audits[1].after)["recipient"] == "Chief of Police"
    assert audits[1].actor == supervisor.name


def test_marking_twice_or_someone_unlisted_is_refused(
        contacts: ContactLogService, officer: Actor,
        presence: Callable[..., ContactForm]) -> None:
    """A second click would overwrite who told the Chief, or record a stranger as told."""
    entry = contacts.log_contact(presence(), officer)
    contacts.mark_notified(entry.id, "Chief of Police", officer)
    with pytest.raises(RuleRefusedError, match="already marked notified by Ofc. D. Reyes"):
        contacts.mark_notified(entry.id, "Chief of Police", officer)
    with pytest.raises(InvalidFieldsError) as refused:
        contacts.mark_notified(entry.id, "Mayor", officer)
    assert [e.field for e in refused.value.errors] == ["recipient"]
    with pytest.raises(NotFoundError):
        contacts.mark_notified(999, "Chief of Police", officer)


def test_a_stale_screen_is_refused(contacts: ContactLogService, officer: Actor,
                                   other_officer: Actor,
                                   presence: Callable[..., ContactForm]) -> None:
    """Two workstations could record different callbacks without either knowing."""
    entry = contacts.log_contact(presence(), officer)
    contacts.record_callback(entry.id, CallbackResult.NO_SERVICE, other_officer)
    with pytest.raises(ConflictError, match="Ofc. S. Walsh"):
        contacts.record_callback(entry.id, CallbackResult.ONE_IN_CUSTODY, officer,
                                 expected_version=entry.version)


def test_callback_is_stored_and_a_correction_keeps_the_old_one_in_the_audit(
        desk: Desk, contacts: ContactLogService, officer: Actor, clock: FixedTime,
        now: datetime, presence: Callable[..., ContactForm]) -> None:
    """ICE's result would be lost from the Dispatch Log, or a correction would hide it."""
    entry = contacts.log_contact(presence(), officer)
    clock.advance(timedelta(hours=1))
    done = contacts.record_callback(entry.id, CallbackResult.NO_SERVICE, officer)
    row = stored_contact(desk, entry.id)
    assert (row.callback_result, row.callback_at, row.callback_by) == (
        CallbackResult.NO_SERVICE, now + timedelta(hours=1), officer.name)
    assert done.callback_text == "no service"
    fixed = contacts.record_callback(entry.id, CallbackResult.OTHER, officer,
                                     note=" two in custody ")
    assert stored_contact(desk, entry.id).callback_note == "two in custody"
    assert fixed.callback_text == "two in custody"
    last = contact_audit(desk)[-1]
    assert last.action == "ICE contact callback"
    assert json.loads(last.before)["callback_result"] == "no service"
    assert json.loads(last.after)["callback_note"] == "two in custody"


def test_other_callback_needs_words(contacts: ContactLogService, officer: Actor,
                                    presence: Callable[..., ContactForm]) -> None:
    """"Other" with nothing said would leave the Dispatch Log entry empty."""
    entry = contacts.log_contact(presence(), officer)
    with pytest.raises(InvalidFieldsError) as refused:
        contacts.record_callback(entry.id, CallbackResult.OTHER, officer, note="  ")
    assert [e.field for e in refused.value.errors] == ["result_note"]


def test_no_callback_for_a_notification_request(
        contacts: ContactLogService, officer: Actor,
        request_form: Callable[..., ContactForm]) -> None:
    """A notification request could get an investigation result it never had."""
    entry = contacts.log_contact(request_form(), officer)
    with pytest.raises(RuleRefusedError):
        contacts.record_callback(entry.id, CallbackResult.NO_SERVICE, officer)


# --- reading -------------------------------------------------------------------------------


def test_entries_in_a_range_newest_first_as_frozen_values(
        contacts: ContactLogService, officer: Actor, now: datetime,
        presence: Callable[..., ContactForm]) -> None:
    """The log would show contacts outside the dates asked for, oldest first, or editable."""
    times = [now - timedelta(days=3), now - timedelta(hours=5), now - timedelta(hours=1)]
    ids = [contacts.log_contact(presence(occurred_at=t, cad_number=f"C{i}"), officer).id
           for i, t in enumerate(times)]
    found = contacts.entries(now - timedelta(days=1), now)
    assert [e.id for e in found] == [ids[2], ids[1]]
    assert [e.id for e in contacts.entries(times[0], times[1])] == [ids[0]]
    with pytest.raises(dataclasses.FrozenInstanceError):
        found[0].cad_number = "changed"  # type: ignore[misc]


def test_listeners_hear_each_committed_change(
        desk: Desk, contacts: ContactLogService, officer: Actor,
        presence: Callable[..., ContactForm]) -> None:
    """Another open log would not refresh, or would refresh for a refused change."""
    heard: list[int] = []
    desk.contacts.feed.subscribe(heard.append)  # same desk, same feed
    entry = contacts.log_contact(presence(), officer)
    contacts.mark_notified(entry.id, "Chief of Police", officer)
    with pytest.raises(InvalidFieldsError):
        contacts.log_contact(presence(agent_name=""), officer)
    assert heard == [entry.id, entry.id]


def test_the_audit_chain_stays_intact(desk: Desk, contacts: ContactLogService,
                                      officer: Actor,
                                      presence: Callable[..., ContactForm]) -> None:
    """`desk-app audit verify` would report tampering after ordinary contact entries."""
    entry = contacts.log_contact(presence(), officer)
    contacts.mark_notified(entry.id, "Command Staff", officer)
    contacts.record_callback(entry.id, CallbackResult.ONE_IN_CUSTODY, officer)
    with desk.db.sessions() as session:
        report = verify_chain(session)
    assert report.intact and report.entries == 3


def test_migration_0003_downgrades_and_upgrades(desk: Desk) -> None:
    """An administrator rolling back a release would be left with a broken schema."""
    config = alembic_config(desk.db.engine)
    command.downgrade(config, "0002")
    assert not {"ice_contacts", "ice_contact_notices"} & set(
        inspect(desk.db.engine).get_table_names())
    command.upgrade(config, "head")
    assert {"ice_contacts", "ice_contact_notices"} <= set(
        inspect(desk.db.engine).get_table_names())
