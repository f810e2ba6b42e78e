"""The client's trim calls and its server clock, against the real simulator over loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pytest

from tpsdesk.domain.trim import Trim
from tpsdesk.domain.trim_job import TrimJobStatus
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import NetworkError, ValidationError
from tpsdesk.services.server_time import follow_server_clock
from tpsdesk.sim import SimConfig, SimServer

T = TypeVar("T")
TOKEN, ORG = "test-token", "test-org"


def with_sim(scenario: Callable[[SimServer, TPStreamsClient], Awaitable[T]]) -> T:
    async def main() -> T:
        async with SimServer(SimConfig(stream_count=0, org_id=ORG, token=TOKEN, lifecycle=False,
                                       random_disconnects=False, quirks=False)) as sim:
            client = TPStreamsClient(sim.base_url, ORG, TOKEN, timeout=5.0)
            try:
                return await scenario(sim, client)
            finally:
                await client.aclose()

    return asyncio.run(main())


def completed(sim: SimServer) -> str:
    stream = sim.world.create({"title": "Trim me"})
    sim.set_status(stream.id, "Streaming")
    stream.start = stream.streaming_since = int(sim.world.clock()) - 600
    sim.world.stop(stream.id, {})
    sim.advance(stream.id)
    sim.advance(stream.id)
    return stream.id


def test_trim_status_and_revert() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        sid = completed(sim)
        assert await client.trim_status(sid) is None
        accepted = await client.trim_video(sid, Trim(30, 300))
        assert accepted.job_id and accepted.status_text == "Pending" and accepted.message
        assert sim.trim_requests(sid)[0].json == {"start_time": 30, "end_time": 300}
        job = await client.trim_status(sid)
        assert job is not None and job.id == accepted.job_id and job.status is TrimJobStatus.PENDING
        assert job.created is not None and job.created.utcoffset() == timedelta(hours=5, minutes=30)
        sim.advance_trim(sid)
        sim.advance_trim(sid)
        job = await client.trim_status(sid)
        assert job is not None and job.status is TrimJobStatus.COMPLETED
        revert = await client.revert_trim(sid)
        assert revert.task_id and revert.message
        assert await client.trim_status(sid) is None

    with_sim(scenario)


def test_refusals_carry_the_servers_words_per_field() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        sid = completed(sim)
        with pytest.raises(ValidationError) as caught:
            await client.trim_video(sid, Trim(0, 601))
        assert caught.value.field_errors == {
            "end_time": ["end_time (601) cannot exceed the video duration (600 seconds)."]}
        with pytest.raises(ValidationError) as caught:
            await client.revert_trim(sid)
        assert "There is no trim to revert" in caught.value.message

    with_sim(scenario)


def test_a_dropped_trim_answer_is_a_maybe_applied_network_error() -> None:
    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        sid = completed(sim)
        sim.fault_next(method="POST", path_contains="/trim/", apply=True, drop=True)
        with pytest.raises(NetworkError) as caught:
            await client.trim_video(sid, Trim(30, 300))
        assert caught.value.maybe_applied
        assert len(sim.trim_requests(sid)) == 1

    with_sim(scenario)


def test_server_clock_measures_a_skewed_local_clock() -> None:
    def behind() -> datetime:  # this machine's clock runs 90 s slow
        return datetime.now(UTC) - timedelta(seconds=90)

    async def scenario(sim: SimServer, client: TPStreamsClient) -> None:
        server_clock = follow_server_clock(client, behind)  # fed by the client's exchange listeners
        assert server_clock.skew_s is None
        await client.trim_status("NoSuchAsset")  # any answer carries a Date, a 404 too
        skew = server_clock.skew_s
        assert skew is not None and 88 <= skew <= 92 and server_clock.notable

    with_sim(scenario)
