"""Files the desk handles: attach the faxed scan, view it, print the record and the copy.

Records and copies are rendered to PDF in a folder only this user can read, then shown
in the print preview (print dialog, page setup, Save as PDF…); a scan opens in the
system viewer. Rendering (a scan of many pages is decoded to print it) runs off the GUI
thread and writes the file whole or not at all, so the board keeps counting down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desk_app.domain.actor import Actor
from desk_app.gui.background import run_in_background
from desk_app.gui.scan_picker import SCAN_FILTER, load_scan
from desk_app.gui.signed_in import ActsForSignedIn, SignedIn, signed_in_source
from desk_app.records.atomic_file import write_replacing
from desk_app.records.private_output import private_output_folder
from desk_app.records.scan_check import ScanRefusedError
from desk_app.store.desk import Desk

log = logging.getLogger(__name__)



class ScanActions(ActsForSignedIn):
    """Attach, view and print, for the detainer selected on the board."""

    def __init__(self, desk: Desk, actor: Actor | SignedIn, parent: QWidget) -> None:
        self._desk = desk
        self.signed_in = signed_in_source(actor)
        self._parent = parent
        self.output_dir = private_output_folder()  # 0700, removed at exit
        self.opener = QDesktopServices.openUrl
        self.rendering = 0  # files being prepared in the background
        self._printer: QPrinter | None = None

    def attach(self, detainer_id: int) -> None:
        """Choose the scanned detainer and store it with its checksum."""
        path, _ = QFileDialog.getOpenFileName(self._parent, "Attach the scanned detainer",
                                              "", SCAN_FILTER)
        if not path:
            return
        try:
            scan = load_scan(Path(path))
        except ScanRefusedError as exc:
            QMessageBox.warning(self._parent, "Attach scan", str(exc))
            return
        self._desk.detainers.attach(detainer_id, scan.file_name, scan.media_type,
                                    scan.content, self.actor)

    def view(self, detainer_id: int) -> None:
        """Open the newest attached scan in the system viewer."""
        detainer = self._desk.detainers.get(detainer_id)
        if not detainer.attachments:
            QMessageBox.information(self._parent, "View scan",
                                    "No scan is attached yet. Use Attach scan first.")
            return
        info = detainer.attachments[-1]
        target = self._target(f"{detainer.detainer_number}-{info.file_name}")

        def work(temporary: Path) -> None:
            temporary.write_bytes(self._desk.detainers.attachment_content(info.id))

        self._render_then(target, work, self._open)

    def print_record(self, detainer_id: int) -> None:
        """Render the detainer record sheet and open it for printing (checked and
        audited by `print_detainer`)."""
        from desk_app.records.restricted_output import print_detainer

        detainer = self._desk.detainers.get(detainer_id)
        target = self._target(f"record-{detainer.detainer_number}.pdf")
        actor = self.actor
        title = f"Detainer record {detainer.detainer_number}"
        self._render_then(target, lambda temporary: print_detainer(
            self._desk, detainer_id, actor, temporary), lambda path: self.present(path, title))

    def print_arrestee_copy(self, detainer_id: int) -> None:
        """Render the arrestee's cover sheet with the scan and open it for printing
        (checked and audited by `print_detainer`)."""
        from desk_app.records.restricted_output import print_detainer

        detainer = self._desk.detainers.get(detainer_id)
        target = self._target(f"arrestee-copy-{detainer.detainer_number}.pdf")
        actor = self.actor
        title = f"Arrestee copy {detainer.detainer_number}"
        self._render_then(target, lambda temporary: print_detainer(
            self._desk, detainer_id, actor, temporary, copy=True),
            lambda path: self.present(path, title))

    def _render_then(self, target: Path, render: Callable[[Path], object],
                     then: Callable[[Path], None]) -> None:
        """Write `target` in the background (whole or not at all), then show it."""
        self.rendering += 1

        def done(_result: object) -> None:
            self.rendering -= 1
            then(target)

        def failed(message: str) -> None:
            self.rendering -= 1
            QMessageBox.warning(self._parent, "Detainer Desk",
                                f"{target.name} could not be prepared: {message}")

        run_in_background(lambda: write_replacing(target, render), done, failed)

    def present(self, path: Path, title: str) -> None:
        """Show a rendered PDF in the print preview, with the last page setup."""
        from desk_app.gui.print_preview import PrintPreview

        if self._printer is None:  # one per window: the printer and paper are remembered
            self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        PrintPreview(path, title, self._printer, self._parent).exec()

    def _target(self, name: str) -> Path:
        self.output_dir.mkdir(parents=True, exist_ok=True)
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
        return self.output_dir / safe

    def _open(self, path: Path) -> None:
        if not self.opener(QUrl.fromLocalFile(str(path))):
            QMessageBox.information(self._parent, "Detainer Desk",
                                    f"The file is saved at {path}; open it from there.")
