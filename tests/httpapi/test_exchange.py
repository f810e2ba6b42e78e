"""The client tells listeners whether the server answered and what its clock said (no httpx leaks)."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import NetworkError, NotFoundError
from tpsdesk.httpapi.exchange import Exchange, parse_http_date
from tpsdesk.httpapi.retry import PAGE_ATTEMPTS
from tpsdesk.sim import SimConfig, SimServer


def test_listeners_hear_answers_with_the_server_clock_and_silence_when_it_is_gone() -> None:
    async def main() -> list[Exchange]:
        heard: list[Exchange] = []
        config = SimConfig(stream_count=3, org_id="o", token="t", lifecycle=False, random_disconnects=False)
        async with SimServer(config) as sim:
            client = TPStreamsClient(sim.base_url, "o", "t", timeout=3.0, page_backoff_s=(0.01,))
            client.add_exchange_listener(heard.append)
            try:
                await client.list_live_streams()
                with contextlib.suppress(NotFoundError):
                    await client.get_asset("no-such-asset")  # a 404 is an answer too
                await sim.go_away()
                try:
                    await client.list_live_streams()
                except NetworkError:
                    pass
                else:
                    raise AssertionError("a gone server answered")
            finally:
                await client.aclose()
        return heard

    heard = asyncio.run(main())
    assert [e.answered for e in heard] == [True, True] + [False] * PAGE_ATTEMPTS  # a list page is retried
    now = datetime.now(UTC)
    assert heard[0].server_date is not None and abs(heard[0].server_date - now) < timedelta(seconds=30)
    assert heard[2].server_date is None


def test_http_dates_parse_as_utc() -> None:
    assert parse_http_date("Mon, 30 Nov 2026 01:22:03 GMT") == datetime(2026, 11, 30, 1, 22, 3, tzinfo=UTC)
    assert parse_http_date("Mon, 30 Nov 2026 06:52:03 +0530") == datetime(2026, 11, 30, 1, 22, 3, tzinfo=UTC)
    assert parse_http_date(None) is None
    assert parse_http_date("yesterday") is None


@given(st.text(max_size=60))
def test_any_date_header_is_read_or_ignored_never_raises(value: str) -> None:
    parsed = parse_http_date(value)
    assert parsed is None or parsed.tzinfo is not None
