"""Changes made at other workstations, delivered to the board as they happen.

Why this exists: on a shared PostgreSQL server the board must show what the booking
desk, the sergeant and the records office change, within seconds, without reloading
the whole board on a timer. `LiveUpdates` wraps a `ChangeListener`: on PostgreSQL a
`QSocketNotifier` watches the listener's connection, so nothing runs until a notice
arrives; on SQLite (another process on the same file) a timer asks SQLite's cheap
change counter once a second.

When the connection drops (server restart, network), the board says so in the status
bar and keeps retrying, with growing pauses; once back it asks for one full reload,
because changes made while it was deaf were never heard. Opening the connection may
wait on the network, so it runs off the GUI thread.

Signals: `detainer_changed(id)` for each detainer another workstation changed (the
main window refreshes that row); `intake_changed()` when another workstation took a
fax into the intake queue or decided one (the queue is read again); `resync_needed()`
after a reconnection (reload the board once); `connected()` each time the listener is
(re)opened; `lost()` each time it is lost or cannot be opened (the board is read-only
until `connected`);
`status_changed(text)` a plain sentence for the status bar, "" while all is well.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from desk_app.gui.background import run_in_background
from desk_app.store.change_listener import (
    ChangeListener,
    ListenerLostError,
    listen_for_changes,
)
from desk_app.store.database import Database

log = logging.getLogger(__name__)

RETRY_SECONDS = (1, 2, 5, 10, 30)
Opener = Callable[[Database], ChangeListener]


class LiveUpdates(QObject):
    """Emits the ids of detainers changed by other workstations.

    `_listener` is the open listener (None while connecting or retrying);
    `_watch` is the socket notifier or timer that calls `_read`; `_retry` is the
    single-shot timer of the next attempt and `_failures` how many attempts failed in
    a row (it picks the pause); `_lost_once` is true after a drop, so the next
    connection asks for a reload; `_stopped` ends everything for good.
    """

    detainer_changed = Signal(int)
    intake_changed = Signal()  # the intake queue changed at another workstation
    resync_needed = Signal()
    connected = Signal()
    status_changed = Signal(str)
    lost = Signal()  # the database cannot be reached: the board goes read-only

    def __init__(self, db: Database, parent: QObject | None = None,
                 open_listener: Opener = listen_for_changes) -> None:
        super().__init__(parent)
        self._db = db
        self._open_listener = open_listener
        self._listener: ChangeListener | None = None
        self._watch: QSocketNotifier | QTimer | None = None
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._connect)
        self._failures = 0
        self._lost_once = False
        self._connecting = False
        self._stopped = True

    @property
    def is_live(self) -> bool:
        """True while changes from other workstations are being heard."""
        return self._listener is not None

    def start(self) -> None:
        """Open the listener (in the background) and keep it open until `stop`."""
        self._stopped = False
        if self._listener is None and not self._connecting:
            self._connect()

    def stop(self) -> None:
        """Close the listener and stop retrying (the window is closing)."""
        self._stopped = True
        self._retry.stop()
        self._drop_listener()

    # -- connecting ------------------------------------------------------------------
    def _connect(self) -> None:
        if self._stopped:
            return
        self._connecting = True
        db, open_listener = self._db, self._open_listener

        def work() -> ChangeListener | str:
            try:
                return open_listener(db)
            except ListenerLostError as error:
                return str(error)

        run_in_background(work, self._opened, self._open_failed)

    def _opened(self, outcome: ChangeListener | str) -> None:
        self._connecting = False
        if isinstance(outcome, str):
            self._open_failed(outcome)
            return
        if self._stopped:
            outcome.close()
            return
        self._listener = outcome
        self._failures = 0
        fileno = outcome.fileno()
        if fileno is not None:
            notifier = QSocketNotifier(fileno, QSocketNotifier.Type.Read, self)
            notifier.activated.connect(self._read)
            self._watch = notifier
        else:
            timer = QTimer(self)
            timer.setInterval(round((outcome.poll_interval or 1.0) * 1000))
            timer.timeout.connect(self._read)
            timer.start()
            self._watch = timer
        log.info("live updates on")
        self.status_changed.emit("")
        self.connected.emit()
        if self._lost_once:
            self.resync_needed.emit()
        self._read()  # anything that arrived while the LISTEN was being set up

    def _open_failed(self, reason: str) -> None:
        self._connecting = False
        self._schedule_retry(f"Cannot hear other workstations ({reason})")

    # -- reading ---------------------------------------------------------------------
    def _read(self) -> None:
        listener = self._listener
        if listener is None:
            return
        try:
            ids = listener.poll()
        except ListenerLostError as error:
            self._lost(str(error))
            return
        for detainer_id in ids:
            self.detainer_changed.emit(detainer_id)
        if listener.take_intake():
            self.intake_changed.emit()

    def _lost(self, reason: str) -> None:
        log.warning("live updates lost: %s", reason)
        self._lost_once = True
        self._drop_listener()
        self._schedule_retry(f"Lost the connection for changes from other workstations "
                             f"({reason})")

    def _schedule_retry(self, what: str) -> None:
        if self._stopped:
            return
        pause = RETRY_SECONDS[min(self._failures, len(RETRY_SECONDS) - 1)]
        self._failures += 1
        self._lost_once = True
        self.lost.emit()
        self.status_changed.emit(f"{what}; retrying in {pause} s. Changes made here "
                                 "still show at once.")
        self._retry.start(pause * 1000)

    def _drop_listener(self) -> None:
        watch, self._watch = self._watch, None
        if isinstance(watch, QSocketNotifier):
            watch.setEnabled(False)  # before its socket is closed
        elif isinstance(watch, QTimer):
            watch.stop()
        if watch is not None:
            watch.deleteLater()
        listener, self._listener = self._listener, None
        if listener is not None:
            try:
                listener.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close
                log.debug("closing a broken listener failed", exc_info=True)
