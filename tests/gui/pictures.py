"""What a screenshot shows, checked: the picture's size and each part drawn in place.

A screenshot test that only saves a file passes on a blank window; these read the
pixels back instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget


def colours_in(image: QImage, area: QRect, step: int = 2) -> int:
    """How many different colours the picture has inside `area` (every `step` pixels)."""
    seen = {image.pixel(x, y)
            for y in range(area.top(), area.bottom() + 1, step)
            for x in range(area.left(), area.right() + 1, step)}
    return len(seen)


def assert_picture_shows(top: QWidget, parts: dict[str, QWidget], saved: Path,
                         least_colours: int = 2) -> QImage:
    """Grab `top`, save it to `saved` (to look at), and check that the picture has the
    widget's size and that each named part lies inside it and is drawn there (more than
    one colour where it sits: a border, text, a chart), never a blank patch."""
    picture = top.grab()
    assert picture.save(str(saved))
    image = picture.toImage()
    ratio = picture.devicePixelRatio()
    assert (image.width(), image.height()) == (round(top.width() * ratio),
                                               round(top.height() * ratio))
    assert colours_in(image, image.rect(), step=4) > 2, "the whole picture is blank"
    for name, part in parts.items():
        assert part.isVisibleTo(top), f"{name} is hidden"
        place = QRect(part.mapTo(top, QPoint(0, 0)), part.size())
        assert top.rect().contains(place), f"{name} is cut off: {place} in {top.rect()}"
        pixels = QRect(round(place.x() * ratio), round(place.y() * ratio),
                       round(place.width() * ratio), round(place.height() * ratio))
        found = colours_in(image, pixels)
        assert found >= least_colours, f"{name} is blank in the picture ({found} colours)"
    return image
