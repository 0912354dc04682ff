"""Custody is two things: release eligibility starts at any Trust Act §1 event, with who
and when, and never at a transfer to court."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.errors import InvalidFieldsError, RuleRefusedError
from desk_app.domain.vocabulary import BailDecision, CustodyStatus, Outcome, ReleaseGround
from desk_app.store.database import alembic_config, make_engine
from desk_app.store.desk import Desk, open_desk


@pytest.mark.parametrize("ground", list(ReleaseGround))
def test_every_trust_act_event_starts_release_eligibility(
        desk: Desk, officer: Actor, log_detainer: Callable[..., DetainerSnapshot],
        ground: ReleaseGround) -> None:
    """Charges dismissed or a sentence served would leave a person held with no alarm."""
    logged = log_detainer()
    at = desk.time.now() - timedelta(minutes=30)
    saved = desk.custody.record_release_eligible(logged.id, ground, officer, at=at)
    assert (saved.release_eligible_at, saved.release_ground, saved.release_eligible_by) == (
        at, ground, officer.name)
    assert saved.custody_status is CustodyStatus.IN_CUSTODY  # still physically here
    assert ground.section.startswith("Trust Act §1(")


def test_eligibility_is_recorded_once(desk: Desk, officer: Actor,
                                      log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """A second event must not move the start of the time held past eligibility."""
    logged = log_detainer()
    desk.custody.record_release_eligible(logged.id, ReleaseGround.ACQUITTED, officer)
    with pytest.raises(RuleRefusedError):
        desk.custody.record_release_eligible(logged.id, ReleaseGround.DIVERSION, officer)


def test_transfer_to_court_does_not_start_release_eligibility(
        desk: Desk, officer: Actor, supervisor: Actor,
        log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """Going to court is not a release: the clock must not start, nor RELEASE DUE."""
    logged = log_detainer()
    closed = desk.custody.close(logged.id, Outcome.TRANSFERRED_TO_COURT, supervisor,
                                override_reason="taken to court by the arresting officer")
    assert closed.release_eligible_at is None and closed.release_ground is None
    assert closed.custody_status is CustodyStatus.TRANSFERRED


def test_recognizance_and_bail_posted_record_their_ground(
        desk: Desk, officer: Actor, log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """The report and the board must say what ended custody on the charge."""
    pr = log_detainer(detainer_number="D26-0101")
    saved = desk.custody.record_bail_decision(pr.id, BailDecision.PERSONAL_RECOGNIZANCE,
                                              officer)
    assert saved.release_ground is ReleaseGround.RECOGNIZANCE
    bail = log_detainer(detainer_number="D26-0102")
    desk.custody.record_bail_decision(bail.id, BailDecision.MONETARY_BAIL, officer,
                                      amount="500")
    posted = desk.custody.record_bail_posted(bail.id, officer)
    assert posted.release_ground is ReleaseGround.BAIL_POSTED
    assert posted.release_eligible_by == officer.name


def test_bail_posted_before_the_decision_is_refused(
        desk: Desk, officer: Actor, log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """Bail posted at 19:20 for a decision at 20:00 is a typing mistake, not a release."""
    logged = log_detainer()
    now = desk.time.now()
    desk.custody.record_bail_decision(logged.id, BailDecision.MONETARY_BAIL, officer,
                                      at=now - timedelta(minutes=10), amount="500")
    with pytest.raises(InvalidFieldsError) as refused:
        desk.custody.record_bail_posted(logged.id, officer, at=now - timedelta(minutes=40))
    assert "before the bail decision" in str(refused.value)


def test_existing_eligible_detainers_get_their_ground(tmp_path: Path) -> None:
    """An active detainer bailed before this version must keep its clock and gain a ground."""
    path = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    command.upgrade(alembic_config(engine), "0004")
    eligible = "2026-11-25 18:00:00.000000"
    with engine.begin() as conn:
        for number, decision, status in (("D-1", "personal recognizance", "bailed"),
                                         ("D-2", "monetary bail", "bailed"),
                                         ("D-3", None, "in custody")):
            conn.execute(text(
                "INSERT INTO detainers (version, profile_id, detainer_number, form_type, "
                "case_number, booking_number, subject_id, event_number, file_number, "
                "subject_name, citizenship, sex, issuing_office, issuing_officer, "
                "issuing_phone, ground_final_order, ground_pending_proceedings, "
                "ground_biometric_match, ground_statements, box2_transferred, "
                "request_notify, request_hold, request_serve_copy, reason_for_detainer, "
                "arrest_location, offenses, criminal_history, resident, received_at, "
                "receipt_correction_reason, clock_start_rule, release_eligible_at, "
                "custody_status, bail_decision, bail_amount, ero_notified_by, ero_method, "
                "ero_contact, ero_message, copy_served_by, closed_by, close_note, "
                "override_reason, void_reason, reimbursement_amount, created_at, "
                "updated_at, updated_by, search_key) VALUES (1, 'pittsfield-413', :n, "
                "'I-247A', 'c', "
                "'', '', '', '', 'name', '', '', '', '', '', 0, 0, 0, 0, 0, 1, 1, 1, '', "
                "'', '', 0, 0, :r, '', 'receipt', :e, :s, :d, '', '', '', '', '', '', '', "
                "'', '', '', 0, :r, :r, 'x', :n)"),
                {"n": number, "r": "2026-11-25 17:00:00.000000",
                 "e": None if decision is None else eligible, "s": status, "d": decision})
    engine.dispose()
    desk = open_desk(f"sqlite:///{path}")
    try:
        by_number = {d.detainer_number: d for d in desk.detainers.active()}
        assert by_number["D-1"].release_ground is ReleaseGround.RECOGNIZANCE
        assert by_number["D-2"].release_ground is ReleaseGround.BAIL_POSTED
        assert by_number["D-3"].release_ground is None
        assert by_number["D-1"].release_eligible_at == datetime(2026, 11, 25, 18, tzinfo=UTC)
        assert by_number["D-1"].release_eligible_by == ""
    finally:
        desk.db.close()


def test_bail_amount_in_words_is_refused(desk: Desk, officer: Actor,
                                         log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """"five hundred" can be neither added nor compared: the amount is typed in figures."""
    logged = log_detainer()
    with pytest.raises(InvalidFieldsError) as refused:
        desk.custody.record_bail_decision(logged.id, BailDecision.MONETARY_BAIL, officer,
                                          amount="five hundred")
    assert refused.value.errors[0].field == "bail_amount"
    assert desk.detainers.get(logged.id).bail_decision is None


def test_receipt_more_than_30_days_old_needs_confirmation(
        desk: Desk, officer: Actor, make_form: Callable) -> None:
    """A year typed as 1926 would log a detainer that is expired at once."""
    old = make_form(received_at=datetime(1926, 11, 25, 19, tzinfo=UTC))
    with pytest.raises(InvalidFieldsError) as refused:
        desk.detainers.log(old, officer)
    assert refused.value.errors[0].field == "received_at"
    assert "more than 30 days ago" in refused.value.errors[0].message
    month_ago = make_form(detainer_number="D26-0200",
                          received_at=desk.time.now() - timedelta(days=31))
    saved = desk.detainers.log(month_ago, officer, old_receipt_confirmed=True)
    assert saved.received_at == desk.time.now() - timedelta(days=31)


def test_changing_the_grounds_changes_the_reported_reason(
        desk: Desk, officer: Actor, make_form: Callable) -> None:
    """The six-monthly report would count a reason the form no longer gives."""
    logged = desk.detainers.log(make_form(ground_final_order=True), officer)
    assert logged.reason_for_detainer == "final order of removal"
    edited = desk.detainers.edit(logged.id, logged.version,
                                 {"ground_final_order": False,
                                  "ground_pending_proceedings": True}, officer)
    assert edited.reason_for_detainer == "pending removal proceedings"
    typed = desk.detainers.edit(edited.id, edited.version,
                                {"reason_for_detainer": "Gang database hit"}, officer)
    kept = desk.detainers.edit(typed.id, typed.version, {"ground_statements": True}, officer)
    assert kept.reason_for_detainer == "Gang database hit"
