"""The receiver under good and bad input, over real loopback HTTP (no Qt)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable

import httpx

from tests.support.deliveries import SECRET, body, payload
from tpsdesk.domain.models import Asset
from tpsdesk.receiver import WebhookReceiver

Scenario = Callable[[WebhookReceiver, httpx.AsyncClient, list[Asset]], Awaitable[None]]


def run(scenario: Scenario, **options: object) -> None:
    async def main() -> None:
        applied: list[Asset] = []
        receiver = WebhookReceiver(applied.append, **options)  # type: ignore[arg-type]
        receiver.set_secrets(SECRET)
        url = await receiver.start("127.0.0.1", 0)
        try:
            async with httpx.AsyncClient(base_url=url.removesuffix(receiver.path), timeout=5.0) as client:
                client.headers["x-streams-token"] = SECRET
                await scenario(receiver, client, applied)
        finally:
            await receiver.stop()

    asyncio.run(main())


def test_loopback_by_default_and_an_unguessable_path() -> None:
    async def scenario(receiver: WebhookReceiver, client: httpx.AsyncClient, applied: list[Asset]) -> None:
        assert receiver.host == "127.0.0.1"
        assert receiver.path.startswith("/tpsdesk/hooks/") and len(receiver.path) > len("/tpsdesk/hooks/") + 30
        assert (await client.post("/tpsdesk/hooks/guess", content=body())).status_code == 404
        r = await client.post(receiver.path, content=body())
        assert r.status_code == 204 and r.content == b""
        await receiver.drain()
        assert [a.id for a in applied] == ["a1"]

    run(scenario)
    other = WebhookReceiver(lambda a: None)
    assert other.path != WebhookReceiver(lambda a: None).path


def test_bad_input_is_refused_and_nothing_of_it_applied() -> None:
    async def scenario(receiver: WebhookReceiver, client: httpx.AsyncClient, applied: list[Asset]) -> None:
        path = receiver.path
        assert (await client.post(path, content=body(), headers={"x-streams-token": "wrong"})).status_code == 401
        del client.headers["x-streams-token"]
        assert (await client.post(path, content=body())).status_code == 401  # missing
        client.headers["x-streams-token"] = SECRET
        huge = json.dumps(payload(extra="x" * 300_000)).encode()
        assert (await client.post(path, content=huge)).status_code == 413

        async def chunks() -> object:  # no Content-Length: the cap still holds while reading
            for _ in range(40):
                yield b"x" * 10_000

        assert (await client.post(path, content=chunks())).status_code == 413
        assert (await client.post(path, content=b"{not json")).status_code == 400
        assert (await client.post(path, content=b'{"id": "a1"}')).status_code == 400  # no live_stream
        # ... and it keeps working.
        assert (await client.post(path, content=body("ok"))).status_code == 204
        await receiver.drain()
        assert [a.id for a in applied] == ["ok"]
        s = receiver.stats
        assert (s.unauthorized, s.too_large, s.malformed, s.accepted) == (2, 2, 2, 1)

    run(scenario, max_body=256 * 1024)


def test_a_flood_of_1000_deliveries_loses_nothing_valid_and_applies_nothing_invalid() -> None:
    async def scenario(receiver: WebhookReceiver, client: httpx.AsyncClient, applied: list[Asset]) -> None:
        gate = asyncio.Semaphore(20)  # bounded concurrency: a flood, not a self-DoS of the test

        async def send(i: int) -> int:
            good = i % 4 != 0
            async with gate:
                r = await client.post(receiver.path, content=body(f"s{i}", "Recording", 2),
                                      headers=None if good else {"x-streams-token": "nope"})
                return r.status_code

        codes = await asyncio.gather(*(send(i) for i in range(1000)))
        await receiver.drain()
        assert codes.count(204) == 750 and codes.count(401) == 250
        assert sorted(int(a.id[1:]) for a in applied) == [i for i in range(1000) if i % 4 != 0]
        assert (await client.post(receiver.path, content=body("after"))).status_code == 204

    run(scenario)


def test_a_full_queue_answers_503_rather_than_growing() -> None:
    async def scenario(receiver: WebhookReceiver, client: httpx.AsyncClient, applied: list[Asset]) -> None:
        receiver._worker.cancel()  # type: ignore[union-attr]  # nothing drains: the queue fills
        codes = [(await client.post(receiver.path, content=body(f"q{i}"))).status_code for i in range(4)]
        assert codes == [204, 204, 503, 503] and receiver.stats.overloaded == 2

    run(scenario, queue_size=2)


def _open_fds() -> int:
    import os

    return len(os.listdir("/proc/self/fd"))


def test_a_start_cancelled_at_any_point_leaves_no_listening_socket_behind() -> None:
    """Closing the window while the receiver starts cancels start(); asyncio's create_server loses its
    listening socket if cancelled on its last step, so start() must finish that step and clean up."""
    import os

    if not os.path.isdir("/proc/self/fd"):
        import pytest

        pytest.skip("needs /proc")

    async def main() -> None:
        baseline = _open_fds()
        for steps in range(12):  # cancel after 0, 1, 2 … turns of the loop: every await inside start()
            receiver = WebhookReceiver(lambda asset: None)
            task = asyncio.get_running_loop().create_task(receiver.start())
            for _ in range(steps):
                await asyncio.sleep(0)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await receiver.stop()
            await asyncio.sleep(0)
            assert _open_fds() == baseline, f"a socket stayed open after cancelling start() at step {steps}"

    asyncio.run(main())
