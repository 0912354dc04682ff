"""A board left running through an upgrade says so, instead of failing at the next save.

On a shared PostgreSQL database the first upgraded workstation migrates the schema. A
board still running the old version on another desk would then write rows the new
schema does not expect. Once a minute it reads the stored schema revision; when another
workstation has migrated past what this version knows, it tells the desk in plain words
and the window stops offering changes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from desk_app import __version__
from desk_app.domain.errors import DeskError
from desk_app.store.database import Database

log = logging.getLogger(__name__)

CHECK_MS = 60_000


class SchemaWatch(QObject):
    """Checks the stored schema revision once a minute; `outdated` fires once."""

    outdated = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.message = ""
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        """Read the revision; tell the window if a newer version migrated the database."""
        try:
            newer = self._db.newer_revisions()
        except (DeskError, OSError) as exc:  # unreachable: the live updates say so
            log.info("schema check skipped: %s", exc)
            return
        except Exception as exc:  # noqa: BLE001 - a driver error while the server restarts
            log.info("schema check skipped: %s", type(exc).__name__)
            return
        if not newer:
            return
        self._timer.stop()
        self.message = (f"This database was upgraded by a newer version of Detainer Desk "
                        f"(schema {', '.join(newer)}); this workstation runs {__version__} "
                        "and can no longer save. Close Detainer Desk and install the new "
                        "version (ask IT).")
        log.warning("database upgraded elsewhere: %s", ", ".join(newer))
        self.outdated.emit(self.message)
