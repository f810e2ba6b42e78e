"""The list's first rows are painted once, not twice (issue 11, P3).

Qt's proxy models announce, queued, that the header data changed when the rows go from none to
some; the view then lays its items out inside its next paint, and the update() it makes there
repaints the whole list once more in the turn after (~7 ms at the first page of 10,000 streams).

A list wide enough for its Title column to take the rest of the width was painted once more
when that column settled (the list shown, the scroll bar come): Qt's column resize repaints in a
turn of its own. The view fits the Title column itself, in the same turn (table_view.py).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStackedWidget
from pytestqt.qtbot import QtBot

from tests.support.list_page import make_list
from tests.support.qt import PaintCount
from tests.ui.streams.test_stream_table import make
from tpsdesk.status.book import Source


def let_turns_pass(qtbot: QtBot, turns: int) -> None:
    """Wait until the event loop has turned ``turns`` times (a zero timer each, one after the other)."""
    left = [turns]

    def turn() -> None:
        left[0] -= 1
        if left[0] > 0:
            QTimer.singleShot(0, turn)

    QTimer.singleShot(0, turn)
    qtbot.waitUntil(lambda: left[0] == 0)


@pytest.mark.parametrize("width", [420, 760, 1000])
def test_the_first_rows_are_painted_once(qtbot: QtBot, width: int) -> None:
    store, proxy, view = make_list()
    # A "Loading streams…" page until the first rows, then the list at once (the window waits a
    # turn more: list_stack.py; this is the view's own part).
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    stack.addWidget(QLabel("Loading streams…"))
    stack.addWidget(view)
    proxy.rowsInserted.connect(lambda *_: stack.setCurrentWidget(view))
    stack.resize(width, 400)  # 420: the Title column at its narrowest; wider: it takes the rest
    stack.show()
    qtbot.waitExposed(stack)
    let_turns_pass(qtbot, 3)  # the empty list's own paints are over
    counter = PaintCount()
    view.viewport().installEventFilter(counter)

    store.apply_batch([make(f"s{i:03}", "Completed") for i in range(100)], Source.LIST)
    qtbot.waitUntil(lambda: counter.paints > 0)
    let_turns_pass(qtbot, 5)

    assert counter.paints == 1
    assert proxy.rowCount() == 100
