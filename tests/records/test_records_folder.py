"""The records folder's manifest lock: waits for another workstation, takes over a
lock a stopped one left, and never leaves its own behind."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desk_app.records import records_folder
from desk_app.records.records_folder import (
    MANIFEST_LOCK,
    ManifestBusyError,
    manifest_lock,
    read_manifest,
    record_in_manifest,
)

NOW = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def lock_left_at(folder: Path, instant: datetime) -> Path:
    """A lock file last written at `instant`, as another workstation leaves it."""
    lock = folder / MANIFEST_LOCK
    lock.touch()
    os.utime(lock, (instant.timestamp(), instant.timestamp()))
    return lock


def test_each_line_is_added_and_the_lock_removed(tmp_path: Path) -> None:
    record_in_manifest(tmp_path, "a.csv", digest("a"), timedelta(minutes=2))
    record_in_manifest(tmp_path, "b.pdf", digest("b"), timedelta(minutes=2))
    assert read_manifest(tmp_path) == {"a.csv": digest("a"), "b.pdf": digest("b")}
    assert not (tmp_path / MANIFEST_LOCK).exists()


def test_a_lock_held_by_another_workstation_is_waited_for_then_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing the manifest while another workstation rewrites it drops its line."""
    monkeypatch.setattr(records_folder, "LOCK_WAIT_SECONDS", 0.0)
    lock = lock_left_at(tmp_path, datetime.now(UTC))  # fresh: someone is at work
    with pytest.raises(ManifestBusyError):
        record_in_manifest(tmp_path, "a.csv", digest("a"), timedelta(minutes=2))
    assert lock.exists(), "another workstation's lock was removed"
    assert read_manifest(tmp_path) == {}


def test_a_lock_left_by_a_stopped_workstation_is_taken_over(tmp_path: Path) -> None:
    """A workstation that lost power mid-change would block the folder for ever."""
    lock_left_at(tmp_path, datetime.now(UTC) - timedelta(minutes=10))
    record_in_manifest(tmp_path, "a.csv", digest("a"), timedelta(minutes=2))
    assert read_manifest(tmp_path) == {"a.csv": digest("a")}
    assert not (tmp_path / MANIFEST_LOCK).exists()


def test_the_lock_is_released_when_the_change_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), manifest_lock(tmp_path, timedelta(minutes=2)):
        raise RuntimeError("disk error mid-change")
    assert not (tmp_path / MANIFEST_LOCK).exists()


def lock_held_by(folder: Path, holder: str) -> Path:
    """A fresh lock file naming its holder, as `manifest_lock` writes it."""
    lock = lock_left_at(folder, datetime.now(UTC))
    lock.write_text(holder, "utf-8")
    return lock


@pytest.mark.skipif(os.name == "nt", reason="a process's end is not checked on Windows")
def test_a_lock_of_this_workstation_whose_process_ended_is_taken_over_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A desk restarted after a crash mid-change would wait out the lease (2 minutes)."""
    monkeypatch.setattr(records_folder, "LOCK_WAIT_SECONDS", 0.0)
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    lock_held_by(tmp_path, f"{socket.gethostname()} {ended.stdout.strip()}")
    record_in_manifest(tmp_path, "a.csv", digest("a"), timedelta(minutes=2))
    assert read_manifest(tmp_path) == {"a.csv": digest("a")}


@pytest.mark.parametrize("holder", ["records-pc-2 4242",  # another workstation
                                    f"{socket.gethostname()} {os.getppid()}",  # alive
                                    ""])  # just created, its holder not yet written
def test_a_lock_of_a_running_desk_is_respected(tmp_path: Path, holder: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records_folder, "LOCK_WAIT_SECONDS", 0.0)
    lock = lock_held_by(tmp_path, holder)
    with pytest.raises(ManifestBusyError):
        record_in_manifest(tmp_path, "a.csv", digest("a"), timedelta(minutes=2))
    assert lock.read_text("utf-8") == holder


def test_the_lock_names_its_holder_while_held(tmp_path: Path) -> None:
    with manifest_lock(tmp_path, timedelta(minutes=2)):
        assert (tmp_path / MANIFEST_LOCK).read_text("utf-8") == \
            f"{socket.gethostname()} {os.getpid()}"
