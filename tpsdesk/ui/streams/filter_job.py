"""A filter change on a long list: its rows picked in one turn, shown in the next.

Picking the rows of 10,000 (~5 ms) and showing them (the relayout, the stream panel if the
selected row went, then the repaint) held one turn ~11 ms. Between the two turns nothing is
shown half done: the model keeps its rows and its old filter until the change is applied,
and a change meanwhile (compared by identity, in C) has the rows picked again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QTimer

Accepts = TypeVar("Accepts")
Outcome = TypeVar("Outcome")


class DeferredFilter(QObject, Generic[Accepts, Outcome]):
    """``pick(accepts)`` now, ``apply(accepts, outcome)`` in the next turn (or at once)."""

    def __init__(self, parent: QObject, pick: Callable[[Accepts], Outcome], basis: Callable[[], object],
                 apply: Callable[[Accepts, Outcome], None]) -> None:
        super().__init__(parent)
        self._pick = pick
        self._basis = basis  # what an outcome is worked out from; unchanged means still right
        self._apply = apply
        self._pending: tuple[Accepts, Outcome, object] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._fire)

    def request(self, accepts: Accepts, *, at_once: bool) -> None:
        """The latest request wins; one still waiting is dropped."""
        self._timer.stop()
        self._pending = None
        outcome = self._pick(accepts)
        if at_once:
            self._apply(accepts, outcome)
            return
        self._pending = (accepts, outcome, self._basis())
        self._timer.start()

    def isPending(self) -> bool:
        return self._pending is not None

    def flush(self) -> None:
        """Apply a waiting change now (something is about to read the rows it shows)."""
        if self._pending is not None:
            self._timer.stop()
            self._fire()

    def _fire(self) -> None:
        pending, self._pending = self._pending, None
        if pending is None:
            return
        accepts, outcome, basis = pending
        if basis != self._basis():
            outcome = self._pick(accepts)
        self._apply(accepts, outcome)
