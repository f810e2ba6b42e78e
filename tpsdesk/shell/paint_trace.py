"""Marks the start-up trace's paint milestones from real paint events.

``session_built``: the window exists (not yet shown); ``list_loaded``: the first
listing is in the store. ``window_shown``: the window's first paint. ``first_rows_painted``: the first
paint of the table's viewport with rows in the model. ``all_rows_painted``: the
first paint after the first listing is wholly in the model (every row of the
store, none still waiting for its slice).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QWidget

from tpsdesk.shell.trace import StartupTrace


class PaintTrace(QObject):
    def __init__(self, trace: StartupTrace, window: QWidget, table: QAbstractItemView,
                 all_rows_in: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent or window)
        self._trace = trace
        self._window = window
        self._table = table
        self._all_rows_in = all_rows_in  # the viewport is asked for each time (ui/owned.py: Qt made it)
        window.installEventFilter(self)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        viewport = self._table.viewport()
        if watched is self._window or watched is viewport:
            self._trace.mark("window_shown")
        if watched is viewport:
            model = self._table.model()
            if model is not None and model.rowCount() > 0:
                self._trace.mark("first_rows_painted", rows=model.rowCount())
                if self._all_rows_in():
                    self._trace.mark("all_rows_painted", rows=model.rowCount())
                    self._window.removeEventFilter(self)
                    viewport.removeEventFilter(self)
        return False


def watch_session(trace: StartupTrace, session: object) -> PaintTrace:
    """Watch a :class:`~tpsdesk.shell.session.Session`'s window (typed loosely: no import cycle)."""
    window = session.window  # type: ignore[attr-defined]
    streams = session.streams  # type: ignore[attr-defined]
    store = session.store  # type: ignore[attr-defined]
    model = window.model

    trace.mark("session_built")
    streams.loaded.connect(lambda count: trace.mark("list_loaded", streams=count))

    def all_rows_in() -> bool:
        return bool(streams.has_loaded) and model.rowCount() == len(store) and not model.isFilling()

    return PaintTrace(trace, window, window.table, all_rows_in)
