"""The Error path: the journey view's Error step, the notifier's decision, and the notices' cap."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from tests.support.deliveries import payload
from tests.support.qt import Demo, confirm, make_demo, select_streaming
from tpsdesk.domain.models import StatusKind, StreamStatus, parse_asset
from tpsdesk.status.book import Source, StatusStep
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.notifier import NOTICES_KEPT, NoticeKind, Notifier
from tpsdesk.ui.stop.journey_view import JourneyView, StepState

K = StatusKind
T0 = datetime(2025, 10, 9, 10, 0, tzinfo=UTC)


def steps(*kinds: StatusKind) -> list[StatusStep]:
    return [StatusStep(StreamStatus.of(k), T0 + timedelta(seconds=i), Source.WEBHOOK) for i, k in enumerate(kinds)]


def playback_placeholder(view: JourneyView) -> str:
    edit = view.playback.findChild(QLineEdit)
    assert edit is not None
    return edit.placeholderText()


def test_journey_view_shows_the_error_step_and_no_playback_url(qtbot: QtBot) -> None:
    view = JourneyView()
    qtbot.addWidget(view)
    # Even if the errored asset still carries a video with a URL, nothing playable is offered.
    video = {"status": "Error", "progress": 40, "playback_url": "https://cdn.example.invalid/x/video.m3u8"}
    errored = parse_asset(payload("e1", "Error", 3, video=video))
    view.show_journey(errored, steps(K.STREAMING, K.STOPPED, K.RECORDING, K.ERROR), trim_scheduled=False)

    assert [s.kind for s in view.steps] == [K.STOPPED, K.RECORDING, K.ERROR]
    assert view.steps[2].state is StepState.DONE and view.steps[2].seen is not None
    texts = view.step_texts()
    assert texts[2].startswith("Error: ") and "webhook" in texts[2]
    assert not any(t.startswith("Completed") for t in texts)
    assert view.playback.value() == "" and view.playback.shown_text() == ""
    assert playback_placeholder(view) == "none: the recording ended in Error"


def test_journey_view_error_right_after_the_stop(qtbot: QtBot) -> None:
    view = JourneyView()
    qtbot.addWidget(view)
    view.show_journey(parse_asset(payload("e2", "Error")), steps(K.STOPPED, K.ERROR), trim_scheduled=True)
    assert [s.state for s in view.steps] == [StepState.DONE, StepState.WAITING, StepState.DONE]
    assert view.step_texts()[1] == "Recording: waiting" and view.step_texts()[2].startswith("Error: ")
    assert view.playback.value() == "" and "no video information" in view.video_label.text()


class FakeStops(QObject):
    stopSucceeded = Signal(str, object)
    stopReconciled = Signal(str, object)


def notifier_rig(qapp: object) -> tuple[StatusStore, FakeStops, Notifier]:
    store, stops = StatusStore(), FakeStops()
    return store, stops, Notifier(store, stops)  # type: ignore[arg-type]


def test_notifier_tells_when_a_stopped_stream_errors(qapp: object) -> None:
    store, stops, notifier = notifier_rig(qapp)
    store.apply_listing([parse_asset(payload("mine", "Streaming")), parse_asset(payload("theirs", "Streaming"))])
    stops.stopSucceeded.emit("mine", object())
    for asset_id in ("mine", "theirs"):
        store.apply(parse_asset(payload(asset_id, "Stopped", 3)), Source.STOP)
        store.apply(parse_asset(payload(asset_id, "Recording", 4)), Source.WEBHOOK)
        store.apply(parse_asset(payload(asset_id, "Error", 5)), Source.WEBHOOK)
    assert [(n.asset_id, n.kind) for n in notifier.notices] == [("mine", NoticeKind.ERROR)]  # not another's stop
    notice = notifier.notices[0]
    assert notice.title == "Recording failed" and "ended in Error" in notice.message and "Stream mine" in notice.message
    store.apply(parse_asset(payload("mine", "Error", 6)), Source.POLL)  # a repeat: no second notice
    assert len(notifier.notices) == 1


def test_notices_are_capped_and_finished_stops_forgotten(qapp: object) -> None:
    store, stops, notifier = notifier_rig(qapp)
    n = NOTICES_KEPT + 50
    store.apply_listing([parse_asset(payload(f"s{i}", "Recording")) for i in range(n)])
    for i in range(n):
        stops.stopSucceeded.emit(f"s{i}", object())
        store.apply(parse_asset(payload(f"s{i}", "Completed", 3)), Source.WEBHOOK)
    assert len(notifier.notices) == NOTICES_KEPT
    assert notifier.notices[0].asset_id == "s50" and notifier.notices[-1].asset_id == f"s{n - 1}"  # the newest kept
    assert not notifier._stopped  # each journey ended: nothing kept about it


# -- inside a running app ---------------------------------------------------------------------------

@pytest.fixture
def still_demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from make_demo(qtbot, lifecycle=False)


def test_a_stopped_stream_that_errors_shows_the_error_step_and_is_notified(still_demo: Demo) -> None:
    demo, session = still_demo, still_demo.session
    workspace = session.window.workspace
    asset_id = select_streaming(demo, min_elapsed=0)
    workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: (a := session.store.asset(asset_id)) is not None and a.status.kind is K.STOPPED)
    demo.sim.advance(asset_id)  # → Recording
    demo.qtbot.waitUntil(lambda: workspace.journey.step_texts()[1].startswith("Recording: ")
                         and "polling" in workspace.journey.step_texts()[1])
    demo.sim.set_status(asset_id, "Error")
    demo.qtbot.waitUntil(lambda: workspace.journey.step_texts()[2].startswith("Error: "), timeout=5000)
    assert [s.state for s in workspace.journey.steps] == [StepState.DONE] * 3
    assert workspace.journey.playback.value() == ""
    assert [(n.asset_id, n.kind) for n in session.notifier.notices] == [(asset_id, NoticeKind.ERROR)]
    demo.qtbot.waitUntil(lambda: not session.poller.is_following(asset_id))
    assert asset_id not in session.poller.tracked[0]
