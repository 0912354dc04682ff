"""How files are put in the records folder, which several workstations share.

A file is written to a hidden temporary name, flushed and renamed over the target, so
a records clerk never opens half a file. `MANIFEST.sha256` (the format `sha256sum -c`
reads) lists every file's checksum; each workstation changes it under a lock file, so
that two adding a file at the same moment cannot drop each other's line.

A share is not a local disk, so: only regular files are read from it (a FIFO would
hang the read, a link to a device would fill memory; both are refused with a
sentence); a lock's age is measured on the share's own clock (the lock file's mtime
against the mtime of a file made just now), never the workstation's, so a workstation
whose clock runs fast cannot take over a live lock, and a lock that is not a regular
file (a dangling link) or is dated in the future is taken over.
"""

from __future__ import annotations

import errno
import logging
import os
import random
import secrets
import socket
import stat
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desk_app.store.outbox import MANIFEST_NAME

log = logging.getLogger(__name__)

MANIFEST_LOCK = f".{MANIFEST_NAME}.lock"
CLOCK_PROBE = "desk-clock"  # `.desk-clock.tmp-*`: a file made to read the share's time
# How long a workstation waits for another to finish its manifest change (a few
# milliseconds' work) before giving up and retrying the export later.
LOCK_WAIT_SECONDS = 10.0
LOCK_POLL_SECONDS = 0.02
# A lock this old on the share's clock was left by a desk that stopped mid-change.
LOCK_LEASE = timedelta(minutes=2)
MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # half a million files' lines
MAX_READ_BYTES = 512 * 1024 * 1024


class NotRegularFileError(OSError):
    """A name in the records folder is a FIFO, device, link or folder, not a file."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, f"{path.name} in {path.parent} is {kind}, not a "
                                       "regular file, so it was not read; ask IT to remove "
                                       "it. Exports wait until then.")
        self.path = path
        self.kind = kind


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: Path, limit: int = MAX_READ_BYTES) -> bytes:
    """The bytes of `path` if it is a regular file (not a link) of at most `limit`
    bytes; NotRegularFileError otherwise. Never blocks on a FIFO."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        raise
    if stat.S_ISLNK(mode):
        raise NotRegularFileError(path, "a symbolic link")
    flags = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
             | getattr(os, "O_BINARY", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotRegularFileError(path, "a symbolic link") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(path, _kind(info.st_mode))
        if info.st_size > limit:
            raise NotRegularFileError(path, f"larger than {limit // (1024 * 1024)} MB")
        chunks = []
        total = 0
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > limit:
                raise NotRegularFileError(path, f"larger than {limit // (1024 * 1024)} MB")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def share_now(folder: Path) -> datetime:
    """The share's own clock: the mtime of a file made in `folder` just now."""
    probe = folder / f".{CLOCK_PROBE}.tmp-{secrets.token_hex(6)}"
    fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    try:
        os.write(fd, b"t")
        return datetime.fromtimestamp(os.fstat(fd).st_mtime, UTC)
    finally:
        os.close(fd)
        try:
            probe.unlink()
        except OSError:
            log.warning("could not remove %s", probe)


def lock_is_stale(path: Path, folder: Path, lease: timedelta) -> bool:
    """True when the lock at `path` is no live desk's: not a regular file (a dangling
    link, say), or older than `lease` or dated in the future on the share's clock."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False  # released meanwhile: simply try again
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return True
    age = share_now(folder) - datetime.fromtimestamp(info.st_mtime, UTC)
    return age > lease or age < -lease


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
        host, _, pid = read_regular(path, 4096).decode("utf-8").rpartition(" ")
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
def manifest_lock(folder: Path, lease: timedelta = LOCK_LEASE) -> Iterator[None]:
    """Hold the folder's manifest for one read-change-write.

    The lock is a file created only if absent (atomic on local disks and on SMB and NFS
    shares), holding the workstation's name and process id. One older than `lease` on
    the share's clock (`lock_is_stale`), or one of this workstation's whose process
    has ended, was left by a desk that stopped mid-change, and is taken over.
    """
    path = folder / MANIFEST_LOCK
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            if lock_is_stale(path, folder, lease) or left_by_a_stopped_process(path):
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
                       lease: timedelta = LOCK_LEASE) -> None:
    """Put `name`'s checksum in the manifest, keeping every other workstation's lines."""
    with manifest_lock(folder, lease):
        manifest = read_manifest(folder)
        if manifest.get(name) != digest:
            manifest[name] = digest
            write_atomic(folder, MANIFEST_NAME, render_manifest(manifest))


def read_manifest(folder: Path) -> dict[str, str]:
    """The manifest's entries (file name -> sha256); empty if there is none yet."""
    path = folder / MANIFEST_NAME
    try:
        text = read_regular(path, MAX_MANIFEST_BYTES).decode("utf-8")
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
