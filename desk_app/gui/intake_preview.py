"""The preview of a faxed document in the intake queue: its pages, one at a time.

The selected item's first page is drawn off the GUI thread (`run_in_background`) and
shown beside the queue; Previous and Next turn the pages, and Larger view opens the
page at a readable size in a window of its own. Drawn pages are kept (the last
`CACHED` of them), so going back to an item or a page shows it at once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.intake import IntakeEntry
from desk_app.gui.background import run_in_background
from desk_app.records.fax_preview import PagePicture, page_picture
from desk_app.store.intake_service import IntakeService

SMALL = 420  # pixels high beside the queue
LARGE = 1400  # pixels high in the larger view
CACHED = 24  # drawn pages kept


class PagePreview(QWidget):
    """The page picture, its page count, and the buttons to turn and enlarge it."""

    def __init__(self, queue: IntakeService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self.entry: IntakeEntry | None = None
        self.page = 0
        self.pages = 0
        # (item, page, height) -> the drawn page and the document's page count
        self.cache: OrderedDict[tuple[int, int, int], tuple[QPixmap, int]] = OrderedDict()
        self.picture = QLabel("No fax selected.")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(SMALL * 17 // 22, SMALL)
        self.picture.setObjectName("intakePreview")
        self.page_label = QLabel()
        self.previous_button = QPushButton("◀ &Previous page")
        self.previous_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_button = QPushButton("&Next page ▶")
        self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))
        self.larger_button = QPushButton("Larger &view…")
        self.larger_button.clicked.connect(lambda: self.open_larger())
        buttons = QHBoxLayout()
        for widget in (self.previous_button, self.page_label, self.next_button):
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picture, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.larger_button)
        self.larger: QDialog | None = None
        self._enable()

    def show_entry(self, entry: IntakeEntry | None) -> None:
        """Show the first page of `entry` (nothing when None)."""
        if entry is not None and self.entry is not None and entry.id == self.entry.id:
            return
        self.entry, self.page, self.pages = entry, 0, 0
        if entry is None:
            self.picture.setPixmap(QPixmap())
            self.picture.setText("No fax selected.")
            self._enable()
            return
        self.show_page(0)

    def show_page(self, number: int) -> None:
        """Show page `number` (from 0) of the selected item, drawing it if need be."""
        entry = self.entry
        if entry is None or number < 0 or (self.pages and number >= self.pages):
            return
        self.page = number
        cached = self.cache.get((entry.id, number, SMALL))
        if cached is not None:
            self.cache.move_to_end((entry.id, number, SMALL))
            self.pages = cached[1]
            self._show(cached[0])
            return
        self.picture.setPixmap(QPixmap())
        self.picture.setText(f"Drawing page {number + 1}…")
        self._enable()
        self.draw(entry, number, SMALL, lambda pixmap: self._drawn(entry.id, number, pixmap))

    def draw(self, entry: IntakeEntry, number: int, height: int,
             done: Callable[[QPixmap], None]) -> None:
        """Draw a page off the GUI thread; `done(pixmap)` on the GUI thread after."""
        content = self.queue.content(entry.id)

        def shown(picture: PagePicture) -> None:
            pixmap = QPixmap()
            pixmap.loadFromData(picture.png, "PNG")
            self._remember((entry.id, number, height), (pixmap, picture.pages))
            if self.entry is not None and self.entry.id == entry.id:
                self.pages = picture.pages
            done(pixmap)

        run_in_background(lambda: page_picture(entry.file_name, content, number, height),
                          shown, lambda why: self._failed(entry, why), owner=self)

    def open_larger(self) -> QDialog | None:
        """The page shown, at a readable size, in a window of its own (not modal)."""
        entry = self.entry
        if entry is None:
            return None
        dialog = QDialog(self)
        dialog.setWindowTitle(f"{entry.file_name}, page {self.page + 1}")
        label = QLabel(f"Drawing page {self.page + 1}…")
        label.setObjectName("intakeLargePage")
        scroll = QScrollArea()
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        QVBoxLayout(dialog).addWidget(scroll)
        dialog.resize(900, 1000)
        cached = self.cache.get((entry.id, self.page, LARGE))
        if cached is not None:
            label.setPixmap(cached[0])
        else:
            self.draw(entry, self.page, LARGE, label.setPixmap)
        self.larger = dialog
        dialog.open()
        return dialog

    def _drawn(self, item_id: int, number: int, pixmap: QPixmap) -> None:
        if self.entry is not None and self.entry.id == item_id and self.page == number:
            self._show(pixmap)

    def _remember(self, key: tuple[int, int, int], drawn: tuple[QPixmap, int]) -> None:
        self.cache[key] = drawn
        while len(self.cache) > CACHED:
            self.cache.popitem(last=False)

    def _show(self, pixmap: QPixmap) -> None:
        self.picture.setText("")
        self.picture.setPixmap(pixmap)
        self._enable()

    def _failed(self, entry: IntakeEntry, why: str) -> None:
        if self.entry is not None and self.entry.id == entry.id:
            self.picture.setText(f"The page could not be drawn: {why}")

    def _enable(self) -> None:
        shown = self.entry is not None
        self.previous_button.setEnabled(shown and self.page > 0)
        self.next_button.setEnabled(shown and self.page + 1 < self.pages)
        self.larger_button.setEnabled(shown)
        self.page_label.setText(f"page {self.page + 1} of {self.pages}"
                                if shown and self.pages else "")
