"""The floor program: the least a PySide6 + qasync + httpx app must do to show the list.

    TPSDESK_TOKEN=... TPSDESK_TRACE=trace.jsonl python bench/floor.py --base-url URL --org ORG

It opens a window, fetches every page of the live-stream list (the first page,
then the rest four at a time, as the app does), fills a QStandardItemModel
behind a QTableView page by page, and paints. It writes the same trace events
as the app (``tpsdesk.shell.trace``: ``window_shown``, ``first_rows_painted``,
``all_rows_painted``, ``exit``), timed the same way from the process's start,
so ``bench/run_all.py`` measures both alike. Nothing else from tpsdesk is used.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

import httpx
import qasync
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

from tpsdesk.shell.trace import StartupTrace, open_trace

PAGE = 100
CONCURRENCY = 4
COLUMNS = ("Title", "Status", "Start", "ID")


class PaintMarks(QObject):
    """The app's milestones, from real paint events (as tpsdesk/shell/paint_trace.py)."""

    def __init__(self, trace: StartupTrace | None, window: QMainWindow, view: QTableView,
                 model: QStandardItemModel) -> None:
        super().__init__(window)
        self.trace, self.window, self.view, self.model = trace, window, view, model
        self.expected: int | None = None  # set once every page is in
        self.done = asyncio.Event()
        window.installEventFilter(self)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.trace is not None:
            self.trace.mark("window_shown")
            rows = self.model.rowCount()
            if watched is self.view.viewport() and rows > 0:
                self.trace.mark("first_rows_painted", rows=rows)
                if rows == self.expected:
                    self.trace.mark("all_rows_painted", rows=rows)
                    self.done.set()
        return False


def add_page(model: QStandardItemModel, results: list[dict[str, object]]) -> None:
    for item in results:
        live = item.get("live_stream")
        live = live if isinstance(live, dict) else {}
        model.appendRow([QStandardItem(str(value or "")) for value in
                         (item.get("title"), live.get("status"), live.get("start"), item.get("id"))])


async def fetch_all(client: httpx.AsyncClient, url: str, model: QStandardItemModel) -> int:
    first = (await client.get(url, params={"limit": PAGE, "offset": 0})).json()
    add_page(model, first["results"])
    count = int(first.get("count") or len(first["results"]))
    gate = asyncio.Semaphore(CONCURRENCY)

    async def page(offset: int) -> list[dict[str, object]]:
        async with gate:
            response = await client.get(url, params={"limit": PAGE, "offset": offset})
            return list(response.json()["results"])

    for task in asyncio.as_completed([page(o) for o in range(PAGE, count, PAGE)]):
        add_page(model, await task)
    return model.rowCount()


async def run(args: argparse.Namespace, app: QApplication, trace: StartupTrace | None) -> None:
    window = QMainWindow()
    window.setWindowTitle("floor")
    window.resize(1360, 860)
    model = QStandardItemModel(0, len(COLUMNS), window)
    model.setHorizontalHeaderLabels(list(COLUMNS))
    view = QTableView(window)
    view.setModel(model)
    window.setCentralWidget(view)
    marks = PaintMarks(trace, window, view, model)
    window.show()
    headers = {"Authorization": f"Token {os.environ.get('TPSDESK_TOKEN', '')}"}
    url = f"{args.base_url.rstrip('/')}/api/v1/{args.org}/assets/live_streams/"
    async with httpx.AsyncClient(headers=headers, timeout=30) as client:
        marks.expected = await fetch_all(client, url, model)
        view.viewport().update()
        if args.exit_when_done:
            await marks.done.wait()
        else:
            quitting = asyncio.Event()
            app.lastWindowClosed.connect(quitting.set)
            await quitting.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--org", required=True)
    parser.add_argument("--exit-when-done", action="store_true", help="quit once every row is painted")
    args = parser.parse_args()
    trace = open_trace()
    app = QApplication(sys.argv[:1])
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(run(args, app, trace))
    if trace is not None:
        trace.mark("exit", code=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
