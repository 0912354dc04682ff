"""Backups and the restore drill: a copy made while the desk runs brings everything back.

The drill fills the desk with the demo data plus a scan, an ICE contact and a signed
handoff, backs it up through the command line, deletes the database file, restores
the backup through the command line and checks that `audit verify` finds the chain
intact and that every count (detainers, steps, scans, audit entries, contacts,
handoffs) and every row is what it was.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import MetaData

from desk_app.domain.contact_log import (
    ContactDecision,
    ContactForm,
    ContactKind,
    ContactReason,
    IceUnit,
)
from desk_app.domain.time_source import FixedTime
from desk_app.store.backup import (
    BackupError,
    BackupNotHereError,
    good_backups,
    make_backup,
    prune_backups,
    verify_backup,
)
from desk_app.store.backup_schedule import backup_age, backup_due
from desk_app.store.demo import DEMO_PASSWORD, fill_demo
from desk_app.store.desk import Desk, open_desk
from desk_app.store.handoff_service import HandoffService
from desk_app.store.restore import restore_backup
from tests.cli_people import signed_main
from tests.reliability.conftest import FIGURES, NOW, OFFICER, SUPERVISOR, dump_database
from tests.reliability.soak import scale

ZONE = ZoneInfo("America/New_York")
SHIFTS = [time(7), time(15), time(23)]


def _full_desk(desk: Desk) -> bytes:
    """Demo data plus one of each thing the demo lacks; the scan's bytes."""
    fill_demo(desk, closed_count=scale(20, 320))
    scan = b"%PDF-1.4 scanned detainer " + bytes(range(256)) * 40
    first = desk.detainers.active()[0]
    desk.detainers.attach(first.id, "detainer.pdf", "application/pdf", scan, OFFICER)
    desk.contacts.log_contact(ContactForm(
        kind=ContactKind.PRESENCE_CALL, occurred_at=NOW - timedelta(hours=1),
        agent_name="SA J. Smith", unit=IceUnit.HSI, reason=ContactReason.CIVIL_ONLY,
        decision=ContactDecision.DECLINE, address="12 North St", cad_number="26-1"),
        OFFICER)
    HandoffService(desk).sign_outgoing(SUPERVISOR)
    return scan


def _run(capsys: pytest.CaptureFixture[str], *argv: str, user: str = "admin",
         password: str = DEMO_PASSWORD) -> tuple[int, str, str]:
    """`desk-app argv...` signed in as `user` (restore into a new file reads nobody's)."""
    status = signed_main(argv, user, password)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_restore_drill_brings_back_every_row(tmp_path: Path, clock: FixedTime,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db_path = tmp_path / "desk" / "detainers.sqlite3"
    url = f"sqlite:///{db_path}"
    desk = open_desk(url, clock, "pittsfield-413")
    scan = _full_desk(desk)
    desk.db.close()  # the demo's administrator signs in for the backup and the check

    status, out, err = _run(capsys, "backup", "--db", url, "--to", str(tmp_path / "b"))
    assert status == 0, err
    assert "Backup written to" in out
    [(_, backup)] = good_backups(tmp_path / "b")
    desk = open_desk(url, clock, "pittsfield-413")
    meta = MetaData()
    meta.reflect(desk.db.engine)
    before = dump_database(desk.db.engine, meta)  # what the backup holds
    desk.db.close()
    counts = {t: len(before[t]) for t in ("detainers", "checklist_steps", "attachments",
                                          "audit_log", "ice_contacts", "handoffs")}
    assert all(counts.values()), counts

    for leftover in db_path.parent.iterdir():  # the disk died: the file and its log
        leftover.unlink()
    status, out, err = _run(capsys, "restore", str(backup), "--db", url)
    assert status == 0, err
    assert f"{counts['detainers']} detainers" in out
    assert f"{counts['audit_log']} audit entries" in out and "chain intact" in out
    restored = open_desk(url, clock, "pittsfield-413")
    try:
        assert dump_database(restored.db.engine, meta) == before
        attachment_id = before["attachments"][0][0]
        assert isinstance(attachment_id, int)
        assert restored.detainers.attachment_content(attachment_id) == scan
    finally:
        restored.db.close()

    status, out, err = _run(capsys, "audit", "verify", "--db", url)  # signs in: one more
    assert status == 0 and f"{counts['audit_log'] + 1} entries, chain intact" in out
    FIGURES.append(f"restore drill: 1 backup made and restored, {counts}")


def test_backup_while_another_connection_writes(desk: Desk, tmp_path: Path) -> None:
    fill_demo(desk, closed_count=5)
    writer = sqlite3.connect(desk.db.engine.url.database or "")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE settings SET value = value")
    try:
        copy = make_backup(desk.db.engine, tmp_path / "b", NOW)
    finally:
        writer.rollback()
        writer.close()
    assert verify_backup(copy.path) == copy.sha256
    assert (copy.path.with_name(copy.path.name + ".sha256").read_text()
            == f"{copy.sha256}  {copy.path.name}\n")


def test_damaged_backup_is_refused(desk: Desk, tmp_path: Path) -> None:
    copy = make_backup(desk.db.engine, tmp_path / "b", NOW)
    data = bytearray(copy.path.read_bytes())
    data[-100] ^= 0xFF
    copy.path.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="does not match its checksum"):
        restore_backup(copy.path, f"sqlite:///{tmp_path / 'new.sqlite3'}", NOW)
    assert not (tmp_path / "new.sqlite3").exists()


def test_restore_never_overwrites_data_without_replace(
        desk: Desk, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill_demo(desk, closed_count=3)
    copy = make_backup(desk.db.engine, tmp_path / "b", NOW)
    other = tmp_path / "other.sqlite3"
    other_desk = open_desk(f"sqlite:///{other}", FixedTime(NOW), "pittsfield-413")
    fill_demo(other_desk, seed=7, closed_count=1)
    before = dump_database(other_desk.db.engine)
    other_desk.db.close()
    status, _, err = _run(capsys, "restore", str(copy.path), "--db", f"sqlite:///{other}")
    assert status == 2 and "already holds data" in err and "--replace" in err
    check = open_desk(f"sqlite:///{other}", FixedTime(NOW), "pittsfield-413")
    assert dump_database(check.db.engine) == before
    check.db.close()
    status, out, err = _run(capsys, "restore", str(copy.path), "--db", f"sqlite:///{other}",
                            "--replace", user="reyes")
    assert status == 2 and "may not change the desk's settings" in err  # a desk officer
    status, out, err = _run(capsys, "restore", str(copy.path), "--db", f"sqlite:///{other}",
                            "--replace")
    assert status == 0, err
    [aside] = tmp_path.glob("other.sqlite3.before-restore-*")
    assert "kept as" in out and str(aside) in out
    kept = open_desk(f"sqlite:///{aside}", FixedTime(NOW), "pittsfield-413")
    kept_rows = dump_database(kept.db.engine)
    kept.db.close()
    signed = ("audit_log", "people")  # the sign-ins before the restore are in the old file
    assert {k: v for k, v in kept_rows.items() if k not in signed} == \
        {k: v for k, v in before.items() if k not in signed}


def test_postgresql_backup_refuses_with_the_routine(pg_desk: Desk, tmp_path: Path) -> None:
    with pytest.raises(BackupNotHereError, match="pg_dump"):
        make_backup(pg_desk.db.engine, tmp_path, NOW)
    assert not list(tmp_path.iterdir())
    assert "pg_basebackup" in Path("docs/backup.md").read_text(encoding="utf-8")


def test_retention_keeps_two_weeks_and_one_a_month(desk: Desk, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    made = [NOW - timedelta(hours=4 * n) for n in range(scale(6 * 60, 6 * 365))]
    first = make_backup(desk.db.engine, folder, made[0])
    for when in made[1:]:  # copies of the same file under each time's name
        name = first.path.name.replace(NOW.strftime("%Y%m%dT%H%M%SZ"),
                                       when.strftime("%Y%m%dT%H%M%SZ"))
        (folder / name).write_bytes(first.path.read_bytes())
        (folder / (name + ".sha256")).write_text(f"{first.sha256}  {name}\n")
    removed = prune_backups(folder, NOW, keep_days=14)
    kept = [when for when, _ in good_backups(folder)]
    recent = [w for w in made if w >= NOW - timedelta(days=14)]
    assert len(recent) == 14 * 6 + 1 and set(recent) <= set(kept)
    older = [w for w in kept if w not in recent]
    newest_of_month = {}
    for when in made:
        key = (when.year, when.month)
        newest_of_month[key] = max(when, newest_of_month.get(key, when))
    assert len({(w.year, w.month) for w in older}) == len(older)  # one a month at most
    assert all(newest_of_month[(w.year, w.month)] == w for w in older)
    assert {(w.year, w.month) for w in kept} == set(newest_of_month)
    assert len(kept) + len(removed) == len(made)
    assert not any(p.exists() for p in removed)
    FIGURES.append(f"retention: {len(made)} backups, {len(kept)} kept, "
                   f"{len(removed)} pruned")


def test_migration_backups_are_pruned(tmp_path: Path) -> None:
    from desk_app.store.schema_guard import prune_migration_backups

    db_file = tmp_path / "detainers.sqlite3"
    db_file.write_bytes(b"x")
    for days in (0, 3, 20, 40, 41, 80):
        stamp = (NOW - timedelta(days=days)).strftime("%Y%m%dT%H%M%SZ")
        (tmp_path / f"detainers.sqlite3.bak-0003-{stamp}").write_bytes(b"old")
    prune_migration_backups(db_file, NOW)
    left = sorted(p.name[-16:] for p in tmp_path.glob("detainers.sqlite3.bak-*"))
    # The last 14 days (25 and 22 Nov), then the newest of each month (16 Oct, 6 Sep):
    # 5 Nov and 15 Oct go.
    assert left == ["20260906T190000Z", "20261016T190000Z", "20261122T190000Z",
                    "20261125T190000Z"]


def test_schedule_every_four_hours_and_at_shift_end() -> None:
    every = timedelta(hours=4)
    start = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)  # 12:00 in Pittsfield
    assert backup_due(None, start, every, SHIFTS, ZONE)
    assert not backup_due(start, start + timedelta(hours=2), every, SHIFTS, ZONE)
    assert backup_due(start, start + timedelta(hours=3, minutes=1), every, SHIFTS, ZONE)
    assert backup_due(start, start + timedelta(hours=4), every, SHIFTS, ZONE)
    late = datetime(2026, 11, 25, 20, 30, tzinfo=UTC)  # 15:30, after the 15:00 backup
    assert not backup_due(late, late + timedelta(hours=1), every, SHIFTS, ZONE)


def test_status_bar_age_warns_after_a_day() -> None:
    assert backup_age(NOW - timedelta(hours=3), NOW).text == "Last backup 3 h ago"
    assert not backup_age(NOW - timedelta(hours=23), NOW).warning
    late = backup_age(NOW - timedelta(hours=25), NOW)
    assert late.warning and "25 h" in late.text
    assert backup_age(None, NOW).warning
