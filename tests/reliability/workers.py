"""The processes the reliability tests start, kill and race against each other.

Each worker is a plain function run in a child process (see `spawn.py`). Every write
it commits is reported on its stdout as one line, printed and flushed only after the
service call returned, i.e. after the commit: a line the test reads is a write the
database promised to keep. A worker never catches anything but the refusals a desk
officer would see (DeskError); anything else ends it with a traceback the test shows.
"""

from __future__ import annotations

import hashlib
import logging
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.errors import ConflictError, DeskError
from desk_app.domain.time_source import SystemTime
from desk_app.domain.vocabulary import FormType, Outcome, Role
from desk_app.records.fonts import desk_fonts
from desk_app.records.records_folder import record_in_manifest, write_atomic
from desk_app.records.sync import ExportJob, RecordsSync, Renderer, default_renderers
from desk_app.store.desk import Desk, open_desk
from desk_app.store.models import Detainer

OFFICER = Actor("Ofc. D. Reyes", Role.DESK_OFFICER)
SUPERVISOR = Actor("Sgt. M. Kim", Role.SUPERVISOR)

# Load the PDF fonts once in the fork server (half a second per child otherwise).
desk_fonts()


def _stdout_to(report: str) -> None:
    """Send stdout to `report`, stderr (a traceback) to `report.err` and the desk's log
    (warnings such as a stale lock taken over, expected after a kill) to `report.log`."""
    sys.stdout = open(report, "a", buffering=1, encoding="utf-8")  # noqa: SIM115
    sys.stderr = open(report + ".err", "a", buffering=1, encoding="utf-8")  # noqa: SIM115
    logging.basicConfig(filename=report + ".log", level=logging.INFO, force=True)


def say(line: str) -> None:
    """Report one committed write: one whole line, flushed at once."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def new_form(number: str, now: datetime) -> DetainerForm:
    """A plausible detainer received a minute ago."""
    return DetainerForm(detainer_number=number, form_type=FormType.I_247A,
                        case_number=f"26-{number[-5:]}-AR", subject_name="José Ñúñez",
                        received_at=now - timedelta(minutes=1), offenses="")


def _max_id(desk: Desk) -> int:
    with desk.db.sessions() as session:
        return session.scalar(select(func.max(Detainer.id))) or 0


def crash_writer(url: str, report: str, seed: int) -> None:
    """Log and change detainers as fast as it can until it is killed.

    Reports `id version` after each committed write."""
    _stdout_to(report)
    rng = random.Random(seed)
    desk = open_desk(url, SystemTime())
    tag = f"{seed:06d}"
    count = 0
    while True:
        count += 1
        top = _max_id(desk)
        try:
            if top == 0 or rng.random() < 0.25:
                snap = desk.detainers.log(new_form(f"K{tag}-{count:05d}", desk.time.now()),
                                          OFFICER)
            else:
                snap = _change_one(desk, rng, rng.randint(1, top), count)
        except DeskError:
            continue  # a refusal (closed, already done): nothing was written
        say(f"{snap.id} {snap.version}")


def _change_one(desk: Desk, rng: random.Random, detainer_id: int, count: int):
    current = desk.detainers.get(detainer_id)
    choice = rng.random()
    if choice < 0.5:
        return desk.detainers.edit(detainer_id, current.version,
                                   {"offenses": f"write {count}"[:4000]}, OFFICER)
    if choice < 0.75:
        pending = [s for s in current.steps if s.is_open]
        if pending:
            return desk.custody.complete_step(detainer_id, rng.choice(pending).step_id,
                                              OFFICER, note=f"w{count}")
    if choice < 0.97:
        return desk.detainers.set_follow_up(detainer_id, rng.choice([True, False, None]),
                                            SUPERVISOR)
    return desk.custody.close(detainer_id, Outcome.RELEASED_OTHERWISE, SUPERVISOR,
                              override_reason="soak test")


def racer(url: str, report: str, name: str, ids: list[int], updates: int,
          seed: int) -> None:
    """Append this worker's tokens to the offenses of shared detainers, `updates` times.

    Each attempt reads the detainer, waits a moment (as a person types), then saves with
    the version it read. Reports `S id version token` for a saved change and `C id` for
    a refusal; any other outcome ends the worker with a traceback."""
    _stdout_to(report)
    rng = random.Random(seed)
    desk = open_desk(url, SystemTime())
    actor = Actor(f"Ofc. {name}", Role.DESK_OFFICER)
    for n in range(updates):
        detainer_id = rng.choice(ids)
        current = desk.detainers.get(detainer_id)
        token = f"{name}{n}"
        if rng.random() < 0.5:
            time.sleep(rng.random() * 0.003)
        try:
            saved = desk.detainers.edit(
                detainer_id, current.version,
                {"offenses": (current.offenses + " " + token).strip()}, actor)
        except ConflictError:
            say(f"C {detainer_id}")
            continue
        say(f"S {detainer_id} {saved.version} {token}")
    say("DONE")


def _reporting(renderer: Renderer) -> Renderer:
    """The renderer, reporting each complete file's digest before it is written."""

    def render(job: ExportJob) -> bytes:
        data = renderer(job)
        say(f"R {job.name} {hashlib.sha256(data).hexdigest()}")
        return data

    return render


def crash_sync(url: str, folder: str, report: str, seed: int) -> None:
    """Change detainers and run the records-folder sync in a loop until killed.

    Reports `R name sha256` for each file rendered (before it is written)."""
    _stdout_to(report)
    rng = random.Random(seed)
    desk = open_desk(url, SystemTime())
    sync = RecordsSync(desk, Path(folder), {kind: _reporting(renderer) for kind, renderer
                                            in default_renderers(desk).items()})
    tag = f"{seed:06d}"
    count = 0
    while True:
        count += 1
        top = _max_id(desk)
        try:
            if top == 0 or rng.random() < 0.4:
                desk.detainers.log(new_form(f"S{tag}-{count:05d}", desk.time.now()),
                                   OFFICER)
            elif rng.random() < 0.5:
                desk.custody.close(rng.randint(1, top), Outcome.RELEASED_OTHERWISE,
                                   SUPERVISOR, override_reason="soak test")
            else:
                desk.detainers.set_follow_up(rng.randint(1, top), rng.random() < 0.5,
                                             SUPERVISOR)
        except DeskError:
            pass
        sync.run_once()


def now_utc() -> datetime:
    """The real instant (for the test side's bookkeeping)."""
    return datetime.now(UTC)


def open_only(url: str, report: str) -> None:
    """Start the desk (migrating the file if it is older), report `OPEN`, and stop."""
    _stdout_to(report)
    open_desk(url, SystemTime()).db.close()
    say("OPEN")


def folder_writer(folder: str, report: str, name: str, files: int, start_at: float) -> None:
    """Put `files` files of this workstation's in a shared records folder, as the sync
    does (atomic write, then the manifest line), all at once with another writer.

    Waits for the wall-clock instant `start_at` so that both writers start together.
    Reports `W name sha256` after each file and its manifest line are in place."""
    _stdout_to(report)
    target = Path(folder)
    time.sleep(max(0.0, start_at - time.time()))
    for n in range(files):
        file_name = f"{name}-{n:04d}.csv"
        data = f"{name},{n}\n".encode()
        digest = hashlib.sha256(data).hexdigest()
        write_atomic(target, file_name, data)
        record_in_manifest(target, file_name, digest, timedelta(minutes=2))
        say(f"W {file_name} {digest}")
    say("DONE")


def crash_export(url: str, out: str, report: str, seed: int) -> None:
    """Export the tracking sheet (.csv) or print a record (.pdf) over `out` in a loop
    until killed, as `desk-app export` and `desk-app print` do. Reports `E` after each."""
    from desk_app.records.commands import export_sheet, print_record

    _stdout_to(report)
    desk = open_desk(url, SystemTime())
    admin = Actor("IT admin", Role.ADMINISTRATOR)
    number = desk.detainers.active()[0].detainer_number
    target = Path(out)
    while True:
        if target.suffix == ".csv":
            export_sheet(desk, target, admin)
        else:
            print_record(desk, number, target, admin, copy=seed % 2 == 0)
        say("E")


def crash_import(url: str, sheet: str, report: str, seed: int) -> None:
    """Import a large tracking sheet as `desk-app import` does, until killed; reports
    `I <status>` when an import returned."""
    from desk_app.records.commands import import_sheet

    _stdout_to(report)
    desk = open_desk(url, SystemTime())
    admin = Actor("IT admin", Role.ADMINISTRATOR)
    while True:
        _, status = import_sheet(desk, Path(sheet), admin)
        say(f"I {status}")
