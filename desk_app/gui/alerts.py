"""Alerts when a detainer crosses a threshold: a banner, a tray message, an audit entry.

Each (detainer, urgency) is announced once per session; the audit log records that
the alert was shown, so a supervisor can see when the desk was told.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from desk_app.domain.urgency import Urgency
from desk_app.gui.board_model import BoardModel

log = logging.getLogger(__name__)

ALERTING = (Urgency.WARNING, Urgency.CRITICAL, Urgency.EXPIRED, Urgency.RELEASE_DUE)


class AlertCenter(QObject):
    """Turns the model's urgency changes into one banner, tray message and audit each."""

    alert = Signal(int, str)  # detainer id, message for the banner

    def __init__(self, model: BoardModel, record: Callable[[int, str], None],
                 tray: QSystemTrayIcon | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._record = record
        self._tray = tray
        self._shown: set[tuple[int, int]] = set()
        model.urgency_changed.connect(self._on_change)

    def _on_change(self, detainer_id: int, old: int, new: int) -> None:
        urgency = Urgency(new)
        if urgency not in ALERTING or new <= old or (detainer_id, new) in self._shown:
            return
        self._shown.add((detainer_id, new))
        detainer = self._model.detainer(detainer_id)
        if detainer is None:
            return
        position = self._model.row_of(detainer_id)
        reason = self._model.board_row(position).assessment.reason if position is not None \
            else ""
        message = (f"{urgency.label}: {detainer.subject_name} "
                   f"(detainer {detainer.detainer_number}). {reason}")
        self.alert.emit(detainer_id, message)
        if self._tray is not None and self._tray.isVisible():
            icon = (QSystemTrayIcon.MessageIcon.Critical if urgency >= Urgency.CRITICAL
                    else QSystemTrayIcon.MessageIcon.Warning)
            self._tray.showMessage("Detainer Desk", message, icon, 15000)
        try:
            self._record(detainer_id, urgency.label)
        except Exception:  # the alert was shown; a failed audit write must not hide it
            log.exception("could not audit the alert for detainer %s", detainer_id)
