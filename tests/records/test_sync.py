"""The records-folder sync: outbox, atomic writes, manifest, back-off, restarts."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from openpyxl import load_workbook

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType, Role
from desk_app.records import records_folder
from desk_app.records.records_folder import MANIFEST_LOCK, read_manifest
from desk_app.records.sync import LEASE, ExportJob, RecordsSync, backoff
from desk_app.records.tracking_import import import_tracking
from desk_app.records.tracking_sheet import export_tracking
from desk_app.store.desk import Desk, open_desk
from desk_app.store.models import Base
from desk_app.store.outbox import (
    MANIFEST_NAME,
    TRACKING_SHEET_NAME,
    queue_export,
    queue_tracking_sheet,
)
from desk_app.store.outbox_models import ExportKind

OFFICER = Actor("Ofc. Reyes", Role.DESK_OFFICER)
START = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


class SimulatedCrash(BaseException):
    """Stands for the process dying: nothing in the sync may catch it."""


class FakeRenderer:
    """Produces numbered contents and counts how often it was asked."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, job: ExportJob) -> bytes:
        self.calls.append(job.name)
        return f"{job.name} v{len(self.calls)}\n".encode()


@pytest.fixture
def clock() -> FixedTime:
    """The desk's time, moved by hand."""
    return FixedTime(START)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh SQLite file for this test."""
    return f"sqlite:///{tmp_path / 'desk.sqlite3'}"


@pytest.fixture
def desk(db_url: str, clock: FixedTime) -> Desk:
    """A desk on the fresh file."""
    return open_desk(db_url, clock)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The records folder (a network share in real life); created by each test."""
    return tmp_path / "records"


def queue(desk: Desk, name: str, kind: ExportKind = ExportKind.REPORT) -> None:
    """Queue one export in its own committed transaction."""
    with desk.db.sessions() as session:
        queue_export(session, kind, name, now=desk.time.now())
        session.commit()


def syncer(desk: Desk, folder: Path, renderer: FakeRenderer) -> RecordsSync:
    """A sync whose reports (and tracking sheet) come from the fake renderer; the
    department chose this folder for the restricted tracking sheet too."""
    return RecordsSync(desk, folder, {ExportKind.REPORT: renderer,
                                      ExportKind.TRACKING_SHEET: renderer}, restricted=folder)


def temporaries(folder: Path) -> list[str]:
    """Hidden temporary files left in the folder."""
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name)


def test_missing_folder_then_appears(desk: Desk, clock: FixedTime, folder: Path) -> None:
    """With the share disconnected, exports must wait, then arrive once it is back."""
    renderer = FakeRenderer()
    sync = syncer(desk, folder, renderer)
    queue(desk, "q4-report.pdf")
    result = sync.run_once()
    assert (result.written, result.waiting) == (0, 1)
    assert "cannot be found" in result.errors[0]
    assert sync.status_text() == "1 export waiting for the records folder"
    (pending,) = sync.pending()
    assert pending.attempts == 1 and "network drive" in pending.last_error
    assert renderer.calls == []  # nothing rendered for a folder that is not there
    folder.mkdir()
    clock.advance(timedelta(seconds=30))
    result = sync.run_once()
    assert (result.written, result.waiting, result.errors) == (1, 0, ())
    assert (folder / "q4-report.pdf").read_text() == "q4-report.pdf v1\n"
    assert sync.status_text() == ""


def test_backoff_respected_with_injected_time(desk: Desk, clock: FixedTime,
                                             folder: Path) -> None:
    """Retrying a dead share every second would flood the log and the network."""
    sync = syncer(desk, folder, FakeRenderer())
    queue(desk, "q4-report.pdf")
    waits = []
    for _ in range(4):
        sync.run_once()
        (pending,) = sync.pending()
        waits.append(pending.next_attempt_at - clock.now())
        clock.advance(waits[-1] - timedelta(seconds=1))
        sync.run_once()  # one second early: not tried
        assert sync.pending()[0].attempts == pending.attempts
        clock.advance(timedelta(seconds=1))
    assert waits == [timedelta(seconds=30), timedelta(minutes=1), timedelta(minutes=2),
                     timedelta(minutes=4)]
    assert [backoff(n) for n in (1, 6, 7, 50)] == [
        timedelta(seconds=30), timedelta(minutes=16), timedelta(minutes=30),
        timedelta(minutes=30)]


def test_crash_between_write_and_rename(desk: Desk, db_url: str, clock: FixedTime,
                                        folder: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    """A crash mid-write must never leave a half file under the real name, nor a gap."""
    folder.mkdir()
    queue(desk, "q4-report.pdf")

    def crash(src: object, dst: object) -> None:
        raise SimulatedCrash

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", crash)
        with pytest.raises(SimulatedCrash):
            syncer(desk, folder, FakeRenderer()).run_once()
    assert not (folder / "q4-report.pdf").exists()
    assert len(temporaries(folder)) == 1  # the temporary was written, never renamed

    restarted = open_desk(db_url, clock)
    renderer = FakeRenderer()
    sync = syncer(restarted, folder, renderer)
    assert sync.pending_count() == 1
    clock.advance(LEASE)
    assert sync.run_once().written == 1
    assert sync.run_once().written == 0
    assert renderer.calls == ["q4-report.pdf"]
    assert (folder / "q4-report.pdf").read_text() == "q4-report.pdf v1\n"
    assert temporaries(folder) == []
    assert list(read_manifest(folder)) == ["q4-report.pdf"]


def test_restart_with_a_full_queue(desk: Desk, db_url: str, clock: FixedTime,
                                   folder: Path) -> None:
    """Exports queued before the workstation was shut down must still be written."""
    names = ["handoff-2026-11-25-day.pdf", "q4-report.pdf", "ordinance-2026-h2.pdf"]
    for name in names:
        queue(desk, name)
    assert syncer(desk, folder, FakeRenderer()).run_once().waiting == 3
    desk.db.close()

    clock.advance(timedelta(minutes=5))
    restarted = open_desk(db_url, clock)
    folder.mkdir()
    renderer = FakeRenderer()
    result = syncer(restarted, folder, renderer).run_once()
    assert (result.written, result.waiting) == (3, 0)
    assert sorted(renderer.calls) == sorted(names)
    assert sorted(read_manifest(folder)) == sorted(names)


def test_manifest_checksum_matches_the_tracking_sheet(desk: Desk, folder: Path) -> None:
    """The records clerk checks the manifest to prove the file was not altered."""
    folder.mkdir()
    form = DetainerForm("D-1", FormType.I_247A, "26-1", "José Ñúñez", desk.time.now())
    desk.detainers.log(form, OFFICER)
    with desk.db.sessions() as session:
        queue_tracking_sheet(session, now=desk.time.now())
        session.commit()
    assert RecordsSync(desk, folder, restricted=folder).run_once().written == 1
    sheet = folder / TRACKING_SHEET_NAME
    text = (folder / MANIFEST_NAME).read_text(encoding="utf-8")
    digest = hashlib.sha256(sheet.read_bytes()).hexdigest()
    assert text == f"{digest}  {TRACKING_SHEET_NAME}\n"
    assert re.fullmatch(r"[0-9a-f]{64}  \S+\n", text)
    assert load_workbook(sheet).active.cell(row=2, column=3).value == "José Ñúñez"
    if shutil.which("sha256sum"):
        check = subprocess.run(["sha256sum", "-c", MANIFEST_NAME], cwd=folder,
                               capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stdout + check.stderr


def test_changes_coalesce_into_one_write(desk: Desk, folder: Path) -> None:
    """Ten quick changes must not rewrite the tracking sheet on the share ten times."""
    folder.mkdir()
    for _ in range(3):
        with desk.db.sessions() as session:
            queue_tracking_sheet(session, now=desk.time.now())
            session.commit()
    renderer = FakeRenderer()
    sync = syncer(desk, folder, renderer)
    assert sync.pending_count() == 1
    assert sync.run_once().written == 1
    assert renderer.calls == [TRACKING_SHEET_NAME]


def test_change_during_the_write_is_not_lost(desk: Desk, folder: Path) -> None:
    """A change saved while the sheet is being written must reach the share too."""
    folder.mkdir()
    queue(desk, TRACKING_SHEET_NAME, ExportKind.TRACKING_SHEET)
    renderer = FakeRenderer()

    def render_while_someone_saves(job: ExportJob) -> bytes:
        if not renderer.calls:
            queue(desk, TRACKING_SHEET_NAME, ExportKind.TRACKING_SHEET)
        return renderer(job)

    sync = RecordsSync(desk, folder, {ExportKind.TRACKING_SHEET: render_while_someone_saves},
                       restricted=folder)
    assert (sync.run_once().written, sync.pending_count()) == (1, 1)
    assert sync.run_once().written == 1
    assert sync.pending_count() == 0
    assert (folder / TRACKING_SHEET_NAME).read_text().endswith("v2\n")


def test_queue_rolls_back_with_its_change(desk: Desk) -> None:
    """An export of a change that was never saved must not be written."""
    with desk.db.sessions() as session:
        queue_tracking_sheet(session, now=desk.time.now())
        session.rollback()
    assert RecordsSync(desk, Path("/nonexistent")).pending_count() == 0


def test_import_queues_the_tracking_sheet(desk: Desk, tmp_path: Path, folder: Path
                                          ) -> None:
    """After importing old rows, the sheet on the share must be refreshed by itself."""
    desk.detainers.log(DetainerForm("D-1", FormType.I_247A, "26-1", "Ana Lima",
                                    desk.time.now()), OFFICER)
    export_tracking(desk.reports.tracking_sheet(), tmp_path / "sheet.csv")
    other = open_desk(f"sqlite:///{tmp_path / 'other.sqlite3'}", desk.time)
    import_tracking(other, tmp_path / "sheet.csv", OFFICER)
    assert RecordsSync(other, folder).status_text() == \
        "1 export waiting for the records folder"


def test_renderer_failure_waits_and_others_still_go(desk: Desk, clock: FixedTime,
                                                    folder: Path) -> None:
    """One broken report must not hold back the tracking sheet."""
    folder.mkdir()
    queue(desk, "broken.pdf", ExportKind.REPORT)
    queue(desk, TRACKING_SHEET_NAME, ExportKind.TRACKING_SHEET)

    def broken(job: ExportJob) -> bytes:
        raise RuntimeError("font missing")

    sync = RecordsSync(desk, folder, {ExportKind.REPORT: broken,
                                      ExportKind.TRACKING_SHEET: FakeRenderer()},
                       restricted=folder)
    result = sync.run_once()
    assert (result.written, result.waiting) == (1, 1)
    assert "Could not produce broken.pdf: font missing" in result.errors[0]
    assert sync.pending()[0].next_attempt_at == clock.now() + timedelta(seconds=30)


def test_kind_without_renderer_waits(desk: Desk, folder: Path) -> None:
    """An export this workstation cannot produce (an older build) must wait, not vanish."""
    folder.mkdir()
    queue(desk, "handoff-2026-11-25-0700.pdf", ExportKind.HANDOFF)
    sync = RecordsSync(desk, folder)
    del sync.renderers[ExportKind.HANDOFF]
    result = sync.run_once()
    assert (result.written, result.waiting, result.errors) == (0, 1, ())
    (pending,) = sync.pending()
    assert pending.attempts == 0 and "handoff" in pending.last_error
    pdf = FakeRenderer()
    assert RecordsSync(desk, folder, {ExportKind.HANDOFF: pdf}).run_once().written == 1


def test_folder_that_is_a_file(desk: Desk, folder: Path) -> None:
    """A records-folder setting pointing at a file must say so in plain words."""
    folder.write_text("not a folder")
    queue(desk, "q4-report.pdf")
    result = syncer(desk, folder, FakeRenderer()).run_once()
    assert "is a file, not a folder" in result.errors[0]


def test_manifest_held_by_another_workstation_waits_and_retries(
        desk: Desk, clock: FixedTime, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two workstations rewriting the manifest at once would drop one's line; a
    workstation that cannot get the manifest must say so and try again later."""
    monkeypatch.setattr(records_folder, "LOCK_WAIT_SECONDS", 0.0)
    folder.mkdir()
    lock = folder / MANIFEST_LOCK
    lock.touch()
    os.utime(lock, None)  # another workstation, now on the share's clock
    queue(desk, "q4-report.pdf")
    sync = syncer(desk, folder, FakeRenderer())
    result = sync.run_once()
    assert (result.written, result.waiting) == (0, 1)
    assert "Another workstation kept the records folder's manifest busy" in result.errors[0]
    assert read_manifest(folder) == {} and lock.exists()
    lock.unlink()  # the other workstation finished
    clock.advance(timedelta(seconds=30))
    assert sync.run_once().written == 1
    assert list(read_manifest(folder)) == ["q4-report.pdf"]


def test_status_text_counts_files(desk: Desk) -> None:
    """The status bar must count waiting files, in proper English."""
    for name in ("a.pdf", "b.pdf", "c.pdf", "a.pdf"):
        queue(desk, name)
    assert RecordsSync(desk, Path("/x")).status_text() == \
        "3 exports waiting for the records folder"


@pytest.mark.parametrize("name", ["../escape.pdf", "sub/dir.pdf", MANIFEST_NAME,
                                  ".hidden", ""])
def test_unsafe_target_names_are_refused(desk: Desk, name: str) -> None:
    """An export must never write outside the records folder or over the manifest."""
    with desk.db.sessions() as session, pytest.raises(ValueError):
        queue_export(session, ExportKind.REPORT, name, now=desk.time.now())


def test_outbox_migration_matches_the_model(desk: Desk) -> None:
    """A model the migration does not create would fail on the first workstation start."""
    with desk.db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
