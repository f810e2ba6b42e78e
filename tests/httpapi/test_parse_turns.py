"""Listing pages that arrive together are parsed one slice per event-loop turn (issue 11, P3).

The client fetches four pages at a time; parsed as they came, their slices (~2 ms each) ran in
the same turn and held the window's loop ~8 ms."""

from __future__ import annotations

import asyncio
from collections import defaultdict

import pytest

from tpsdesk.domain.models import AssetPageReader
from tpsdesk.httpapi import client as client_module
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.sim import SimConfig, SimServer

ORG, TOKEN = "parse-org", "parse-token"


def test_pages_fetched_together_are_parsed_one_slice_per_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    turn = [0]
    slices: dict[int, set[int]] = defaultdict(set)  # turn -> the pages (readers) that parsed in it

    class Recorded(AssetPageReader):
        def __init__(self, data: object) -> None:
            slices[turn[0]].add(id(self))
            super().__init__(data)

        def read(self, count: int | None = None) -> bool:
            slices[turn[0]].add(id(self))
            return super().read(count)

    monkeypatch.setattr(client_module, "AssetPageReader", Recorded)

    async def main() -> int:
        loop = asyncio.get_running_loop()

        def tick() -> None:  # once per turn of the loop
            turn[0] += 1
            loop.call_soon(tick)

        loop.call_soon(tick)
        config = SimConfig(stream_count=2000, org_id=ORG, token=TOKEN, seed=5, lifecycle=False,
                           random_disconnects=False, quirks=False)
        async with SimServer(config) as sim:
            client = TPStreamsClient(sim.base_url, ORG, TOKEN)
            try:
                listing = await client.list_live_streams(page_size=100, concurrency=4)
            finally:
                await client.aclose()
        return len(listing.assets)

    assert asyncio.run(main()) == 2000
    pages_per_turn = [len(readers) for readers in slices.values()]
    assert len(slices) > 20 and max(pages_per_turn) == 1


def test_one_slice_per_turn_whoever_is_ready_and_every_slice_runs() -> None:
    from tpsdesk.httpapi.turns import OnePerTurn

    async def main() -> tuple[list[tuple[int, str]], int]:
        loop = asyncio.get_running_loop()
        gate, turn, log = OnePerTurn(), [0], []

        def tick() -> None:
            turn[0] += 1
            loop.call_soon(tick)

        loop.call_soon(tick)

        async def work(name: str) -> None:
            for n in range(3):
                async with gate.turn():
                    log.append((turn[0], f"{name}{n}"))
                await asyncio.sleep(0)

        await asyncio.gather(work("a"), work("b"), work("c"))
        return log, turn[0]

    log, _ = asyncio.run(main())
    assert sorted(name for _, name in log) == [f"{w}{n}" for w in "abc" for n in range(3)]
    turns = [t for t, _ in log]
    assert len(set(turns)) == len(turns)  # never two slices in one turn
