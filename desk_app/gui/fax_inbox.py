"""Watch the fax machine's inbox folder and offer to log each new detainer that arrives.

Only files that appear after the board started are offered, once each; the officer
decides whether a fax is a detainer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from desk_app.gui.form_fields import SCAN_KINDS

# A fax is written over a few seconds: offer it once its size has settled.
SETTLE_MS = 1500


class FaxInbox(QObject):
    """Emits `fax_arrived(path)` for each new scan file in the watched folder."""

    fax_arrived = Signal(object)  # Path

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _path: self._settle.start())
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.scan_folder)
        self._folder: Path | None = None
        self._seen: set[str] = set()

    def watch(self, folder: str) -> None:
        """Start watching `folder` (empty: stop); files already there are not offered."""
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self._folder = Path(folder) if folder else None
        self._seen = set(self._scans()) if self._folder else set()
        if self._folder is not None and self._folder.is_dir():
            self._watcher.addPath(str(self._folder))

    def scan_folder(self) -> None:
        """Offer every scan that has appeared since the last look."""
        for name in sorted(set(self._scans()) - self._seen):
            self._seen.add(name)
            assert self._folder is not None
            self.fax_arrived.emit(self._folder / name)

    def _scans(self) -> list[str]:
        if self._folder is None or not self._folder.is_dir():
            return []
        return [p.name for p in self._folder.iterdir()
                if p.is_file() and p.suffix.lower() in SCAN_KINDS]
