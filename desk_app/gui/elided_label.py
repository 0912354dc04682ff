"""A one-line label that ends in "…" when it is narrower than its text.

A plain QLabel in the status bar is cut mid-word ("Role of the Department in
Immigrati") when the bar fills up; this one says plainly that there is more, and its
tooltip holds the whole text.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget


class ElidedLabel(QLabel):
    """Draws its text elided on the right to the width it is given; the whole text is
    in `text()` and the tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        """Set the text; the tooltip shows it whole."""
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Room for a few characters and the ellipsis: the rest may be given away."""
        return QSize(self.fontMetrics().horizontalAdvance("Signed in…"),
                     super().minimumSizeHint().height())

    def shown_text(self) -> str:
        """The text as drawn at the current width (ends in "…" when cut)."""
        room = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, room)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        """Draw the elided text where QLabel would draw the whole."""
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(),
                         int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
                         self.shown_text())
