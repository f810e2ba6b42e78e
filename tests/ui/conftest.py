"""A real session (client, store, services, window) against a real simulator on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import pytest
from pytestqt.qtbot import QtBot

from tpsdesk.config import AppConfig
from tpsdesk.session import Session
from tpsdesk.sim import SimConfig, SimServer
from tpsdesk.status.store import utc_now

T = TypeVar("T")
ORG = "ui-test-org"
TOKEN = "ui-test-token"


def run(qtbot: QtBot, coro: Coroutine[Any, Any, T], timeout_ms: int = 10_000) -> T:
    """Drive a coroutine on the qasync loop while qtbot spins Qt's loop."""
    future = asyncio.ensure_future(coro)
    qtbot.waitUntil(future.done, timeout=timeout_ms)
    return future.result()


@dataclass
class Demo:
    session: Session
    sim: SimServer
    qtbot: QtBot

    def run(self, coro: Coroutine[Any, Any, T], timeout_ms: int = 10_000) -> T:
        return run(self.qtbot, coro, timeout_ms)


def make_demo(qtbot: QtBot, arm: Callable[[SimServer], None] | None = None,
              clock: Callable[[], datetime] = utc_now, **sim_options: Any) -> Iterator[Demo]:
    options: dict[str, Any] = dict(stream_count=30, org_id=ORG, token=TOKEN, seed=3, lifecycle=True,
                                   stop_to_recording_s=0.3, recording_to_completed_s=0.6,
                                   not_started_to_streaming_s=3600.0, random_disconnects=False,
                                   quirks=False)
    options.update(sim_options)
    sim = SimServer(SimConfig(**options))
    run(qtbot, sim.start(host="127.0.0.1", port=0))
    config = AppConfig(demo=True, base_url=sim.base_url, org_id=ORG, token=TOKEN,
                       refresh_interval_s=0, poll_interval_s=0.2)
    session = Session(config, base_url=sim.base_url, request_timeout_s=3.0, clock=clock)
    qtbot.addWidget(session.window)
    session.window.show()
    if arm is not None:
        arm(sim)
    session.start()
    try:
        yield Demo(session, sim, qtbot)
    finally:
        run(qtbot, session.aclose())
        run(qtbot, sim.stop())


@pytest.fixture
def demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from make_demo(qtbot)
