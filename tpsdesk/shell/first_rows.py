"""After the first rows are painted: the moment the rest of the window is built (issue 11).

An instructor opens tpsdesk to end a class: the list comes first. The right-hand side,
alerts, producer tools and the journal cost the start ~0.1 s of imports and widgets,
so they are built in the turn after the table's first paint with rows in it, or when
the listing failed, or after ``limit_ms`` (a slow or absent server) — whichever comes first.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, SignalInstance
from PySide6.QtWidgets import QAbstractItemView


class _FirstRowsWatch(QObject):
    def __init__(self, table: QAbstractItemView, failed: SignalInstance, then: Callable[[], None],
                 limit_ms: int) -> None:
        super().__init__(table)
        self._table = table  # its viewport is asked for each time: a wrapper of a widget Qt made is not kept
        self._then: Callable[[], None] | None = then
        table.viewport().installEventFilter(self)
        failed.connect(self._soon)  # a method of this child of the table: dropped with it
        QTimer.singleShot(limit_ms, self, self._soon)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self._table.viewport():
            model = self._table.model()
            if model is not None and model.rowCount() > 0:
                self._soon()
        return False

    def _soon(self, *_: object) -> None:
        if self._then is not None:
            self._table.viewport().removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once this paint is on the screen

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()
        self.deleteLater()


def watch_first_rows(table: QAbstractItemView, failed: SignalInstance, then: Callable[[], None], *,
                     limit_ms: int = 400) -> None:
    """Call ``then`` once, in the event-loop turn after the first of: ``table`` painted with rows,
    ``failed`` emitted, ``limit_ms`` passed."""
    _FirstRowsWatch(table, failed, then, limit_ms)
