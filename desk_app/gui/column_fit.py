"""Fitting a table's columns into the width it has, headers whole.

A table sized to its contents runs off the right edge at 1366x768 and hides its last
columns behind a horizontal scroll bar. `fit_to_width` takes room from the columns
that can spare it (long names, notes), in proportion to what each has above its header's
width, so every column stays in sight and every header reads whole; the cut cells end in
"…" and say the rest in their tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTableView

HEADER_PADDING = 16  # pixels each side of a header's text: padding and the sort arrow


def header_width(table: QTableView, column: int) -> int:
    """What a column's header needs to read whole: its text in bold, padded."""
    header = table.horizontalHeader()
    font = QFont(header.font())
    font.setBold(True)
    model = table.model()
    text = str(model.headerData(column, Qt.Orientation.Horizontal)) if model else ""
    return max(header.sectionSizeFromContents(column).width(),
               QFontMetrics(font).horizontalAdvance(text) + 2 * HEADER_PADDING)


def fit_to_width(table: QTableView, shrinkable: Sequence[int]) -> None:
    """Shrink the `shrinkable` columns (never below their header) until every visible
    column fits the viewport; call after sizing the columns to their contents."""
    columns = [c for c in range(table.horizontalHeader().count())
               if not table.isColumnHidden(c)]
    widths = {c: max(table.columnWidth(c), header_width(table, c)) for c in columns}
    excess = sum(widths.values()) - table.viewport().width()
    floors = {c: header_width(table, c) for c in shrinkable if c in widths}
    room = sum(widths[c] - floors[c] for c in floors)
    if excess > 0 and room > 0:
        for column, floor in floors.items():
            give = widths[column] - floor
            widths[column] -= min(give, -(-excess * give // room))  # rounded up
    for column, width in widths.items():
        if table.columnWidth(column) != width:
            table.setColumnWidth(column, width)
