"""Data at rest readable by its owner only, and no values of a failed statement in logs.

Reproduced before: the database, its folder and the logs were created mode 644 (every
account on the workstation could read names and dates of birth), and a failed statement
put its parameters (a subject's name, a date of birth) into the log and the dialog.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from desk_app.store.database import open_database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_journal_are_the_owners_only(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    db = open_database(f"sqlite:///{path}")
    try:
        with db.engine.begin() as connection:
            connection.execute(text("SELECT count(*) FROM detainers"))
        assert mode(path) == 0o600
        for journal in tmp_path.glob("desk.sqlite3-*"):  # -wal, -shm while open
            assert mode(journal) & 0o077 == 0, journal
    finally:
        db.close()


def test_the_default_data_folder_and_log_are_the_accounts_only(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "DESK_DB_URL"}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_STATE_HOME=str(tmp_path / "state"), XDG_CONFIG_HOME=str(tmp_path / "c"),
               XDG_CONFIG_DIRS=str(tmp_path / "site"), QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "-m", "desk_app.cli", "--quit-after-paint"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    data = tmp_path / "data" / "detainer-desk"
    assert mode(data) == 0o700 and mode(data / "detainers.sqlite3") == 0o600
    logs = list((tmp_path / "state").rglob("desk.log"))
    assert logs and all(mode(log) == 0o600 and mode(log.parent) == 0o700 for log in logs)


def test_a_failed_statement_does_not_carry_its_values(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    try:
        with pytest.raises(DBAPIError) as failed, db.engine.begin() as connection:
            connection.execute(text("INSERT INTO no_such_table VALUES (:name, :born)"),
                               {"name": "Ольга Петрова", "born": "1990-04-01"})
        assert "Ольга" not in str(failed.value) and "1990-04-01" not in str(failed.value)
        assert "parameters hidden" in str(failed.value)
    finally:
        db.close()
