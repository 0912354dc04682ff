"""The printed page before it goes to paper: a preview with Print…, Page setup… and
Save as PDF… beside it.

Records and arrestee copies are rendered to PDF first (the same file the command line
prints); this dialog shows that PDF's pages and sends them to a printer chosen in the
system's print dialog. One printer object lives as long as the window, so the printer,
paper size and margins chosen once are offered again for the next print.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import (
    QPageSetupDialog,
    QPrintDialog,
    QPrinter,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

# Pages are drawn as images at this many dots per inch: sharp on paper, quick to make.
PRINT_DPI = 200


def paint_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw every page of `document` on `printer`, each scaled to fit its page;
    return the number of pages drawn."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(page, QSize(int(points.width() * PRINT_DPI / 72),
                                                int(points.height() * PRINT_DPI / 72)))
            painter.drawImage(_fitted(painter.viewport().size(), image), image)
        return document.pageCount()
    finally:
        painter.end()


def _fitted(area: QSize, image: QImage) -> QRectF:
    """The largest rectangle with the image's proportions inside `area`, centred."""
    scale = min(area.width() / image.width(), area.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    return QRectF((area.width() - width) / 2, (area.height() - height) / 2, width, height)


class PrintPreview(QDialog):
    """Shows a rendered PDF as it will print; prints it or saves a copy."""

    def __init__(self, pdf: Path, title: str, printer: QPrinter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Print — {title}")
        self.pdf = pdf
        self.printer = printer
        self.printed_pages = 0
        self.saved_to: Path | None = None
        self.document = QPdfDocument(self)
        self.document.load(str(pdf))
        self.preview = QPrintPreviewWidget(printer, self)
        self.preview.paintRequested.connect(lambda p: paint_pdf(self.document, p))
        self.preview.setZoomMode(QPrintPreviewWidget.ZoomMode.FitInView)
        pages = self.document.pageCount()
        self.summary = QLabel(f"{title}: {pages} page{'s' if pages != 1 else ''}.")
        self.print_button = QPushButton("&Print…")
        self.setup_button = QPushButton("Page &setup…")
        self.save_button = QPushButton("Save as P&DF…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.print_button, self.setup_button, self.save_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_now)
        self.setup_button.clicked.connect(self.page_setup)
        self.save_button.clicked.connect(self.save_pdf)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self.print_button.setDefault(True)
        self.print_button.setFocus(Qt.FocusReason.OtherFocusReason)
        room = (parent or self).screen().availableGeometry()
        self.resize(min(760, room.width() - 40), min(900, room.height() - 60))

    def print_now(self) -> None:
        """The system's print dialog (printer, copies, pages), then the paper."""
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle(self.windowTitle())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.printed_pages = paint_pdf(self.document, self.printer)
        if not self.printed_pages:
            QMessageBox.warning(self, "Print", "The printer could not be opened. Check "
                                "that it is switched on, or use Save as PDF… instead.")
            return
        log.info("%s sent to %s (%d pages)", self.pdf.name,
                 self.printer.printerName() or self.printer.outputFileName(),
                 self.printed_pages)
        self.accept()

    def page_setup(self) -> None:
        """Paper size, orientation and margins, kept for the next print."""
        if QPageSetupDialog(self.printer, self).exec() == QDialog.DialogCode.Accepted:
            self.preview.updatePreview()

    def save_pdf(self) -> None:
        """Save a copy of the PDF where the person chooses."""
        path, _ = QFileDialog.getSaveFileName(self, "Save as PDF", self.pdf.name,
                                              "PDF (*.pdf)")
        if not path:
            return
        try:
            shutil.copyfile(self.pdf, path)
        except OSError as exc:
            QMessageBox.warning(self, "Save as PDF", f"The PDF could not be saved at {path} "
                                f"({exc.strerror or exc}). Choose another folder.")
            return
        self.saved_to = Path(path)
        self.summary.setText(f"Saved at {path}.")
