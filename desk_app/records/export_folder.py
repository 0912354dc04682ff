"""Reports reach the records folder only from the desk's own export folder.

Reproduced before (issue 13, finding 7): an outbox row's payload was any path, so a row
forged in the shared database made another workstation copy any file it could read
(`/etc/passwd`, someone's mode-600 file) into the share. Now a report a person saves is
first copied into this account's private export folder (0700; the copy 0600, created
without following a link), and the outbox names only that copy, as
`<workstation>:<file name>`. The sync copies nothing else: a payload that is a path, a
name that is not a plain file name, or a file there that is not a regular file, is
refused (the sync audits and logs it); a copy staged on another workstation is left for
that workstation. The copy is removed once it is in the records folder.
"""

from __future__ import annotations

import os
import secrets
import socket
from pathlib import Path

from platformdirs import user_data_path

from desk_app.records.records_folder import NotRegularFileError, read_regular
from desk_app.store.database import APP_NAME, private_folder

SEPARATOR = ":"
STAGED_PREFIX = "staged-"


class ExportRefusedError(ValueError):
    """A queued export names a file the sync must not copy; never retried."""


class StagedElsewhereError(Exception):
    """The queued report was staged on another workstation, which will copy it."""


def export_folder() -> Path:
    """This account's private folder of reports waiting for the records folder."""
    folder = user_data_path(APP_NAME, appauthor=False, ensure_exists=True) / "exports"
    folder.mkdir(mode=0o700, exist_ok=True)
    private_folder(folder)
    return folder


def workstation() -> str:
    """This computer's name, which the outbox payload of a staged report carries."""
    return socket.gethostname() or "workstation"


def stage_report(saved: Path) -> str:
    """Copy a saved report into the export folder; return the outbox payload naming it."""
    data = read_regular(saved)
    name = f"{STAGED_PREFIX}{secrets.token_hex(12)}{saved.suffix[:12]}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(export_folder() / name, flags, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return f"{workstation()}{SEPARATOR}{name}"


def staged_path(payload: str) -> Path:
    """The staged copy a payload names; ExportRefusedError or StagedElsewhereError."""
    host, separator, name = payload.partition(SEPARATOR)
    plain = (name.startswith(STAGED_PREFIX) and name == Path(name).name
             and "/" not in name and "\\" not in name and name not in (".", ".."))
    if not separator or not host or not plain:
        raise ExportRefusedError(f"the queued report names {payload!r}, which is not a "
                                 "report saved through the desk's export folder")
    if host != workstation():
        raise StagedElsewhereError(host)
    return export_folder() / name


def read_staged(payload: str) -> bytes:
    """The bytes of the staged copy, if it is a regular file of the export folder."""
    path = staged_path(payload)
    try:
        return read_regular(path)
    except NotRegularFileError as error:
        raise ExportRefusedError(f"the queued report {path.name} in the export folder is "
                                 f"{error.kind}, not a regular file") from error
    except FileNotFoundError:
        raise ValueError(f"the saved report {path.name} is no longer in the export "
                         "folder; save the report again") from None


def remove_staged(payload: str) -> None:
    """Delete the staged copy once it is in the records folder (or refused)."""
    try:
        staged_path(payload).unlink(missing_ok=True)
    except (ExportRefusedError, StagedElsewhereError, OSError):
        pass
