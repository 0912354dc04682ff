"""The board's log file: where a start-up failure is written when nobody sees a terminal.

A workstation's board is started from a menu entry or a desktop icon, with no console:
whatever goes wrong at start-up must reach `desk.log` (and a message box), and the
first line of each run says which version wrote what follows.
"""

from __future__ import annotations

import io
import logging
import os
import platform
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_path

from desk_app import __version__
from desk_app.domain.errors import DeskError

APP_NAME = "detainer-desk"
_handler: RotatingFileHandler | None = None


def log_folder() -> Path:
    """Where `desk.log` goes (created on first use).

    The settings files' `data_folder` (a per-machine install's shared folder) + `logs`,
    else the platform's per-user log folder. A settings file that cannot be read is
    not reported here: opening the desk reports it, in the log this returns.
    """
    from desk_app.settings_file import load_settings_files

    try:
        data_folder = load_settings_files().get("data_folder")
    except DeskError:
        data_folder = None
    if data_folder:
        folder = Path(data_folder) / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    folder = user_log_path(APP_NAME, appauthor=False, ensure_exists=True)
    if os.name == "posix":
        folder.chmod(0o700)  # the account's own log folder: nobody else looks in
    return folder


class PrivateLogFile(RotatingFileHandler):
    """`desk.log` and its rotated copies, created readable by their owner only (0600)."""

    def _open(self) -> io.TextIOWrapper:
        stream = open(self.baseFilename, self.mode, encoding=self.encoding,  # noqa: SIM115
                      errors=self.errors, opener=lambda name, flags: os.open(name, flags, 0o600))
        assert isinstance(stream, io.TextIOWrapper)
        return stream


def setup_logging() -> Path | None:
    """A rotating `desk.log`, started with the version; None if it cannot be written.

    A log folder that cannot be created or written must not stop the board: the
    failure is then reported on stderr and the board goes on without a file.
    """
    global _handler
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    if _handler is not None:
        return Path(_handler.baseFilename)
    try:
        path = log_folder() / "desk.log"
        _handler = PrivateLogFile(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError as exc:
        print(f"desk-app: cannot write the log file ({exc.strerror or exc}); "
              "continuing without it.", file=sys.stderr)
        return None
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(_handler)
    logging.getLogger(__name__).info(
        "Detainer Desk %s starting (Python %s, %s)", __version__,
        platform.python_version(), platform.platform(terse=True))
    return path
