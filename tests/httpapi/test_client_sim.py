"""The real httpx client against the real simulator over loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest

from tpsdesk.domain.models import StatusKind
from tpsdesk.domain.trim import Trim
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import (
    AuthError,
    NetworkError,
    NotFoundError,
    RequestTimeout,
    ServerError,
    ValidationError,
)
from tpsdesk.sim import SimConfig, SimServer

T = TypeVar("T")
TOKEN = "test-token"
ORG = "test-org"


def with_sim(scenario: Callable[[SimServer, TPStreamsClient], Awaitable[T]], **config: Any) -> T:
    async def main() -> T:
        settings: dict[str, Any] = dict(stream_count=45, org_id=ORG, token=TOKEN, seed=7, lifecycle=False,
                                        random_disconnects=False)
        settings.update(config)
        async with SimServer(SimConfig(**settings)) as sim:
            client = TPStreamsClient(sim.base_url, ORG, TOKEN, timeout=5.0)
            try:
                return await scenario(sim, client)
            finally:
                await client.aclose()

    return asyncio.run(main())


def test_lists_every_stream_across_several_pages() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        listing = await client.list_live_streams(page_size=10, concurrency=3)
        assert listing.count == 45
        assert len(listing.assets) == 45 and len({a.id for a in listing.assets}) == 45
        pages = [r for r in sim.requests if r.path.endswith("/assets/live_streams/")]
        assert len(pages) == 5
        assert all(r.headers.get("Authorization") == f"Token {TOKEN}" for r in pages)

    with_sim(scenario)


def test_server_capping_the_page_size_still_gets_everything() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        listing = await client.list_live_streams(page_size=100)
        assert len(listing.assets) == 45
        assert len([r for r in sim.requests if r.path.endswith("/live_streams/")]) == 5

    with_sim(scenario, max_page_size=10)


def test_malformed_items_are_reported_and_the_rest_kept() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        listing = await client.list_live_streams(page_size=20)
        assert len(listing.assets) + len(listing.problems) == 45
        assert 0 < len(listing.problems) < 45

    with_sim(scenario, malformed_every=5)


def test_quirky_statuses_parse() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        listing = await client.list_live_streams()
        kinds = {a.status.kind for a in listing.assets}
        assert StatusKind.STREAMING in kinds
        assert StatusKind.UNKNOWN not in kinds

    with_sim(scenario, quirks=True)


def test_get_asset_and_not_found() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        asset_id = sim.streaming_ids()[0]
        asset = await client.get_asset(asset_id)
        assert asset.id == asset_id and asset.status.kind is StatusKind.STREAMING
        with pytest.raises(NotFoundError):
            await client.get_asset("doesnotexist")

    with_sim(scenario)


def test_plain_stop_sends_no_trim_fields() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        asset_id = sim.streaming_ids()[0]
        result = await client.stop_live_stream(asset_id)
        assert result.message == "Live stream stopped successfully" and not result.trim_scheduled
        (request,) = sim.stop_requests(asset_id)
        assert request.raw_body == b""
        assert (await client.get_asset(asset_id)).status.kind is StatusKind.STOPPED

    with_sim(scenario)


def test_stop_with_trim_sends_exactly_the_seed_body() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        asset_id = next(i for i in sim.streaming_ids() if (sim.world.elapsed_of(i) or 0) > 200)
        result = await client.stop_live_stream(asset_id, Trim(30, 120))
        assert result.trim_scheduled
        (request,) = sim.stop_requests(asset_id)
        assert request.json == {"start_time": 30, "end_time": 120}

    with_sim(scenario)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start_time": 30}, None),
        ({"start_time": -1, "end_time": 20}, "start_time"),
        ({"start_time": "abc", "end_time": 20}, "start_time"),
        ({"start_time": 50, "end_time": 20}, None),
        ({"start_time": 10, "end_time": 10_000_000}, "end_time"),
        ({"start_time": 10, "end_time": 1_900_000_000}, None),
    ],
)
def test_every_trim_rejection_is_a_validation_error(body: dict[str, Any], field: str | None) -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        asset_id = sim.streaming_ids()[0]
        # Bypass local validation on purpose: this checks the server's answers and our mapping.
        response = await client._http.post(
            f"/api/v1/{ORG}/assets/{asset_id}/stop_live_stream/", json=body,
            headers={"Authorization": f"Token {TOKEN}"})
        assert response.status_code == 400
        from tpsdesk.httpapi.errors import error_from_response

        error = error_from_response(400, response.content, action="Stopping the stream")
        assert isinstance(error, ValidationError) and error.server_text
        if field:
            assert field in error.field_errors
        else:
            assert error.non_field_errors or error.field_errors
        assert (await client.get_asset(asset_id)).status.is_live  # still live after a refusal

    with_sim(scenario)


def test_a_refused_trim_through_the_client() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        asset_id = sim.streaming_ids()[0]
        with pytest.raises(ValidationError) as info:
            await client.stop_live_stream(asset_id, Trim(10, 10_000_000))
        assert "end_time" in info.value.field_errors
        assert "refused (400)" in info.value.message

    with_sim(scenario)


def test_401_for_a_bad_token() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        bad = TPStreamsClient(sim.base_url, ORG, "wrong-token")
        try:
            with pytest.raises(AuthError) as info:
                await bad.list_live_streams()
            assert info.value.status == 401 and "token" in info.value.message.lower()
            assert "wrong-token" not in info.value.message
        finally:
            await bad.aclose()

    with_sim(scenario)


def test_html_502_is_plain_words() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        sim.fault_next(method="GET", path_contains="live_streams", status=502,
                       body="<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>",
                       content_type="text/html", times=3)  # every attempt: a transient 502 is retried
        with pytest.raises(ServerError) as info:
            await client.list_live_streams()
        assert "502 Bad Gateway" in info.value.message and "<" not in info.value.message

    with_sim(scenario)


def test_stop_timeout_after_sending_is_flagged_maybe_applied() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        asset_id = sim.streaming_ids()[0]
        quick = TPStreamsClient(sim.base_url, ORG, TOKEN, timeout=0.3)
        try:
            sim.fault_next(method="POST", path_contains="stop_live_stream", status=200, body="{}",
                           content_type="application/json", delay_s=2.0, apply=True)
            with pytest.raises(RequestTimeout) as info:
                await quick.stop_live_stream(asset_id)
            assert info.value.maybe_applied
        finally:
            await quick.aclose()
        assert (await client.get_asset(asset_id)).status.kind is StatusKind.STOPPED
        assert len(sim.stop_requests(asset_id)) == 1

    with_sim(scenario)


def test_unreachable_server() -> None:
    async def main() -> None:
        client = TPStreamsClient("http://127.0.0.1:9", ORG, TOKEN, timeout=2.0)
        try:
            with pytest.raises(NetworkError):
                await client.list_live_streams()
        finally:
            await client.aclose()

    asyncio.run(main())


def test_http_refused_for_remote_hosts() -> None:
    with pytest.raises(ValueError, match="https"):
        TPStreamsClient("http://example.invalid", ORG, TOKEN)


def test_connection_dropped_after_sending_is_flagged_maybe_applied() -> None:
    """A server (or proxy) that reads the stop and hangs up: the outcome is unknown, not refused."""

    async def main() -> None:
        received: list[bytes] = []

        async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            received.append(await reader.readuntil(b"\r\n\r\n"))
            writer.close()

        server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        client = TPStreamsClient(f"http://127.0.0.1:{port}", ORG, TOKEN, timeout=3.0)
        try:
            with pytest.raises(NetworkError) as info:
                await client.stop_live_stream("abc")
            assert info.value.maybe_applied and not isinstance(info.value, RequestTimeout)
            assert received and received[0].startswith(b"POST /api/v1/test-org/assets/abc/stop_live_stream/")
        finally:
            await client.aclose()
            server.close()
            await server.wait_closed()

    asyncio.run(main())


def test_connection_refused_is_not_applied() -> None:
    async def main() -> None:
        client = TPStreamsClient("http://127.0.0.1:9", ORG, TOKEN, timeout=2.0)
        try:
            with pytest.raises(NetworkError) as info:
                await client.stop_live_stream("abc")
            assert not info.value.maybe_applied
        finally:
            await client.aclose()

    asyncio.run(main())


def test_rate_limited_pages_are_waited_out_not_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    import tpsdesk.httpapi.retry as client_module  # where the 429 wait lives

    monkeypatch.setattr(client_module, "DEFAULT_PAGE_WAIT_S", 0.05)

    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        sim.fault_next(method="GET", path_contains="live_streams", status=429,
                       body={"detail": "Request was throttled."}, times=2)
        listing = await client.list_live_streams(page_size=10)
        assert len(listing.assets) == 45

    with_sim(scenario)


def test_persistent_rate_limit_gives_up_with_a_plain_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import tpsdesk.httpapi.retry as client_module  # where the 429 wait lives
    from tpsdesk.httpapi.errors import RateLimitedError

    monkeypatch.setattr(client_module, "DEFAULT_PAGE_WAIT_S", 0.01)

    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        sim.fault_next(method="GET", path_contains="live_streams", status=429,
                       body={"detail": "Request was throttled."}, times=20)
        with pytest.raises(RateLimitedError) as info:
            await client.list_live_streams(page_size=10)
        assert "Too many requests (429)" in info.value.message

    with_sim(scenario)
