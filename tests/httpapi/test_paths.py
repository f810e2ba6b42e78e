"""Ids from the network become exactly one path segment (issue 10, hostile ids).

The path helper is pure: any text either becomes one segment that decodes back
to itself, or is refused. Against the real simulator, a stop for an id holding
``#``, ``?``, ``/`` or ``..`` reaches that asset's stop endpoint and no other
resource.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tpsdesk.domain.models import StatusKind
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import NotFoundError, RequestNotSent
from tpsdesk.httpapi.paths import UnsafeSegment, api_path, path_segment
from tpsdesk.sim import SimConfig, SimServer

TOKEN = "test-token"
ORG = "test-org"
HOSTILE_IDS = ["a#b", "x?y=1", "a/../../test-org-sandbox/assets/VICTIM", "..", ".", "a%2Fb", "é x", "a\\b", ";x"]


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_any_text_is_exactly_one_segment_or_refused(value: str) -> None:
    try:
        segment = path_segment(value)
    except UnsafeSegment:
        return
    assert "/" not in segment and "?" not in segment and "#" not in segment
    assert segment not in (".", "..")
    assert unquote(segment, errors="strict") == value
    # httpx keeps it one segment: no dot-segment removal, no query, no fragment.
    url = httpx.URL("http://127.0.0.1:1" + api_path("/api/v1/{}/assets/{}/stop_live_stream/", "org", value))
    parts = url.raw_path.decode("ascii").split("/")
    assert parts[:5] == ["", "api", "v1", "org", "assets"] and parts[6:] == ["stop_live_stream", ""]
    assert unquote(parts[5]) == value and not url.query and not url.fragment


@pytest.mark.parametrize("dots", [".", "..", "..."])
def test_dot_only_segments_are_encoded(dots: str) -> None:
    assert path_segment(dots) == "%2E" * len(dots)


def test_empty_and_unencodable_text_is_refused() -> None:
    for bad in ("", "\ud800"):
        with pytest.raises(UnsafeSegment):
            path_segment(bad)


def test_templates_must_match_their_segments() -> None:
    with pytest.raises(ValueError):
        api_path("/api/v1/{}/assets/{}/", "org")


def _with_sim(scenario: Any) -> Any:
    async def main() -> Any:
        config = SimConfig(stream_count=6, org_id=ORG, token=TOKEN, seed=7, lifecycle=False,
                           random_disconnects=False, quirks=False)
        async with SimServer(config) as sim:
            client = TPStreamsClient(sim.base_url, ORG, TOKEN, timeout=5.0)
            try:
                return await scenario(sim, client)
            finally:
                await client.aclose()

    return asyncio.run(main())


@pytest.mark.parametrize("hostile_id", HOSTILE_IDS)
def test_a_stop_for_a_hostile_id_reaches_exactly_that_asset(hostile_id: str) -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        live = sim.streaming_ids()
        victim, bystander = live[0], live[1]
        sim.rename_stream(victim, hostile_id)
        listing = await client.list_live_streams()
        assert hostile_id in {a.id for a in listing.assets}
        result = await client.stop_live_stream(hostile_id)
        assert result.message
        (stop,) = [r for r in sim.requests if r.method == "POST"]
        segments = urlsplit(stop.raw_path).path.split("/")
        assert segments[:4] == ["", "api", "v1", ORG] and segments[4] == "assets"
        assert unquote(segments[5]) == hostile_id and segments[6:] == ["stop_live_stream", ""]
        assert sim.stop_requests(hostile_id) == [stop]
        assert (await client.get_asset(hostile_id)).status.kind is StatusKind.STOPPED
        assert (await client.get_asset(bystander)).status.kind is StatusKind.STREAMING

    _with_sim(scenario)


def test_a_bad_org_id_is_one_segment_too() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        client.org_id = f"{ORG}/../{ORG}-sandbox"
        with pytest.raises(NotFoundError):  # not the sandbox's 403: the path never left this org's segment
            await client.list_live_streams()
        (listing,) = sim.requests
        assert unquote(urlsplit(listing.raw_path).path.split("/")[3]) == client.org_id

    _with_sim(scenario)


def test_a_webhook_id_is_quoted() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        hook = await client.create_webhook("https://example.invalid/hook", "s3cret-value")
        with pytest.raises(NotFoundError):
            await client.delete_webhook(f"{hook.id}/../")
        assert [h.id for h in await client.list_webhooks()] == [hook.id]
        deletes = [r for r in sim.requests if r.method == "DELETE"]
        assert deletes and "%2F" in deletes[0].raw_path

    _with_sim(scenario)


def test_an_id_that_cannot_be_sent_is_refused_before_sending() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        with pytest.raises(RequestNotSent):
            await client.stop_live_stream("\ud800")
        assert not [r for r in sim.requests if r.method == "POST"]

    _with_sim(scenario)
