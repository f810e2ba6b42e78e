"""Shared helpers for the simulator tests (plain functions: no pytest-asyncio)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from tpsdesk.sim import SimConfig, SimServer

ORG = "demo-org"
TOKEN = "demo-token"
AUTH = {"Authorization": f"Token {TOKEN}"}
T0 = 1_760_000_000.0  # 2025-10-09, a fixed "now" for clock-pinned tests

Scenario = Callable[[SimServer, httpx.AsyncClient], Awaitable[None]]


class FakeClock:
    """A wall clock the test moves by hand."""

    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def quiet_config(**overrides: Any) -> SimConfig:
    """A still world: no clock, no random flips, no quirks, unless asked for."""
    base: dict[str, Any] = {"lifecycle": False, "random_disconnects": False, "quirks": False}
    base.update(overrides)
    return SimConfig(**base)


def run(scenario: Scenario, **overrides: Any) -> None:
    async def main() -> None:
        async with (
            SimServer(quiet_config(**overrides)) as sim,
            httpx.AsyncClient(base_url=sim.base_url, headers=AUTH, timeout=5.0) as client,
        ):
            await scenario(sim, client)

    asyncio.run(main())


def assets_url(suffix: str = "") -> str:
    return f"/api/v1/{ORG}/assets/{suffix}"


def naive_in(epoch: float, tz: str = "Asia/Kolkata") -> str:
    return datetime.fromtimestamp(epoch, ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M:%S")


async def live_stream_started(sim: SimServer, client: httpx.AsyncClient, clock: FakeClock, ago_s: int) -> str:
    """Create a stream whose ``start`` is ``ago_s`` before now, and make it Streaming."""
    r = await client.post(assets_url("live_streams/"), json={
        "title": "Trim test", "start": naive_in(clock.now - ago_s),
    })
    assert r.status_code == 201, r.text
    asset_id: str = r.json()["id"]
    sim.set_status(asset_id, "Streaming")
    return asset_id


async def wait_for(predicate: Callable[[], bool], timeout: float = 3.0) -> None:
    """Poll a condition with tiny awaits (the thing waited for runs on the same loop)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.005)
