"""A long queue of deliveries is applied in short turns: the loop (and Qt's painting) runs in between."""

from __future__ import annotations

import asyncio
import time

from tests.support.deliveries import payload
from tpsdesk.domain.models import Asset, parse_asset
from tpsdesk.receiver import WebhookReceiver


def test_a_long_queue_is_applied_in_turns_that_let_the_loop_run() -> None:
    async def scenario() -> tuple[int, int]:
        applied: list[str] = []

        def slow_apply(asset: Asset) -> None:  # ~1 ms each, like a store with 10,000 streams on screen
            end = time.perf_counter() + 0.001
            while time.perf_counter() < end:
                pass
            applied.append(asset.id)

        receiver = WebhookReceiver(slow_apply)
        for i in range(60):
            receiver._queue.put_nowait(parse_asset(payload(f"a{i}")))
        turns = 0

        async def other_work() -> None:
            nonlocal turns
            while len(applied) < 60:
                turns += 1
                await asyncio.sleep(0)

        worker = asyncio.ensure_future(receiver._work())
        await asyncio.wait_for(asyncio.gather(receiver.drain(), other_work()), 10)
        worker.cancel()
        return len(applied), turns

    applied, turns = asyncio.run(scenario())
    assert applied == 60
    assert turns >= 5  # 60 ms of work in turns of ~3 ms: the rest of the app ran in between
