"""P3: how long the main thread goes without returning to its event loop, at 10,000 streams.

    python bench/p3_probe.py [--streams 10000] [--sim-in-thread]

A loop-gap probe: a 2 ms precise QTimer on the app's thread notes when it
fires; a gap between two firings, less the interval, is a block. Each gap
also records the main thread's CPU time spent in it (``time.thread_time``):
on a shared machine the wall gap includes the time the OS gave to other
processes, the CPU time is what this app itself held the loop for. Both are
printed; the summary (max, p99) is the CPU one.

The app's real pieces run here: a Session (client, store, services, window;
the list first and the rest after its first rows, as the app opens one)
against the simulator, which runs in a child process with the webhook sender
(``p3_server.py``: as a real server, it takes nothing from this process, not
even the interpreter lock; ``--sim-in-thread`` puts it on a thread here, as
the probe did until issue 11's third round). Scenarios: the 10k load, a
refresh with 1 % changed, a search keystroke, a filter change, a header sort,
the per-second tick, and 1,000 webhook deliveries.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

INTERVAL_S = 0.002
ORG, TOKEN, SECRET = "p3-org", "p3-token", "p3-webhook-secret"


class GapProbe:
    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._fire)
        self.scenario: str | None = None
        self.gaps: dict[str, list[tuple[float, float]]] = {}  # (wall, cpu) seconds beyond the interval
        self._last = (0.0, 0.0)

    def _fire(self) -> None:
        now = (time.perf_counter(), time.thread_time())
        if self.scenario is not None:
            wall, cpu = now[0] - self._last[0], now[1] - self._last[1]
            self.gaps[self.scenario].append((max(0.0, wall - INTERVAL_S), min(cpu, wall)))
        self._last = now

    def begin(self, name: str) -> None:
        self.gaps[name] = []
        self.scenario = name
        self._last = (time.perf_counter(), time.thread_time())
        self.timer.start(int(INTERVAL_S * 1000))

    def end(self) -> None:
        self._fire()
        self.scenario = None
        self.timer.stop()


class SimProcess:
    """The simulator and the webhook sender in a child process (``p3_server.py``): a real server
    is another machine, and in this process their Python work took the interpreter lock from
    the app's repaints (see p3_server.py)."""

    def __init__(self, streams: int) -> None:
        import subprocess
        import sys
        from pathlib import Path

        self._child = subprocess.Popen([sys.executable, str(Path(__file__).with_name("p3_server.py")),
                                        str(streams), ORG, TOKEN], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       text=True)
        self.base_url: str = self._read()["base_url"]

    def _read(self) -> dict[str, Any]:
        assert self._child.stdout is not None
        line = self._child.stdout.readline()
        if not line:
            raise RuntimeError("the P3 server process ended")
        answer: dict[str, Any] = json.loads(line)
        return answer

    async def _ask(self, order: dict[str, Any]) -> dict[str, Any]:
        assert self._child.stdin is not None
        self._child.stdin.write(json.dumps(order) + "\n")
        self._child.stdin.flush()
        return await asyncio.get_running_loop().run_in_executor(None, self._read)  # a blocked read: no lock held

    async def edit_titles(self, asset_ids: list[str]) -> None:
        await self._ask({"edit": asset_ids})

    async def deliver(self, base: str, path: str, secret: str, asset_ids: list[str]) -> int:
        answer = await self._ask({"burst": {"base": base, "path": path, "secret": secret, "ids": asset_ids}})
        return int(answer["delivered"])

    def stop(self) -> None:
        if self._child.stdin is not None:
            self._child.stdin.close()
        self._child.wait(10)


class SimThread(threading.Thread):
    """The simulator on its own loop in a thread of this process (``--sim-in-thread``, as before:
    for comparison; its Python work competes with the app's for the interpreter lock)."""

    def __init__(self, streams: int) -> None:
        super().__init__(name="simulator", daemon=True)
        from tpsdesk.sim import SimConfig, SimServer

        self.sim = SimServer(SimConfig(stream_count=streams, org_id=ORG, token=TOKEN, lifecycle=False,
                                       random_disconnects=False, quirks=True))
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.base_url = ""
        self.start()
        self.ready.wait(60)

    def run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.base_url = self.loop.run_until_complete(self.sim.start("127.0.0.1", 0))
        self.ready.set()
        self.loop.run_forever()

    async def _on_sim_loop(self, coro: Any) -> Any:
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, self.loop))

    async def edit_titles(self, asset_ids: list[str]) -> None:
        async def edit() -> None:
            for asset_id in asset_ids:
                self.sim.world.get(asset_id).title += " (edited)"

        await self._on_sim_loop(edit())

    async def deliver(self, base: str, path: str, secret: str, asset_ids: list[str]) -> int:
        from p3_server import burst  # bench/ is on sys.path (this script's folder)

        order = {"base": base, "path": path, "secret": secret, "ids": asset_ids}
        return int(await self._on_sim_loop(burst(self.sim, order)))

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.sim.stop(), self.loop).result(60)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.join(5)


async def until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("a P3 scenario did not finish")
        await asyncio.sleep(0.01)


async def settle(seconds: float = 0.25) -> None:
    """Let deferred work (slices, coalesced signals, repaints) run inside the measured window."""
    await asyncio.sleep(seconds)


async def scenarios(streams: int, probe: GapProbe, sim: SimProcess | SimThread) -> None:
    from PySide6.QtCore import Qt

    from tpsdesk.shell.config import AppConfig
    from tpsdesk.shell.session import Session
    from tpsdesk.ui.streams import Column

    config = AppConfig(demo=False, base_url=sim.base_url, org_id=ORG, token=TOKEN, refresh_interval_s=0,
                       poll_interval_s=3600)
    # As the app opens a session: the list first, the rest built after its first rows (shell/controller.py).
    session = Session(config, base_url=sim.base_url, request_timeout_s=30, list_first=True)
    window, store = session.window, session.store
    window.show()
    try:
        loaded: list[int] = []
        session.streams.loaded.connect(loaded.append)

        await settle()  # the empty window's first paint is start-up (P1), not part of the load
        probe.begin("10k load")
        session.start()
        session.buildRestAfterFirstRows()
        await until(lambda: bool(loaded) and window.model.rowCount() == streams and not window.model.isFilling()
                    and session.journal_ui is not None)
        await settle()
        probe.end()

        rng = random.Random(11)
        changed = rng.sample(store.ids(), streams // 100)

        await sim.edit_titles(changed)
        probe.begin("refresh, 1 % changed")
        session.streams.refresh()
        await until(lambda: len(loaded) == 2)
        await settle()
        probe.end()

        header = window.table.horizontalHeader()
        for name, action in [
            ("search keystroke", lambda: window.search.setText("c")),
            ("search keystroke 2", lambda: window.search.setText("ch")),
            ("search cleared", lambda: window.search.setText("")),
            ("filter change", lambda: window.filter_combo.setCurrentIndex(1)),
            ("filter back to all", lambda: window.filter_combo.setCurrentIndex(0)),
            # What a header click does: set the indicator; the view asks the model to sort.
            ("header sort (title)", lambda: header.setSortIndicator(Column.TITLE, Qt.SortOrder.AscendingOrder)),
            ("header sort (title, reversed)",
             lambda: header.setSortIndicator(Column.TITLE, Qt.SortOrder.DescendingOrder)),
            ("header sort (status)", lambda: header.setSortIndicator(Column.STATUS, Qt.SortOrder.AscendingOrder)),
            ("per-second tick", window._tick),
        ]:
            probe.begin(name)
            action()
            await settle()
            probe.end()

        await session.webhooks.start("127.0.0.1", 0)
        receiver = session.webhooks.receiver
        receiver.set_secrets(SECRET)
        targets = rng.sample(store.ids(), 1000)

        probe.begin("1,000 webhook deliveries")
        delivered = await sim.deliver(receiver.local_base, receiver.path, SECRET, targets)
        assert delivered == len(targets), f"{delivered} of {len(targets)} deliveries accepted"
        await receiver.drain()
        await settle()
        probe.end()
        assert sum(1 for i in targets if (a := store.asset(i)) and a.title.startswith("webhook ")) == 1000
    finally:
        await session.aclose()
        window.close()


def report(probe: GapProbe) -> tuple[float, float]:
    print(f"P3 loop-gap probe ({INTERVAL_S * 1000:.0f} ms timer): block beyond the interval, ms")
    print(f"  {'scenario':28} {'wall max':>9} {'cpu max':>8} {'cpu p99':>8} {'gaps':>6}")
    every: list[float] = []
    for name, gaps in probe.gaps.items():
        cpu = sorted(c for _, c in gaps) or [0.0]
        every.extend(cpu)
        wall = max((w for w, _ in gaps), default=0.0)
        print(f"  {name:28} {wall * 1e3:9.1f} {cpu[-1] * 1e3:8.1f} {percentile(cpu, 99) * 1e3:8.1f} {len(gaps):6}")
    every.sort()
    return max(every, default=0.0) * 1e3, percentile(every, 99) * 1e3


def percentile(ordered: list[float], pct: float) -> float:
    if not ordered:
        return 0.0
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(pct) - 1]


def measure_p3(streams: int = 10_000, *, sim_in_thread: bool = False) -> tuple[float, float]:
    import qasync
    from PySide6.QtWidgets import QApplication

    from tpsdesk.services import collector

    collector.hold_during_start()  # as the app's main(): the window's completion ends it (services/collector.py)
    app = QApplication.instance() or QApplication(["p3"])
    sim = SimThread(streams) if sim_in_thread else SimProcess(streams)
    probe = GapProbe()
    try:
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            runner.run(scenarios(streams, probe, sim))
    finally:
        sim.stop()
        collector.end_start_hold(freeze=False)  # the session's rest ends it; a failed run may not get there
    return report(probe)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--streams", type=int, default=10_000)
    parser.add_argument("--sim-in-thread", action="store_true",
                        help="the simulator and the webhook sender on a thread of this process, as before")
    args = parser.parse_args()
    worst, p99 = measure_p3(args.streams, sim_in_thread=args.sim_in_thread)
    print(f"P3 max {worst:.0f} ms p99 {p99:.0f} ms")
