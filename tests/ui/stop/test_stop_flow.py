"""The whole stop flow through the window, against the simulator."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, confirm, make_demo, select_streaming, wait_for_list
from tpsdesk.domain.models import StatusKind
from tpsdesk.services.stop_tracker import StopState
from tpsdesk.sim import SimServer


def test_list_fills_and_filters(demo: Demo) -> None:
    wait_for_list(demo)
    window = demo.session.window
    live = len(demo.sim.streaming_ids())
    first_title = window.proxy.index(0, 0).data()
    window.search.setText(first_title[:12])
    demo.qtbot.waitUntil(lambda: 1 <= window.proxy.rowCount() < 30)
    window.search.clear()
    window.filter_combo.setCurrentIndex(1)  # Live
    demo.qtbot.waitUntil(lambda: window.proxy.rowCount() >= live)
    assert all(window.proxy.index(r, 1).data(Qt.ItemDataRole.DisplayRole) in ("Streaming", "Disconnected")
               for r in range(window.proxy.rowCount()))


def test_stop_with_trim_sends_exactly_the_body_and_follows_to_completed(demo: Demo) -> None:
    asset_id = select_streaming(demo)
    workspace = demo.session.window.workspace
    workspace.trim.setTrimEnabled(True)
    workspace.trim.setHandles(30, 120)
    assert workspace.stop_button.isEnabled()
    demo.qtbot.mouseClick(workspace.stop_button, Qt.MouseButton.LeftButton)
    dialog = workspace.confirm_dialog
    assert dialog is not None and "00:00:30 – 00:02:00" in dialog.summary.text()
    assert "ui-test-org" in dialog.summary.text()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: len(demo.sim.stop_requests(asset_id)) == 1)
    assert demo.sim.stop_requests(asset_id)[0].json == {"start_time": 30, "end_time": 120}
    demo.qtbot.waitUntil(lambda: "Live stream stopped successfully" in workspace.result.headline_text())
    assert "Trim scheduled: yes" in workspace.result.message_text()
    demo.qtbot.waitUntil(
        lambda: (a := demo.session.store.asset(asset_id)) is not None and a.status.kind is StatusKind.COMPLETED,
        timeout=10_000)
    demo.qtbot.waitUntil(lambda: workspace.journey.playback.value().startswith("http"))
    assert len(demo.sim.stop_requests(asset_id)) == 1


def test_plain_stop_sends_no_trim_fields(demo: Demo) -> None:
    asset_id = select_streaming(demo, min_elapsed=0)
    workspace = demo.session.window.workspace
    assert not workspace.trim.isTrimEnabled()
    workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: len(demo.sim.stop_requests(asset_id)) == 1)
    assert demo.sim.stop_requests(asset_id)[0].raw_body == b""
    demo.qtbot.waitUntil(lambda: "Trim scheduled: no" in workspace.result.message_text())


def test_double_click_sends_one_request(demo: Demo) -> None:
    asset_id = select_streaming(demo, min_elapsed=0)
    workspace = demo.session.window.workspace
    demo.sim.fault_next(method="POST", path_contains="stop_live_stream", status=200,
                        body='{"message": "Live stream stopped successfully", "trim_scheduled": false}',
                        content_type="application/json", delay_s=0.5, apply=True)
    workspace.request_stop()
    workspace.request_stop()  # a second click while the dialog is open does nothing
    dialog = workspace.confirm_dialog
    assert dialog is not None
    dialog.stop_button.click()
    dialog.stop_button.click()
    demo.qtbot.waitUntil(lambda: not workspace.stop_button.isEnabled())
    workspace.request_stop()  # and a click while the stop is in flight does nothing
    assert workspace.confirm_dialog is None
    demo.qtbot.waitUntil(lambda: "stopped successfully" in workspace.result.headline_text())
    assert len(demo.sim.stop_requests(asset_id)) == 1


def test_cancel_sends_nothing(demo: Demo) -> None:
    asset_id = select_streaming(demo, min_elapsed=0)
    workspace = demo.session.window.workspace
    workspace.request_stop()
    dialog = workspace.confirm_dialog
    assert dialog is not None
    dialog.cancel_button.click()
    demo.qtbot.waitUntil(lambda: workspace.confirm_dialog is None)
    assert demo.sim.stop_requests(asset_id) == []


def test_server_refusal_is_shown_and_stream_stays_live(demo: Demo) -> None:
    asset_id = select_streaming(demo)
    workspace = demo.session.window.workspace
    demo.sim.fault_next(method="POST", path_contains="stop_live_stream", status=400,
                        body='{"end_time": ["End time cannot exceed the recording duration (95 s)."]}',
                        content_type="application/json")
    workspace.trim.setTrimEnabled(True)
    workspace.trim.setHandles(30, 120)
    workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: "Refused" in workspace.result.headline_text()
                         or "refused" in workspace.result.headline_text())
    text = workspace.result.message_text()
    assert "End time cannot exceed the recording duration (95 s)." in text
    assert "still live" in text
    assert workspace.stop_button.isEnabled()  # adjust and stop again
    assert workspace.tracker.state(asset_id) is StopState.REFUSED


def test_html_502_on_stop_reconciles_by_reading_back(demo: Demo) -> None:
    asset_id = select_streaming(demo, min_elapsed=0)
    workspace = demo.session.window.workspace
    demo.sim.fault_next(method="POST", path_contains="stop_live_stream", status=502,
                        body="<html><title>502 Bad Gateway</title><body>nginx</body></html>",
                        content_type="text/html", apply=True)
    workspace.request_stop()
    confirm(demo)
    demo.qtbot.waitUntil(lambda: "confirmed by reading back" in workspace.result.headline_text())
    assert len(demo.sim.stop_requests(asset_id)) == 1  # never resent


def test_list_error_state_then_retry(qtbot: QtBot, qloop: object) -> None:
    def arm(sim: SimServer) -> None:
        sim.fault_next(method="GET", path_contains="live_streams", status=502,
                       body="<html><title>502 Bad Gateway</title></html>", content_type="text/html",
                       times=3)  # every attempt (a transient 502 is retried)

    gen = make_demo(qtbot, arm=arm)
    demo = next(gen)
    try:
        window = demo.session.window
        qtbot.waitUntil(lambda: "502 Bad Gateway" in window.state_text())
        assert "Could not load the streams" in window.state_text()
        qtbot.mouseClick(window.list_stack.retryButton, Qt.MouseButton.LeftButton)
        wait_for_list(demo)
        assert window.state_text() == ""
    finally:
        gen.close()


def test_refresh_error_keeps_the_list(demo: Demo) -> None:
    wait_for_list(demo)
    window = demo.session.window
    demo.sim.fault_next(method="GET", path_contains="live_streams", status=502,
                        body="<html><title>502 Bad Gateway</title></html>", content_type="text/html",
                       times=3)  # every attempt (a transient 502 is retried)
    window.refresh()
    demo.qtbot.waitUntil(lambda: "502 Bad Gateway" in window.statusBar().currentMessage())
    assert window.model.rowCount() == 30


def test_keyboard_only_stop_path(demo: Demo) -> None:
    """Ctrl+Shift+S opens the confirmation; Enter alone cancels (Cancel is the default)."""
    from PySide6.QtTest import QTest

    asset_id = select_streaming(demo, min_elapsed=0)
    window = demo.session.window
    window.activateWindow()
    demo.qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    workspace = window.workspace
    demo.qtbot.waitUntil(lambda: workspace.confirm_dialog is not None and workspace.confirm_dialog.isVisible())
    dialog = workspace.confirm_dialog
    assert dialog is not None
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    demo.qtbot.waitUntil(lambda: workspace.confirm_dialog is None)
    assert demo.sim.stop_requests(asset_id) == []
