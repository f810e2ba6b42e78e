"""The receiver under hostile input and floods, over real loopback sockets (issue 10)."""

from __future__ import annotations

import asyncio
import json
import logging
import time

import httpx
import pytest

from tests.receiver.test_receiver import run
from tests.support.deliveries import SECRET, body, payload
from tpsdesk.domain.models import Asset
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.receiver import WebhookReceiver
from tpsdesk.services.webhook_service import WebhookService
from tpsdesk.sim import SimConfig, SimServer
from tpsdesk.status.store import StatusStore


def no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    assert [r for r in caplog.records if r.exc_info] == []
    assert "Traceback" not in caplog.text


def test_deep_nesting_and_wrong_shapes_are_400_and_nothing_is_applied(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    async def scenario(receiver: WebhookReceiver, client: httpx.AsyncClient, applied: list[Asset]) -> None:
        deep = b"[" * 100_000 + b"]" * 100_000  # 200 KB: under the size cap
        r = await client.post(receiver.path, content=deep)
        assert r.status_code == 400 and "deep" in r.text
        for bad in ({**payload(), "live_stream": {}}, {**payload(), "live_stream": {"status": 5}}):
            assert (await client.post(receiver.path, content=json.dumps(bad).encode())).status_code == 400
        assert (await client.post(receiver.path, content=body("fine"))).status_code == 204
        await receiver.drain()
        assert [a.id for a in applied] == ["fine"] and receiver.stats.malformed == 3

    run(scenario)
    no_tracebacks(caplog)


async def raw_exchange(port: int, data: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(4096), 5)
    writer.close()
    return answer


@pytest.mark.parametrize("request_bytes", [
    b"NOT HTTP AT ALL\r\n\r\n",
    b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n",
    b"POST /x HTTP/1.1\r\nHost: a\r\nX-Long: " + b"a" * 20_000 + b"\r\n\r\n",
    b"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    b"GET /\x00\x01 HTTP/1.1\r\n\r\n",
    b"POST /x HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n",
], ids=["not-http", "bad-length", "header-too-long", "bad-chunk", "control-chars", "no-colon"])
def test_malformed_http_is_answered_with_one_line_no_traceback(request_bytes: bytes,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    async def scenario(receiver: WebhookReceiver, client: httpx.AsyncClient, applied: list[Asset]) -> None:
        answer = await raw_exchange(receiver.port, request_bytes.replace(b"/x", receiver.path.encode()))
        assert answer.split(b" ")[1][:1] == b"4", answer[:80]  # 400, 413 or 431: never a 500
        assert (await client.post(receiver.path, content=body("after"))).status_code == 204

    run(scenario)
    no_tracebacks(caplog)
    assert all("\n" not in r.getMessage() for r in caplog.records)


def test_a_forged_log_line_in_an_asset_id_is_escaped(qapp: object, caplog: pytest.LogCaptureFixture) -> None:
    """An id carrying a line break and a fake record, sent with the valid secret."""
    caplog.set_level(logging.DEBUG)
    forged = "x1\n2026-11-30 01:00:00,000 INFO tpsdesk: forged record\r\x1b[2K"

    async def main() -> WebhookService:
        service = WebhookService(TPStreamsClient("http://127.0.0.1:9", "o", "t"), StatusStore())
        await service.start()
        service.receiver.set_secrets(SECRET)
        async with httpx.AsyncClient(base_url=service.receiver.local_base) as client:
            r = await client.post(service.receiver.path, content=json.dumps(payload(forged)).encode(),
                                  headers={"x-streams-token": SECRET})
            assert r.status_code == 400  # an id with control characters is refused where it is read
            await service.receiver.drain()
            # Refusals log the sender's words too (a header value, an error text): one line each.
            await client.post(service.receiver.path, content=b"{", headers={"x-streams-token": "\x1b[31m"})
        await service.aclose()
        await service._client.aclose()
        return service

    service = asyncio.run(main())
    assert list(service.unknown_ids) == []  # nothing of it was applied
    lines = caplog.text.splitlines()
    assert not any(line.startswith("2026-11-30") or ("forged record" in line and "\\n" not in line)
                   for line in lines)
    assert any("control or invisible characters" in r.getMessage() for r in caplog.records)
    assert all("\n" not in r.getMessage() and "\x1b" not in r.getMessage() for r in caplog.records)


def test_idle_connections_past_the_cap_do_not_starve_deliveries_or_the_apps_own_requests() -> None:
    """60 half-open sockets against a cap of 20: deliveries and the app's client still work; then recovery."""

    async def main() -> None:
        applied: list[Asset] = []
        receiver = WebhookReceiver(applied.append, max_connections=20, header_timeout_s=30.0)
        receiver.set_secrets(SECRET)
        await receiver.start("127.0.0.1", 0)
        async with SimServer(SimConfig(org_id="o", token="t", stream_count=3, lifecycle=False,
                                       random_disconnects=False, quirks=False)) as sim:
            api = TPStreamsClient(sim.base_url, "o", "t", timeout=5.0)
            idle = [await asyncio.open_connection("127.0.0.1", receiver.port) for _ in range(60)]
            idle[-1][1].write(b"POST " + receiver.path.encode() + b" HTTP/1.1\r\nHost: a\r\n")  # never finished
            await asyncio.sleep(0)  # the loop accepts them
            assert receiver.guard.open_count <= 21
            async with httpx.AsyncClient(base_url=receiver.local_base, timeout=5.0,
                                         headers={"x-streams-token": SECRET}) as client:
                for i in range(10):
                    assert (await client.post(receiver.path, content=body(f"d{i}"))).status_code == 204
                    assert len((await api.list_live_streams()).assets) == 3  # the app's own requests
            await receiver.drain()
            assert [a.id for a in applied] == [f"d{i}" for i in range(10)]
            assert receiver.guard.open_count <= 20 and receiver.guard.evicted >= 40
            async def closed_by_receiver(reader: asyncio.StreamReader) -> bool:
                try:
                    return await asyncio.wait_for(reader.read(), 0.5) == b""
                except ConnectionError:
                    return True
                except TimeoutError:
                    return False

            closed = sum(await asyncio.gather(*(closed_by_receiver(r) for r, _w in idle)))
            assert closed >= 40  # the oldest idle ones were closed by the receiver
            for _reader, writer in idle:
                writer.close()
            # Recovery: once the flood ends the receiver is back to normal on its own.
            deadline = time.monotonic() + 5
            while receiver.guard.open_count > 1 and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            async with httpx.AsyncClient(base_url=receiver.local_base, timeout=5.0,
                                         headers={"x-streams-token": SECRET}) as client:
                assert (await client.post(receiver.path, content=body("later"))).status_code == 204
            await api.aclose()
        await receiver.stop()

    asyncio.run(main())


def test_connections_that_send_nothing_or_a_slow_body_are_closed_in_time() -> None:
    async def main() -> None:
        receiver = WebhookReceiver(lambda a: None, header_timeout_s=0.3, body_timeout_s=0.3)
        receiver.set_secrets(SECRET)
        await receiver.start("127.0.0.1", 0)
        silent_reader, silent = await asyncio.open_connection("127.0.0.1", receiver.port)
        partial_reader, partial = await asyncio.open_connection("127.0.0.1", receiver.port)
        partial.write(b"POST " + receiver.path.encode() + b" HTTP/1.1\r\nHost: a\r\n")
        slow_reader, slow = await asyncio.open_connection("127.0.0.1", receiver.port)
        slow.write(b"POST " + receiver.path.encode() + b" HTTP/1.1\r\nHost: a\r\nx-streams-token: "
                   + SECRET.encode() + b"\r\nContent-Length: 500\r\n\r\n{")
        assert await asyncio.wait_for(silent_reader.read(), 3) == b""
        assert await asyncio.wait_for(partial_reader.read(), 3) == b""
        assert (await asyncio.wait_for(slow_reader.read(), 3)).startswith(b"HTTP/1.1 408")
        for w in (silent, partial, slow):
            w.close()
        await receiver.stop()

    asyncio.run(main())
