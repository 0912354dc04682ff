"""A start-up failure is seen: one sentence, in the log too, and never a password.

The board is started from a menu entry or an icon, with no terminal. A missing display
used to abort inside Qt (exit 134, with a hint about the wrong library); an unreachable
database or a folder that cannot be written printed one line to a stderr nobody sees,
with the database password in it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from desk_app.gui.platform_check import XCB_LIBRARIES, display_problem
from desk_app.settings_file import SettingsFileError
from desk_app.store.schema_guard import SchemaTooNewError
from desk_app.store.startup_failure import explain_startup_failure, masked_url

SECRET_URL = "postgresql+psycopg://desk:s3cret-pw@127.0.0.1:1/detainers"
MASKED_URL = "postgresql+psycopg://desk:***@127.0.0.1:1/detainers"


def desk_app(tmp_path: Path, *argv: str, drop: tuple[str, ...] = (),
             **extra: str) -> subprocess.CompletedProcess[str]:
    """Run `desk-app argv...` as a workstation would, with its folders under tmp_path."""
    env = {key: value for key, value in os.environ.items()
           if key not in drop and key != "DESK_DB_URL"}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CONFIG_DIRS=str(tmp_path / "site"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.update(extra)
    return subprocess.run([sys.executable, "-m", "desk_app.cli", *argv], capture_output=True,
                          text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)


def desk_log(tmp_path: Path) -> str:
    """Everything the runs under tmp_path wrote to desk.log."""
    return "".join(path.read_text("utf-8") for path in (tmp_path / "state").rglob("desk.log"))


def test_no_display_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    """Qt would abort the process (134) with a hint about libxcb-cursor0."""
    run = desk_app(tmp_path, drop=("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    assert run.returncode == 2, run.stderr
    assert run.stderr.count("\n") == 1
    assert "no display to show the board on" in run.stderr
    assert "Traceback" not in run.stderr and "xcb" not in run.stderr
    assert "no display to show the board on" in desk_log(tmp_path)


def test_commands_need_no_display(tmp_path: Path) -> None:
    """The headless commands work on a server with no display at all."""
    run = desk_app(tmp_path, "expiry", "2026-11-25T14:00",
                   drop=("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    assert (run.returncode, run.stdout) == (0, "2026-11-30T14:00:00-05:00\n")


@pytest.mark.parametrize(("environ", "platform", "expected"), [
    ({}, "linux", "no display"),
    ({"DISPLAY": ":0"}, "linux", None),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", None),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", None),
    ({"QT_QPA_PLATFORM": "xcb"}, "linux", "no display"),
    ({}, "win32", None),
    ({}, "darwin", None),
])
def test_display_problem(environ: dict[str, str], platform: str, expected: str | None) -> None:
    """Which machines can show a window, decided before Qt is asked."""
    problem = display_problem(environ, platform, can_load=lambda library: True)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None and expected in problem


def test_missing_x11_libraries_are_named_as_packages_to_install() -> None:
    """The administrator gets the one apt-get line for exactly what is missing."""
    missing = {"libxcb-cursor.so.0", "libxkbcommon-x11.so.0"}
    problem = display_problem({"DISPLAY": ":0"}, "linux",
                              can_load=lambda library: library not in missing)
    assert problem is not None
    assert "apt-get install libxcb-cursor0 libxkbcommon-x11-0" in problem
    assert set(XCB_LIBRARIES.values()) >= {"libxcb-cursor0", "libxkbcommon-x11-0"}


def test_unreachable_database_is_said_with_the_password_masked(tmp_path: Path) -> None:
    """The board printed the URL with the password in it, then nothing else."""
    run = desk_app(tmp_path, "--db", SECRET_URL, "--quit-after-paint",
                   QT_QPA_PLATFORM="offscreen")
    assert run.returncode == 2, run.stderr
    assert MASKED_URL in run.stderr and "cannot be reached" in run.stderr
    assert "s3cret" not in run.stderr + run.stdout
    log = desk_log(tmp_path)
    assert "the desk cannot start" in log and MASKED_URL in log
    assert "s3cret" not in log
    assert log.splitlines()[0].split(": ", 1)[1].startswith("Detainer Desk ")


def test_a_command_on_an_unreachable_database_masks_the_password(tmp_path: Path) -> None:
    run = desk_app(tmp_path, "--db", SECRET_URL, "audit", "verify")
    assert run.returncode == 2
    assert MASKED_URL in run.stderr and "s3cret" not in run.stderr
    assert run.stderr.count("\n") == 1


def test_a_data_folder_that_cannot_be_made_is_said(tmp_path: Path) -> None:
    """The default database's folder lies under a file: it can never be created."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    run = desk_app(tmp_path, "--quit-after-paint", QT_QPA_PLATFORM="offscreen",
                   XDG_DATA_HOME=str(blocker / "data"))
    assert run.returncode == 2, run.stderr
    assert "cannot be used" in run.stderr and str(blocker) in run.stderr
    assert "Traceback" not in run.stderr
    assert "cannot be used" in desk_log(tmp_path)


def test_explanations_say_what_to_do() -> None:
    """Each kind of failure gets its own next step."""
    newer = explain_startup_failure(SchemaTooNewError("the database was upgraded by a "
                                                      "newer version"), None)
    assert newer is not None and "Install the version" in newer.what_to_do
    settings = explain_startup_failure(
        SettingsFileError(Path("/etc/xdg/detainer-desk/desk.toml"), "profile", "unknown"),
        None)
    assert settings is not None and "desk.toml: key 'profile'" in settings.sentence
    refused = OperationalError("connect", {}, Exception("connection refused\nmore"))
    unreachable = explain_startup_failure(refused, SECRET_URL)
    assert unreachable is not None
    assert unreachable.sentence == (f"the database {MASKED_URL} cannot be reached "
                                    "(connection refused).")
    assert explain_startup_failure(ZeroDivisionError(), None) is None  # a bug: re-raised


@pytest.mark.parametrize(("url", "shown"), [
    (SECRET_URL, MASKED_URL),
    ("sqlite:////var/lib/desk/detainers.sqlite3", "sqlite:////var/lib/desk/detainers.sqlite3"),
    ("not a url://user:pw@host", "not a url://user:***@host"),
])
def test_masked_url(url: str, shown: str) -> None:
    assert masked_url(url) == shown


def test_a_per_machine_data_folder_holds_the_database_and_the_log(tmp_path: Path) -> None:
    """Every account on a shared desk PC must see one board, not an empty one each."""
    shared = tmp_path / "ProgramData" / "detainer-desk" / "data"
    site = tmp_path / "site" / "detainer-desk"
    site.mkdir(parents=True)
    (site / "desk.toml").write_text(f"data_folder = '{shared}'\n", encoding="utf-8")
    run = desk_app(tmp_path, "--quit-after-paint", QT_QPA_PLATFORM="offscreen")
    assert run.returncode == 0, run.stderr
    assert (shared / "detainers.sqlite3").stat().st_size > 0
    log = (shared / "logs" / "desk.log").read_text("utf-8")
    assert "Detainer Desk " in log.splitlines()[0] and "board" not in run.stderr
    assert not (tmp_path / "data" / "detainer-desk").exists()  # nothing per account


def test_a_relative_data_folder_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site" / "detainer-desk"
    site.mkdir(parents=True)
    (site / "desk.toml").write_text("data_folder = 'data'\n", encoding="utf-8")
    run = desk_app(tmp_path, "settings")
    assert run.returncode == 2
    assert "desk.toml: key 'data_folder': must be a full path" in run.stderr
