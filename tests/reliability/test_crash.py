"""SIGKILL at random moments: what the application said was saved must stay saved.

A child process logs and changes detainers (or runs the records-folder sync) in a
loop and reports each committed write on its stdout. The test kills it at a random
moment, checks the database and the folder, and starts the next child on the same
file. 20 kills per test in the suite, 200 under `make soak`.
"""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy.orm import Session

from desk_app.domain.time_source import FixedTime, SystemTime
from desk_app.records.records_folder import MANIFEST_LOCK, read_manifest
from desk_app.records.sync import RecordsSync
from desk_app.store.audit import verify_chain
from desk_app.store.audit_checkpoint import CHECKPOINT_FILE
from desk_app.store.database import make_engine
from desk_app.store.desk import open_desk
from desk_app.store.outbox import MANIFEST_NAME, TRACKING_SHEET_NAME
from tests.reliability import spawn, workers
from tests.reliability.conftest import ADMIN, FIGURES, OFFICER
from tests.reliability.soak import scale

KILLS = scale(20, 200)


def reported_lines(report: Path) -> int:
    """How many whole lines the worker has reported so far."""
    try:
        return report.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def run_and_kill(target: object, *args: object, rng: random.Random,
                 report: Path) -> list[str]:
    """Start a worker, SIGKILL it at a random moment; return the lines it completed.

    One kill in four lands in the first 0.4 s (start-up, migrations); the others a
    random time after the worker's first committed write, so every kill can hurt."""
    process = spawn.start(target, *args)  # type: ignore[arg-type]
    if rng.random() < 0.25:
        time.sleep(rng.uniform(0.0, 0.4))
    else:
        deadline = time.monotonic() + 30
        while (reported_lines(report) == 0 and process.is_alive()
               and time.monotonic() < deadline):
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.4))
    spawn.stop(process)
    error = Path(f"{report}.err")
    problem = error.read_text(encoding="utf-8") if error.exists() else ""
    assert spawn.was_killed(process), f"the worker died by itself:\n{problem}"
    assert problem == "", problem
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    return text.split("\n")[:-1]  # a line cut short by the kill has no newline yet


def check_database(path: Path, committed: dict[int, int]) -> None:
    """Sound file; every reported write there; one audit entry per version; chain intact."""
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master")}
        if "detainers" not in tables:  # killed during the very first migration
            assert not committed
            return
        versions = dict(con.execute("SELECT id, version FROM detainers"))
        audited = dict(con.execute("SELECT detainer_id, count(*) FROM audit_log "
                                   "WHERE detainer_id IS NOT NULL GROUP BY detainer_id"))
    lost = {i: v for i, v in committed.items() if versions.get(i, 0) < v}
    assert not lost, f"reported as saved, then lost: {lost}"
    assert audited == versions, "a change was committed without its audit entry"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with Session(engine) as session:
            report = verify_chain(session)
    finally:
        engine.dispose()
    assert report.intact, f"audit chain broken at entry {report.first_bad_id}"


def test_killed_writer_keeps_every_reported_write(tmp_path: Path) -> None:
    """A crash mid-save would lose a detainer the officer saw logged, or corrupt the file."""
    path = tmp_path / "detainers.sqlite3"
    url = f"sqlite:///{path}"
    rng = random.Random(413)
    committed: dict[int, int] = {}
    writes = 0
    for kill in range(KILLS):
        report = tmp_path / f"writer-{kill}.out"
        lines = run_and_kill(workers.crash_writer, url, str(report), kill, rng=rng,
                             report=report)
        for line in lines:
            detainer_id, version = (int(part) for part in line.split())
            committed[detainer_id] = max(committed.get(detainer_id, 0), version)
        writes += len(lines)
        check_database(path, committed)
    assert writes > KILLS, "the workers hardly wrote anything; the test proves nothing"
    FIGURES.append(f"crash, database: {KILLS} kills, {writes} committed writes reported "
                   f"and found, {len(committed)} detainers, audit chain intact")


# -- the records-folder sync --------------------------------------------------------


def final_files(folder: Path) -> dict[str, Path]:
    """Files under their final names (everything that is not a hidden temporary)."""
    return {p.name: p for p in folder.iterdir() if not p.name.startswith(".")}


def digest(path: Path) -> str:
    """SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_folder(folder: Path, rendered: dict[str, set[str]]) -> None:
    """Every file under a final name is one the sync rendered whole; the manifest is sane."""
    if not folder.exists():
        return
    for path in folder.iterdir():
        # A kill may hold the manifest's lock; the audit checkpoints are appended lines.
        if path.name.startswith(".") and path.name not in (MANIFEST_LOCK, CHECKPOINT_FILE):
            assert ".tmp-" in path.name, f"unexpected hidden file {path.name}"
    files = final_files(folder)
    manifest_text = (folder / MANIFEST_NAME).read_text("utf-8") if MANIFEST_NAME in files \
        else ""
    for line in manifest_text.splitlines():  # written atomically: never a cut line
        sha, _, name = line.partition("  ")
        assert len(sha) == 64 and name, f"malformed manifest line {line!r}"
    manifest = read_manifest(folder)
    for name, path in files.items():
        if name == MANIFEST_NAME:
            continue
        assert digest(path) in rendered.get(name, set()), \
            f"{name} under its final name is not a file the sync rendered whole"
    for name, sha in manifest.items():
        assert name in files, f"the manifest lists {name}, which is not in the folder"
        assert sha in rendered.get(name, set()), f"the manifest's digest of {name} is wrong"


def test_killed_sync_never_leaves_a_half_file(tmp_path: Path) -> None:
    """A crash mid-export would leave the records clerk a truncated sheet or PDF."""
    path = tmp_path / "detainers.sqlite3"
    url = f"sqlite:///{path}"
    folder = tmp_path / "records"
    folder.mkdir()
    desk = open_desk(url, SystemTime())
    # One folder for everything, the restricted tracking sheet included (the department
    # may choose so), so that every kind of file is checked in one place.
    desk.apply_settings({"records_folder": str(folder),
                         "restricted_records_folder": str(folder)}, ADMIN)
    desk.db.close()
    rng = random.Random(8)
    rendered: dict[str, set[str]] = defaultdict(set)
    checked = 0
    for kill in range(KILLS):
        report = tmp_path / f"sync-{kill}.out"
        for line in run_and_kill(workers.crash_sync, url, str(folder), str(report), kill,
                                 rng=rng, report=report):
            _, name, sha = line.split(" ")
            rendered[name].add(sha)
        check_folder(folder, rendered)
        checked += 1
    assert len(rendered) > 1, "the sync hardly wrote anything; the test proves nothing"
    # Restarted later (every lease has run out), the sync finishes what the kills cut,
    # and the next export clears the temporaries the kills left. Leases are measured on
    # the share's clock (file times), so the hour passes there too.
    an_hour_ago = time.time() - 3600
    for left in folder.iterdir():
        if left.name.startswith("."):
            os.utime(left, (an_hour_ago, an_hour_ago))
    later = open_desk(url, FixedTime(SystemTime().now() + timedelta(hours=1)))
    try:
        later.detainers.log(workers.new_form("LATER-00001", later.time.now()), OFFICER)
        sync = RecordsSync(later, folder)
        for _ in range(3):
            if sync.run_once().waiting == 0:
                break
        assert sync.pending() == []
        files = final_files(folder)
        assert read_manifest(folder) == {name: digest(p) for name, p in files.items()
                                         if name != MANIFEST_NAME}
        book = load_workbook(files[TRACKING_SHEET_NAME], read_only=True)
        rows = book.worksheets[0].max_row - 1
        book.close()
        with sqlite3.connect(path) as con:
            count = con.execute("SELECT count(*) FROM detainers").fetchone()[0]
            numbers = [r[0] for r in con.execute(
                "SELECT detainer_number FROM detainers WHERE closed_at IS NOT NULL")]
        assert rows == count, "the tracking sheet in the folder misses detainers"
        for number in numbers:
            pdf = files[f"detainer-record-{number}.pdf"]
            assert len(PdfReader(pdf).pages) >= 1
        leftovers = sorted(p.name for p in folder.iterdir()
                           if p.name.startswith(".") and p.name != CHECKPOINT_FILE)
        assert leftovers == [], f"temporary files left behind: {leftovers}"
        FIGURES.append(f"crash, records sync: {KILLS} kills, {checked} folder checks, "
                       f"{sum(map(len, rendered.values()))} whole files rendered, "
                       f"{len(files)} files and the manifest consistent after restart")
    finally:
        later.db.close()
