"""How files are put in the records folder, which several workstations share.

A file is written to a hidden temporary name, flushed and renamed over the target, so
a records clerk never opens half a file. `MANIFEST.sha256` (the format `sha256sum -c`
reads) lists every file's checksum; each workstation changes it under a lock file, so
that two adding a file at the same moment cannot drop each other's line.
"""

from __future__ import annotations

import errno
import logging
import os
import random
import secrets
import socket
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from desk_app.store.outbox import MANIFEST_NAME

log = logging.getLogger(__name__)

MANIFEST_LOCK = f".{MANIFEST_NAME}.lock"
# How long a workstation waits for another to finish its manifest change (a few
# milliseconds' work) before giving up and retrying the export later.
LOCK_WAIT_SECONDS = 10.0
LOCK_POLL_SECONDS = 0.02


class ManifestBusyError(OSError):
    """Another workstation held the manifest for longer than a change takes."""

    def __init__(self, folder: Path) -> None:
        super().__init__(errno.EBUSY, f"the manifest of {folder} is being changed by "
                                      "another workstation")


def write_atomic(folder: Path, name: str, data: bytes) -> None:
    """Write `folder/name` so that readers see the old file or the new, never half."""
    temporary = folder / f".{name}.tmp-{secrets.token_hex(6)}"
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, folder / name)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (not Windows)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def written_before(path: Path, instant: datetime) -> bool:
    """True when `path` was last written before `instant` (False if it is gone)."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC) < instant
    except OSError:
        return False


def remove_stale_temporaries(folder: Path, name: str,
                             older_than: datetime | None = None) -> None:
    """Delete temporary files a crash left behind for `name` (if last written before
    `older_than`, when given: a younger one may be another workstation's, in flight)."""
    prefix = f".{name}.tmp-"
    for path in folder.iterdir():
        if path.name.startswith(prefix):
            if older_than is not None and not written_before(path, older_than):
                continue
            try:
                path.unlink()
            except OSError:
                log.warning("could not remove leftover %s", path)


def lock_holder() -> str:
    """What a lock file says of who holds it: this workstation's name and process."""
    return f"{socket.gethostname()} {os.getpid()}"


def left_by_a_stopped_process(path: Path) -> bool:
    """True when the lock was taken by a process of this workstation that has ended
    (the desk restarted after a crash): no need to wait for the lease to run out."""
    try:
        host, _, pid = path.read_text("utf-8").rpartition(" ")
    except (OSError, UnicodeDecodeError):
        return False
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    if os.name == "nt":  # os.kill would end the process there; wait for the lease
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, under another user
        return False
    return False


@contextmanager
def manifest_lock(folder: Path, stale_before: datetime) -> Iterator[None]:
    """Hold the folder's manifest for one read-change-write.

    The lock is a file created only if absent (atomic on local disks and on SMB and NFS
    shares), holding the workstation's name and process id. One last written before
    `stale_before`, or one of this workstation's whose process has ended, was left by
    a desk that stopped mid-change, and is taken over.
    """
    path = folder / MANIFEST_LOCK
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            if written_before(path, stale_before) or left_by_a_stopped_process(path):
                log.warning("taking over %s, left by a desk that stopped", path)
                path.unlink(missing_ok=True)
                continue
            if time.monotonic() >= deadline:
                raise ManifestBusyError(folder) from None
            time.sleep(LOCK_POLL_SECONDS * (1 + random.random()))
    try:
        try:
            os.write(fd, lock_holder().encode("utf-8"))
        finally:
            os.close(fd)
        yield
    finally:
        path.unlink(missing_ok=True)


def record_in_manifest(folder: Path, name: str, digest: str,
                       stale_before: datetime) -> None:
    """Put `name`'s checksum in the manifest, keeping every other workstation's lines."""
    with manifest_lock(folder, stale_before):
        manifest = read_manifest(folder)
        if manifest.get(name) != digest:
            manifest[name] = digest
            write_atomic(folder, MANIFEST_NAME, render_manifest(manifest))


def read_manifest(folder: Path) -> dict[str, str]:
    """The manifest's entries (file name -> sha256); empty if there is none yet."""
    path = folder / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        log.warning("%s is not a text manifest; it will be rebuilt", path)
        return {}
    entries: dict[str, str] = {}
    for line in text.splitlines():
        digest, sep, name = line.partition(" ")
        if len(digest) != 64 or not sep or not name:
            log.warning("ignoring a malformed manifest line: %r", line)
            continue
        entries[name[1:] if name[:1] in (" ", "*") else name] = digest.lower()
    return entries


def render_manifest(entries: Mapping[str, str]) -> bytes:
    """`sha256sum` format: digest, two spaces, file name; sorted by name."""
    return "".join(f"{digest}  {name}\n"
                   for name, digest in sorted(entries.items())).encode("utf-8")
