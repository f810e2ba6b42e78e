"""The ``world`` fixture: a simulator, an in-memory keychain and controllers closed at the end."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from pytestqt.qtbot import QtBot

from tests.support.accounts import ORG, World
from tests.support.memkeyring import MemoryKeyring, installed
from tests.support.qt import run
from tpsdesk.sim import SimConfig, SimServer


@pytest.fixture
def world(qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[World]:
    # Keychain calls run in the loop's default executor: qasync's QThreadExecutor, as in the app.
    # The test loop is never closed, so this one is shut down here (no QThread outlives the test).
    executor = qasync.QThreadExecutor(2)
    qloop.set_default_executor(executor)
    sim = SimServer(SimConfig(stream_count=12, org_id=ORG, token="seed-token", seed=5, lifecycle=False,
                              random_disconnects=False, quirks=False))
    run(qtbot, sim.start(host="127.0.0.1", port=0))
    with installed(MemoryKeyring()) as keychain:
        assert isinstance(keychain, MemoryKeyring)
        w = World(qtbot, sim, keychain, tmp_path / "tpsdesk.ini", [])
        try:
            yield w
        finally:
            for controller in w.controllers:
                run(qtbot, controller.aclose())
            run(qtbot, sim.stop())
            executor.shutdown()
