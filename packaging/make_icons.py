"""Render desk_app/resources/icons/detainer-desk.svg to the PNG (Linux, the window) and the ICO
(Windows: the executable, the installer and the Start-menu entry).

Run after editing the SVG:  .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "desk_app" / "resources" / "icons"
NAME = "detainer-desk"
PNG_SIZES = (256, 48)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> QImage:
    """The SVG drawn on a transparent square of `size` pixels."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def main() -> int:
    """Write the PNGs and the ICO next to the SVG."""
    _app = QGuiApplication(sys.argv)
    svg = ICONS / f"{NAME}.svg"
    for size in PNG_SIZES:
        suffix = "" if size == 256 else f"-{size}"
        out = ICONS / f"{NAME}{suffix}.png"
        if not render(svg, size).save(str(out)):
            raise SystemExit(f"could not write {out}")
        print(f"wrote {out}")
    big = Image.open(ICONS / f"{NAME}.png")
    big.save(ICONS / f"{NAME}.ico", sizes=[(s, s) for s in ICO_SIZES])
    print(f"wrote {ICONS / f'{NAME}.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
