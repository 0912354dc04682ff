"""Closing, voiding and finding detainers again in the history."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.errors import InvalidFieldsError, RuleRefusedError
from desk_app.domain.vocabulary import BailDecision, CustodyStatus, Outcome
from desk_app.store.custody_service import EroNotice
from desk_app.store.desk import Desk
from desk_app.store.detainer_service import HistoryFilter
from desk_app.store.models import AuditEntry, ChecklistStep, Detainer

OVERRIDE = "ERO unreachable; steps done on paper"


def finish_due_steps(desk: Desk, snap: DetainerSnapshot, actor: Actor) -> DetainerSnapshot:
    """Do every step that is due, so the detainer may be closed."""
    for step in snap.steps:
        if step.is_due:
            snap = desk.custody.complete_step(snap.id, step.step_id, actor)
    return snap


def test_close_with_a_blocking_step_open_is_refused(
        desk: Desk, officer: Actor, log_detainer: Callable[..., DetainerSnapshot],
        stored: Callable[[int], Detainer], audit_entries: Callable[..., list[AuditEntry]],
        published: list[int]) -> None:
    """A detainer could leave the board with the policy's steps undone."""
    snap = log_detainer()
    snap = desk.custody.complete_step(snap.id, "inform_bail_clerk", officer)
    with pytest.raises(RuleRefusedError) as refused:
        desk.custody.close(snap.id, Outcome.RELEASED_ON_RECOGNIZANCE, officer)
    message = str(refused.value)
    assert "Scan the detainer into the arrest report in IMC (Policy 413 §IV.A.3(a))" in message
    assert "Give the arrestee a copy of the detainer form (Policy 413 §IV.A.3(h))" in message
    assert "Inform the bail clerk" not in message  # done
    assert "Place the original" not in message  # not blocking
    row = stored(snap.id)
    assert (row.closed_at, row.outcome, row.custody_status) == (None, None,
                                                                CustodyStatus.IN_CUSTODY)
    assert row.version == snap.version
    assert len(audit_entries()) == 2
    assert published == [snap.id, snap.id]


def test_desk_officer_cannot_override(desk: Desk, officer: Actor,
                                     log_detainer: Callable[..., DetainerSnapshot],
                                     stored: Callable[[int], Detainer]) -> None:
    """A desk officer could skip the policy by typing any reason."""
    snap = log_detainer()
    with pytest.raises(RuleRefusedError, match="Only a supervisor"):
        desk.custody.close(snap.id, Outcome.EXPIRED, officer, override_reason=OVERRIDE)
    row = stored(snap.id)
    assert row.closed_at is None and row.override_reason == ""


def test_supervisor_override_is_stored_and_audited(
        desk: Desk, supervisor: Actor, now: datetime,
        log_detainer: Callable[..., DetainerSnapshot], stored: Callable[[int], Detainer],
        audit_entries: Callable[..., list[AuditEntry]]) -> None:
    """Nobody could later find out who closed past the policy's steps, or why."""
    snap = log_detainer()
    desk.custody.close(snap.id, Outcome.LIFTED_BY_ICE, supervisor, note=" ICE lifted by fax ",
                       override_reason=f" {OVERRIDE} ")
    row = stored(snap.id)
    assert (row.outcome, row.closed_at, row.closed_by) == (Outcome.LIFTED_BY_ICE, now,
                                                           supervisor.name)
    assert (row.override_reason, row.close_note) == (OVERRIDE, "ICE lifted by fax")
    entry = audit_entries()[-1]
    assert (entry.action, entry.actor) == ("detainer closed", supervisor.name)
    assert "override" in entry.summary and OVERRIDE in entry.summary
    after = json.loads(entry.after)
    assert after["override_reason"] == OVERRIDE
    assert after["outcome"] == Outcome.LIFTED_BY_ICE.value


def test_close_with_every_step_done_needs_no_override(
        desk: Desk, officer: Actor, supervisor: Actor, now: datetime,
        log_detainer: Callable[..., DetainerSnapshot], stored: Callable[[int], Detainer]
) -> None:
    """A desk officer who did everything would still need to call a sergeant."""
    snap = finish_due_steps(desk, log_detainer(), officer)
    snap = desk.custody.record_bail_decision(snap.id, BailDecision.PERSONAL_RECOGNIZANCE,
                                             officer)
    desk.custody.record_ero_notice(snap.id, EroNotice(now, "fax", "ERO Burlington", ""),
                                   supervisor, "notify_ero_if_bailed")  # §IV.A.3(g)
    desk.custody.close(snap.id, Outcome.RELEASED_ON_RECOGNIZANCE, officer)
    row = stored(snap.id)
    assert row.outcome is Outcome.RELEASED_ON_RECOGNIZANCE
    assert row.custody_status is CustodyStatus.RELEASED
    assert row.override_reason == ""


def test_release_on_bail_cannot_skip_the_ero_notice(
        desk: Desk, officer: Actor, log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """A person bailed could leave with ICE ERO never told and no supervisor override."""
    snap = finish_due_steps(desk, log_detainer(), officer)
    with pytest.raises(RuleRefusedError, match="Notify ICE ERO"):
        desk.custody.close(snap.id, Outcome.RELEASED_ON_BAIL, officer)


def test_closed_detainer_leaves_the_board_for_the_history(
        desk: Desk, officer: Actor, supervisor: Actor,
        log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """A closed detainer would keep counting down on the board, or vanish altogether."""
    kept = log_detainer(detainer_number="D26-00001")
    closed = log_detainer(detainer_number="D26-00002")
    desk.custody.close(closed.id, Outcome.EXPIRED, supervisor, override_reason=OVERRIDE)
    assert [s.id for s in desk.detainers.active()] == [kept.id]
    assert [s.id for s in desk.detainers.history(HistoryFilter())] == [closed.id]
    with pytest.raises(RuleRefusedError, match="already closed"):
        desk.custody.close(closed.id, Outcome.EXPIRED, supervisor, override_reason=OVERRIDE)


def test_void_needs_a_reason(desk: Desk, officer: Actor,
                             log_detainer: Callable[..., DetainerSnapshot],
                             stored: Callable[[int], Detainer]) -> None:
    """A detainer could disappear from the board with no explanation."""
    snap = log_detainer()
    with pytest.raises(InvalidFieldsError) as refused:
        desk.detainers.void(snap.id, "   ", officer)
    assert [e.field for e in refused.value.errors] == ["void_reason"]
    assert stored(snap.id).voided_at is None
    assert [s.id for s in desk.detainers.active()] == [snap.id]


def test_void_takes_it_off_the_board_and_deletes_nothing(
        desk: Desk, officer: Actor, now: datetime,
        log_detainer: Callable[..., DetainerSnapshot], stored: Callable[[int], Detainer],
        count_rows: Callable[[type], int], audit_entries: Callable[..., list[AuditEntry]]
) -> None:
    """A mistaken entry would be erased instead of kept with the reason it was voided."""
    snap = log_detainer()
    counts = (count_rows(Detainer), count_rows(ChecklistStep))
    desk.detainers.void(snap.id, " logged twice, see D26-00002 ", officer)
    assert (count_rows(Detainer), count_rows(ChecklistStep)) == counts
    row = stored(snap.id)
    assert (row.voided_at, row.void_reason) == (now, "logged twice, see D26-00002")
    assert row.subject_name == snap.subject_name
    assert desk.detainers.active() == []
    assert [s.id for s in desk.detainers.history(HistoryFilter())] == [snap.id]
    entry = audit_entries()[-1]
    assert entry.action == "detainer voided" and "logged twice" in entry.summary


@pytest.fixture
def history_desk(desk: Desk, supervisor: Actor, now: datetime,
                 log_detainer: Callable[..., DetainerSnapshot]) -> dict[str, int]:
    """Three closed detainers, one voided and one still on the board, by label."""
    plan = [
        ("nunez", "D26-00001", "26-1111-AR", "José Ñúñez", 10, Outcome.RELEASED_ON_BAIL),
        ("olga", "D26-00002", "26-2222-AR", "Ольга Петрова", 5, Outcome.TRANSFERRED_TO_ICE),
        ("kwame", "D26-00003", "26-3333-AR", "Kwame Mensah", 1, Outcome.EXPIRED),
        ("active", "D26-00004", "26-4444-AR", "Kwame Asante", 0, None),
        ("void", "D26-00005", "26-5555-AR", "Rosa Elena Chávez", 3, None),
    ]
    ids = {}
    for label, number, case, name, days, outcome in plan:
        snap = log_detainer(detainer_number=number, case_number=case, subject_name=name,
                            received_at=now - timedelta(days=days, hours=1))
        if outcome is not None:
            desk.custody.close(snap.id, outcome, supervisor, override_reason=OVERRIDE)
        ids[label] = snap.id
    desk.detainers.void(ids["void"], "entered on the wrong person", supervisor)
    return ids


def found(desk: Desk, **where: object) -> list[int]:
    """The ids a history search returns, newest first."""
    return [s.id for s in desk.detainers.history(HistoryFilter(**where))]  # type: ignore[arg-type]


def test_history_lists_closed_and_voided_newest_first(desk: Desk,
                                                      history_desk: dict[str, int]) -> None:
    """A records clerk would see active detainers, or old ones first, in the history."""
    ids = history_desk
    assert found(desk) == [ids["kwame"], ids["void"], ids["olga"], ids["nunez"]]
    assert found(desk, include_active=True)[0] == ids["active"]


@pytest.mark.parametrize(("text", "labels"), [
    ("Ñúñez", ["nunez"]),
    ("nunez", ["nunez"]),
    ("ольга", ["olga"]),
    ("ОЛЬГА ПЕТРОВА", ["olga"]),
    ("ñúñez", ["nunez"]),
    ("kwame", ["kwame"]),
    ("2222", ["olga"]),
    ("26-3333", ["kwame"]),
    ("d26-00001", ["nunez"]),
    ("Петрова", ["olga"]),
    ("nobody", []),
])
def test_history_text_search(text: str, labels: list[str], desk: Desk,
                             history_desk: dict[str, int]) -> None:
    """A records clerk could not find a detainer by name, Case # or Detainer #."""
    assert found(desk, text=text) == [history_desk[label] for label in labels]


@pytest.mark.parametrize("text", ["%", "_", "26_1111"])
def test_history_text_search_takes_wildcards_literally(text: str, desk: Desk,
                                                        history_desk: dict[str, int]) -> None:
    """A records clerk typing % or _ would get every detainer back instead of a match."""
    assert found(desk, text=text) == []


def test_history_date_range_and_outcome(desk: Desk, now: datetime,
                                        history_desk: dict[str, int]) -> None:
    """A quarterly report would count detainers from outside its period or outcome."""
    ids = history_desk
    assert found(desk, received_from=now - timedelta(days=6),
                 received_to=now - timedelta(days=2)) == [ids["void"], ids["olga"]]
    assert found(desk, received_from=now - timedelta(days=1, hours=1)) == [ids["kwame"]]
    assert found(desk, outcome=Outcome.TRANSFERRED_TO_ICE) == [ids["olga"]]
    assert found(desk, text="kwame", outcome=Outcome.EXPIRED, include_active=True) == [
        ids["kwame"]]
