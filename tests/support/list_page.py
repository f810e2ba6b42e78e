"""A stream list on its page (ListStack) over a real store, shown and past its first repaints."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from pytestqt.qtbot import QtBot

from tests.ui.streams.test_stream_table import T0, TZ, FakeClock
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.streams import ListStack, StreamFilterProxy, StreamRowsModel, StreamTableView


@dataclass
class Page:
    store: StatusStore
    proxy: StreamFilterProxy
    table: StreamTableView
    stack: ListStack


def make_page(qtbot: QtBot) -> Iterator[Page]:
    clock = FakeClock(T0)
    store = StatusStore(clock=clock)
    model = StreamRowsModel(store, server_tz=TZ, clock=clock)
    proxy = StreamFilterProxy()
    proxy.setSourceModel(model)
    table = StreamTableView()
    table.setModel(proxy)
    stack = ListStack(table)
    qtbot.addWidget(stack)
    stack.showState("<h3>Loading streams…</h3>")
    stack.resize(420, 400)
    stack.show()
    qtbot.waitExposed(stack)
    painted = Painted()
    stack.installEventFilter(painted)
    stack.update()  # the window's first repaints come through the platform's own timer: past those
    qtbot.waitUntil(lambda: painted.yes)
    yield Page(store, proxy, table, stack)


class Painted(QObject):
    yes = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.yes = self.yes or event.type() == QEvent.Type.Paint
        return False


