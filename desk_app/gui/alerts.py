"""Alerts when a detainer crosses a threshold: a queue, one banner at a time, each
acknowledged by whoever is signed in.

When several detainers cross a threshold at the same tick each gets its own alert: one
per detainer (a later, more severe alert for the same detainer replaces its earlier
one), shown most severe first. An alert is audited as shown when it reaches the banner,
and as acknowledged with the name of the person who pressed Acknowledge. Critical,
expired and release-due alerts also sound (unless switched off at this workstation)
and flash the window in the taskbar; every alert goes to the tray.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from desk_app.domain.urgency import Urgency
from desk_app.gui.board_model import BoardModel

log = logging.getLogger(__name__)

ALERTING = (Urgency.WARNING, Urgency.CRITICAL, Urgency.EXPIRED, Urgency.RELEASE_DUE)
LOUD = (Urgency.CRITICAL, Urgency.EXPIRED, Urgency.RELEASE_DUE)
_arrivals = count()


@dataclass
class Alert:
    """One detainer's alert, waiting or on the banner."""

    detainer_id: int
    urgency: Urgency
    message: str
    expiry: float = float("inf")  # the clock's expiry, as a timestamp
    arrived: int = field(default_factory=lambda: next(_arrivals))

    @property
    def order(self) -> tuple[int, float, int]:
        """Most severe first, then the soonest expiry, then first come."""
        return (-int(self.urgency), self.expiry, self.arrived)


class AlertCenter(QObject):
    """Queues the model's urgency changes and shows them one at a time.

    The model's changes are queued as they come during a tick; `flush()` after the tick
    puts the most severe on the banner, so one that comes later in the same tick is not
    preceded by a lesser one."""

    shown = Signal(str, int)  # the banner's message, how many more are waiting
    cleared = Signal()  # nothing left to show

    def __init__(self, model: BoardModel, record: Callable[[int, str], None],
                 tray: QSystemTrayIcon | None = None, parent: QObject | None = None,
                 acknowledge_record: Callable[[int, str], None] | None = None,
                 sound_on: Callable[[], bool] = lambda: True) -> None:
        super().__init__(parent)
        self._model = model
        self._record = record
        self._record_ack = acknowledge_record
        self._tray = tray
        self._sound_on = sound_on
        self._announced: set[tuple[int, int]] = set()
        self._waiting: dict[int, Alert] = {}
        self.current: Alert | None = None
        model.urgency_changed.connect(self._on_change)

    @property
    def waiting(self) -> list[Alert]:
        """The alerts not yet on the banner, in the order they will be shown."""
        return sorted(self._waiting.values(), key=lambda a: a.order)

    def _on_change(self, detainer_id: int, old: int, new: int) -> None:
        urgency = Urgency(new)
        if urgency not in ALERTING or new <= old or (detainer_id, new) in self._announced:
            return
        self._announced.add((detainer_id, new))
        alert = self._alert(detainer_id, urgency)
        if alert is None:
            return
        if self.current is not None and self.current.detainer_id == detainer_id:
            self.current = None  # the same person, now worse: replaces what is shown
        earlier = self._waiting.get(detainer_id)
        if earlier is None or earlier.urgency < urgency:
            self._waiting[detainer_id] = alert

    def flush(self) -> None:
        """After a tick: show the most severe alert, unless the banner already shows
        one at least as severe (then only the count of those waiting changes)."""
        waiting = self.waiting
        if not waiting:
            if self.current is None:
                self.cleared.emit()
            return
        if self.current is not None and waiting[0].urgency > self.current.urgency:
            self._waiting.setdefault(self.current.detainer_id, self.current)
            self.current = None  # a more severe alert goes first
        if self.current is None:
            self._show_next()
        else:
            self.shown.emit(self.current.message, len(self._waiting))

    def _alert(self, detainer_id: int, urgency: Urgency) -> Alert | None:
        detainer = self._model.detainer(detainer_id)
        if detainer is None:
            return None
        position = self._model.row_of(detainer_id)
        assessment = self._model.board_row(position).assessment \
            if position is not None else None
        reason = assessment.reason if assessment is not None else ""
        expiry = assessment.expiry.timestamp() \
            if assessment is not None and assessment.expiry else float("inf")
        message = (f"{urgency.label}: {detainer.subject_name} "
                   f"(detainer {detainer.detainer_number}). {reason}")
        return Alert(detainer_id, urgency, message, expiry)

    def acknowledge(self) -> None:
        """The signed-in person read the alert on the banner: audit it, show the next."""
        alert, self.current = self.current, None
        if alert is not None and self._record_ack is not None:
            try:
                self._record_ack(alert.detainer_id, alert.urgency.label)
            except Exception:  # the acknowledgement happened; the audit write failed
                log.exception("could not audit the acknowledgement of detainer %s",
                              alert.detainer_id)
        self._show_next()

    def _show_next(self) -> None:
        for alert in self.waiting:
            del self._waiting[alert.detainer_id]
            if self._model.row_of(alert.detainer_id) is not None:  # still on the board
                self._show(alert)
                return
        self.cleared.emit()

    def _show(self, alert: Alert) -> None:
        self.current = alert
        self.shown.emit(alert.message, len(self._waiting))
        loud = alert.urgency in LOUD
        if self._tray is not None and self._tray.isVisible():
            icon = (QSystemTrayIcon.MessageIcon.Critical if loud
                    else QSystemTrayIcon.MessageIcon.Warning)
            self._tray.showMessage("Detainer Desk", alert.message, icon, 15000)
        if loud:
            window = self.parent()
            if isinstance(window, QWidget):
                QApplication.alert(window, 0)  # flash in the taskbar until looked at
            if self._sound_on():
                QApplication.beep()
        try:
            self._record(alert.detainer_id, alert.urgency.label)
        except Exception:  # the alert was shown; a failed audit write must not hide it
            log.exception("could not audit the alert for detainer %s", alert.detainer_id)


def workstation_settings() -> QSettings:
    """This workstation's own preferences (the alert sound), kept per user account."""
    return QSettings("Detainer Desk", "workstation")


def sound_action(parent: QObject) -> QAction:
    """View > Alert sound: a checkable action remembered at this workstation."""
    action = QAction("Alert &sound", parent)
    action.setCheckable(True)
    action.setStatusTip("Sound for critical, expired and release-due alerts at this "
                        "workstation")
    action.setChecked(bool(workstation_settings().value("alerts/sound", True, type=bool)))
    action.toggled.connect(lambda on: workstation_settings().setValue("alerts/sound", on))
    return action
