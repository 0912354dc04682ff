"""A scanned detainer picked for the New detainer form: read, checked, kept in memory.

The scan is read whole and checked (`records.scan_check`) the moment it is picked, so a
half-written fax, a device or a picture bomb is refused at once in words, and the file
on disk can change afterwards without changing what is attached.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk_app.records.records_folder import NotRegularFileError, read_regular
from desk_app.records.scan_check import ScanRefusedError, check_scan
from desk_app.store.detainer_service import MAX_ATTACHMENT_BYTES

log = logging.getLogger(__name__)


# suffix: (media type, what it is called, how such a file starts)
SCAN_KINDS: dict[str, tuple[str, str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", "a PDF", (b"%PDF-",)),
    ".png": ("image/png", "a PNG image", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", "a JPEG image", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", "a JPEG image", (b"\xff\xd8\xff",)),
    ".tif": ("image/tiff", "a TIFF image", (b"II*\x00", b"MM\x00*")),
    ".tiff": ("image/tiff", "a TIFF image", (b"II*\x00", b"MM\x00*")),
}
SCAN_FILTER = "Scanned detainer (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)"



@dataclass(frozen=True)
class ScanFile:
    """A scan read into memory and checked, waiting for the detainer to be logged."""

    file_name: str
    media_type: str
    content: bytes

    def describe(self) -> str:
        """"scan.pdf (PDF, 120 KB)": what the form shows once a scan is chosen."""
        kind = self.media_type.split("/")[-1].upper()
        return f"{self.file_name} ({kind}, {max(1, round(len(self.content) / 1024))} KB)"


def load_scan(path: Path) -> ScanFile:
    """Read and check a scan: a PDF/PNG/JPEG/TIFF by name and by content, 25 MB at most.

    Raises ScanRefusedError; nothing is stored until the detainer is logged.
    """
    kind = SCAN_KINDS.get(path.suffix.lower())
    if kind is None:
        raise ScanRefusedError(f"{path.name} was not attached: only PDF, PNG, JPEG or TIFF "
                               "scans can be stored. Save the scan as one of those.")
    too_big = ScanRefusedError(f"{path.name} was not attached: it is larger than 25 MB. "
                               "Scan it again at a lower resolution.")
    try:
        if path.stat().st_size > MAX_ATTACHMENT_BYTES:
            raise too_big
        content = read_regular(path, MAX_ATTACHMENT_BYTES + 1)  # no FIFO, device or link
    except NotRegularFileError as exc:
        raise ScanRefusedError(f"{path.name} was not attached: it is {exc.kind}, not a "
                               "file. Save the scan as a file and attach that.") from None
    except OSError as exc:
        raise ScanRefusedError(f"{path.name} could not be read ({exc.strerror or exc}). "
                               "Check that the file is still there.") from None
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise too_big
    if not content:
        raise ScanRefusedError(f"{path.name} was not attached: the file is empty.")
    media_type, called, signatures = kind
    if not content.startswith(signatures):
        raise ScanRefusedError(f"{path.name} was not attached: it is named like "
                               f"{called} but is not one. Open the scan, "
                               "save it again as PDF, PNG, JPEG or TIFF, and attach that.")
    try:
        check_scan(path.name, media_type, content)  # whole, and not too many pixels
    except ScanRefusedError as exc:
        raise type(exc)(f"{path.name} was not attached: {exc}") from None
    return ScanFile(path.name, media_type, content)


class ScanPicker(QWidget):
    """"Attach scan…", the chosen file's name, "Remove", and why a file was refused.

    Holds the checked scan in `scan` until the detainer is logged; emits `changed`
    when it is chosen or removed. A refused file leaves the previous choice alone.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scan: ScanFile | None = None
        self.attach_button = QPushButton("Attach scan…")
        self.attach_button.setToolTip("PDF, PNG, JPEG or TIFF, 25 MB at most")
        self.file_label = QLabel("No scan attached")
        self.file_label.setWordWrap(True)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Log the detainer without this scan")
        self.remove_button.hide()
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        row = QHBoxLayout()
        row.addWidget(self.attach_button)
        row.addWidget(self.file_label, 1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        self.attach_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(lambda: self._set(None))

    def choose(self) -> None:
        """Ask for the file; keep it if it is a real scan, else say why not."""
        path, _ = QFileDialog.getOpenFileName(self, "Attach the scanned detainer", "",
                                              SCAN_FILTER)
        if path:
            self.take(Path(path))

    def take(self, path: Path) -> None:
        """Use the file at `path` (chosen, or arrived in the fax inbox) if it is a scan."""
        try:
            scan = load_scan(path)
        except ScanRefusedError as exc:
            log.info("scan refused: %s", exc)
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self._set(scan)

    def _set(self, scan: ScanFile | None) -> None:
        self.scan = scan
        self.error_label.hide()
        self.file_label.setText(scan.describe() if scan else "No scan attached")
        self.remove_button.setVisible(scan is not None)
        self.changed.emit()
