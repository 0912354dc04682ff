"""The first start: fonts that never draw boxes, the demo history filled behind the board,
a start-up failure shown in a box, and the About box."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QImage, QPainter, QRawFont
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressBar
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, text

from desk_app import __version__
from desk_app.domain.time_source import FixedTime
from desk_app.gui.about import about_text
from desk_app.gui.app import report_startup_failure
from desk_app.gui.demo_history import DemoHistoryFiller
from desk_app.gui.main_window import MainWindow
from desk_app.gui.ui_fonts import install_ui_fonts
from desk_app.resources import resource_path
from desk_app.store.audit import verify_chain
from desk_app.store.demo import fill_demo_people
from desk_app.store.desk import Desk, open_desk
from desk_app.store.models import Detainer
from desk_app.store.startup_failure import StartupFailure
from tests.gui.conftest import SERGEANT, WEDNESDAY_2PM

# A name in each script, and the bundled font file that must draw its letters.
NAMES = {
    "राहुल शर्मा": "NotoSansDevanagari-Regular.ttf",
    "রবীন্দ্রনাথ ঠাকুর": "NotoSansBengali-Regular.ttf",
    "สมชาย ใจดี": "NotoSansThai-Regular.ttf",
    "דוד כהן": "DejaVuSans.ttf",
    "አበበ ቢቂላ": "NotoSansEthiopic-Regular.ttf",
    "សុខ ស្រីពេជ្រ": "NotoSansKhmer-Regular.ttf",
    "محمد عبد الله": "DejaVuSans.ttf",
    "Nguyễn Thị Minh Khai": "DejaVuSans.ttf",
    "王小明 김민준 山田太郎": "DroidSansFallback.ttf",
}


def test_every_script_of_the_names_has_a_bundled_font(qapp: QApplication) -> None:
    """Without system fonts every label, and every such name, would be empty boxes."""
    bundled = install_ui_fonts(qapp)
    families = QFont(qapp.font()).families()
    assert families.index("DejaVu Sans") < families.index("Noto Sans Devanagari")
    for name, file_name in NAMES.items():
        font = QRawFont(str(resource_path("fonts", file_name)), 12)
        assert font.isValid() and font.familyName() in bundled, file_name
        assert font.familyName() in families, file_name
        missing = [c for c in name if c.strip() and not font.supportsCharacter(ord(c))]
        assert not missing, (name, file_name, missing)


def drawn(text: str, font: QFont) -> bytes:
    """The pixels of `text` drawn in `font` (with Qt's fallback), as a label would."""
    image = QImage(96, 64, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.setFont(font)
    painter.drawText(8, 44, text)
    painter.end()
    return bytes(image.constBits())


def test_no_letter_of_any_name_is_drawn_as_an_empty_box(qapp: QApplication) -> None:
    """What the board shows: each letter, drawn with the application font, is not tofu.

    A system font with the same family name as a bundled one must not shadow it (the
    Debian package of Droid Sans Fallback has no Hangul: Korean names were boxes).
    """
    install_ui_fonts(qapp)
    font = QFont(qapp.font())
    font.setPointSize(20)
    tofu = drawn("\U0010fffd", font)  # a code point no font has
    for name in NAMES:
        boxes = [c for c in name if unicodedata.category(c).startswith("L")
                 and drawn(c, font) == tofu]
        assert not boxes, (name, boxes)


def test_a_start_up_failure_is_shown_in_a_box(qtbot: QtBot) -> None:
    """The menu entry has no terminal: the sentence must be on screen."""
    seen: list[tuple[str, str]] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append((box.text(), box.informativeText()))
        box.accept()

    QTimer.singleShot(100, read_and_close)
    failure = StartupFailure("the database x cannot be reached (refused).",
                             "Check the network.", "log line")
    assert report_startup_failure(failure, show=True) == 2
    assert seen == [("the database x cannot be reached (refused).", "Check the network.")]


def count_closed(desk: Desk) -> int:
    with desk.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Detainer)
                              .where(Detainer.outcome.is_not(None))) or 0


def test_demo_board_and_history_fill_behind_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    """The window is up at once; the demo rows arrive on it, then the history."""
    desk = open_desk(f"sqlite:///{tmp_path / 'demo.sqlite3'}", FixedTime(WEDNESDAY_2PM))
    assert "sign in as admin, reyes, kim, dube, lopez" in fill_demo_people(desk)
    window = MainWindow(desk, SERGEANT)
    qtbot.addWidget(window)
    assert window.model.rowCount() == 0 and count_closed(desk) == 0
    filler = DemoHistoryFiller(desk, seed=1, closed_count=6)
    progress: list[tuple[int, int]] = []
    filler.progressed.connect(lambda done, total: progress.append((done, total)))
    window.follow_demo_history(filler)
    bar = window.statusBar().findChild(QProgressBar, "demoHistoryProgress")
    assert bar is not None and bar.isVisibleTo(window)
    with qtbot.waitSignal(filler.finished, timeout=60_000) as finished:
        filler.start()
    assert finished.args == [6]
    assert progress == [(n, 6) for n in range(1, 7)]
    assert window.model.rowCount() == 12  # each row came through the change signal
    assert count_closed(desk) == 6
    assert window.statusBar().findChild(QProgressBar, "demoHistoryProgress") is None \
        or not bar.isVisibleTo(window)
    assert window.history.model.rowCount() == 6
    with desk.db.sessions() as session:
        assert verify_chain(session).intact
    desk.db.close()


def test_stopping_the_demo_history_never_leaves_half_a_detainer(qtbot: QtBot,
                                                                 tmp_path: Path) -> None:
    """Closing the window mid-fill stops between detainers: none is left active."""
    desk = open_desk(f"sqlite:///{tmp_path / 'demo.sqlite3'}", FixedTime(WEDNESDAY_2PM))
    filler = DemoHistoryFiller(desk, seed=1, closed_count=50, with_board=False)
    filler.progressed.connect(lambda done, total: filler.stop(wait_seconds=0)
                              if done == 2 else None)
    with qtbot.waitSignal(filler.finished, timeout=60_000) as finished:
        filler.start()
    made = finished.args[0]
    assert 2 <= made < 50
    assert count_closed(desk) == made and desk.detainers.active() == []
    desk.db.close()


def test_about_box_names_the_version_and_masks_the_database(desk: Desk) -> None:
    text = about_text(desk)
    assert f"Detainer Desk {__version__}" in text
    assert desk.profile.title in text and "Apache License 2.0" in text


def test_a_board_left_running_through_an_upgrade_stops_saving(qtbot: QtBot,
                                                              desk: Desk) -> None:
    """Another workstation migrated the shared database to a schema this version lacks."""
    window = MainWindow(desk, SERGEANT)
    qtbot.addWidget(window)
    window.schema_watch.check()
    assert window.findChild(QMessageBox, "upgradeNeeded") is None  # nothing new yet
    with desk.db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    window.schema_watch.check()
    box = window.findChild(QMessageBox, "upgradeNeeded")
    assert box is not None and box.isVisible()
    assert "upgraded by a newer version of Detainer Desk (schema 0099)" in box.text()
    assert window.board.banner.isVisibleTo(window) and "0099" in window.board.banner.text()
    assert not any(action.isEnabled() for action in window.detainer_actions)
    assert not window.settings_action.isEnabled()
