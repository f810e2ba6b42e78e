"""What the server changes under the user's feet shows up, in plain words."""

from __future__ import annotations

from tests.support.qt import Demo


def test_a_selected_stream_deleted_on_the_server_leaves_the_view(demo: Demo) -> None:
    window = demo.session.window
    demo.qtbot.waitUntil(lambda: window.model.rowCount() == 30)
    asset_id = demo.sim.streaming_ids()[0]
    window.table.selectAssetId(asset_id)
    demo.qtbot.waitUntil(lambda: window.workspace.asset_id == asset_id)
    assert window.workspace.stop_button.isEnabled()
    demo.sim.world.delete(asset_id)
    # The watched stream is polled; its 404 takes it off screen without waiting for a list refresh.
    demo.qtbot.waitUntil(lambda: demo.session.store.asset(asset_id) is None, timeout=5000)
    assert window.model.rowCount() == 29
    assert window.workspace.asset_id is None and not window.workspace.stop_button.isEnabled()
    assert "no longer exists on the server" in window.statusBar().currentMessage()


def test_a_failing_status_check_is_reported(demo: Demo) -> None:
    window = demo.session.window
    demo.qtbot.waitUntil(lambda: window.model.rowCount() == 30)
    asset_id = demo.sim.streaming_ids()[0]
    demo.sim.fault_next(method="GET", path_contains=f"/assets/{asset_id}/", status=503,
                        body={"detail": "Service temporarily unavailable."}, times=50)
    window.table.selectAssetId(asset_id)
    demo.qtbot.waitUntil(lambda: "Status check failed" in window.statusBar().currentMessage(), timeout=5000)
    assert "Service temporarily unavailable." in window.statusBar().currentMessage()
    demo.sim.clear_faults()
