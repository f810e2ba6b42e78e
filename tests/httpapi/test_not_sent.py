"""A request refused on this machine is "not sent", never "maybe applied" (issue 10, item 9)."""

from __future__ import annotations

import asyncio

import pytest
from pytestqt.qtbot import QtBot

from tests.support.qt import run
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.httpapi.errors import NetworkError, RequestNotSent
from tpsdesk.services.errors import report_error
from tpsdesk.services.poller import AdaptivePoller
from tpsdesk.services.stop import StopService
from tpsdesk.sim import SimConfig, SimServer
from tpsdesk.status.store import StatusStore

ORG, TOKEN = "ns-org", "ns-token"


def sim_config() -> SimConfig:
    return SimConfig(stream_count=4, org_id=ORG, token=TOKEN, seed=4, lifecycle=False, random_disconnects=False,
                     quirks=False)


@pytest.mark.parametrize(("token", "cause"), [
    (TOKEN + "\n", "line break"), ("a\r\nX-Injected: 1", "line break"), ("tok\x00en", "control"),
    ("tök", "ASCII"), ("two words", "spaces"),
])
def test_a_malformed_token_is_refused_here_and_nothing_reaches_the_server(token: str, cause: str) -> None:
    async def main() -> None:
        async with SimServer(sim_config()) as sim:
            client = TPStreamsClient(sim.base_url, ORG, token)
            asset_id = sim.streaming_ids()[0]
            with pytest.raises(RequestNotSent) as caught:
                await client.stop_live_stream(asset_id)
            assert isinstance(caught.value, NetworkError) and caught.value.maybe_applied is False
            assert cause in caught.value.message and "not sent" in caught.value.message
            assert token not in caught.value.message
            with pytest.raises(RequestNotSent):
                await client.list_live_streams()
            assert sim.requests == []  # nothing left this machine
            await client.aclose()

    asyncio.run(main())


def test_httpx_local_protocol_errors_are_not_sent_either() -> None:
    """Whatever httpx refuses to put on the wire (here a header value it cannot encode) is "not sent"."""
    async def main() -> None:
        async with SimServer(sim_config()) as sim:
            client = TPStreamsClient(sim.base_url, ORG, TOKEN)
            client._http.headers["User-Agent"] = "tpsdesk\r\nX-Evil: 1"  # a local refusal below our checks
            with pytest.raises(RequestNotSent) as caught:
                await client.stop_live_stream(sim.streaming_ids()[0])
            assert caught.value.maybe_applied is False and sim.stop_requests() == []
            await client.aclose()

    asyncio.run(main())


def test_a_stop_that_was_not_sent_is_reported_so_and_not_read_back(qtbot: QtBot,
                                                                    qloop: asyncio.AbstractEventLoop) -> None:
    sim = SimServer(sim_config())
    run(qtbot, sim.start())
    good = TPStreamsClient(sim.base_url, ORG, TOKEN)
    store = StatusStore()
    store.apply_listing(run(qtbot, good.list_live_streams()).assets)
    client = TPStreamsClient(sim.base_url, ORG, TOKEN + "\n")
    follower = AdaptivePoller(client, store, interval_s=0.2)
    stops = StopService(client, store, follower, reconcile_delays=(0.0, 0.1))
    uncertain: list[str] = []
    stops.stopUncertain.connect(lambda asset_id, report: uncertain.append(asset_id))
    asset_id = sim.streaming_ids()[0]
    before = len(sim.requests)
    try:
        with qtbot.waitSignal(stops.stopFailed, timeout=5000) as failed:
            stops.stop(asset_id, None)
        _id, report = failed.args
        assert report.title == "Stop not sent" and "line break" in report.message
        qtbot.waitUntil(lambda: not stops.in_flight(asset_id))
        assert uncertain == [] and sim.stop_requests() == [] and len(sim.requests) == before  # no read-back
        assert report_error(RequestNotSent("x")).title == "Request not sent"
    finally:
        for closing in (stops.aclose(), follower.aclose(), client.aclose(), good.aclose(), sim.stop()):
            run(qtbot, closing)
