"""A server that goes away (refused and reset connections) and comes back with its state."""

from __future__ import annotations

import httpx
import pytest

from tpsdesk.sim import SimServer

from .helpers import assets_url, run


def test_gone_refuses_new_and_resets_kept_connections_then_comes_back_with_state() -> None:
    async def scenario(sim: SimServer, client: httpx.AsyncClient) -> None:
        asset_id = sim.streaming_ids()[0]
        assert (await client.get(assets_url(f"{asset_id}/"))).status_code == 200  # a kept-alive connection
        sim.set_status(asset_id, "Disconnected")
        await sim.go_away()
        with pytest.raises(httpx.TransportError):  # the kept connection is reset
            await client.get(assets_url(f"{asset_id}/"))
        async with httpx.AsyncClient(base_url=sim.base_url, timeout=2.0) as fresh:
            with pytest.raises(httpx.ConnectError):  # nobody listens on the port
                await fresh.get(assets_url())
        await sim.go_away()  # twice is harmless
        await sim.come_back()
        await sim.come_back()
        answer = await client.get(assets_url(f"{asset_id}/"))
        assert answer.status_code == 200
        assert answer.json()["live_stream"]["status"] == "Disconnected"  # the state survived

    run(scenario)
