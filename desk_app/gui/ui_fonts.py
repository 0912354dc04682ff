"""The screen's fonts come with the program, so no label is ever a row of empty boxes.

A workstation image without system fonts (or with only Latin ones) draws every label,
or every name in a script it lacks, as empty boxes. The fonts the records embed
(`desk_app/resources/fonts/`) are registered with Qt at start-up, and the application
font names them all in order: Qt takes each character from the first family that has it,
so a Devanagari or Khmer name on the board looks as it does on the printed record.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desk_app.resources import resource_path

log = logging.getLogger(__name__)

# The files, main font first, then one per script in the order characters fall back.
UI_FONT_FILES = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansBengali-Regular.ttf",
    "NotoSansThai-Regular.ttf",
    "NotoSansEthiopic-Regular.ttf",
    "NotoSansKhmer-Regular.ttf",
    "DroidSansFallback.ttf",
)


def register_ui_fonts() -> list[str]:
    """Add the bundled fonts to Qt's font database; the families, main one first."""
    families: list[str] = []
    for file_name in UI_FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", file_name)))
        if font_id < 0:
            log.warning("the font %s could not be loaded", file_name)
            continue
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    return families


def install_ui_fonts(app: QApplication) -> list[str]:
    """Register the bundled fonts and make them the application's font, in order.

    The system's own default family stays first where it exists, so a desk PC keeps
    its usual look; the bundled families follow it for every character it lacks.
    """
    bundled = register_ui_fonts()
    font = QFont(app.font())
    system = font.family()
    font.setFamilies([system, *bundled] if system and system not in bundled else bundled)
    app.setFont(font)
    return bundled
