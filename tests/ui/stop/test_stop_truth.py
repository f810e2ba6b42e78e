"""What the window says after a stop: a late server, a refusal, per-stream state (issue 9 items 1, 7, 12)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, confirm, make_demo, select_streaming
from tpsdesk.domain.trim import TrimPlan
from tpsdesk.services.stop import FOLLOW_DELAYS_S
from tpsdesk.services.stop_tracker import StopState
from tpsdesk.ui.stop.confirm_dialog import StopConfirmDialog


def states_seen(demo: Demo, asset_id: str) -> list[StopState]:
    seen: list[StopState] = []
    tracker = demo.session.window.workspace.tracker

    def note(changed: str) -> None:
        state = tracker.state(changed)
        if changed == asset_id and state is not None and (not seen or seen[-1] is not state):
            seen.append(state)

    tracker.changed.connect(note)
    return seen


def test_a_late_server_is_unknown_then_stopped_never_not_stopped(demo: Demo) -> None:
    """Item 1: the answer is lost, the server applies the stop after the first read-backs."""
    asset_id = select_streaming(demo, min_elapsed=0)
    workspace = demo.session.window.workspace
    demo.session.stops.setFollowDelays(tuple(d * 0.05 for d in FOLLOW_DELAYS_S))
    demo.session.poller.set_enabled(False)  # only the stop's own read-backs find the truth here
    demo.sim.arm_late_stop(asset_id, 1.0, answer="502")
    seen = states_seen(demo, asset_id)
    workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: workspace.tracker.state(asset_id) is StopState.UNKNOWN)
    assert "Outcome unknown" in workspace.result.headline_text()
    assert "may have gone through" in workspace.result.message_text()
    assert "Outcome unknown" in workspace.outcome_bar.headlineText()
    # Guarded: Stop again is possible only through a confirmation that says the first may have worked.
    demo.qtbot.waitUntil(workspace.stop_button.isEnabled)
    assert workspace.stop_button.text() == "Stop again…"
    workspace.request_stop()
    dialog = workspace.confirm_dialog
    assert dialog is not None and "outcome is unknown" in dialog.summary.text()
    assert dialog.stop_button.text() == "Send another stop"
    dialog.cancel_button.click()
    demo.qtbot.waitUntil(lambda: "confirmed by reading back" in workspace.result.headline_text(), timeout=10_000)
    assert StopState.NOT_STOPPED not in seen and seen[-1] in (StopState.CONFIRMED_STOPPED, StopState.DONE)
    assert len(demo.sim.stop_requests(asset_id)) == 1  # never resent


@pytest.fixture
def quick_demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from make_demo(qtbot, request_timeout_s=0.8)


def test_stop_and_read_backs_hanging_until_the_server_applies(quick_demo: Demo) -> None:
    """Item 1, second case: the stop and every read-back time out; the server applies at "16 s" (scaled)."""
    demo = quick_demo
    asset_id = select_streaming(demo, min_elapsed=0)
    workspace = demo.session.window.workspace
    demo.session.stops.setFollowDelays(tuple(d * 0.1 for d in FOLLOW_DELAYS_S))
    demo.sim.arm_late_stop(asset_id, 1.6, readbacks_hang=True)  # twice the request time-out
    seen = states_seen(demo, asset_id)
    workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: workspace.tracker.state(asset_id) is StopState.UNKNOWN, timeout=6000)
    demo.qtbot.waitUntil(lambda: "confirmed by reading back" in workspace.result.headline_text(), timeout=15_000)
    assert StopState.NOT_STOPPED not in seen
    assert len(demo.sim.stop_requests(asset_id)) == 1


def test_a_refused_stop_shows_no_journey_and_the_servers_words_once(demo: Demo) -> None:
    """Item 7."""
    asset_id = select_streaming(demo)
    workspace = demo.session.window.workspace
    words = "End time cannot exceed the recording duration (95 s)."
    demo.sim.fault_next(status=400, body={"end_time": [words]})
    workspace.trim.setTrimEnabled(True)
    workspace.trim.setHandles(30, 120)
    workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: workspace.tracker.state(asset_id) is StopState.REFUSED)
    shown = workspace.result.message_text() + workspace.result.headline_text()
    assert shown.count(words) == 1
    assert not workspace.journey_box.isVisible()
    assert "unknown" not in workspace.journey.trim_label.text() or not workspace.journey_box.isVisible()
    assert workspace.stop_button.isEnabled()


def test_the_raw_json_of_one_stream_is_not_shown_on_another(demo: Demo) -> None:
    """Item 7: the raw-JSON box is per stream."""
    first = select_streaming(demo, min_elapsed=0)
    workspace = demo.session.window.workspace
    workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: "stopped successfully" in workspace.result.headline_text())
    toggle = workspace.result._raw_toggle
    demo.qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert workspace.result.raw_json_visible()
    other = next(i for i in demo.sim.streaming_ids() if i != first)
    demo.session.window.table.selectAssetId(other)
    demo.qtbot.waitUntil(lambda: workspace.asset_id == other)
    assert not workspace.result.raw_json_visible() and not toggle.isChecked()
    demo.session.window.table.selectAssetId(first)
    demo.qtbot.waitUntil(lambda: workspace.asset_id == first)
    assert workspace.result.raw_json_visible()  # the person opened it there: it stays open there


def test_the_confirmation_says_no_trim_once(qtbot: object) -> None:
    """Item 12."""
    for note in ("No trim: the whole recording is kept.", "No trim: both handles span the whole recording.",
                 "No trim: not live."):
        dialog = StopConfirmDialog(title="Class", asset_id="a1", org="org", plan=TrimPlan(None, note))
        text = dialog.summary.text()
        assert text.count("No trim") == 1, text
        assert note[len("No trim"):] in text
        dialog.deleteLater()


def test_ingest_placeholder_does_not_wait_for_a_server_that_is_up(demo: Demo) -> None:
    """Item 12: "appears when the server is up" only while it is not."""
    from PySide6.QtWidgets import QLineEdit

    from tests.support.deliveries import payload
    from tpsdesk.domain.models import parse_asset
    from tpsdesk.status.book import Source

    select_streaming(demo, min_elapsed=0)
    window = demo.session.window
    details = window.workspace.details
    store = demo.session.store
    store.apply(parse_asset(payload("zz-up", "Streaming", 60)), Source.WEBHOOK)  # rtmp_url "" while up
    store.apply(parse_asset(payload("zz-new", "Not Started", 60)), Source.WEBHOOK)

    def placeholder() -> str:
        edit = details.rtmp.findChild(QLineEdit)
        assert edit is not None
        return edit.placeholderText()

    window.workspace.show_stream("zz-up")
    assert "server is up" not in placeholder()
    window.workspace.show_stream("zz-new")
    assert placeholder() == "appears when the server is up"


def test_at_1280x720_the_outcome_the_playback_link_and_the_row_are_on_screen(demo: Demo) -> None:
    """Item 8: the last action's outcome is always visible, without scrolling."""
    from PySide6.QtCore import QRect

    from tpsdesk.domain.models import StatusKind

    window = demo.session.window
    window.resize(1280, 720)
    asset_id = select_streaming(demo, min_elapsed=0)
    window.workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: (a := demo.session.store.asset(asset_id)) is not None
                         and a.status.kind is StatusKind.COMPLETED, timeout=10_000)
    bar = window.workspace.outcome_bar
    demo.qtbot.waitUntil(lambda: bar.playback.isVisible() and bar.playback.value().startswith("http"))
    on_screen = QRect(0, 0, window.width(), window.height())
    for widget in (bar.headline, bar.playback):
        top_left = widget.mapTo(window, widget.rect().topLeft())
        assert on_screen.contains(QRect(top_left, widget.size())), widget.accessibleName()
    assert "stopped successfully" in bar.headlineText()
    table = window.table
    assert table.selectedAssetId() == asset_id
    assert table.viewport().rect().contains(table.visualRect(table._index_of(asset_id)))


def test_a_second_stop_while_unknown_goes_only_after_the_person_confirms_it(demo: Demo) -> None:
    """Never sent twice without the person asking again after seeing the outcome."""
    asset_id = select_streaming(demo, min_elapsed=0)
    workspace = demo.session.window.workspace
    demo.session.stops.setFollowDelays((0.0, 30.0))  # a long wait: the truth is still unknown
    demo.session.poller.set_enabled(False)
    demo.sim.arm_late_stop(asset_id, 60.0, answer="502")  # the first one never lands
    workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: workspace.tracker.state(asset_id) is StopState.UNKNOWN)
    demo.qtbot.waitUntil(workspace.stop_button.isEnabled)
    assert len(demo.sim.stop_requests(asset_id)) == 1
    demo.qtbot.mouseClick(workspace.stop_button, Qt.MouseButton.LeftButton)
    dialog = workspace.confirm_dialog
    assert dialog is not None and dialog.stop_button.text() == "Send another stop"
    confirm(demo)
    demo.qtbot.waitUntil(lambda: "stopped successfully" in workspace.result.headline_text())
    assert len(demo.sim.stop_requests(asset_id)) == 2
    # Stopped, or already followed to its end (the demo's recording is quick).
    assert workspace.tracker.state(asset_id) in (StopState.STOPPED, StopState.DONE)
    assert not demo.session.stops.following_unknown(asset_id)  # the first one's follow ended
