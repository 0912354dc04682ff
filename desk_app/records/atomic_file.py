"""Every file the desk saves for a person (exports, prints, reports) replaces the old one
whole, or not at all.

The writer is given a hidden temporary file in the same folder (same suffix, so the
format is chosen the same way); only when it has finished, and the file is flushed to
disk, is it renamed over the target. A crash, a kill, a full disk or a refused name
leaves the old file as it was, and the sentence says so.
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from desk_app.domain.errors import DeskError

log = logging.getLogger(__name__)

T = TypeVar("T")
# A temporary file untouched this long was left by a crash, not written right now.
LEFTOVER_SECONDS = 600


class OutputFileError(DeskError):
    """A file could not be written; the old one (if any) is intact."""


def temporary_for(out: Path) -> Path:
    """`.name.tmp-<random>.suffix` beside `out`."""
    return out.with_name(f".{out.stem}.tmp-{secrets.token_hex(6)}{out.suffix}")


def write_replacing(out: Path, write: Callable[[Path], T]) -> T:
    """Run `write(temporary)` then rename the temporary over `out`; OutputFileError,
    with the old file intact, if anything goes wrong."""
    existed = False
    _refuse_special(out)
    temporary = temporary_for(out)
    try:
        existed = out.is_file()
        _remove_leftovers(out)
        result = write(temporary)
        _flush(temporary)
        os.replace(temporary, out)
    except OSError as exc:
        _discard(temporary)
        raise OutputFileError(refusal(out, exc, existed)) from exc
    except BaseException:
        _discard(temporary)
        raise
    return result


def _refuse_special(out: Path) -> None:
    """Never rename a file over a device, a pipe or a socket: as root, saving a sheet
    "to /dev/null" would otherwise replace the device itself with a file."""
    try:
        mode = os.lstat(out).st_mode
    except OSError:
        return  # absent (the usual case), or the write will say what is wrong
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        raise OutputFileError(f"{out} is a device or a pipe, not a file, so it was not "
                              "replaced; nothing was written. Choose another folder or name.")


def refusal(out: Path, exc: OSError, existed: bool) -> str:
    """The sentence for a file that could not be written."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
        why = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "permission denied or read-only"
    elif exc.errno in (errno.EINVAL, errno.ENAMETOOLONG, errno.EILSEQ):
        why = ("the name is not allowed there; avoid : * ? \" < > | and very long names")
    elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
        why = "the folder is not there"
    elif exc.errno == errno.EISDIR:
        why = "a folder has that name"
    else:
        why = exc.strerror or str(exc)
    kept = (f"the old {out.name} is intact" if existed
            else "nothing was written")
    return f"{out} could not be written ({why}); {kept}. Choose another folder or name."


def _flush(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _discard(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("could not remove the temporary file %s", path)


def _remove_leftovers(out: Path) -> None:
    """Delete temporaries a killed writer left for `out` (older than ten minutes)."""
    try:
        candidates = list(out.parent.glob(f".{out.stem}.tmp-*{out.suffix}"))
    except OSError:
        return
    for leftover in candidates:
        try:
            if time.time() - leftover.stat().st_mtime > LEFTOVER_SECONDS:
                leftover.unlink()
        except OSError:
            continue
