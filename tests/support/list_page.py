"""A stream list on its page (ListStack) over a real store, shown and past its first repaints."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pytestqt.qtbot import QtBot

from tests.support.qt import shown_and_painted
from tests.ui.streams.test_stream_table import T0, TZ, FakeClock
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.streams import ListStack, StreamFilterProxy, StreamRowsModel, StreamTableView


@dataclass
class Page:
    store: StatusStore
    proxy: StreamFilterProxy
    table: StreamTableView
    stack: ListStack


def make_list() -> tuple[StatusStore, StreamFilterProxy, StreamTableView]:
    """A store (on a fake clock), the rows model and filter proxy over it, and a view of them."""
    clock = FakeClock(T0)
    store = StatusStore(clock=clock)
    model = StreamRowsModel(store, server_tz=TZ, clock=clock)
    proxy = StreamFilterProxy()
    proxy.setSourceModel(model)
    table = StreamTableView()
    table.setModel(proxy)
    return store, proxy, table


def make_page(qtbot: QtBot, width: int = 420) -> Iterator[Page]:
    store, proxy, table = make_list()
    stack = ListStack(table)
    stack.showState("<h3>Loading streams…</h3>")
    stack.resize(width, 400)
    shown_and_painted(qtbot, stack)
    yield Page(store, proxy, table, stack)
