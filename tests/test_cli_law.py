"""`desk-app profile show` and `desk-app board`: the effective rules and the board, for
a supervisor or a script."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from desk_app.cli import main
from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import BailDecision, FormType, Role
from desk_app.store.desk import open_desk
from tests.cli_people import add_person, signed_main

SHIPPED = ["pittsfield-413", "haverhill", "westborough", "ma-welcoming-ordinance",
           "trust-act"]
SERGEANT = Actor("Sgt. M. Kim", Role.SUPERVISOR)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`desk-app argv...`; the board and reimbursements signed in as the administrator
    (the rules of a profile are public: `profile show` needs nobody)."""
    status = signed_main(argv) if argv[0] in ("board", "reimbursement") else main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("profile_id", SHIPPED)
def test_profile_show_says_no_hold_in_massachusetts(
        profile_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A supervisor checking a profile must read that Lunn forbids a detainer-only hold."""
    status, out, err = run(capsys, "profile", "show", profile_id, "--on", "2026-12-01")
    assert (status, err) == (0, "")
    assert ("Holding a person on a detainer alone: NOT permitted (state layer, "
            "Lunn v. Commonwealth, 477 Mass. 517 (2017), from 2017-07-24)") in out
    status, out, _ = run(capsys, "profile", "show", profile_id, "--json",
                         "--on", "2026-12-01")
    view = json.loads(out)
    hold = next(r for r in view["effective_rules"] if r["matter"] == "hold_on_detainer")
    assert hold["permitted"] is False
    assert hold["decided_by"]["layer"] == "state"
    assert hold["decided_by"]["effective"] == "2017-07-24"


def test_profile_show_names_what_the_law_overrode(capsys: pytest.CaptureFixture[str]) -> None:
    """Policy 413 §IV.A.2 must be shown as superseded, not silently dropped."""
    _, out, _ = run(capsys, "profile", "show", "pittsfield-413", "--on", "2026-12-01")
    assert ("Policy 413 §IV.A.2 is superseded by Lunn v. Commonwealth (2017): no hold on "
            "a detainer alone") in out
    assert "; department: its own policy" in out
    _, before, _ = run(capsys, "profile", "show", "pittsfield-413", "--on", "2017-05-01")
    assert "Holding a person on a detainer alone: permitted (department layer" in before
    _, trust, _ = run(capsys, "profile", "show", "trust-act", "--on", "2026-12-01")
    assert "department: its own policy" not in trust  # the Trust Act profile states none
    assert ("Telling ICE of a pending release: NOT permitted (local layer, Trust Act §2(d)"
            in trust)


def test_profile_show_unknown_id_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """A mistyped profile id must list the installed ones, not print a traceback."""
    status, _, err = run(capsys, "profile", "show", "pittsfeld")
    assert status == 2 and "installed: haverhill" in err and "Traceback" not in err


def test_board_lists_release_due_first_with_time_held(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A script reading the board must see who is held past release, above the rest."""
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    now = datetime.now(UTC).replace(microsecond=0)
    desk = open_desk(url, FixedTime(now - timedelta(hours=3)))
    for number in ("D26-0001", "D26-0002"):
        desk.detainers.log(DetainerForm(number, FormType.I_247A, f"26-{number[-1]}",
                                        f"Subject {number[-1]}", desk.time.now()), SERGEANT)
    held = desk.detainers.by_number("D26-0002")
    desk.custody.record_bail_decision(held.id, BailDecision.PERSONAL_RECOGNIZANCE, SERGEANT)
    desk.db.close()
    add_person(url)
    status, out, err = run(capsys, "board", "--json", "--db", url)
    assert (status, err) == (0, "")
    rows = json.loads(out)
    assert [r["detainer_number"] for r in rows] == ["D26-0002", "D26-0001"]
    first, second = rows
    assert first["status"] == "RELEASE DUE" and first["hold_permitted"] is False
    assert 3 * 3600 <= first["held_past_eligibility_s"] < 3 * 3600 + 120
    assert second["held_past_eligibility_s"] is None
    assert second["left_counted_s"] is not None and second["left_wall_clock_s"] is not None
    assert second["start_governs"] == "fax receipt"
    _, text, _ = run(capsys, "board", "--db", url)
    assert text.splitlines()[0].startswith("RELEASE DUE")
    assert "past release" in text.splitlines()[0]
    assert "(wall clock)" in text.splitlines()[1] and "counted" in text.splitlines()[1]


def test_reimbursement_command_records_exact_money(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A reimbursement that can be entered nowhere makes every real report say none."""
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    desk = open_desk(url, FixedTime(datetime(2025, 11, 25, 19, tzinfo=UTC)))
    desk.detainers.log(DetainerForm("D26-0001", FormType.I_247A, "26-1", "Subject",
                                    desk.time.now()), SERGEANT)
    desk.db.close()
    add_person(url)
    status, out, err = run(capsys, "reimbursement", "D26-0001", "$1,250.50",
                           "--received", "2025-12-01", "--db", url)
    assert (status, err) == (0, "")
    assert out == "D26-0001: $1,250.50 received 2025-12-01\n"
    desk = open_desk(url)
    saved = desk.detainers.by_number("D26-0001")
    desk.db.close()
    assert saved.reimbursement_amount == Decimal("1250.50")
    assert saved.reimbursement_received_on == date(2025, 12, 1)
    status, _, err = run(capsys, "reimbursement", "D26-0001", "five hundred",
                         "--received", "2025-12-01", "--db", url)
    assert status == 2 and "is not an amount of dollars" in err
