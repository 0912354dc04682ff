"""Start the board: logging, the crash dialog, the database, the window."""

from __future__ import annotations

import logging
import sys
import time
from logging.handlers import RotatingFileHandler
from types import TracebackType

from platformdirs import user_log_path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desk_app.domain.actor import Actor
from desk_app.domain.errors import DeskError
from desk_app.domain.vocabulary import Role
from desk_app.resources import resource_path

log = logging.getLogger(__name__)


def setup_logging() -> None:
    """A rotating log file under the platform log folder."""
    folder = user_log_path("detainer-desk", appauthor=False, ensure_exists=True)
    handler = RotatingFileHandler(folder / "desk.log", maxBytes=2_000_000, backupCount=5,
                                  encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


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


def run_board(url: str | None, demo_if_new: bool = False,
              quit_after_paint: bool = False) -> int:
    """Open the desk and show the board until the window is closed."""
    started = time.perf_counter()
    setup_logging()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Detainer Desk")
    load_style(app)
    install_crash_dialog()
    from desk_app.gui.idle_lock import IdleLock
    from desk_app.gui.main_window import MainWindow
    from desk_app.gui.sign_in_dialog import SignInDialog
    from desk_app.settings_file import load_settings_files
    from desk_app.store.desk import open_desk
    from desk_app.store.people_service import PeopleService

    try:
        desk = open_desk(url, files=load_settings_files())
    except DeskError as exc:
        QMessageBox.critical(None, "Detainer Desk", f"The desk cannot start: {exc}")
        return 2
    from desk_app.store.import_batches import finish_interrupted_imports

    for line in finish_interrupted_imports(desk, Actor("Detainer Desk (start-up)",
                                                       Role.ADMINISTRATOR)):
        log.warning(line)  # an import this workstation was running when it stopped
    if demo_if_new and desk.db.is_new:
        from desk_app.store.demo import fill_demo

        log.info(fill_demo(desk))
    people = PeopleService(desk.db, desk.time, desk.zone)
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
    if quit_after_paint:
        def report() -> None:
            print(f"board shown after {time.perf_counter() - started:.3f} s")
            app.quit()

        QTimer.singleShot(0, report)
    return app.exec()
