"""Stream list at 10,000 streams: load, refresh, search, filter, sort, tick.

Run: ``.venv/bin/python bench/bench_stream_table.py`` (offscreen). Prints each
operation's median time and its ratio against two floors measured in the same
run, so the numbers compare across machines:

* parse floor: ``parse_asset`` over the same 10,000 payloads;
* row floor: one pass over the model reading every row's title (``data()``).

No asserts on timings. Interactive operations (keystroke, tick, filter) should
stay well under 50 ms.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tpsdesk.domain.models import parse_asset
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.streams import (
    Column,
    StatusFilter,
    StreamFilterProxy,
    StreamRowsModel,
    StreamTableView,
)

N = 10_000
TZ = ZoneInfo("Asia/Kolkata")
NOW = datetime(2026, 11, 27, 11, 30, tzinfo=UTC)
# An organization that has streamed for years: mostly finished, a few hundred live or upcoming.
STATUS_MIX = [("Completed", 80), ("Streaming", 4), ("Disconnected", 1), ("Not Started", 5), ("Stopped", 2),
              ("Recording", 2), ("Error", 4), ("Paused", 2)]
WORDS = ["Physics", "Chemistry", "Maths", "Biology", "Revision", "Live", "class", "Batch", "JEE", "NEET",
         "Organic", "Doubt", "session", "Town hall", "Weekly", "Kannada", "History", "Polity", "Mock test"]


def payloads(rng: random.Random) -> list[dict[str, Any]]:
    statuses = [s for s, weight in STATUS_MIX for _ in range(weight)]
    local_now = NOW.astimezone(TZ).replace(tzinfo=None)
    items = []
    for i in range(N):
        status = rng.choice(statuses)
        if status == "Not Started":
            start = local_now + timedelta(minutes=rng.randint(10, 60 * 24 * 14))
        elif status in ("Streaming", "Disconnected"):
            start = local_now - timedelta(minutes=rng.randint(1, 600))
        else:
            start = local_now - timedelta(minutes=rng.randint(60, 60 * 24 * 700))
        items.append({
            "id": f"{i:05d}{rng.getrandbits(30):08x}", "type": "livestream",
            "title": " ".join(rng.sample(WORDS, 4)) + f" #{i}",
            "live_stream": {"status": status, "start": f"{start:%Y-%m-%d %H:%M:%S}", "rtmp_url": "",
                            "activities": [{"status": "On Publish", "timestamp": "November 27, 2026, 04:30 PM"}]},
        })
    return items


def timed(action: Callable[[], object], app: QApplication) -> float:
    """Seconds for ``action`` plus the view's follow-up work (layout, paint)."""
    start = time.perf_counter()
    action()
    app.processEvents()
    return time.perf_counter() - start


def sorted_view(action: Callable[[], object], app: QApplication, model: StreamRowsModel) -> float:
    """Seconds for a header click until its order is shown: a sort of many rows runs a slice per turn."""
    start = time.perf_counter()
    action()
    app.processEvents()
    while model.isSorting():
        app.processEvents()
    return time.perf_counter() - start


def median(action: Callable[[], object], app: QApplication, repeat: int = 7,
           before: Callable[[], object] | None = None) -> float:
    samples = []
    for _ in range(repeat):
        if before is not None:
            before()
            app.processEvents()
        samples.append(timed(action, app))
    return statistics.median(samples)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    rng = random.Random(7)
    data = payloads(rng)

    start = time.perf_counter()
    assets = [parse_asset(item, raw_json="") for item in data]
    parse_floor = time.perf_counter() - start

    store = StatusStore(clock=lambda: NOW)
    model = StreamRowsModel(store, server_tz=TZ, clock=lambda: NOW)
    proxy = StreamFilterProxy()
    proxy.setSourceModel(model)
    view = StreamTableView()
    view.setModel(proxy)
    view.resize(1000, 700)
    view.show()
    app.processEvents()

    results: list[tuple[str, float]] = []
    results.append(("initial apply_listing (model+proxy+view)", timed(lambda: store.apply_listing(assets), app)))

    def row_pass() -> None:
        index = model.index
        for row in range(model.rowCount()):
            index(row, Column.TITLE).data()

    row_floor = median(row_pass, app, repeat=3)

    bare = StatusStore(clock=lambda: NOW)
    bare.apply_listing(assets)
    refreshed = list(assets)
    for i in rng.sample(range(N), 50):
        old = assets[i]
        refreshed[i] = parse_asset({**data[i], "title": old.title + " (edited)",
                                    "live_stream": {**data[i]["live_stream"], "status": "Error"}}, raw_json="")
    results.append(("refresh, 50 changed: store alone (no model)", timed(lambda: bare.apply_listing(refreshed), app)))
    view.selectAssetId(model.rows[40].asset_id)
    results.append(("refresh, 50 changed: store+model+proxy+view",
                    timed(lambda: store.apply_listing(refreshed), app)))
    results.append(("refresh, nothing changed", timed(lambda: store.apply_listing(refreshed), app)))

    results.append(("search keystroke '' -> 'c'", median(lambda: proxy.setSearchText("c"), app,
                                                        before=lambda: proxy.setSearchText(""))))
    results.append(("search keystroke 'chemistr' -> 'chemistry'",
                    median(lambda: proxy.setSearchText("chemistry"), app,
                           before=lambda: proxy.setSearchText("chemistr"))))
    results.append(("search cleared 'chemistry #12' -> '' (all rows back)",
                    median(lambda: proxy.setSearchText(""), app,
                           before=lambda: proxy.setSearchText("chemistry #12"))))
    results.append(("status filter ALL -> LIVE", median(lambda: proxy.setStatusFilter(StatusFilter.LIVE), app,
                                                        before=lambda: proxy.setStatusFilter(StatusFilter.ALL))))
    proxy.setStatusFilter(StatusFilter.ALL)
    app.processEvents()

    span = model.liveRowSpan()
    results.append((f"tick(), default sort (live rows {span})", median(model.tick, app, repeat=21)))
    sorted_view(lambda: view.sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder), app, model)
    span = model.liveRowSpan()
    results.append((f"tick(), sorted by title (live rows {span})", median(model.tick, app, repeat=21)))
    results.append(("header click: sort by start (all slices)", sorted_view(
        lambda: view.sortByColumn(Column.START, Qt.SortOrder.DescendingOrder), app, model)))
    results.append(("header click: back to status (all slices)", sorted_view(
        lambda: view.sortByColumn(Column.STATUS, Qt.SortOrder.AscendingOrder), app, model)))

    print(f"stream table bench: {N:,} streams, Qt offscreen, Python {sys.version.split()[0]}")
    print(f"  floor A  parse_asset x {N:,}: {parse_floor * 1e3:8.1f} ms")
    print(f"  floor B  one pass over the model rows: {row_floor * 1e3:8.1f} ms")
    print(f"  {'operation':58} {'ms':>8} {'/A':>7} {'/B':>7}")
    for name, seconds in results:
        print(f"  {name:58} {seconds * 1e3:8.2f} {seconds / parse_floor:7.3f} {seconds / row_floor:7.3f}")
    view.close()


if __name__ == "__main__":
    main()
