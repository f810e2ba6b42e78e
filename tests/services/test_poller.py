"""The adaptive poller: its bookkeeping is pruned, and inside a running app it polls the selected
stream fast, then relaxes once webhooks arrive for it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.support.deliveries import payload
from tests.support.qt import Demo, make_demo, run, wait_for_list
from tpsdesk.domain.models import Asset, parse_asset
from tpsdesk.services.poller import AdaptivePoller, PollTier
from tpsdesk.status.book import Source
from tpsdesk.status.store import StatusStore


def asset(asset_id: str, status: str, activities: int = 2) -> Asset:
    return parse_asset(payload(asset_id, status, activities))


class FakeClient:
    """Answers ``get_asset`` from a dict the test changes; counts the reads."""

    def __init__(self) -> None:
        self.assets: dict[str, Asset] = {}
        self.reads: list[str] = []

    async def get_asset(self, asset_id: str) -> Asset:
        self.reads.append(asset_id)
        return self.assets[asset_id]


def rig(**kw: Any) -> tuple[FakeClient, StatusStore, AdaptivePoller, list[str]]:
    client, store = FakeClient(), StatusStore()
    poller = AdaptivePoller(client, store, **kw)  # type: ignore[arg-type]
    finished: list[str] = []
    poller.followFinished.connect(finished.append)
    return client, store, poller, finished


def test_final_status_from_a_webhook_prunes_the_bookkeeping(qapp: object) -> None:
    _client, store, poller, finished = rig()
    poller.set_enabled(False)  # webhooks alone: no task runs, the bookkeeping must still go
    store.apply_listing([asset(f"s{i}", "Stopped") for i in range(50)])
    for i in range(50):
        poller.follow(f"s{i}")
        store.apply(asset(f"s{i}", "Recording", 3), Source.WEBHOOK)
        poller.note_webhook(f"s{i}")
    assert poller.tracked == (frozenset(f"s{i}" for i in range(50)),) * 2

    for i in range(50):
        store.apply(asset(f"s{i}", "Completed" if i % 2 else "Error", 4), Source.WEBHOOK)
        poller.note_webhook(f"s{i}")  # (delivered is emitted after the store applied it)
    assert poller.tracked == (frozenset(), frozenset())
    assert sorted(finished) == sorted(f"s{i}" for i in range(50))  # each once
    store.apply(asset("s1", "Completed", 5), Source.WEBHOOK)  # a repeat after the end
    assert len(finished) == 50 and poller.tracked == (frozenset(), frozenset())


def test_streams_that_leave_the_list_are_forgotten(qapp: object) -> None:
    _client, store, poller, _finished = rig()
    poller.set_enabled(False)
    store.apply_listing([asset("a", "Stopped"), asset("b", "Recording")])
    poller.follow("a")
    poller.note_webhook("b")
    store.apply_listing([])  # deleted on the server
    assert poller.tracked == (frozenset(), frozenset())


def test_following_an_already_final_stream_keeps_nothing(qapp: object) -> None:
    _client, store, poller, finished = rig()
    store.apply_listing([asset("a", "Completed")])
    poller.follow("a")
    assert finished == ["a"] and poller.tracked == (frozenset(), frozenset()) and not poller.is_following("a")


def test_a_poll_that_reaches_the_final_status_prunes_and_finishes_once(qtbot: QtBot,
                                                                       qloop: asyncio.AbstractEventLoop) -> None:
    client, store, poller, finished = rig(interval_s=0.01, relaxed_s=0.01)
    store.apply_listing([asset("a", "Stopped")])
    client.assets["a"] = asset("a", "Recording", 3)
    poller.follow("a")
    poller.note_webhook("a")
    qtbot.waitUntil(lambda: len(client.reads) >= 2)
    client.assets["a"] = asset("a", "Completed", 4)
    qtbot.waitUntil(lambda: not poller.is_following("a"))
    assert finished == ["a"] and poller.tracked == (frozenset(), frozenset())
    assert poller.tier("a") is PollTier.PAUSED
    run(qtbot, poller.aclose())


# -- inside a running app ---------------------------------------------------------------------------

@pytest.fixture
def demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from make_demo(qtbot, lifecycle=False)  # nothing moves unless the test says so


def asset_reads(demo: Demo, asset_id: str) -> int:
    return sum(1 for r in demo.sim.requests if r.method == "GET" and r.path.endswith(f"/assets/{asset_id}/"))


def reads_during(demo: Demo, asset_id: str, ms: int) -> int:
    before = asset_reads(demo, asset_id)
    demo.qtbot.wait(ms)
    return asset_reads(demo, asset_id) - before


def select(demo: Demo, asset_id: str) -> None:
    window = demo.session.window
    window.table.selectAssetId(asset_id)
    demo.qtbot.waitUntil(lambda: window.workspace.asset_id == asset_id)


def test_the_selected_stream_is_polled_fast_then_relaxed_by_its_webhooks(demo: Demo) -> None:
    session, poller = demo.session, demo.session.poller
    poller.set_intervals(fast_s=0.05, relaxed_s=30.0, webhook_fresh_s=60.0)
    wait_for_list(demo)
    demo.run(session.start_webhooks())  # the demo registers its loopback receiver
    watched, other = demo.sim.streaming_ids()[:2]
    assert asset_reads(demo, watched) == 0 and poller.tier(watched) is PollTier.LIST

    select(demo, watched)
    assert poller.tier(watched) is PollTier.FAST and poller.is_following(watched)
    others_before = asset_reads(demo, other)
    fast = reads_during(demo, watched, 400)
    assert fast >= 4  # ~8 at 50 ms; a loaded machine still manages half
    assert asset_reads(demo, other) == others_before  # the rest ride on the list refresh

    # A webhook for the watched stream (its encoder dropped): polling becomes a safety net.
    demo.sim.set_status(watched, "Disconnected")
    demo.run(demo.sim.drain_webhooks())
    demo.run(session.webhooks.receiver.drain())
    assert poller.tier(watched) is PollTier.RELAXED
    demo.qtbot.wait(120)  # a read already in flight may still land
    relaxed = reads_during(demo, watched, 400)
    assert relaxed <= 1 < fast and poller.is_following(watched)  # still polled, only rarely

    # Another selection: the old stream is no longer polled, the new one is, fast.
    select(demo, other)
    assert not poller.is_following(watched) and poller.tier(other) is PollTier.FAST
    assert reads_during(demo, other, 300) >= 3
    assert reads_during(demo, watched, 200) == 0


def test_a_webhook_quiet_for_long_enough_brings_fast_polling_back(demo: Demo) -> None:
    session, poller = demo.session, demo.session.poller
    poller.set_intervals(fast_s=0.05, relaxed_s=0.3, webhook_fresh_s=0.5)
    wait_for_list(demo)
    demo.run(session.start_webhooks())
    watched = demo.sim.streaming_ids()[0]
    select(demo, watched)
    demo.sim.set_status(watched, "Disconnected")
    demo.run(demo.sim.drain_webhooks())
    demo.run(session.webhooks.receiver.drain())
    assert poller.tier(watched) is PollTier.RELAXED
    demo.qtbot.waitUntil(lambda: poller.tier(watched) is PollTier.FAST, timeout=2000)
    demo.qtbot.wait(350)  # the relaxed wait that was under way ends
    assert reads_during(demo, watched, 300) >= 3
