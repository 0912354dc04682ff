"""Drain the outbox into the records folder: atomically, with a checksum manifest.

Each due file is rendered to bytes, written to a hidden temporary file in the folder,
flushed to disk and renamed over the target, so the records clerk never opens a half
written file, and its checksum is added to `MANIFEST.sha256` (records_folder.py).
When the folder is unreachable the items stay queued and are retried with an
exponential back-off measured on the desk's clock. All state is in the database, so a
restart (or a crash) loses nothing and writes nothing twice.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desk_app.domain.actor import SYSTEM
from desk_app.records.export_folder import (
    ExportRefusedError,
    StagedElsewhereError,
    read_staged,
    remove_staged,
)
from desk_app.records.records_folder import (
    CLOCK_PROBE,
    ManifestBusyError,
    NotRegularFileError,
    read_manifest,
    read_regular,
    record_in_manifest,
    remove_stale_temporaries,
    share_now,
    write_atomic,
)
from desk_app.records.tracking_sheet import export_tracking
from desk_app.store.audit import write_audit
from desk_app.store.audit_checkpoint import (
    CHECKPOINT_FILE,
    append_checkpoint,
    chain_head,
    local_checkpoint_file,
)
from desk_app.store.desk import Desk
from desk_app.store.outbox import MANIFEST_NAME
from desk_app.store.outbox_models import ExportKind, OutboxItem

log = logging.getLogger(__name__)

# Pittsfield Policy 413 §E: "The Tracking Sheet shall have restricted access on the
# department's SharePoint Intranet". It lists every arrestee's name and case.
RESTRICTED_KINDS = frozenset({ExportKind.TRACKING_SHEET})
NO_RESTRICTED_FOLDER = (
    "The tracking sheet has restricted access (Pittsfield Policy 413 §E: \"The Tracking "
    "Sheet shall have restricted access\"), so it is never written to the shared records "
    "folder: it waits until an administrator sets the restricted records folder "
    "(setting restricted_records_folder).")
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_MAX = timedelta(minutes=30)
# While one workstation writes a file, no other picks it up for this long.
LEASE = timedelta(minutes=2)


@dataclass(frozen=True)
class ExportJob:
    """What a renderer is asked to produce (a plain value, not a database row)."""

    kind: ExportKind
    name: str
    detainer_id: int | None
    payload: str


Renderer = Callable[[ExportJob], bytes]


@dataclass(frozen=True)
class SyncResult:
    """One pass of the sync: files written, exports still waiting, problems met."""

    written: int
    waiting: int
    errors: tuple[str, ...]


@dataclass(frozen=True)
class PendingExport:
    """A file still waiting for the records folder, for the status bar's detail list."""

    name: str
    kind: ExportKind
    attempts: int
    next_attempt_at: datetime
    last_error: str


@dataclass(frozen=True)
class _Item:
    id: int
    kind: ExportKind
    detainer_id: int | None
    payload: str
    attempts: int
    requests: int
    next_attempt_at: datetime


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: 30 s, 1 min, 2 min ... at most 30 min."""
    if attempts <= 0:
        return timedelta(0)
    return min(BACKOFF_FIRST * 2 ** min(attempts - 1, 16), BACKOFF_MAX)


def tracking_sheet_renderer(desk: Desk) -> Renderer:
    """A renderer that exports the tracking sheet (CSV or XLSX by the target's name)."""

    def render(job: ExportJob) -> bytes:
        suffix = Path(job.name).suffix.lower() or ".xlsx"
        with tempfile.TemporaryDirectory(prefix="desk-export-") as tmp:
            out = Path(tmp) / f"tracking-sheet{suffix}"
            export_tracking(desk, out)
            return out.read_bytes()

    return render


def record_pdf_renderer(desk: Desk) -> Renderer:
    """A renderer that prints a closed detainer's record sheet for the records folder."""

    def render(job: ExportJob) -> bytes:
        # The PDF modules load reportlab: at the first PDF, not when the board starts.
        from desk_app.records.record_sheet import render_record_sheet

        if job.detainer_id is None:
            raise ValueError(f"{job.name}: a record PDF needs a detainer")
        with tempfile.TemporaryDirectory(prefix="desk-export-") as tmp:
            out = Path(tmp) / "record.pdf"
            render_record_sheet(desk, job.detainer_id, "records folder sync", out)
            return out.read_bytes()

    return render


def handoff_renderer(desk: Desk) -> Renderer:
    """A renderer that prints a signed shift handoff; the job's payload is its id."""

    def render(job: ExportJob) -> bytes:
        from desk_app.records.handoff_sheet import render_handoff_sheet

        if not job.payload.isdigit():
            raise ValueError(f"{job.name}: the export names no handoff")
        with tempfile.TemporaryDirectory(prefix="desk-export-") as tmp:
            out = Path(tmp) / "handoff.pdf"
            render_handoff_sheet(desk, int(job.payload), "records folder sync", out)
            return out.read_bytes()

    return render


def saved_file_renderer(job: ExportJob) -> bytes:
    """A report someone saved: the payload names its copy in the desk's own export
    folder, and nothing else is ever copied (export_folder.py)."""
    return read_staged(job.payload)


def default_renderers(desk: Desk) -> dict[ExportKind, Renderer]:
    """The renderers for every export the desk queues by itself."""
    return {ExportKind.TRACKING_SHEET: tracking_sheet_renderer(desk),
            ExportKind.RECORD_PDF: record_pdf_renderer(desk),
            ExportKind.REPORT: saved_file_renderer,
            ExportKind.HANDOFF: handoff_renderer(desk)}


class RecordsSync:
    """Writes queued exports to the records folder; call `run_once` on a timer.

    `renderers` maps an export kind to a function producing the file's bytes; it is
    merged over `default_renderers(desk)`. Run it off the GUI thread: rendering and a
    network share can both be slow.
    """

    def __init__(self, desk: Desk, folder: Path,
                 renderers: Mapping[ExportKind, Renderer] | None = None,
                 restricted: Path | None = None) -> None:
        self.desk = desk
        self.folder = Path(folder)
        # Where the restricted tracking sheet goes (RESTRICTED_KINDS): the department's
        # restricted records folder, never the shared one unless it says so; None: waits.
        configured = desk.settings.restricted_records_folder
        self.restricted = restricted or (Path(configured) if configured else None)
        self.renderers: dict[ExportKind, Renderer] = {**default_renderers(desk),
                                                      **(renderers or {})}

    def run_once(self) -> SyncResult:
        """Write every due export once; failures wait for their back-off."""
        due = self._due_targets(self.desk.time.now())
        errors: list[str] = []
        written = 0
        for folder, names in self._by_folder(due).items():
            problem = self._folder_problem(folder)
            if problem:
                for name in names:
                    self._fail(due[name], problem)
                errors.append(problem)
                log.warning("%s", problem)
                continue
            for name in names:
                error = self._export(name, due[name], folder)
                if error is None:
                    written += 1
                elif error:
                    errors.append(error)
        self.write_checkpoints(reachable=not errors or written > 0)
        return SyncResult(written=written, waiting=self.pending_count(), errors=tuple(errors))

    def _by_folder(self, due: dict[str, list[_Item]]) -> dict[Path, list[str]]:
        """The due files by the folder each goes to; the tracking sheet, with no restricted
        folder set, is left waiting with the reason."""
        folders: dict[Path, list[str]] = {}
        for name, items in due.items():
            if items[-1].kind not in RESTRICTED_KINDS:
                folders.setdefault(self.folder, []).append(name)
            elif self.restricted is not None:
                folders.setdefault(self.restricted, []).append(name)
            else:
                self._note(items, NO_RESTRICTED_FOLDER)
        return folders

    def write_checkpoints(self, reachable: bool = True) -> None:
        """Keep the audit chain's head outside the database: in this workstation's data
        folder and, when it can be reached, in the records folder (audit_checkpoint.py)."""
        with self.desk.db.sessions() as session:
            head = chain_head(session, self.desk.time.now())
        if head is None:
            return
        places = [local_checkpoint_file(self.desk.db)]
        if reachable and not self._folder_problem():
            places.append(self.folder / CHECKPOINT_FILE)
        for path in places:
            try:
                append_checkpoint(path, head)
            except OSError as exc:
                log.warning("audit checkpoint not written in %s: %s", path.parent,
                            exc.strerror or exc)

    def retry_now(self) -> int:
        """Bring failed exports forward to now (a clerk asked for a sync); return how many.

        Items merely leased by a workstation that is writing them have no error and are
        left alone, so two writers still never race."""
        now = self.desk.time.now()
        with self.desk.db.sessions() as session:
            result = session.execute(update(OutboxItem).where(
                OutboxItem.done_at.is_(None), OutboxItem.last_error != "",
                OutboxItem.next_attempt_at > now).values(next_attempt_at=now))
            session.commit()
            return int(getattr(result, "rowcount", 0) or 0)

    def pending_count(self) -> int:
        """How many files are waiting to be written (coalesced, so one per file)."""
        with self.desk.db.sessions() as session:
            return session.scalar(select(func.count(func.distinct(OutboxItem.target_name)))
                                  .where(OutboxItem.done_at.is_(None))) or 0

    def status_text(self) -> str:
        """The status bar's words, or "" when nothing waits."""
        count = self.pending_count()
        if count == 0:
            return ""
        noun = "export" if count == 1 else "exports"
        return f"{count} {noun} waiting for the records folder"

    def pending(self) -> list[PendingExport]:
        """The waiting items, oldest first, with the last problem in plain words."""
        with self.desk.db.sessions() as session:
            rows = session.scalars(select(OutboxItem).where(OutboxItem.done_at.is_(None))
                                   .order_by(OutboxItem.id))
            return [PendingExport(r.target_name, r.kind, r.attempts, r.next_attempt_at,
                                  r.last_error) for r in rows]

    # -- one file --------------------------------------------------------------

    def _export(self, name: str, items: list[_Item], folder: Path) -> str | None:
        """Write one file; None when written, "" when left waiting, else the error."""
        newest = items[-1]
        renderer = self.renderers.get(newest.kind)
        if renderer is None:
            self._note(items, f"Nothing on this workstation can produce {newest.kind} "
                              "files yet; the export waits.")
            return ""
        if not self._claim(items):
            return ""  # another workstation is writing it right now
        job = ExportJob(newest.kind, name, newest.detainer_id, newest.payload)
        try:
            data = renderer(job)
        except ExportRefusedError as exc:
            return self._refuse(items, name, str(exc))
        except StagedElsewhereError as exc:
            self._note(items, f"{name} was saved on the workstation {exc}, which copies "
                              "it to the records folder.")
            return ""
        except Exception as exc:  # a renderer bug must not stop the other exports
            log.exception("rendering %s failed", name)
            message = f"Could not produce {name}: {exc}. It will be tried again."
            self._fail(items, message)
            return message
        try:
            digest = self._write(folder, name, data)
        except OSError as exc:
            message = self._plain(exc, name, folder)
            log.warning("%s", message)
            self._fail(items, message)
            return message
        self._finish(items, digest)
        if newest.kind is ExportKind.REPORT:
            remove_staged(newest.payload)
        log.info("records folder: wrote %s (sha256 %s)", name, digest[:12])
        return None

    def _refuse(self, items: list[_Item], name: str, reason: str) -> str:
        """Never copy a file from outside the export folder: audit it, log it, and
        take the item off the queue (trying again could not make it right)."""
        message = (f"Refused to copy {name} to the records folder: {reason}. Nothing was "
                   "copied; the refusal is in the audit log.")
        log.warning("records folder: refused an export (%s)", reason)
        now = self.desk.time.now()
        with self.desk.db.sessions() as session:
            for item in items:
                _update(session, item.id, done_at=now, last_error=message,
                        attempts=item.attempts + 1)
            write_audit(session, at=now, actor=SYSTEM.name, action="export refused",
                        detainer_id=None, summary=message)
            session.commit()
        return message

    @staticmethod
    def _write(folder: Path, name: str, data: bytes) -> str:
        """Put `data` in place under `name` and record it in the folder's manifest."""
        digest = hashlib.sha256(data).hexdigest()
        target = folder / name
        already = (read_manifest(folder).get(name) == digest
                   and _sha256_of_regular(target) == digest)
        if not already:  # e.g. written and renamed, then the app stopped before marking
            write_atomic(folder, name, data)
        remove_stale_temporaries(folder, name)
        record_in_manifest(folder, name, digest, LEASE)
        stale_before = share_now(folder) - LEASE  # the share's clock, not ours
        # Every workstation rewrites the manifest: only a crash's leftovers are removed.
        remove_stale_temporaries(folder, MANIFEST_NAME, older_than=stale_before)
        remove_stale_temporaries(folder, CLOCK_PROBE, older_than=stale_before)
        return digest

    def _folder_problem(self, folder: Path | None = None) -> str:
        folder = folder or self.folder
        if not folder.exists():
            return (f"The records folder {folder} cannot be found; is the network drive "
                    "connected? Exports wait and will be tried again.")
        marker = self.desk.settings.records_marker
        if marker and not share_marker_found(folder, marker):
            return (f"The records folder {folder} does not show the share's marker file "
                    f"{marker}: the network drive is probably not connected (what is "
                    "there may be an empty local folder). Exports wait and will be tried "
                    "again.")
        if not folder.is_dir():
            return (f"The records folder {folder} is a file, not a folder; check the "
                    "records folder setting. Exports wait.")
        if not os.access(folder, os.W_OK):
            return (f"This workstation may not write to the records folder {folder} "
                    "(permission denied); ask IT to check the share. Exports wait.")
        return ""

    @staticmethod
    def _plain(exc: OSError, name: str, folder: Path) -> str:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return (f"The records folder {folder} disappeared while {name} was being "
                    "written; is the network drive connected? It will be tried again.")
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return (f"Writing {name} to the records folder {folder} was refused "
                    "(permission denied or read-only); ask IT to check the share.")
        if isinstance(exc, NotRegularFileError):
            return str(exc.strerror)
        if isinstance(exc, ManifestBusyError):
            return (f"Another workstation kept the records folder's manifest busy while "
                    f"{name} was being written; it will be tried again.")
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return f"The records folder {folder} is full; {name} waits until space is freed."
        return (f"Could not write {name} to the records folder {folder}: "
                f"{exc.strerror or exc}. It will be tried again.")

    # -- the database side -----------------------------------------------------

    def _due_targets(self, now: datetime) -> dict[str, list[_Item]]:
        """Waiting items grouped by file, for the files whose earliest try is due."""
        groups: dict[str, list[_Item]] = {}
        with self.desk.db.sessions() as session:
            for r in session.scalars(select(OutboxItem).where(OutboxItem.done_at.is_(None))
                                     .order_by(OutboxItem.id)):
                groups.setdefault(r.target_name, []).append(_Item(
                    r.id, r.kind, r.detainer_id, r.payload, r.attempts, r.requests,
                    r.next_attempt_at))
        return {name: items for name, items in groups.items()
                if min(i.next_attempt_at for i in items) <= now}

    def _claim(self, items: list[_Item]) -> bool:
        """Take a short lease on the items; False if another sync took them first."""
        lease_until = self.desk.time.now() + LEASE
        with self.desk.db.sessions() as session:
            for item in items:
                taken = _update(session, item.id, OutboxItem.next_attempt_at
                                == item.next_attempt_at, next_attempt_at=lease_until)
                if not taken:
                    session.rollback()
                    return False
            session.commit()
        return True

    def _note(self, items: list[_Item], reason: str) -> None:
        """Say why the items wait, without counting an attempt or delaying them."""
        with self.desk.db.sessions() as session:
            for item in items:
                _update(session, item.id, OutboxItem.last_error != reason,
                        last_error=reason)
            session.commit()

    def _fail(self, items: list[_Item], reason: str) -> None:
        """Count the attempt and wait longer each time (30 s doubling to 30 min)."""
        now = self.desk.time.now()
        with self.desk.db.sessions() as session:
            for item in items:
                _update(session, item.id, attempts=item.attempts + 1,
                        next_attempt_at=now + backoff(item.attempts + 1), last_error=reason)
            session.commit()

    def _finish(self, items: list[_Item], digest: str) -> None:
        """Mark done, unless a change asked for the file again meanwhile: then redo it."""
        now = self.desk.time.now()
        with self.desk.db.sessions() as session:
            for item in items:
                done = _update(session, item.id, OutboxItem.requests == item.requests,
                               done_at=now, sha256=digest, attempts=item.attempts + 1,
                               last_error="")
                if not done:
                    _update(session, item.id, next_attempt_at=now, last_error="")
            session.commit()


def _sha256_of_regular(path: Path) -> str:
    """The checksum of a regular file at `path`, "" if it is absent or anything else."""
    try:
        return hashlib.sha256(read_regular(path)).hexdigest()
    except OSError:
        return ""


def share_marker_found(folder: Path, marker: str) -> bool:
    """True when the department's marker file is on the share: `marker` as a full
    path, or a file of that name in the records folder or any folder above it."""
    candidate = Path(marker)
    if candidate.is_absolute():
        return candidate.is_file()
    return any((place / marker).is_file() for place in (folder, *folder.parents))


def _update(session: Session, item_id: int, *conditions: object, **values: object) -> bool:
    """Update one waiting item if it still matches; True when it did."""
    statement = (update(OutboxItem)
                 .where(OutboxItem.id == item_id, OutboxItem.done_at.is_(None), *conditions)
                 .values(**values).execution_options(synchronize_session=False))
    return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]
