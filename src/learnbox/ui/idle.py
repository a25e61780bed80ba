"""Automatic sign-out on a shared PC: any key or mouse input restarts a countdown.

Installed as an application-wide event filter, so input in any window or dialog counts. When the
countdown ends, :attr:`IdleWatcher.idle` fires and the main window signs the learner out.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
    }
)


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, app: QApplication, timeout_ms: int) -> None:
        super().__init__(app)
        self._app = app
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_timeout_ms(timeout_ms)
        app.installEventFilter(self)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timer.setInterval(max(1, timeout_ms))
        if self._timer.isActive():
            self._timer.start()

    def timeout_ms(self) -> int:
        return self._timer.interval()

    def arm(self) -> None:
        """Start counting (a learner signed in)."""
        self._timer.start()

    def disarm(self) -> None:
        """Stop counting (nobody is signed in)."""
        self._timer.stop()

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start()
        return False

    def uninstall(self) -> None:
        self._app.removeEventFilter(self)
