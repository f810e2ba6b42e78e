"""A list page that fails transiently is tried again, bounded, with the attempt shown (issue 10, item 10)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, make_demo
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import NotFoundError, RequestTimeout, ServerError
from tpsdesk.httpapi.retry import PAGE_ATTEMPTS, RetryNotice
from tpsdesk.sim import SimConfig, SimServer

ORG, TOKEN = "retry-org", "retry-token"


def sim_config() -> SimConfig:
    return SimConfig(stream_count=30, org_id=ORG, token=TOKEN, seed=4, lifecycle=False, random_disconnects=False,
                     quirks=False, default_page_size=10, max_page_size=10)


def listing_with(arm: dict[str, object], *, timeout: float = 5.0) -> tuple[object, list[RetryNotice], int]:
    async def main() -> tuple[object, list[RetryNotice], int]:
        async with SimServer(sim_config()) as sim:
            sim.fault_next(**arm)  # type: ignore[arg-type]
            client = TPStreamsClient(sim.base_url, ORG, TOKEN, timeout=timeout, page_backoff_s=(0.05, 0.1))
            notices: list[RetryNotice] = []
            try:
                result: object = await client.list_live_streams(page_size=10, on_retry=notices.append)
            except Exception as exc:
                result = exc
            finally:
                await client.aclose()
            gets = sum(1 for r in sim.requests if r.path.endswith("/live_streams/"))
            return result, notices, gets

    return asyncio.run(main())


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_first_page_failing_twice_loads_on_the_third_attempt(status: int) -> None:
    result, notices, gets = listing_with(dict(method="GET", path_contains="live_streams", status=status, times=2))
    assert not isinstance(result, Exception), result
    assert len(result.assets) == 30  # type: ignore[attr-defined]
    assert [(n.page, n.attempt, n.attempts) for n in notices] == [(1, 2, 3), (1, 3, 3)]
    assert notices[0].text == "Loading… retrying page 1 (attempt 2 of 3)"
    assert gets == 3 + 2  # three tries of page 1, then pages 2 and 3


def test_the_retries_are_bounded_and_the_last_error_is_reported() -> None:
    result, notices, gets = listing_with(dict(method="GET", path_contains="live_streams", status=502, times=5))
    assert isinstance(result, ServerError) and len(notices) == PAGE_ATTEMPTS - 1 and gets == PAGE_ATTEMPTS


def test_a_time_out_is_retried_too() -> None:
    result, notices, _ = listing_with(dict(method="GET", path_contains="live_streams", status=200, body="{}",
                                           delay_s=2.0, times=1), timeout=0.3)
    assert not isinstance(result, Exception) and [n.reason for n in notices] == [RequestTimeout.__name__]


def test_a_dropped_connection_is_retried() -> None:
    async def main() -> None:
        # A server that closes the first connection without answering, then behaves.
        async with SimServer(sim_config()) as sim:
            dropped = 0

            async def proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
                nonlocal dropped
                if dropped == 0:
                    dropped += 1
                    await reader.read(1024)
                    writer.transport.abort()
                    return
                up_r, up_w = await asyncio.open_connection("127.0.0.1", int(sim.base_url.rsplit(":", 1)[1]))

                async def pump(a: asyncio.StreamReader, b: asyncio.StreamWriter) -> None:
                    while data := await a.read(65536):
                        b.write(data)
                        await b.drain()
                    b.close()

                await asyncio.gather(pump(reader, up_w), pump(up_r, writer), return_exceptions=True)

            server = await asyncio.start_server(proxy, "127.0.0.1", 0)
            port = server.sockets[0].getsockname()[1]
            client = TPStreamsClient(f"http://127.0.0.1:{port}", ORG, TOKEN, page_backoff_s=(0.05,))
            notices: list[RetryNotice] = []
            listing = await client.list_live_streams(page_size=10, on_retry=notices.append)
            assert len(listing.assets) == 30 and len(notices) == 1 and dropped == 1
            await client.aclose()
            server.close()

    asyncio.run(main())


def test_what_is_not_transient_is_not_retried() -> None:
    started = time.monotonic()
    result, notices, gets = listing_with(dict(method="GET", path_contains="live_streams", status=404,
                                              body={"detail": "Not found."}, times=3))
    assert isinstance(result, NotFoundError) and notices == [] and gets == 1
    assert time.monotonic() - started < 5


@pytest.fixture
def flaky_demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    def arm(sim: SimServer) -> None:
        sim.fault_next(method="GET", path_contains="live_streams", status=503, times=1)

    yield from make_demo(qtbot, arm=arm)


def test_the_window_shows_the_attempt_and_loads_without_waiting_for_the_auto_refresh(flaky_demo: Demo) -> None:
    window = flaky_demo.session.window
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    flaky_demo.qtbot.waitUntil(lambda: window.model.rowCount() == 30, timeout=10_000)
    assert "Loading… retrying page 1 (attempt 2 of 3)" in shown


@pytest.fixture
def hostile_demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    def arm(sim: SimServer) -> None:
        sim.fault_next(method="GET", path_contains="live_streams", status=503, times=PAGE_ATTEMPTS,
                       body={"detail": "<b>down</b><img src='file:///etc/passwd'>"})

    yield from make_demo(qtbot, arm=arm)


def test_the_servers_words_in_the_error_page_are_text_not_markup(hostile_demo: Demo) -> None:
    window = hostile_demo.session.window
    hostile_demo.qtbot.waitUntil(lambda: "Could not load the streams" in window.state_text(), timeout=10_000)
    assert "&lt;b&gt;down&lt;/b&gt;&lt;img" in window.state_text() and "<img" not in window.state_text()
