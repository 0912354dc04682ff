"""Drain the outbox into the records folder: atomically, with a checksum manifest.

Each due file is rendered to bytes, written to a hidden temporary file in the folder,
flushed to disk and renamed over the target, so the records clerk never opens a half
written file, and its checksum is added to `MANIFEST.sha256` (records_folder.py).
When the folder is unreachable the items stay queued and are retried with an
exponential back-off measured on the desk's clock. All state is in the database (read
and changed through the desk's `OutboxQueue`, store/outbox_queue.py), so a restart (or
a crash) loses nothing and writes nothing twice.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from desk_app.domain.vocabulary import ExportKind
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
from desk_app.store.audit_checkpoint import (
    CHECKPOINT_FILE,
    append_checkpoint,
    current_head,
    local_checkpoint_file,
)
from desk_app.store.desk import Desk
from desk_app.store.outbox import MANIFEST_NAME
from desk_app.store.outbox_queue import PendingExport, QueuedExport
from desk_app.store.outbox_queue import backoff as backoff  # where the tests know it

log = logging.getLogger(__name__)

# Pittsfield Policy 413 §E: "The Tracking Sheet shall have restricted access on the
# department's SharePoint Intranet". It lists every arrestee's name and case.
RESTRICTED_KINDS = frozenset({ExportKind.TRACKING_SHEET})
NO_RESTRICTED_FOLDER = (
    "The tracking sheet has restricted access (Pittsfield Policy 413 §E: \"The Tracking "
    "Sheet shall have restricted access\"), so it is never written to the shared records "
    "folder: it waits until an administrator sets the restricted records folder "
    "(setting restricted_records_folder).")
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


def tracking_sheet_renderer(desk: Desk) -> Renderer:
    """A renderer that exports the tracking sheet (CSV or XLSX by the target's name)."""

    def render(job: ExportJob) -> bytes:
        suffix = Path(job.name).suffix.lower() or ".xlsx"
        with tempfile.TemporaryDirectory(prefix="desk-export-") as tmp:
            out = Path(tmp) / f"tracking-sheet{suffix}"
            export_tracking(desk.reports.tracking_sheet(), out)
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
            render_record_sheet(desk.printouts.record_sheet(job.detainer_id,
                                                            "records folder sync"), out)
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
            render_handoff_sheet(desk.reports.handoff_sheet(int(job.payload),
                                                            "records folder sync"), out)
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
        self.queue = desk.outbox
        self.folder = Path(folder)
        # Where the restricted tracking sheet goes (RESTRICTED_KINDS): the department's
        # restricted records folder, never the shared one unless it says so; None: waits.
        configured = desk.settings.restricted_records_folder
        self.restricted = restricted or (Path(configured) if configured else None)
        self.renderers: dict[ExportKind, Renderer] = {**default_renderers(desk),
                                                      **(renderers or {})}

    def run_once(self) -> SyncResult:
        """Write every due export once; failures wait for their back-off."""
        due = self.queue.due_targets(self.desk.time.now())
        errors: list[str] = []
        written = 0
        for folder, names in self._by_folder(due).items():
            problem = self._folder_problem(folder)
            if problem:
                for name in names:
                    self.queue.fail(due[name], problem)
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

    def _by_folder(self, due: dict[str, list[QueuedExport]]) -> dict[Path, list[str]]:
        """The due files by the folder each goes to; the tracking sheet, with no restricted
        folder set, is left waiting with the reason."""
        folders: dict[Path, list[str]] = {}
        for name, items in due.items():
            if items[-1].kind not in RESTRICTED_KINDS:
                folders.setdefault(self.folder, []).append(name)
            elif self.restricted is not None:
                folders.setdefault(self.restricted, []).append(name)
            else:
                self.queue.note(items, NO_RESTRICTED_FOLDER)
        return folders

    def write_checkpoints(self, reachable: bool = True) -> None:
        """Keep the audit chain's head outside the database: in this workstation's data
        folder and, when it can be reached, in the records folder (audit_checkpoint.py)."""
        head = current_head(self.desk.db, self.desk.time.now())
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
        """Bring failed exports forward to now (a clerk asked for a sync); return how many."""
        return self.queue.retry_now()

    def pending_count(self) -> int:
        """How many files are waiting to be written (coalesced, so one per file)."""
        return self.queue.pending_count()

    def status_text(self) -> str:
        """The status bar's words, or "" when nothing waits."""
        count = self.pending_count()
        if count == 0:
            return ""
        noun = "export" if count == 1 else "exports"
        return f"{count} {noun} waiting for the records folder"

    def pending(self) -> list[PendingExport]:
        """The waiting items, oldest first, with the last problem in plain words."""
        return self.queue.pending()

    # -- one file --------------------------------------------------------------

    def _export(self, name: str, items: list[QueuedExport], folder: Path) -> str | None:
        """Write one file; None when written, "" when left waiting, else the error."""
        newest = items[-1]
        renderer = self.renderers.get(newest.kind)
        if renderer is None:
            self.queue.note(items, f"Nothing on this workstation can produce {newest.kind} "
                              "files yet; the export waits.")
            return ""
        if not self.queue.claim(items, LEASE):
            return ""  # another workstation is writing it right now
        job = ExportJob(newest.kind, name, newest.detainer_id, newest.payload)
        try:
            data = renderer(job)
        except ExportRefusedError as exc:
            return self._refuse(items, name, str(exc))
        except StagedElsewhereError as exc:
            self.queue.note(items, f"{name} was saved on the workstation {exc}, which copies "
                              "it to the records folder.")
            return ""
        except Exception as exc:  # a renderer bug must not stop the other exports
            log.exception("rendering %s failed", name)
            message = f"Could not produce {name}: {exc}. It will be tried again."
            self.queue.fail(items, message)
            return message
        try:
            digest = self._write(folder, name, data)
        except OSError as exc:
            message = self._plain(exc, name, folder)
            log.warning("%s", message)
            self.queue.fail(items, message)
            return message
        self.queue.finish(items, digest)
        if newest.kind is ExportKind.REPORT:
            remove_staged(newest.payload)
        log.info("records folder: wrote %s (sha256 %s)", name, digest[:12])
        return None

    def _refuse(self, items: list[QueuedExport], name: str, reason: str) -> str:
        """Never copy a file from outside the export folder: audit it, log it, and
        take the item off the queue (trying again could not make it right)."""
        message = (f"Refused to copy {name} to the records folder: {reason}. Nothing was "
                   "copied; the refusal is in the audit log.")
        log.warning("records folder: refused an export (%s)", reason)
        self.queue.refuse(items, message)
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
