"""The records clerk's commands: print, export, import, sync, settings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from desk_app.cli import main
from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType, Outcome, Role
from desk_app.store.desk import open_desk
from tests.cli_people import add_person, signed_main, typed
from tests.tamper import lift_audit_guard

# In the past for any real clock: the command line runs on the workstation's time.
RECEIVED = datetime(2025, 11, 25, 19, tzinfo=UTC)
SERGEANT = Actor("Sgt. M. Kim", Role.SUPERVISOR)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A database with one closed and one active detainer."""
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    desk = open_desk(url, FixedTime(RECEIVED))
    for number, name in (("D26-0001", "Ольга Петрова"), ("D26-0002", "王小明")):
        desk.detainers.log(DetainerForm(number, FormType.I_247A, f"26-{number[-1]}",
                                        name, RECEIVED), SERGEANT)
    closed = desk.detainers.by_number("D26-0001")
    desk.custody.close(closed.id, Outcome.LIFTED_BY_ICE, SERGEANT,
                       override_reason="ICE lifted the detainer by phone")
    desk.db.close()
    add_person(url)
    return url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`desk-app argv...`, signed in as the administrator."""
    status = signed_main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_print_record_writes_a_pdf_with_the_name(db_url: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A records clerk printing by detainer number must get that person's record."""
    out = tmp_path / "record.pdf"
    status, text, _ = run(capsys, "print", "record", "D26-0001", "--out", str(out),
                          "--db", db_url)
    assert status == 0 and "D26-0001" in text
    assert "Ольга Петрова" in "".join(p.extract_text() for p in PdfReader(out).pages)


def test_print_unknown_number_is_one_line(db_url: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """A mistyped detainer number must say so, not print a traceback."""
    status, _, err = run(capsys, "print", "record", "D99", "--out", str(tmp_path / "x.pdf"),
                         "--db", db_url)
    assert status == 2 and "no detainer numbered 'D99'" in err
    assert "Traceback" not in err


def test_export_then_import_round_trips(db_url: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """The tracking sheet a department keeps must come back in without duplicates."""
    sheet = tmp_path / "tracking.xlsx"
    assert run(capsys, "export", "tracking", "--out", str(sheet), "--db", db_url)[:2] == (
        0, f"2 rows written to {sheet}\n")
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    add_person(other)
    status, text, _ = run(capsys, "import", "tracking", str(sheet), "--db", other)
    assert status == 0 and text.splitlines()[0] == "2 rows imported"
    status, text, _ = run(capsys, "import", "tracking", str(sheet), "--db", other)
    assert text.splitlines()[0] == "0 rows imported, 2 already present"


def test_export_refuses_an_unknown_format(db_url: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """An export named .pdf must be refused with the formats that work."""
    status, _, err = run(capsys, "export", "tracking", "--out", str(tmp_path / "t.pdf"),
                         "--db", db_url)
    assert status == 2 and ".csv or .xlsx" in err


def test_sync_needs_a_folder_then_writes_the_sheet(db_url: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The tracking sheet is restricted (Pittsfield §E): it must wait for the restricted
    records folder, never land in the shared one, and arrive once that folder is set."""
    status, _, err = run(capsys, "sync", "--db", db_url)
    assert status == 2 and "No records folder is set" in err
    folder = tmp_path / "records"
    folder.mkdir()
    status, text, _ = run(capsys, "settings", "records_folder", str(folder), "--db", db_url)
    assert status == 0 and f"records_folder = {folder}" in text
    status, text, _ = run(capsys, "sync", "--db", db_url)
    assert status == 0 and text.startswith("0 written, 1 waiting")  # restricted (§E)
    assert not (folder / "ice-detainer-tracking-sheet.xlsx").exists()
    restricted = tmp_path / "restricted"
    restricted.mkdir()
    status, text, _ = run(capsys, "settings", "restricted_records_folder", str(restricted),
                          "--db", db_url)
    assert status == 0
    status, text, _ = run(capsys, "sync", "--db", db_url)
    assert status == 0 and text.startswith("1 written, 0 waiting")
    assert (restricted / "ice-detainer-tracking-sheet.xlsx").exists()
    assert "ice-detainer-tracking-sheet.xlsx" in (restricted / "MANIFEST.sha256").read_text()
    assert not (folder / "ice-detainer-tracking-sheet.xlsx").exists()


def test_settings_refuse_a_bad_number(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A typo in a threshold must be refused with the setting's name."""
    status, _, err = run(capsys, "settings", "warning_hours", "twelve", "--db", db_url)
    assert status == 2 and "warning_hours: must be a number" in err


def test_first_administrator_then_people(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A new database must start with an administrator, then take anyone the
    administrator adds, signed in; each new password is typed twice."""
    url = f"sqlite:///{tmp_path / 'people.sqlite3'}"
    first = "first-admin-password"
    with typed(first, first):
        status = main(["user", "add", "reyes", "--role", "desk officer", "--db", url])
    assert status == 2 and "create the administrator first" in capsys.readouterr().err
    with typed(first, "a-different-password"):
        status = main(["user", "add", "admin", "--role", "administrator", "--db", url])
    assert status == 2 and "differ" in capsys.readouterr().err
    with typed(first, first):
        status = main(["user", "add", "admin", "--role", "administrator",
                       "--display-name", "A. Admin", "--db", url])
    assert (status, capsys.readouterr().out) == (
        0, "Created the first administrator admin (A. Admin).\n")
    with typed("reyes-new-password", "reyes-new-password"):
        status = main(["user", "add", "reyes", "--role", "desk officer", "--db", url])
    assert status == 2 and "needs a sign-in" in capsys.readouterr().err
    with typed(first, "reyes-new-password", "reyes-new-password"):
        status = main(["--user", "admin", "user", "add", "reyes", "--role", "desk officer",
                       "--db", url])
    assert capsys.readouterr().out == "Added reyes (reyes) as desk officer.\n"
    with typed("reyes-new-password", "dube-new-password", "dube-new-password"):
        status = main(["--user", "reyes", "user", "add", "dube", "--role",
                       "records clerk", "--db", url])
    assert status == 2 and "may not add people" in capsys.readouterr().err


def test_audit_verify_finds_an_edit_behind_the_application(
        db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """An audit entry changed with plain SQL must be reported at that entry, exit 1."""
    import sqlite3

    status, text, _ = run(capsys, "audit", "verify", "--db", db_url)
    assert status == 0
    assert "entries, chain intact; every person and detainer as audited" in text
    count = int(text.split()[0])
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        lift_audit_guard(conn)  # the file's owner can; the application never does
        conn.execute("UPDATE audit_log SET summary = 'nothing happened' WHERE id = 2")
    status, _, err = run(capsys, "audit", "verify", "--db", db_url)
    assert status == 1 and "audit entry 2 does not match" in err
    assert count >= 3


def test_reports_from_the_command_line(db_url: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """An analyst must get both reports as PDF or CSV, and a plain word for a bad period."""
    pdf = tmp_path / "q4.pdf"
    status, text, _ = run(capsys, "report", "quarterly", "--year", "2025", "--quarter", "4",
                          "--out", str(pdf), "--db", db_url)
    assert status == 0 and "Q4 2025" in text
    assert "Quarterly ICE detainer report" in PdfReader(pdf).pages[0].extract_text()
    csv_out = tmp_path / "ordinance.csv"
    status, _, _ = run(capsys, "report", "ordinance", "--from", "2025-07-01", "--to",
                       "2025-12-31", "--out", str(csv_out), "--db", db_url)
    assert status == 0
    assert "Requests lodged,ICE holds,2" in csv_out.read_text(encoding="utf-8-sig")
    status, _, err = run(capsys, "report", "quarterly", "--year", "2025", "--quarter", "5",
                         "--out", str(pdf), "--db", db_url)
    assert status == 2 and "--quarter must be 1, 2, 3 or 4" in err


def test_export_and_reports_of_one_station(db_url: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """An analyst asking for one station's sheet or report must get that station's
    detainers only, and every station's without --station."""
    desk = open_desk(db_url, FixedTime(RECEIVED))
    active = desk.detainers.by_number("D26-0002")
    desk.detainers.edit(active.id, active.version, {"station": "North"}, SERGEANT)
    desk.db.close()
    sheet = tmp_path / "north.csv"
    status, text, _ = run(capsys, "export", "tracking", "--out", str(sheet), "--station",
                          "North", "--db", db_url)
    assert (status, text.strip()) == (0, f"1 rows written to {sheet} of station North")
    assert "王小明" in sheet.read_text(encoding="utf-8-sig")
    assert "Ольга Петрова" not in sheet.read_text(encoding="utf-8-sig")
    status, text, _ = run(capsys, "export", "tracking", "--out", str(sheet), "--db", db_url)
    assert text.startswith("2 rows written")
    report = tmp_path / "q4-north.csv"
    status, text, _ = run(capsys, "report", "quarterly", "--year", "2025", "--quarter", "4",
                          "--out", str(report), "--station", "North", "--db", db_url)
    assert status == 0 and "of station North" in text
    rows = report.read_text(encoding="utf-8-sig")
    assert "Station,North," in rows and "Total,Detainers received,1" in rows
    everything = tmp_path / "q4.csv"
    run(capsys, "report", "quarterly", "--year", "2025", "--quarter", "4", "--out",
        str(everything), "--db", db_url)
    rows = everything.read_text(encoding="utf-8-sig")
    assert "Total,Detainers received,2" in rows
    assert "Station: North,Received,1" in rows and "Station: (no station),Received,1" in rows
    assert "王小明" in run(capsys, "board", "--station", "North", "--db", db_url)[1]
    assert "王小明" not in run(capsys, "board", "--station", "South", "--db", db_url)[1]
    with pytest.raises(SystemExit) as refused:
        run(capsys, "report", "quarterly", "--year", "2025", "--quarter", "4", "--out",
            str(everything), "--station", "North\tSouth", "--db", db_url)
    assert refused.value.code == 2
    assert "--station: the station must be a name on one line" in capsys.readouterr().err
