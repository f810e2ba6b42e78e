"""Shared test set-up: offscreen Qt and a qasync loop that qtbot drives.

pytest-qt does not run asyncio (pytest-qt#448). The ``qloop`` fixture
installs a qasync loop on the test QApplication with ``already_running=True``
so that while ``qtbot.waitUntil``/``waitSignal`` spin Qt's event loop, asyncio
callbacks (httpx, aiohttp, our services) progress too. Sync tests wait with
qtbot; nothing here sleeps.
"""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import settings
from pytestqt.qtbot import QtBot

from tests.support.memkeyring import MemoryKeyring, installed
from tests.support.qt import Demo, make_demo
from tpsdesk.services import collector

# No per-example deadline: four workers on two cores make timings meaningless (and timings are
# bench/'s business). On CI the examples are derandomized, so a run is repeatable.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture
def qloop(qapp: object) -> Iterator[asyncio.AbstractEventLoop]:
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    # The loop's worker threads (run_in_executor) are this test's: joined at its end, so none
    # is still running when the interpreter exits ("QThread: Destroyed while thread is still running").
    executor = qasync.QThreadExecutor(2)
    loop.set_default_executor(executor)
    try:
        yield loop
    finally:
        executor.shutdown(wait=True)
        # Cancel whatever a test left behind so nothing leaks into the next one.
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        asyncio.set_event_loop(None)
        # already_running=True marked the loop as running; unmark it so that a later
        # test's asyncio.run() does not see a "running loop" (test order must not matter).
        asyncio.events._set_running_loop(None)


@pytest.fixture
def demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    """A real session and window against a simulator (see tests/support/qt.py)."""
    yield from make_demo(qtbot)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The in-memory "OS keychain" installed as keyring's backend for the test."""
    with installed(MemoryKeyring()) as backend:
        assert isinstance(backend, MemoryKeyring)
        yield backend


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """Whatever a test does to the garbage collector (the start's hold, freezing), the suite's
    process collects as before afterwards."""
    try:
        yield
    finally:
        collector.end_start_hold(freeze=False)
        gc.enable()
        gc.unfreeze()
