"""Each rewrite of the audit log from finding 2 of issue 13, done with plain SQL by
someone who owns the database, is caught by `desk-app audit verify`.

Reproduced before: change an entry, delete 50 entries and recompute the chain, or just
delete the tail, and `audit verify` said "chain intact"; a detainer closed or released
by SQL went unnoticed. Now the chain-head checkpoints written with each records sync (in
the records folder and in the workstation's data folder) and the replay of every
detainer's audited changes catch each of them, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import BailDecision, FormType, Role
from desk_app.records.sync import RecordsSync
from desk_app.store.audit import GENESIS, entry_digest
from desk_app.store.audit_checkpoint import CHECKPOINT_FILE, local_checkpoint_file
from desk_app.store.database import Database, open_database
from desk_app.store.desk import open_desk
from desk_app.store.models import AuditEntry
from tests.cli_people import ADMIN as ADMIN_USER
from tests.cli_people import ADMIN_PASSWORD, signed_main
from tests.tamper import lift_audit_guard

NOW = datetime(2026, 11, 25, 19, tzinfo=UTC)
OFFICER = Actor("Ofc. D. Reyes", Role.DESK_OFFICER)
ADMIN = Actor("Lt. A. Okafor", Role.ADMINISTRATOR)


@pytest.fixture
def url(database_url: str, tmp_path: Path) -> str:
    """A desk with 60 detainers logged and a records folder synced once."""
    desk = open_desk(database_url, FixedTime(NOW))
    desk.people.first_administrator(ADMIN_USER, ADMIN.name, ADMIN_PASSWORD)
    folder = tmp_path / "records"
    folder.mkdir()
    desk.apply_settings({"records_folder": str(folder)}, ADMIN)
    for number in range(1, 61):
        form = DetainerForm(f"D26-{number:04d}", FormType.I_247A, f"26-{number:04d}-AR",
                            f"Subject {number}", NOW - timedelta(hours=1))
        desk.detainers.log(form, OFFICER)
    RecordsSync(desk, folder).run_once()
    desk.db.close()
    return database_url


def verify(url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`desk-app --user admin --db URL audit verify`: status, stdout, stderr."""
    status = signed_main(["--db", url, "audit", "verify"])
    out, err = capsys.readouterr()
    return status, out, err


def rewrite(url: str, *statements: str, recompute: bool = False) -> None:
    """Run `statements` as the owner would, guard lifted; then recompute the chain."""
    db = open_database(url)
    try:
        with db.engine.begin() as connection:
            lift_audit_guard(connection)
            for statement in statements:
                connection.execute(text(statement))
        if recompute:
            recompute_chain(db)
    finally:
        db.close()


def recompute_chain(db: Database) -> None:
    """Give every entry the hashes its content now deserves, as a forger would."""
    with db.sessions() as session:
        prev = GENESIS
        for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all():
            digest = entry_digest(prev, entry.at, entry.actor, entry.action,
                                  entry.detainer_id, entry.summary, entry.before, entry.after)
            session.execute(update(AuditEntry).where(AuditEntry.id == entry.id)
                            .values(prev_hash=prev, entry_hash=digest))
            prev = digest
        session.commit()


def test_an_untouched_log_passes(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The checks must not cry wolf over a log nobody touched."""
    status, out, err = verify(url, capsys)
    assert (status, err) == (0, "")
    assert "chain intact; every person and detainer as audited; 2 checkpoints agree" in out


def test_an_unreachable_records_folder_is_said_and_the_local_copy_still_checked(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With the share not mounted, `audit verify` said nothing of its checkpoints (and
    "chain intact" read as if they had been checked)."""
    folder = tmp_path / "records"
    folder.rename(tmp_path / "records-unmounted")
    status, out, err = verify(url, capsys)
    assert status == 3
    assert "1 checkpoints agree (only those of this workstation's data folder)" in out
    assert err == (f"The checkpoints in the records folder {folder} could not be checked: "
                   "the folder cannot be reached (it does not exist or is not mounted); "
                   "connect the share and run the check again.\n")
    rewrite(url, "DELETE FROM audit_log WHERE id > (SELECT MAX(id) - 3 FROM audit_log)")
    status, _out, err = verify(url, capsys)
    assert status == 1  # the data folder's checkpoint still catches the deleted tail
    assert "audit-checkpoints-" in err and "which is gone" in err
    assert f"records folder {folder} could not be checked" in err


def test_deleting_the_tail_is_caught(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Deleting the last entries needs no recomputing and left the chain intact."""
    rewrite(url, "DELETE FROM audit_log WHERE id > (SELECT max(id) - 5 FROM audit_log)")
    status, out, err = verify(url, capsys)
    assert status == 1 and out == ""
    assert "which is gone: entries were deleted from the log" in err
    assert CHECKPOINT_FILE in err and "audit-checkpoints-" in err  # both copies speak


def test_deleting_fifty_entries_and_recomputing_is_caught(
        url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Delete 50 entries, recompute every hash: the chain is intact, the head is not."""
    rewrite(url, "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log "
                 "WHERE detainer_id IS NOT NULL ORDER BY id LIMIT 50)", recompute=True)
    status, out, err = verify(url, capsys)
    assert status == 1
    assert "whose hash has changed since: the log was rewritten" in err
    assert "no audit entry logged this detainer" in err  # the replay sees it as well


def test_changing_an_entry_and_recomputing_is_caught(
        url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Reword one entry and recompute: only the checkpoint can tell."""
    rewrite(url, "UPDATE audit_log SET actor = 'Sgt. A. Kim' WHERE id = "
                 "(SELECT min(id) FROM audit_log WHERE detainer_id IS NOT NULL)",
            recompute=True)
    status, _out, err = verify(url, capsys)
    assert status == 1 and "the log was rewritten and its chain recomputed" in err


def test_changing_an_entry_without_recomputing_is_caught(
        url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The hash chain alone still catches an entry changed in place."""
    rewrite(url, "UPDATE audit_log SET summary = 'nothing happened' WHERE id = "
                 "(SELECT min(id) FROM audit_log WHERE detainer_id IS NOT NULL)")
    status, _out, err = verify(url, capsys)
    assert status == 1 and "does not match its content or the entry before it" in err


@pytest.mark.parametrize(("statement", "said"), [
    ("UPDATE detainers SET custody_status = 'released', outcome = 'released otherwise', "
     "closed_at = updated_at WHERE detainer_number = 'D26-0007'",
     "detainer D26-0007: custody_status is 'released' but audit entry"),
    ("UPDATE detainers SET voided_at = updated_at, void_reason = 'gone' "
     "WHERE detainer_number = 'D26-0008'",
     "detainer D26-0008: voided_at is"),
    ("UPDATE detainers SET bail_decision = 'monetary bail' "
     "WHERE detainer_number = 'D26-0009'",
     "detainer D26-0009: bail_decision is 'monetary bail' but audit entry"),
])
def test_a_detainer_changed_behind_the_log_is_caught(
        url: str, statement: str, said: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Closing, voiding or deciding bail by SQL leaves the audit log behind."""
    rewrite(url, statement)
    status, out, err = verify(url, capsys)
    assert status == 1 and out == ""
    assert said in err and "the detainers table was changed outside the application" in err


def test_an_audited_change_through_the_services_passes(
        url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A bail decision made in the application is what the log says: no alarm."""
    desk = open_desk(url, FixedTime(NOW))
    try:
        detainer = desk.detainers.by_number("D26-0009")
        desk.custody.record_bail_decision(detainer.id, BailDecision.MONETARY_BAIL, OFFICER,
                                          amount="500")
        RecordsSync(desk, Path(desk.settings.records_folder)).run_once()
    finally:
        desk.db.close()
    status, out, err = verify(url, capsys)
    assert (status, err) == (0, "")
    assert "4 checkpoints agree" in out


def test_checkpoints_are_kept_in_both_places(url: str) -> None:
    """One copy in the records folder, one in the workstation's data folder."""
    desk = open_desk(url, FixedTime(NOW))
    try:
        local = local_checkpoint_file(desk.db)
        folder = Path(desk.settings.records_folder)
    finally:
        desk.db.close()
    assert local.read_text("utf-8").count("\n") == 1
    assert (folder / CHECKPOINT_FILE).read_text("utf-8") == local.read_text("utf-8")
