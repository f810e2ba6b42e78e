"""The late-server fault: a stop whose answer is lost and which the backend applies later."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tpsdesk.sim import SimServer

from .helpers import assets_url, run


def status_of(asset: httpx.Response) -> str:
    return str(asset.json()["live_stream"]["status"])


def test_a_late_stop_times_out_then_applies_with_its_trim() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        asset_id = sim.streaming_ids()[0]
        sim.arm_late_stop(asset_id, 0.5)
        with pytest.raises(httpx.ReadTimeout):
            await client.post(assets_url(f"{asset_id}/stop_live_stream/"), timeout=0.2)
        assert status_of(await client.get(assets_url(f"{asset_id}/"))) == "Streaming"  # not yet
        await asyncio.sleep(0.5)
        assert status_of(await client.get(assets_url(f"{asset_id}/"))) == "Stopped"
        assert len(sim.stop_requests(asset_id)) == 1
        # Armed once: the next stop of the stream (now refused: not running) is answered at once.
        r = await client.post(assets_url(f"{asset_id}/stop_live_stream/"))
        assert r.status_code == 400

    run(scenario)


def test_a_late_stop_behind_a_502_and_hanging_read_backs() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        asset_id, other = sim.streaming_ids()[:2]
        sim.arm_late_stop(asset_id, 0.6, answer="502", readbacks_hang=True)
        r = await client.post(assets_url(f"{asset_id}/stop_live_stream/"))
        assert r.status_code == 502 and "Bad Gateway" in r.text
        with pytest.raises(httpx.ReadTimeout):
            await client.get(assets_url(f"{asset_id}/"), timeout=0.2)
        assert status_of(await client.get(assets_url(f"{other}/"))) == "Streaming"  # others answer
        # A read-back still waiting when the stop lands is answered then, with the truth.
        assert status_of(await client.get(assets_url(f"{asset_id}/"), timeout=3.0)) == "Stopped"

    run(scenario)


def test_a_late_stop_whose_trim_the_rules_refuse_is_not_applied() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        asset_id = sim.streaming_ids()[0]
        sim.arm_late_stop(asset_id, 0.1, answer="502")
        r = await client.post(assets_url(f"{asset_id}/stop_live_stream/"),
                              json={"start_time": 10, "end_time": 10_000_000})
        assert r.status_code == 502
        await asyncio.sleep(0.3)
        assert status_of(await client.get(assets_url(f"{asset_id}/"))) == "Streaming"

    run(scenario)


def test_arming_checks_its_arguments() -> None:
    sim = SimServer()
    with pytest.raises(ValueError):
        sim.arm_late_stop("x", 1.0, answer="maybe")
    with pytest.raises(ValueError):
        sim.arm_late_stop("x", -1.0)
