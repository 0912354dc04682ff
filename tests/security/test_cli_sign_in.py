"""Every command signs in: the command line is no back door around the board's sign-in.

Reproduced before: `echo pw | USER=kim desk-app --db URL user add mallory --role
administrator` added an administrator logged as "kim (command line)", and `export
tracking` and `report quarterly` ran for anyone, unaudited. Here the issue's own example
runs on SQLite and on the real PostgreSQL server: no --user exits 2 with one sentence,
the records clerk is refused, the analyst with the right password on standard input gets
the sheet, and the audit names the analyst.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.cli import main
from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType, Role
from desk_app.store.database import open_database
from desk_app.store.desk import open_desk
from desk_app.store.models import AuditEntry, Person
from desk_app.store.people_service import LOCK_AFTER_FAILURES, WRONG_CREDENTIALS
from tests.cli_people import ADMIN_PASSWORD, add_person, signed_main, typed

RECEIVED = datetime(2025, 11, 25, 19, tzinfo=UTC)
LOPEZ, DUBE = "lopez-password-413", "dube-password-413"


@pytest.fixture
def url(database_url: str) -> str:
    """A desk with two detainers, its administrator, an analyst and a records clerk."""
    desk = open_desk(database_url, FixedTime(RECEIVED))
    for number in ("D26-0001", "D26-0002"):
        desk.detainers.log(DetainerForm(number, FormType.I_247A, f"26-{number[-1]}",
                                        f"Subject {number[-1]}", RECEIVED),
                           Actor("Sgt. M. Kim", Role.SUPERVISOR))
    desk.db.close()
    add_person(database_url)
    add_person(database_url, "lopez", Role.ANALYST, LOPEZ)
    add_person(database_url, "dube", Role.RECORDS_CLERK, DUBE)
    return database_url


def audit(url: str) -> list[AuditEntry]:
    """Every audit entry, oldest first."""
    db = open_database(url)
    try:
        with db.sessions() as session:
            return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    finally:
        db.close()


def test_export_needs_a_sign_in_and_the_analysts_role(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's example: anyone who could run desk-app had the restricted sheet."""
    sheet = tmp_path / "x.csv"
    with typed(LOPEZ):  # a password on stdin is not a name: still refused
        status = main(["--db", url, "export", "tracking", "--out", str(sheet)])
    out, err = capsys.readouterr()
    assert status == 2 and out == "" and err.count("\n") == 1 and "--user NAME" in err
    assert not sheet.exists()

    status = signed_main(["--db", url, "export", "tracking", "--out", str(sheet)],
                         "dube", DUBE)
    err = capsys.readouterr().err
    assert status == 2 and "may not export the tracking sheet" in err
    assert not sheet.exists()

    status = signed_main(["--db", url, "export", "tracking", "--out", str(sheet)],
                         "lopez", LOPEZ)
    assert (status, capsys.readouterr().out) == (0, f"2 rows written to {sheet}\n")
    assert sheet.read_text(encoding="utf-8-sig").count("D26-000") == 2
    last = audit(url)[-2:]
    assert [(e.actor, e.action) for e in last] == [
        ("Lopez", "signed in at the command line"), ("Lopez", "tracking sheet exported")]


@pytest.mark.parametrize(("argv", "command", "permission"), [
    (["export", "tracking", "--out", "x.csv"], "export", "EXPORT_TRACKING_SHEET"),
    (["user", "require-change", "lopez"], "user require-change", "MANAGE_PEOPLE"),
    (["audit", "verify"], "audit verify", "VIEW_AUDIT"),
])
def test_a_command_refused_for_the_role_is_audited_as_a_refusal(
        url: str, argv: list[str], command: str, permission: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A records clerk trying a command their role may not run showed in the log only
    as a sign-in: the attempt itself, and what it needed, were nowhere."""
    monkeypatch.chdir(tmp_path)
    before = len(audit(url))
    assert signed_main(["--db", url, *argv], "dube", DUBE) == 2
    assert "Not allowed" in capsys.readouterr().err
    added = audit(url)[before:]
    assert [(e.actor, e.action) for e in added] == [
        ("Dube", "signed in at the command line"), ("Dube", "command refused")]
    refusal = added[-1]
    assert f"Refused '{command}'" in refusal.summary and "records clerk" in refusal.summary
    assert json.loads(refusal.after) == {"command": command, "permission": permission}


@pytest.mark.parametrize("argv", [
    ["board"], ["print", "record", "D26-0001", "--out", "r.pdf"],
    ["export", "tracking", "--out", "x.csv"], ["import", "tracking", "x.csv"], ["sync"],
    ["settings"], ["settings", "municipality", "Lenox"],
    ["report", "quarterly", "--year", "2025", "--quarter", "4", "--out", "q.pdf"],
    ["report", "ordinance", "--from", "2025-07-01", "--to", "2025-12-31", "--out", "o.pdf"],
    ["audit", "verify"], ["backup", "--to", "b"],
    ["reimbursement", "D26-0001", "100", "--received", "2025-12-01"],
    ["user", "add", "mallory", "--role", "administrator"],
    ["user", "require-change", "lopez"], ["user", "password"], ["demo"],
])
def test_every_command_on_detainer_data_refuses_without_user(
        url: str, argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A command that reads or changes the desk would run for whoever is at the shell."""
    monkeypatch.chdir(tmp_path)
    entries = len(audit(url))
    with typed(ADMIN_PASSWORD, "a-new-password-1", "a-new-password-1"):
        status = main(["--db", url, *argv])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and "--user NAME" in err, err
    assert len(audit(url)) == entries  # nothing was done, nothing to audit
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in tmp_path.iterdir() if p.name.endswith(".sqlite3")
        or p.name.startswith("desk.sqlite3"))


def test_user_and_logname_name_nobody(url: str, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """`USER=kim desk-app user add mallory --role administrator` was logged as kim."""
    monkeypatch.setenv("USER", "kim")
    monkeypatch.setenv("LOGNAME", "kim")
    with typed("mallory-password-1", "mallory-password-1"):
        status = main(["--db", url, "user", "add", "mallory", "--role", "administrator"])
    assert status == 2 and "--user NAME" in capsys.readouterr().err
    with typed(LOPEZ, "mallory-password-1", "mallory-password-1"):
        status = main(["--db", url, "--user", "lopez", "user", "add", "mallory", "--role",
                       "administrator"])
    assert status == 2 and "may not add people" in capsys.readouterr().err
    db = open_database(url)
    try:
        with db.sessions() as session:
            assert session.scalar(select(Person).where(Person.username == "mallory")) is None
    finally:
        db.close()
    assert not [e for e in audit(url) if "kim" in e.actor or "command line)" == e.actor[-13:]]


def test_wrong_password_gets_the_one_answer_and_counts_toward_the_lockout(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Guessing from a script would be free: no lock, or an answer that names accounts."""
    answers = set()
    for who, password in [("nobody", LOPEZ)] + [("lopez", "wrong-password-0")] * \
            LOCK_AFTER_FAILURES + [("lopez", LOPEZ)]:
        status = signed_main(["--db", url, "board"], who, password)
        err = capsys.readouterr().err
        assert status == 2 and err.count("\n") == 1
        answers.add(err)
    assert answers == {f"desk-app: {WRONG_CREDENTIALS}\n"}  # locked: the right one too
    assert [e.action for e in audit(url)].count("account locked") == 1


def test_a_forced_change_is_asked_before_any_command(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An administrator's "choose a new password" would be ignored on the command line."""
    assert signed_main(["--db", url, "user", "require-change", "lopez"]) == 0
    sheet = tmp_path / "x.csv"
    capsys.readouterr()
    status = signed_main(["--db", url, "export", "tracking", "--out", str(sheet)],
                         "lopez", LOPEZ)
    assert status == 2 and "must choose a new password first" in capsys.readouterr().err
    assert not sheet.exists()
    with typed(LOPEZ, "short-one", "short-one"):  # nine characters
        status = main(["--db", url, "--user", "lopez", "user", "password"])
    assert status == 2 and "at least 12 characters" in capsys.readouterr().err
    new = "lopez-chose-this-one"
    with typed(LOPEZ, new, new):
        status = main(["--db", url, "--user", "lopez", "user", "password"])
    assert (status, capsys.readouterr().out) == (0, "Lopez: password changed.\n")
    assert signed_main(["--db", url, "export", "tracking", "--out", str(sheet)],
                       "lopez", LOPEZ) == 2  # the old password is gone
    assert signed_main(["--db", url, "export", "tracking", "--out", str(sheet)],
                       "lopez", new) == 0
    actions = [(e.actor, e.action) for e in audit(url)]
    assert ("Lt. A. Okafor", "password change required") in actions
    assert ("Lopez", "password changed") in actions


def test_at_a_terminal_the_password_is_asked_without_echo(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """At a terminal the password would be read in plain sight, or not asked at all."""
    import getpass
    import io
    import sys

    from desk_app.cli.failures import UsageError
    from desk_app.cli.sign_in import read_new_password, read_password

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    asked: list[str] = []
    answers = iter(["typed-at-the-desk", "new-password-413", "new-password-413",
                    "new-password-413", "new-password-414"])

    def hidden(prompt: str = "") -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr(sys, "stdin", Terminal("never read from here\n"))
    monkeypatch.setattr(getpass, "getpass", hidden)
    assert read_password("Password for lopez: ") == "typed-at-the-desk"
    assert read_new_password() == "new-password-413"
    with pytest.raises(UsageError, match="differ"):
        read_new_password()
    assert asked[0] == "Password for lopez: " and "12 characters" in asked[1]
    assert sys.stdin.read() == "never read from here\n"
