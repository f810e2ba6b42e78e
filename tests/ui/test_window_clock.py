"""The window's once-a-second tick: elapsed time and the trim's upper bound grow with the clock."""

from __future__ import annotations

import asyncio

from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, make_demo, run


def test_slider_upper_bound_grows_while_the_stream_runs(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> None:
    gen = make_demo(qtbot)
    demo = next(gen)
    try:
        window = demo.session.window
        qtbot.waitUntil(lambda: window.model.rowCount() == 30)
        asset_id = demo.sim.streaming_ids()[0]
        window.table.selectAssetId(asset_id)
        qtbot.waitUntil(lambda: window.workspace.asset_id == asset_id)
        trim = window.workspace.trim
        before = trim.elapsed()
        end_handle = trim.handles()[1]
        assert end_handle == before  # a fresh selection spans the whole recording
        # Real seconds: the session's clock is the server's (a jump of this computer's clock alone
        # is corrected by the Date headers, see test_clock_skew.py).
        qtbot.waitUntil(lambda: trim.elapsed() >= before + 2, timeout=4000)  # the 1 s ticker
        assert trim.handles()[1] == trim.elapsed()  # the end handle followed the live edge
        assert window.workspace.details.elapsed_text() != ""
    finally:
        gen.close()


def test_closing_the_session_closes_the_shared_client(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> None:
    gen = make_demo(qtbot)
    demo = next(gen)
    try:
        qtbot.waitUntil(lambda: demo.session.window.model.rowCount() == 30)
        assert not demo.session.client.closed
        run(qtbot, demo.session.aclose())
        assert demo.session.client.closed
    finally:
        gen.close()


def test_a_closed_session_hears_of_no_selection_not_even_one_on_its_way(demo: Demo) -> None:
    # The first row after the first load reaches the panel and the poller a turn after it is
    # selected; one that arrived after the session closed raised "poller is closed" in Qt's loop.
    qtbot, window = demo.qtbot, demo.session.window
    qtbot.waitUntil(lambda: window.model.rowCount() == 30 and window.table.selectedAssetId() is not None)
    # The first row's own announcement (in a later turn than its repaint) while the session is open.
    qtbot.waitUntil(lambda: window.workspace.asset_id == window.table.selectedAssetId())
    told: list[object] = []
    window.table.currentAssetChanged.connect(told.append)
    run(qtbot, demo.session.aclose())
    first, other = window.model.assetIdAt(3), window.model.assetIdAt(5)
    assert first is not None and other is not None
    assert window.table.selectAssetId(first, announce_next_turn=True)
    assert window.table.selectAssetId(other)
    qtbot.wait(30)  # turns pass
    assert told == [] and window.table.selectedAssetId() == other


def test_a_stop_ending_after_its_panel_is_gone_touches_no_deleted_widget(demo: Demo) -> None:
    # Quitting with a stop in flight: the window went first, then the stop's task was cancelled
    # and told a deleted panel (a lambda connection outlives its widget; a method's does not).
    import shiboken6

    window = demo.session.window
    demo.qtbot.waitUntil(lambda: window.model.rowCount() == 30)
    stops, panel = demo.session.stops, window.workspace
    shiboken6.delete(panel)
    stops.inFlightChanged.emit("gone", False)  # no "Internal C++ object already deleted"
    assert not shiboken6.isValid(panel)


def test_a_selection_after_its_panel_is_gone_touches_no_deleted_widget(demo: Demo) -> None:
    # The panel follows the selection through a method connection: it goes with the panel.
    import shiboken6

    window = demo.session.window
    demo.qtbot.waitUntil(lambda: window.model.rowCount() == 30)
    panel = window.workspace
    shiboken6.delete(panel)
    window.table.selectRow(6)  # announced at once: no "Internal C++ object already deleted"
    demo.qtbot.waitUntil(lambda: window.table.selectedAssetId() == window.model.assetIdAt(6))
    assert not shiboken6.isValid(panel)
