"""Watch the fax machine's inbox folder and offer to log each new detainer that arrives.

Only files that appear after the board started are offered, once each; the officer
decides whether a fax is a detainer. A fax is written over several seconds, so a file
is offered only once its size and modification time have not changed for
`SETTLE_SECONDS` and it opens as a whole PDF or image within the scan limits
(`load_scan`); until then the folder is looked at again every second. A file that has
settled but is not a usable scan is refused once, with the reason (`fax_refused`), and
looked at again only if it changes. Only regular files are considered: a FIFO, device
or link in the inbox is never opened.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from desk_app.gui.scan_picker import SCAN_KINDS, load_scan
from desk_app.records.scan_check import ScanRefusedError

SETTLE_SECONDS = 3.0  # unchanged this long: the fax machine has finished writing it
POLL_MS = 1000

Stamp = tuple[int, int]  # size, modification time in nanoseconds


class FaxInbox(QObject):
    """Emits `fax_arrived(path)` for each new, settled, whole scan in the watched folder,
    and `fax_refused(path, reason)` for a settled file that is not a usable scan.

    `clock` gives seconds (monotonic); tests replace it instead of waiting."""

    fax_arrived = Signal(object)  # Path
    fax_refused = Signal(object, str)  # Path, why

    def __init__(self, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.clock = clock
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _path: self.scan_folder())
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.scan_folder)
        self._folder: Path | None = None
        self._seen: set[str] = set()
        self._settling: dict[str, tuple[Stamp, float]] = {}  # name -> (stamp, since)
        self._refused: dict[str, Stamp] = {}

    def watch(self, folder: str) -> None:
        """Start watching `folder` (empty: stop); files already there are not offered."""
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self._folder = Path(folder) if folder else None
        self._seen = set(self._scans()) if self._folder else set()
        self._settling.clear()
        self._refused.clear()
        if self._folder is not None and self._folder.is_dir():
            self._watcher.addPath(str(self._folder))

    def scan_folder(self) -> None:
        """Look at the new files: offer the settled whole scans, wait for the others."""
        now = self.clock()
        scans = self._scans()
        for name in sorted(set(scans) - self._seen):
            stamp = scans[name]
            if self._refused.get(name) == stamp:
                continue
            since = self._settling.get(name)
            if since is None or since[0] != stamp:
                self._settling[name] = (stamp, now)  # new, or still growing
                continue
            if now - since[1] < SETTLE_SECONDS or stamp[0] == 0:
                continue
            del self._settling[name]
            self._offer(name, stamp)
        for name in set(self._settling) - set(scans):
            del self._settling[name]  # gone before it settled
        if self._settling and not self._poll.isActive():
            self._poll.start()
        elif not self._settling:
            self._poll.stop()

    def _offer(self, name: str, stamp: Stamp) -> None:
        assert self._folder is not None
        path = self._folder / name
        try:
            load_scan(path)
        except ScanRefusedError as exc:
            self._refused[name] = stamp
            self.fax_refused.emit(path, str(exc))
            return
        self._seen.add(name)
        self.fax_arrived.emit(path)

    def _scans(self) -> dict[str, Stamp]:
        """The regular scan files in the folder, with their size and modification time."""
        if self._folder is None or not self._folder.is_dir():
            return {}
        found = {}
        try:
            entries = list(os.scandir(self._folder))
        except OSError:
            return {}
        for entry in entries:
            if Path(entry.name).suffix.lower() not in SCAN_KINDS:
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                found[entry.name] = (info.st_size, info.st_mtime_ns)
        return found
