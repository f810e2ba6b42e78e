"""A call in a later turn of the event loop, never in one that began with a repaint of the window.

In a turn, Qt reads its queue first (the window's repaint among it) and fires its timers after:
work on a zero-time timer ran right after a repaint, and the two were one block of the main
thread (~15 ms at 10,000 streams: the list's repaint and the stream panel's first fill, or the
right-hand side's first paint and the next part of its build). A turn that began with a repaint
is left to it; the call comes in the one after (never twice in a row: a window that repaints in
every turn still gets its calls).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class NextTurn(QObject):
    """Like a single-shot zero-time QTimer, a child of ``parent`` (nothing fires once it is deleted).

    ``parent`` is in its window when this is made (the window watched is that one). A repaint since
    the last call counts, even one from before :meth:`start`: the call may come a turn later than
    it had to, never in the turn of a repaint."""

    def __init__(self, parent: QObject, call: Callable[[], None]) -> None:
        super().__init__(parent)
        self._call = call
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._fire)
        self._repainted = False
        self._waited = False
        window = parent.window() if isinstance(parent, QWidget) else None
        if window is not None:
            window.installEventFilter(self)

    def start(self) -> None:
        if not self._timer.isActive():
            self._waited = False  # "never twice in a row" is per call
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def isActive(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:
            self._repainted = True
        return False

    def _fire(self) -> None:
        wait = self._repainted and not self._waited
        self._repainted, self._waited = False, wait
        if wait:
            self._timer.start()
        else:
            self._call()
