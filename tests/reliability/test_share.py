"""The records folder survives what a network share does.

Each case is a real file-system object put where the sync reads or locks: a FIFO named
MANIFEST.sha256 (the read used to hang for ever), a link to /dev/zero (MemoryError), a
lock with a future mtime and a dangling lock link (the sync used to stall for ever), a
workstation whose clock runs three minutes fast (it used to take over a live lock), and
an unmounted share: an empty local folder where the share should be (exports used to
be written there and marked done).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desk_app.domain.time_source import FixedTime
from desk_app.records import records_folder
from desk_app.records.export_folder import stage_report
from desk_app.records.records_folder import (
    MANIFEST_LOCK,
    ManifestBusyError,
    NotRegularFileError,
    read_manifest,
    read_regular,
    record_in_manifest,
)
from desk_app.records.sync import RecordsSync
from desk_app.store.desk import Desk
from desk_app.store.outbox import MANIFEST_NAME, queue_export
from desk_app.store.outbox_models import ExportKind
from tests.reliability.conftest import ADMIN, FIGURES

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, /dev/zero: POSIX")
DIGEST = "a" * 64
REFUSED: list[str] = []


def _queue(desk: Desk, name: str = "q4-report.pdf") -> None:
    staged = stage_report(Path(__file__))  # as a saved report is queued
    with desk.db.sessions() as session:
        queue_export(session, ExportKind.REPORT, name, now=desk.time.now(), payload=staged)
        session.commit()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    share = tmp_path / "share"
    share.mkdir()
    return share


@pytest.fixture
def quick_lock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(records_folder, "LOCK_WAIT_SECONDS", 0.5)
    yield


def _in_a_thread_within(seconds: float, work: object) -> object:
    """Run `work()`; fail if it has not returned within `seconds` (a hang)."""
    outcome: list[object] = []
    thread = threading.Thread(target=lambda: outcome.append(_catch(work)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the call hung"
    return outcome[0]


def _catch(work: object) -> object:
    try:
        return work()  # type: ignore[operator]
    except Exception as exc:  # returned, for the test to inspect
        return exc


def test_fifo_manifest_is_refused_not_waited_on(desk: Desk, folder: Path) -> None:
    os.mkfifo(folder / MANIFEST_NAME)
    desk.apply_settings({"records_folder": str(folder)}, ADMIN)
    _queue(desk)
    result = _in_a_thread_within(20, RecordsSync(desk, folder).run_once)
    assert not isinstance(result, Exception), result
    assert result.written == 0 and result.waiting >= 1  # type: ignore[attr-defined]
    errors = " ".join(result.errors)  # type: ignore[attr-defined]
    assert "MANIFEST.sha256" in errors and "named pipe (FIFO)" in errors
    REFUSED.append("FIFO manifest")


@pytest.mark.parametrize(("target", "kind"), [("/dev/zero", "a symbolic link"),
                                              ("/dev/null", "a symbolic link")])
def test_link_to_a_device_is_refused(folder: Path, target: str, kind: str) -> None:
    (folder / MANIFEST_NAME).symlink_to(target)
    with pytest.raises(NotRegularFileError, match=kind):
        read_manifest(folder)
    with pytest.raises(NotRegularFileError, match="a device"):
        read_regular(Path(target))
    REFUSED.append(f"link to {target}")


def test_a_lock_dated_in_the_future_is_taken_over(folder: Path, quick_lock: None) -> None:
    lock = folder / MANIFEST_LOCK
    lock.write_text("records-pc-9 77", "utf-8")
    future = time.time() + 3600
    os.utime(lock, (future, future))
    _in_a_thread_within(10, lambda: record_in_manifest(folder, "a.csv", DIGEST))
    assert read_manifest(folder) == {"a.csv": DIGEST}
    assert not lock.exists()


def test_a_dangling_lock_link_is_taken_over(folder: Path, quick_lock: None) -> None:
    (folder / MANIFEST_LOCK).symlink_to(folder / "gone-for-good")
    _in_a_thread_within(10, lambda: record_in_manifest(folder, "a.csv", DIGEST))
    assert read_manifest(folder) == {"a.csv": DIGEST}
    assert not os.path.lexists(folder / MANIFEST_LOCK)


def test_a_fast_workstation_clock_does_not_take_over_a_live_lock(
        desk: Desk, folder: Path, clock: FixedTime, quick_lock: None) -> None:
    """The lock was made just now on the share; this workstation's clock is 3 min fast."""
    lock = folder / MANIFEST_LOCK
    lock.write_text("records-pc-2 4242", "utf-8")  # another workstation, at work
    clock.set(datetime.now(UTC) + timedelta(minutes=3))
    desk.apply_settings({"records_folder": str(folder)}, ADMIN)
    _queue(desk)
    result = RecordsSync(desk, folder).run_once()
    assert result.written == 0
    assert "kept the records folder's manifest busy" in result.errors[0]
    assert lock.read_text("utf-8") == "records-pc-2 4242"
    with pytest.raises(ManifestBusyError):
        record_in_manifest(folder, "b.csv", DIGEST)
    assert lock.exists()


def test_unmounted_share_waits_for_its_marker(desk: Desk, tmp_path: Path,
                                              clock: FixedTime) -> None:
    mount_point = tmp_path / "mnt" / "records"
    mount_point.mkdir(parents=True)  # the share is not mounted: an empty local folder
    restricted = mount_point / "restricted"  # on the share: not there until mounted
    desk.apply_settings({"records_folder": str(mount_point),
                         "restricted_records_folder": str(restricted),
                         "records_marker": "DETAINER-DESK-SHARE.txt"}, ADMIN)
    _queue(desk)
    sync = RecordsSync(desk, mount_point)
    result = sync.run_once()
    assert result.written == 0 and result.waiting == 2  # the report and the sheet
    assert any("does not show the share's marker file" in e for e in result.errors)
    assert list(mount_point.iterdir()) == [], "wrote to the local mount point"
    REFUSED.append("unmounted share")
    (mount_point / "DETAINER-DESK-SHARE.txt").write_text("records share\n")  # mounted
    restricted.mkdir()
    clock.advance(timedelta(hours=1))
    assert sync.run_once().written == 2
    assert sorted(read_manifest(mount_point)) == ["q4-report.pdf"]
    assert sorted(read_manifest(restricted)) == ["ice-detainer-tracking-sheet.xlsx"]
    FIGURES.append(f"records share: {len(REFUSED)} hostile share objects refused "
                   f"({', '.join(REFUSED)}), future and dangling locks taken over, a "
                   "live lock kept against a fast clock")
