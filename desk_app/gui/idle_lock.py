"""Lock the workstation after a period without mouse or keyboard input.

`IdleLock` watches every input event of the application (installed as an application
event filter) and notes when the last one happened, by an injected time source so that
tests move time instead of waiting. A QTimer checks every few seconds; once the desk
has been idle for `lock_minutes` it emits `locked` once. The main window then hides
what must not be seen and shows the sign-in; after a successful sign-in it calls
`reset()`. Input while locked (typing into the sign-in) does not unlock anything.

Ctrl+L locks at once, also while a modal dialog is open (where the window's own
shortcut cannot be reached): the main window then closes that dialog too.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from desk_app.domain.time_source import TimeSource

log = logging.getLogger(__name__)

CHECK_SECONDS = 5
INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate, QEvent.Type.TabletPress, QEvent.Type.TabletMove,
    QEvent.Type.ShortcutOverride,
})


class IdleLock(QObject):
    """Emits `locked` once when no input has arrived for `lock_minutes`.

    Private state:
        _time: where "now" comes from (the desk's time source; FixedTime in tests).
        _last_input: the instant of the last input event, or of the last reset.
        _is_locked: True from the emission of `locked` until `reset()`.
        _timer: the periodic check; `check()` may also be called directly.
    """

    locked = Signal()

    def __init__(self, time: TimeSource, lock_minutes: int, parent: QObject | None = None,
                 check_seconds: float = CHECK_SECONDS) -> None:
        super().__init__(parent)
        self._time = time
        self._lock_after = timedelta(minutes=lock_minutes)
        self._last_input: datetime = time.now()
        self._is_locked = False
        self._timer = QTimer(self)
        self._timer.setInterval(round(check_seconds * 1000))
        self._timer.timeout.connect(self.check)
        self._timer.start()

    @property
    def is_locked(self) -> bool:
        """True between the `locked` signal and the next `reset()`."""
        return self._is_locked

    @property
    def lock_after(self) -> timedelta:
        """How long without input before the workstation locks."""
        return self._lock_after

    @property
    def timer(self) -> QTimer:
        """The periodic check (exposed so that tests can see it runs)."""
        return self._timer

    def set_lock_minutes(self, minutes: int) -> None:
        """Apply a changed `lock_minutes` setting without restarting the application."""
        self._lock_after = timedelta(minutes=minutes)

    def install(self, app: QCoreApplication | None = None) -> None:
        """Start watching every input event of the application."""
        target = app or QCoreApplication.instance()
        if target is None:
            raise RuntimeError("create the QApplication before the idle lock")
        target.installEventFilter(self)

    def uninstall(self, app: QCoreApplication | None = None) -> None:
        """Stop watching (tests, and shutting down)."""
        target = app or QCoreApplication.instance()
        if target is not None:
            target.removeEventFilter(self)
        self._timer.stop()

    def idle_for(self) -> timedelta:
        """How long since the last input; never negative if the clock was set back."""
        return max(self._time.now() - self._last_input, timedelta(0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Note the time of any mouse or keyboard input; never swallow the event."""
        if not self._is_locked and event.type() in INPUT_EVENTS:
            self._last_input = self._time.now()
            if _is_lock_key(event) and QApplication.activeModalWidget() is not None:
                QTimer.singleShot(0, self.lock_now)  # after this key event is done
                return True
        return False

    def lock_now(self) -> None:
        """Lock without waiting (Ctrl+L pressed inside a modal dialog)."""
        if self._is_locked:
            return
        self._is_locked = True
        log.info("workstation locked with Ctrl+L")
        self.locked.emit()

    def check(self) -> None:
        """Emit `locked` once idle time reaches the limit (the timer calls this)."""
        if self._is_locked:
            return
        now = self._time.now()
        if now < self._last_input:  # the clock was set back: count from now
            self._last_input = now
        if now - self._last_input >= self._lock_after:
            self._is_locked = True
            log.info("workstation locked after %s without input", self._lock_after)
            self.locked.emit()

    def reset(self) -> None:
        """Start counting again (after a successful sign-in)."""
        self._last_input = self._time.now()
        self._is_locked = False


def _is_lock_key(event: QEvent) -> bool:
    """Ctrl+L, the lock's shortcut."""
    return (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_L
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier)
