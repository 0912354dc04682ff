"""Start the board: logging, fonts, the crash dialog, the database, the window.

Every start-up failure (database unreachable, a folder that cannot be written, a
schema newer than this version, a wrong settings file) is written to `desk.log` and
shown in a message box that says what to do: the board is started from a menu entry
with no terminal, where a line on stderr is seen by nobody.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desk_app import __version__
from desk_app.desk_log import setup_logging
from desk_app.domain.actor import Actor
from desk_app.domain.errors import DeskError
from desk_app.domain.vocabulary import Role
from desk_app.gui.heap import SETTLE_MS, freeze_start_up_objects
from desk_app.gui.ui_fonts import install_ui_fonts
from desk_app.resources import resource_path
from desk_app.store.startup_failure import StartupFailure, explain_startup_failure

if TYPE_CHECKING:  # opened at start-up, after the window's first paint is under way
    from desk_app.store.desk import Desk

log = logging.getLogger(__name__)


def install_crash_dialog() -> None:
    """Log any unexpected error and show a calm message instead of a traceback."""

    def hook(kind: type[BaseException], error: BaseException,
             trace: TracebackType | None) -> None:
        log.critical("unexpected error", exc_info=(kind, error, trace))
        if isinstance(error, DeskError):
            text = str(error)
        else:
            text = ("Something went wrong and was written to the log. What you typed is "
                    "still in its form; check the board and try again. If it happens "
                    "again, tell the system administrator.")
        if QApplication.instance() is not None:
            QMessageBox.critical(None, "Detainer Desk", text)

    sys.excepthook = hook


def load_style(app: QApplication) -> None:
    """Apply the desk's style sheet."""
    path = resource_path("style", "desk.qss")
    if path.exists():
        app.setStyleSheet(path.read_text(encoding="utf-8"))


def report_startup_failure(failure: StartupFailure, show: bool) -> int:
    """Log a start-up failure, say it on stderr and, if someone can see it, in a box."""
    log.error("the desk cannot start: %s", failure.log_text)
    print(f"desk-app: the desk cannot start: {failure.sentence}", file=sys.stderr)
    if show:
        box = QMessageBox(QMessageBox.Icon.Critical, "Detainer Desk cannot start",
                          failure.sentence)
        box.setInformativeText(failure.what_to_do)
        box.exec()
    return 2


def start_application() -> QApplication:
    """The Qt application with the log, the bundled fonts, the style and the crash dialog
    (the board and the wall display start the same way)."""
    setup_logging()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Detainer Desk")
    app.setApplicationVersion(__version__)
    install_ui_fonts(app)
    load_style(app)
    install_crash_dialog()
    return app


def open_desk_or_say_why(url: str | None, quit_after_paint: bool,
                         station: str | None = None) -> Desk | None:
    """The desk, or None once the start-up failure has been logged and shown; `station`:
    this workstation's (--station), else its settings file's."""
    from desk_app.settings_file import load_settings_files
    from desk_app.store.desk import open_desk

    try:
        return open_desk(url, files=load_settings_files(), station=station)
    except Exception as exc:  # noqa: BLE001 - every start-up failure gets its sentence
        failure = explain_startup_failure(exc, url or os.environ.get("DESK_DB_URL"))
        if failure is None:
            raise
        # A start-up check (--quit-after-paint) has nobody to click the box away.
        report_startup_failure(failure, show=not quit_after_paint)
        return None


def run_board(url: str | None, demo_if_new: bool = False,
              quit_after_paint: bool = False, station: str | None = None) -> int:
    """Open the desk and show the board until the window is closed."""
    started = time.perf_counter()
    app = start_application()
    from desk_app.gui.idle_lock import IdleLock
    from desk_app.gui.main_window import MainWindow
    from desk_app.gui.sign_in_dialog import SignInDialog

    desk = open_desk_or_say_why(url, quit_after_paint, station)
    if desk is None:
        return 2
    from desk_app.store.import_batches import finish_interrupted_imports

    for line in finish_interrupted_imports(desk, Actor("Detainer Desk (start-up)",
                                                       Role.ADMINISTRATOR)):
        log.warning(line)  # an import this workstation was running when it stopped
    filler = None
    if demo_if_new and desk.db.is_new:
        # The sign-ins now; the board's detainers and two years of closed history on a
        # worker thread once the board is on screen.
        from desk_app.gui.demo_history import DemoHistoryFiller
        from desk_app.store.demo import fill_demo_people, fill_demo_stations

        fill_demo_stations(desk)  # before the board, which lists them
        log.info("Demo data: filled behind the board%s.", fill_demo_people(desk))
        filler = DemoHistoryFiller(desk)
        app.aboutToQuit.connect(filler.stop)
    people = desk.people
    if quit_after_paint:
        # A start-up check quits at the first paint: nobody can act, so nobody signs in.
        actor = Actor("start-up check", Role.RECORDS_CLERK)
    else:
        sign_in = SignInDialog(people)
        if sign_in.exec() != QDialog.DialogCode.Accepted or sign_in.actor is None:
            return 0
        actor = sign_in.actor
    window = MainWindow(desk, actor, people)
    window.resize(1366, 768)
    idle = IdleLock(desk.time, desk.settings.lock_minutes, window)
    idle.locked.connect(window.lock)
    window.locked_done.connect(idle.reset)
    idle.install(app)
    window.show()
    QTimer.singleShot(SETTLE_MS, freeze_start_up_objects)  # heap.py: no 85 ms stalls
    if filler is not None:  # started once the board is on screen
        window.follow_demo_history(filler)
        QTimer.singleShot(0, filler.start)
    if quit_after_paint:
        def report() -> None:
            print(f"board shown after {time.perf_counter() - started:.3f} s", flush=True)
            app.quit()

        QTimer.singleShot(0, report)
    return app.exec()


def run_wall(url: str | None, quit_after_paint: bool = False,
             station: str | None = None) -> int:
    """Show the read-only wall display full screen until its window is closed.

    Nothing can be done from it, so nobody signs in and it never locks."""
    started = time.perf_counter()
    app = start_application()
    from desk_app.gui.background import measure_server_clock_in_background
    from desk_app.gui.wall_display import WallDisplay

    desk = open_desk_or_say_why(url, quit_after_paint, station)
    if desk is None:
        return 2
    # As on the board; the wall's next tick shows the time measured.
    measure_server_clock_in_background(desk, _measured)
    wall = WallDisplay(desk, station=desk.station or None)
    wall.leave_requested.connect(lambda: wall.showNormal() if wall.isFullScreen()
                                 else wall.showFullScreen())
    wall.show_on_screen()
    wall.start()
    QTimer.singleShot(SETTLE_MS, freeze_start_up_objects)
    log.info("wall display started (%d active detainers)", wall.proxy.rowCount())
    if quit_after_paint:
        def report() -> None:
            print(f"wall display shown after {time.perf_counter() - started:.3f} s, "
                  f"{wall.proxy.rowCount()} active detainers")
            app.quit()

        QTimer.singleShot(0, report)
    code = app.exec()
    wall.stop()
    return code


def _measured(result: object) -> None:
    log.debug("the server's clock measured: %s", result)
