"""The command line with anything typed after it: an answer, or one plain sentence.

`main(argv)` is called with random arguments built from the real vocabulary mixed
with junk. Whatever happens, no traceback: a refusal by the application is one line
on stderr with exit status 2; argparse's own usage errors end with its one "error:"
line and also exit 2. Every path the arguments name stays inside the test's folder.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.cli import main
from desk_app.domain.time_source import FixedTime
from desk_app.store.database import DB_URL_ENV, open_database
from tests.cli_people import add_person, signed_main
from tests.reliability.conftest import NOW
from tests.reliability.soak import examples

COMMANDS = ("expiry", "print", "export", "import", "sync", "settings", "report", "user",
            "audit")
WORDS = ("record", "copy", "tracking", "verify", "add", "quarterly", "ordinance",
         "--hours", "--tz", "--subdiv", "--no-exclusions", "--out", "--year", "--quarter",
         "--from", "--to", "--role", "--display-name", "--seed", "--db", "-h", "--version",
         "2026-11-25T14:00", "2026-02-30", "14:00", "America/New_York", "Mars/Base",
         "MA", "XX", "48", "0", "-1", "1e400", "nan", "2026", "5", "administrator",
         "desk officer", "admin", "D26-00001", "records_folder", "profile_id",
         "municipality", "warning_hours", "lock_minutes", "fax_inbox", "westborough",
         "pittsfield-413", "=HYPERLINK(\"x\")", "", " ", "\x00", "é", "--", "-")
PATHS = ("out.pdf", "out.csv", "out.xlsx", "out.txt", "sheet.csv", "junk.xlsx",
         "missing/dir/out.csv", "missing/out.pdf", "/proc/no-such/out.csv", ".", "/",
         "/dev/null", "readonly/out.csv", "a-folder")
# Free text never holds a path separator: nothing may be written outside the folder.
free_text = st.text(max_size=12).filter(lambda s: "/" not in s and "\\" not in s
                                        and not s.startswith(".."))
token = st.one_of(st.sampled_from(WORDS), st.sampled_from(PATHS), free_text,
                  st.integers(-10**6, 10**6).map(str), st.floats().map(str))


def one(*good: str) -> st.SearchStrategy[str]:
    """Mostly one of the expected words, sometimes anything."""
    return st.tuples(st.integers(0, 5), st.sampled_from(good), token).map(
        lambda drawn: drawn[2] if drawn[0] == 0 else drawn[1])


path = st.sampled_from(PATHS)


def words(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """Several arguments in a row."""
    return st.tuples(*parts).map(list)


option = st.one_of(words(st.just("--hours"), one("48", "24", "0.5", "1e9", "-2", "x")),
                   words(st.just("--tz"), one("America/Chicago", "UTC", "Mars/Base")),
                   words(st.just("--subdiv"), one("MA", "NY", "XX", "")),
                   words(st.just("--no-exclusions")), st.just([]))
GRAMMAR: dict[str, st.SearchStrategy[list[str]]] = {
    "expiry": st.tuples(words(one("2026-11-25T14:00", "2026-11-25 14:00-05:00",
                                  "2026-03-08T02:30", "9999-12-31T23:00", "0001-01-01")),
                        option, option).map(lambda p: [w for part in p for w in part]),
    "print": words(one("record", "copy"), one("D26-00001", "NOPE"), one("--out"), path),
    "export": words(one("tracking"), one("--out"), path),
    "import": words(one("tracking"), path),
    "sync": st.just([]),
    "settings": st.one_of(st.just([]), words(
        one("records_folder", "municipality", "warning_hours", "profile_id",
            "lock_minutes", "fax_inbox", "shift_starts", "critical_hours"),
        one("a-folder", "Lenox", "7", "-3", "westborough", "nope", "25:00", "missing"))),
    "report": st.one_of(
        words(st.just("quarterly"), one("--year"), one("2026", "0", "99999"), one("--quarter"),
              one("4", "5", "0"), one("--out"), path),
        words(st.just("ordinance"), one("--from"), one("2026-01-01", "2026-13-01", "0001-01-01"),
              one("--to"), one("2026-06-30", "2025-01-01", "9999-12-31"), one("--out"), path)),
    "user": words(one("add"), one("ana", "ADMIN", "x" * 200, " "), one("--role"),
                  one("administrator", "desk officer", "god")),
    "audit": words(one("verify")),
}


@st.composite
def command_lines(draw: st.DrawFn, urls: tuple[str, ...]) -> list[str]:
    """A subcommand (never the GUI) and its arguments, some of them replaced, dropped
    or joined by random words, paths and database URLs."""
    command = draw(st.sampled_from(COMMANDS))
    argv = [command, *draw(GRAMMAR[command])]
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):
        where = draw(st.integers(1, len(argv)))
        if draw(st.booleans()) and where < len(argv):
            del argv[where]
        else:
            argv.insert(where, draw(token))
    if draw(st.booleans()):
        argv[1:1] = ["--db", draw(st.sampled_from(urls))]
    return argv


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder: a desk database, a good sheet, a junk workbook, a newer db."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(DB_URL_ENV, f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setattr(sys, "stdin", io.StringIO("pw\n" * 10**4))
    add_person(f"sqlite:///{tmp_path / 'cli.sqlite3'}")  # --user admin signs in
    (tmp_path / "sheet.csv").write_text(
        "Case #,Date,Arrestee Name,ICE Official,Arrest Location,Offense(s),Detainer #,"
        "Reason for Detainer,Criminal History (Y/N),Held Overnight (Y/N),Weekend (Y/N),"
        "Deported (Y/N/Unknown)\n26-1-AR,2026-11-02,=HYPERLINK(\"x\"),K,North St,OUI,"
        "D26-00001,,N,N,N,Unknown\n", encoding="utf-8")
    (tmp_path / "junk.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "readonly").mkdir()
    (tmp_path / "readonly").chmod(0o500)
    newer = tmp_path / "newer.sqlite3"
    open_database(f"sqlite:///{newer}", FixedTime(NOW)).close()
    with sqlite3.connect(newer) as con:
        con.execute("UPDATE alembic_version SET version_num = '9001_x'")
    yield tmp_path
    (tmp_path / "readonly").chmod(0o700)


def urls(folder: Path) -> tuple[str, ...]:
    """Database URLs a person might pass with --db, most of them wrong."""
    return (f"sqlite:///{folder / 'cli.sqlite3'}", f"sqlite:///{folder / 'newer.sqlite3'}",
            f"sqlite:///{folder / 'a-folder'}", f"sqlite:///{folder / 'junk.xlsx'}",
            f"sqlite:///file:{folder / 'cli.sqlite3'}?mode=ro&uri=true",
            "nonsense", "mysql://nobody@nowhere/db", "sqlite://", "",
            f"postgresql+psycopg://nobody@/none?host={folder / 'no-socket'}")


@given(data=st.data())
@examples(200, 3000)
def test_any_command_line_answers_or_says_one_sentence(
        folder: Path, capsys: pytest.CaptureFixture[str], data: st.DataObject) -> None:
    """A typo on the command line would print a Python traceback."""
    argv = data.draw(command_lines(urls(folder)))
    try:
        status = main(argv)
    except SystemExit as stopped:  # argparse: --help/--version (0) or a usage error (2)
        out, err = capsys.readouterr()
        assert stopped.code in (0, 2), (argv, err)
        if stopped.code == 2:
            assert err.startswith("usage: ") and ": error: " in err, (argv, err)
        assert "Traceback" not in out + err
        return
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, (argv, err)
    assert status in (0, 1, 2), argv
    if status == 2:
        assert err.startswith("desk-app: ") or not err.startswith("Traceback"), (argv, err)
        assert err.count("\n") == 1, (argv, err)
    outside = [p for p in ("/out.csv", "/out.pdf", "/out.xlsx") if os.path.exists(p)]
    assert not outside, f"{argv} wrote outside the test folder: {outside}"
    shutil.rmtree(folder / "missing", ignore_errors=True)


@pytest.mark.parametrize("argv", [
    ["export", "tracking", "--out", "missing/dir/out.csv"],
    ["report", "quarterly", "--year", "0", "--quarter", "4", "--out", "out.pdf"],
    ["report", "ordinance", "--from", "2026-01-01", "--to", "9999-12-31", "--out", "x.pdf"],
    ["expiry", "2026-11-25T14:00", "--tz", "x" * 400],
    ["settings", "profile_id", "no-such-profile"],
    ["settings", "municipality\nLenox"],
    ["audit", "verify", "--db", "mysql://nobody@nowhere/db"],
    ["audit", "verify", "--db", "sqlite:///junk.xlsx"],
    ["audit", "verify", "--db", "sqlite:///newer.sqlite3"],
], ids=["out-in-missing-folder", "year-0", "year-9999", "long-zone", "unknown-profile",
        "newline", "no-driver", "not-a-database", "newer-schema"])
def test_found_by_the_generator_now_one_sentence(
        folder: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """Each of these once printed a traceback (or locked the desk out, for the profile)."""
    assert signed_main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("desk-app: ") or err.count("\n") == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert signed_main(["audit", "verify"]) == 0  # and the desk still opens afterwards
