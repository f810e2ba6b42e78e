"""A stop whose answer is lost is reconciled by reading back, never resent."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot

from tests.support.qt import run
from tpsdesk.domain.models import StatusKind
from tpsdesk.domain.trim import Trim
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.services.poller import AdaptivePoller
from tpsdesk.services.stop import StopOutcome, StopService
from tpsdesk.sim import SimConfig, SimServer
from tpsdesk.status.store import StatusStore

ORG, TOKEN = "svc-org", "svc-token"


@dataclass
class Rig:
    sim: SimServer
    client: TPStreamsClient
    store: StatusStore
    stops: StopService


@pytest.fixture
def rig(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Rig]:
    sim = SimServer(SimConfig(stream_count=12, org_id=ORG, token=TOKEN, seed=4, lifecycle=False,
                              random_disconnects=False))
    run(qtbot, sim.start())
    client = TPStreamsClient(sim.base_url, ORG, TOKEN, timeout=0.4)
    store = StatusStore()
    follower = AdaptivePoller(client, store, interval_s=0.2)
    stops = StopService(client, store, follower, reconcile_delays=(0.0, 0.15, 0.15))
    store.apply_listing(run(qtbot, client.list_live_streams()).assets)
    try:
        yield Rig(sim, client, store, stops)
    finally:
        run(qtbot, stops.aclose())
        run(qtbot, follower.aclose())
        run(qtbot, client.aclose())
        run(qtbot, sim.stop())


def test_timed_out_stop_that_was_applied_is_confirmed_by_reading_back(qtbot: QtBot, rig: Rig) -> None:
    asset_id = rig.sim.streaming_ids()[0]
    rig.sim.fault_next(method="POST", path_contains="stop_live_stream", status=200, body="{}",
                       content_type="application/json", delay_s=1.5, apply=True)
    with qtbot.waitSignal(rig.stops.stopReconciled, timeout=8000) as signal:
        assert rig.stops.stop(asset_id, Trim(30, 60))
        assert not rig.stops.stop(asset_id, None)  # in flight: refused, nothing sent
    outcome = signal.args[1]
    assert isinstance(outcome, StopOutcome) and outcome.stopped
    assert "went through" in outcome.message
    assert len(rig.sim.stop_requests(asset_id)) == 1
    entry = rig.store.entry(asset_id)
    assert entry is not None and entry.asset.status.kind is StatusKind.STOPPED


def test_timed_out_stop_that_was_not_applied_says_so_and_is_not_resent(qtbot: QtBot, rig: Rig) -> None:
    asset_id = rig.sim.streaming_ids()[0]
    rig.sim.fault_next(method="POST", path_contains="stop_live_stream", status=200, body="{}",
                       content_type="application/json", delay_s=1.5, apply=False)
    with qtbot.waitSignal(rig.stops.stopReconciled, timeout=8000) as signal:
        rig.stops.stop(asset_id, None)
    outcome = signal.args[1]
    assert not outcome.stopped and "did not go through" in outcome.message
    assert "Nothing was resent" in outcome.message
    assert len(rig.sim.stop_requests(asset_id)) == 1
    qtbot.waitUntil(lambda: not rig.stops.in_flight(asset_id))


def test_refused_stop_reports_the_servers_words(qtbot: QtBot, rig: Rig) -> None:
    asset_id = rig.sim.streaming_ids()[0]
    with qtbot.waitSignal(rig.stops.stopFailed, timeout=5000) as signal:
        rig.stops.stop(asset_id, Trim(10, 10_000_000))
    report = signal.args[1]
    assert "end_time" in report.field_errors and report.server_text
    assert not report.is_auth


def test_a_stop_applied_a_moment_late_is_found_by_the_later_read_backs(qtbot: QtBot, rig: Rig) -> None:
    from PySide6.QtCore import QTimer

    asset_id = rig.sim.streaming_ids()[0]
    rig.sim.fault_next(method="POST", path_contains="stop_live_stream", status=502,
                       body="<html><title>502 Bad Gateway</title></html>", content_type="text/html")
    # The backend finishes the stop shortly after the proxy gave up.
    rig.stops.stopUncertain.connect(lambda *_: QTimer.singleShot(60, lambda: rig.sim.set_status(asset_id, "Stopped")))
    with qtbot.waitSignal(rig.stops.stopReconciled, timeout=8000) as signal:
        rig.stops.stop(asset_id, None)
    assert signal.args[1].stopped
    gets = [r for r in rig.sim.requests if r.method == "GET" and r.path.endswith(f"/assets/{asset_id}/")]
    assert len(gets) >= 2
    assert len(rig.sim.stop_requests(asset_id)) == 1


def scaled(factor: float) -> tuple[float, ...]:
    from tpsdesk.services.stop import FOLLOW_DELAYS_S

    return tuple(d * factor for d in FOLLOW_DELAYS_S)


def test_a_late_server_is_followed_until_it_applies_the_stop(qtbot: QtBot, rig: Rig) -> None:
    """Issue 9 item 1: the answer times out, the server applies the stop after the early read-backs."""
    asset_id = rig.sim.streaming_ids()[0]
    rig.stops.setFollowDelays(scaled(0.05))  # 0, 0.1, 0.2, 0.4, 0.8, 1.5, 3 … s
    rig.sim.arm_late_stop(asset_id, 1.2)
    checks: list[object] = []
    rig.stops.stopChecked.connect(lambda _id, check: checks.append(check))
    with qtbot.waitSignal(rig.stops.stopReconciled, timeout=10_000) as signal:
        rig.stops.stop(asset_id, None)
    outcome = signal.args[1]
    assert outcome.stopped and outcome.settled and outcome.waited_s >= 0.7
    assert len(checks) >= 3  # it said "still running" a few times and kept following
    assert len(rig.sim.stop_requests(asset_id)) == 1


def test_stop_and_read_backs_time_out_and_the_server_applies_much_later(qtbot: QtBot, rig: Rig) -> None:
    """The "16 s" case, scaled by 0.1: every request hangs until the server applies the stop."""
    asset_id = rig.sim.streaming_ids()[0]
    rig.stops.setFollowDelays(scaled(0.1))
    rig.sim.arm_late_stop(asset_id, 1.6, readbacks_hang=True)
    problems: list[object] = []
    rig.stops.stopChecked.connect(lambda _id, check: problems.append(check.problem))
    with qtbot.waitSignal(rig.stops.stopReconciled, timeout=15_000) as signal:
        rig.stops.stop(asset_id, None)
    assert signal.args[1].stopped
    assert any(p is not None for p in problems)  # the read-backs did time out meanwhile
    assert len(rig.sim.stop_requests(asset_id)) == 1


def test_a_stream_seen_stopped_by_any_source_ends_the_follow_at_once(qtbot: QtBot, rig: Rig) -> None:
    from tests.support.deliveries import payload
    from tpsdesk.domain.models import parse_asset
    from tpsdesk.status.book import Source

    asset_id = rig.sim.streaming_ids()[0]
    rig.stops.setFollowDelays((0.0, 30.0))
    rig.sim.fault_next(status=502)
    with qtbot.waitSignal(rig.stops.stopChecked, timeout=5000):
        rig.stops.stop(asset_id, None)
    assert rig.stops.following_unknown(asset_id)
    with qtbot.waitSignal(rig.stops.stopReconciled, timeout=1000) as signal:
        rig.store.apply(parse_asset(payload(asset_id, "Stopped", 40)), Source.WEBHOOK)
    assert signal.args[1].stopped and not rig.stops.following_unknown(asset_id)


def test_a_bug_while_stopping_is_an_internal_error_with_an_unknown_outcome(
        qtbot: QtBot, rig: Rig, caplog: pytest.LogCaptureFixture) -> None:
    """Issue 8 item 5: not "Stop refused"; logged with its traceback; read back, not resent."""
    asset_id = rig.sim.streaming_ids()[0]
    rig.stops.setFollowDelays((0.0,))

    async def broken(asset_id: str, trim: Trim | None = None) -> object:
        raise TypeError("a bug")

    rig.client.stop_live_stream = broken  # type: ignore[method-assign]
    failed: list[object] = []
    rig.stops.stopFailed.connect(lambda *args: failed.append(args))
    settled: list[StopOutcome] = []
    rig.stops.stopReconciled.connect(lambda _id, outcome: settled.append(outcome))
    with qtbot.waitSignal(rig.stops.stopUncertain, timeout=5000) as signal:
        rig.stops.stop(asset_id, None)
    report = signal.args[1]
    assert report.internal and "TypeError" in report.message and "refused" not in report.title.lower()
    assert failed == []
    assert any(r.exc_info and r.exc_info[0] is TypeError for r in caplog.records)
    qtbot.waitUntil(lambda: bool(settled), timeout=5000)
    assert not settled[0].stopped and settled[0].settled  # read back: still live, definite
