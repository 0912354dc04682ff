"""The `desk-app` command line: expiry answers, plain one-line refusals, demo data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from desk_app.cli import build_parser, main
from desk_app.store import demo as demo_module
from desk_app.store.desk import Desk

START = "2026-11-25T14:00"  # Wednesday before Thanksgiving, Pittsfield time


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `desk-app argv...` in this process; return status, stdout and stderr."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(("argv", "expected"), [
    ([START], "2026-11-30T14:00:00-05:00"),
    (["2026-11-25T19:00+00:00"], "2026-11-30T14:00:00-05:00"),
    (["2026-11-25T11:00-08:00"], "2026-11-30T14:00:00-05:00"),
    ([START, "--no-exclusions"], "2026-11-27T14:00:00-05:00"),
    ([START, "--hours", "24"], "2026-11-27T14:00:00-05:00"),
    ([START, "--hours", "24", "--no-exclusions"], "2026-11-26T14:00:00-05:00"),
    ([START, "--hours", "10"], "2026-11-26T00:00:00-05:00"),
    ([START, "--tz", "America/Chicago"], "2026-11-30T14:00:00-06:00"),
    # Released on recognizance at 10:00, fax logged at 14:00: eligibility governs.
    ([START, "--eligible", "2026-11-25T10:00"], "2026-11-30T10:00:00-05:00"),
    # Eligible after the fax: the department's count from the fax is the earlier one.
    ([START, "--eligible", "2026-11-25T16:00"], "2026-11-30T14:00:00-05:00"),
])
def test_expiry(argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A sergeant checking a release time by hand would get a different answer."""
    status, out, err = run(capsys, "expiry", *argv)
    assert (status, out, err) == (0, expected + "\n", "")


@pytest.mark.parametrize(("argv", "words"), [
    (["yesterday at two"], "is not a date and time"),
    ([START, "--tz", "Mars/Olympus_Mons"], "is not a time zone name"),
    ([START, "--tz", "../../etc/passwd"], "is not a time zone name"),
    ([START, "--subdiv", "XX"], "is not a US state or territory code"),
    ([START, "--hours", "0"], "--hours must be more than zero"),
    ([START, "--hours", "-12"], "--hours must be more than zero"),
    ([START, "--hours", "nan"], "--hours must be more than zero"),
])
def test_bad_input_is_one_plain_line(argv: list[str], words: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A typo would print a Python traceback instead of saying what to fix."""
    status, out, err = run(capsys, "expiry", *argv)
    assert status == 2
    assert out == ""
    assert err.startswith("desk-app: ") and err.endswith("\n")
    assert err.count("\n") == 1
    assert words in err
    assert "Traceback" not in err


@pytest.mark.parametrize("argv", [
    [START, "--hours", "inf"],
    [START, "--hours", "1e9"],
    ["9999-12-31T14:00"],
])
def test_out_of_range_input_is_one_plain_line(argv: list[str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """An absurd number of hours or year would print a Python traceback."""
    status, _out, err = run(capsys, "expiry", *argv)
    assert status == 2
    assert err.count("\n") == 1


def launchers() -> list[list[str]]:
    """`python -m desk_app.cli`, and the installed `desk-app` script when there is one."""
    found = [[sys.executable, "-m", "desk_app.cli"]]
    script = Path(sys.executable).parent / "desk-app"
    if script.exists():
        found.append([str(script)])
    return found


@pytest.mark.parametrize("launcher", launchers(), ids=lambda cmd: Path(cmd[-1]).name)
def test_bad_input_from_a_real_process(launcher: list[str]) -> None:
    """Run as a program, a typo would still end in a traceback and exit status 1."""
    done = subprocess.run([*launcher, "expiry", "2026-13-45T99:00"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("desk-app: '2026-13-45T99:00' is not a date and time")


def test_demo_fills_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A trainer running `desk-app demo` would get an empty board or no summary."""
    # The real fill_demo, with 20 closed detainers instead of the default 320 (which
    # takes 15-40 s); the command's own wiring is what is under test here.
    real_fill = demo_module.fill_demo
    calls: list[dict[str, object]] = []

    def smaller_fill(desk: Desk, seed: int = 413, **kwargs: object) -> str:
        calls.append({"seed": seed, **kwargs})
        return real_fill(desk, seed=seed, closed_count=20)

    monkeypatch.setattr(demo_module, "fill_demo", smaller_fill)
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    status, out, err = run(capsys, "--db", url, "demo", "--seed", "7")
    assert (status, err) == (0, "")
    assert out.startswith("Demo data: 12 active detainers at 3 stations (Headquarters, North, "
                          "South), 20 closed over two years; sign in")
    assert calls == [{"seed": 7}]
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            total = connection.execute(text("SELECT count(*) FROM detainers")).scalar()
            open_now = connection.execute(text(
                "SELECT count(*) FROM detainers WHERE closed_at IS NULL "
                "AND voided_at IS NULL")).scalar()
    finally:
        engine.dispose()
    assert (total, open_now) == (32, 12)


def test_db_option_after_the_subcommand(tmp_path: Path) -> None:
    """`desk-app demo --db ...` would be refused although `--db` is in the help."""
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert build_parser().parse_args(["demo", "--db", url]).db == url


def test_bad_database_url_is_one_plain_line(capsys: pytest.CaptureFixture[str]) -> None:
    """A mistyped database URL would print a SQLAlchemy traceback."""
    status, _out, err = run(capsys, "--db", "not a url", "demo")
    assert status == 2
    assert err.count("\n") == 1
