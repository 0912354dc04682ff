"""The records sync copies only files from its own export folder (issue 13, finding 7).

Reproduced before: a forged outbox row whose payload was `/etc/passwd`, or another local
file the workstation's account could read, made the sync copy it into the shared records
folder. Now only a report staged in the desk's private export folder is copied; anything
else is refused, audited and logged, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from desk_app.domain.actor import Actor
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import Role
from desk_app.records.export_folder import export_folder, stage_report, workstation
from desk_app.records.sync import RecordsSync
from desk_app.store.desk import Desk
from desk_app.store.models import AuditEntry
from desk_app.store.outbox import queue_export
from desk_app.store.outbox_models import ExportKind, OutboxItem

NOW = datetime(2026, 11, 25, 19, tzinfo=UTC)
ADMIN = Actor("Lt. A. Okafor", Role.ADMINISTRATOR)


@pytest.fixture
def desk(open_test_desk: Callable[..., Desk], tmp_path: Path) -> Desk:
    """A desk with a records folder."""
    opened = open_test_desk(FixedTime(NOW))
    (tmp_path / "records").mkdir()
    opened.apply_settings({"records_folder": str(tmp_path / "records")}, ADMIN)
    with opened.db.sessions() as session:  # only the report under test in the queue
        session.execute(delete(OutboxItem))
        session.commit()
    return opened


def forge(desk: Desk, payload: str, name: str = "innocent-report.pdf") -> None:
    """What someone with the shared database writes into the outbox."""
    with desk.db.sessions() as session:
        queue_export(session, ExportKind.REPORT, name, now=NOW, payload=payload)
        session.commit()


def refusals(desk: Desk) -> list[str]:
    with desk.db.sessions() as session:
        return list(session.scalars(select(AuditEntry.summary).where(
            AuditEntry.action == "export refused")))


def records(desk: Desk) -> Path:
    return Path(desk.settings.records_folder)


@pytest.mark.parametrize("payload", [
    "/etc/passwd",
    "{secret}",
    f"{workstation()}:../../../etc/passwd",
    f"{workstation()}:/etc/passwd",
])
def test_a_forged_row_copies_nothing(desk: Desk, tmp_path: Path, payload: str,
                                     caplog: pytest.LogCaptureFixture) -> None:
    """A forged payload must not bring a local file into the share: refused, audited."""
    secret = tmp_path / "private-notes.txt"
    secret.write_text("mode-600 file of the desk account\n")
    secret.chmod(0o600)
    forge(desk, payload.format(secret=secret))
    with caplog.at_level(logging.WARNING, logger="desk_app.records.sync"):
        result = RecordsSync(desk, records(desk)).run_once()
    assert result.written == 0 and result.waiting == 0  # refused for good, not retried
    assert "Refused to copy innocent-report.pdf" in result.errors[0]
    assert not (records(desk) / "innocent-report.pdf").exists()
    assert len(refusals(desk)) == 1
    assert "refused an export" in caplog.text


def test_a_link_planted_in_the_export_folder_is_refused(desk: Desk, tmp_path: Path) -> None:
    """A staged name turned into a link to another file must not be followed."""
    saved = tmp_path / "q4-report.pdf"
    saved.write_bytes(b"%PDF-1.4 quarterly report")
    payload = stage_report(saved)
    staged = export_folder() / payload.partition(":")[2]
    staged.unlink()
    staged.symlink_to("/etc/passwd")
    forge(desk, payload, "q4-report.pdf")
    result = RecordsSync(desk, records(desk)).run_once()
    assert result.written == 0 and "a symbolic link" in result.errors[0]
    assert not (records(desk) / "q4-report.pdf").exists() and refusals(desk)


def test_a_saved_report_goes_through_the_private_export_folder(desk: Desk,
                                                               tmp_path: Path) -> None:
    """The honest path still works, and leaves no copy behind."""
    saved = tmp_path / "q4-report.pdf"
    saved.write_bytes(b"%PDF-1.4 quarterly report")
    payload = stage_report(saved)
    folder = export_folder()
    staged = folder / payload.partition(":")[2]
    if os.name == "posix":
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(staged.stat().st_mode) == 0o600
    forge(desk, payload, "q4-report.pdf")
    assert RecordsSync(desk, records(desk)).run_once().written == 1
    assert (records(desk) / "q4-report.pdf").read_bytes() == b"%PDF-1.4 quarterly report"
    assert not staged.exists() and refusals(desk) == []


def test_a_report_staged_elsewhere_waits_for_its_workstation(desk: Desk) -> None:
    """Another workstation's staged copy is not refused, nor copied from here."""
    forge(desk, "booking-desk-2:staged-0123456789abcdef01234567.pdf", "q4-report.pdf")
    sync = RecordsSync(desk, records(desk))
    assert sync.run_once().written == 0
    (pending,) = sync.pending()
    assert "saved on the workstation booking-desk-2" in pending.last_error
    assert refusals(desk) == []
