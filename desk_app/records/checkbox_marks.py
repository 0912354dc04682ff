"""Whether a checkbox printed on a fax page is marked, from the ink inside it.

The line of text that follows a checkbox is found by its words (desk_app/domain/
form_reading.py); the box itself is the square outline just left of those words (or at
the start of their text box, which the detector often stretches over the box). What is
inside the outline, less its border, decides: an X or a tick leaves ink there, an empty
box only the odd speck of fax noise. Between the two, the box is not read.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from desk_app.domain.form_reading import TextBox

BOX_POINTS = 8.0  # a checkbox's side on the printed form, points
EMPTY_INK = 0.05  # at most this share of the inside inked: empty
MARKED_INK = 0.14  # at least this share: marked


@dataclass(frozen=True)
class Mark:
    """One checkbox as read: marked or not, how sure, and where it is on the page."""

    marked: bool
    confidence: float
    where: tuple[int, int, int, int]  # left, top, right, bottom, pixels


def read_checkbox(page: Image.Image, line: TextBox, dpi: float) -> Mark | None:
    """The checkbox at the start of `line`, or None when no box is found there."""
    import cv2

    side = BOX_POINTS / 72 * dpi
    (x0, y0), (_x1, _y1), _bottom_right, (x3, y3) = line.corners[:4]
    middle = (y0 + y3) / 2
    left, right = int(min(x0, x3) - 3 * side), int(min(x0, x3) + 2.5 * side)
    top, bottom = int(middle - 1.5 * side), int(middle + 1.5 * side)
    region = np.asarray(page.crop((max(left, 0), max(top, 0), right, bottom)))
    if region.size == 0:
        return None
    ink = (region < 128).astype(np.uint8)
    contours, _ = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    squares = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if 0.7 * side <= w <= 1.45 * side and 0.7 * side <= h <= 1.45 * side:
            squares.append((x, y, w, h))
    if not squares:
        return None
    x, y, w, h = min(squares)  # the leftmost square-sized outline
    inside = ink[y + h // 4: y + h - h // 4, x + w // 4: x + w - w // 4]
    share = float(inside.mean()) if inside.size else 0.0
    where = (max(left, 0) + x, max(top, 0) + y, max(left, 0) + x + w, max(top, 0) + y + h)
    if share <= EMPTY_INK:
        # Fax speckle leaves up to a few per cent inside an empty box; a mark, a third
        # and more. Below EMPTY_INK the box is surely empty (0.85 at the limit).
        return Mark(False, round(1.0 - 3 * share, 3), where)
    if share >= MARKED_INK:
        return Mark(True, round(min(1.0, 0.7 + share), 3), where)
    return Mark(share > (EMPTY_INK + MARKED_INK) / 2, 0.5, where)
