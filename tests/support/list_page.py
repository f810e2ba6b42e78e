"""A stream list on its page (ListStack) over a real store, shown and past its first repaints."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pytestqt.qtbot import QtBot

from tests.support.qt import PaintCount
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
    painted = PaintCount()
    stack.installEventFilter(painted)
    stack.update()  # the window's first repaints come through the platform's own timer: past those
    qtbot.waitUntil(lambda: painted.paints > 0)
    yield Page(store, proxy, table, stack)
