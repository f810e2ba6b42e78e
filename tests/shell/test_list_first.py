"""The app's window shows its list first and builds the rest once the first rows are painted (issue 11)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QTimer
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, hang_the_listing, make_demo, run, select_streaming
from tpsdesk.shell.session import Session
from tpsdesk.ui.stop.stop_panel import StopPanel
from tpsdesk.ui.tab_order import tab_stops


def first_rows_then_rest(qtbot: QtBot, limit_ms: int = 20_000, **options: Any) -> Iterator[Demo]:
    yield from make_demo(qtbot, rest_after_ms=limit_ms, lifecycle=False, **options)


@pytest.fixture
def demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from first_rows_then_rest(qtbot)


def test_the_list_is_painted_before_the_rest_is_built(demo: Demo) -> None:
    window, session = demo.session.window, demo.session
    assert not window.hasWorkspace() and session.producer is None  # only the list at first
    built: list[bool] = []
    window.workspaceBuilt.connect(lambda: built.append(window.model.rowCount() > 0))
    # A part per event-loop turn (~65 ms at once held the window as its rows appeared): a call
    # queued as the right-hand side is done runs before the producer tools are made.
    turned: list[bool] = []
    window.workspaceBuilt.connect(lambda: QTimer.singleShot(0, lambda: turned.append(session.producer is None)))
    demo.qtbot.waitUntil(window.hasWorkspace, timeout=10_000)
    assert built == [True]  # after the rows, not before
    demo.qtbot.waitUntil(lambda: bool(turned))
    assert turned == [True]
    demo.qtbot.waitUntil(lambda: session.producer is not None)
    # The rest sees what happened before it existed: the top stream selected on load.
    selected = window.table.selectedAssetId()
    assert selected is not None and window.workspace.asset_id == selected
    assert session.producer is not None and session.producer.marks_panel.isVisibleTo(window.workspace)
    assert window.stop_action.isEnabled() and window.notices is window.alerts.notices
    # And it works as when built at once: select a live stream, the stop panel follows.
    asset_id = select_streaming(demo)
    assert window.workspace.asset_id == asset_id


def test_a_server_that_does_not_answer_still_gets_the_whole_window(qtbot: QtBot,
                                                                  qloop: asyncio.AbstractEventLoop) -> None:
    for demo in first_rows_then_rest(qtbot, limit_ms=200, arm=hang_the_listing):
        window = demo.session.window
        demo.qtbot.waitUntil(window.hasWorkspace, timeout=4_000)  # the limit, not the answer (5 s)
        assert window.model.rowCount() == 0 and window.workspace.asset_id is None
        assert "Loading streams" in window.state_text()


def test_a_failed_listing_builds_the_rest_at_once(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> None:
    def refuse_the_listing(sim: Any) -> None:
        sim.fault_next("GET", "live_streams", status=404, body={"detail": "Not found."})

    for demo in first_rows_then_rest(qtbot, arm=refuse_the_listing):
        assert_built_on_failure(demo)


def assert_built_on_failure(demo: Demo) -> None:
    window, failed = demo.session.window, []
    demo.session.streams.loadFailed.connect(failed.append)
    demo.qtbot.waitUntil(lambda: bool(failed) and window.hasWorkspace(), timeout=10_000)  # not the 20 s limit


def test_tab_goes_from_the_list_to_the_stream_as_if_built_first(demo: Demo) -> None:
    window = demo.session.window
    demo.qtbot.waitUntil(lambda: demo.session.producer is not None, timeout=10_000)
    stops = tab_stops(window)
    order = [stops.index(w) for w in (window.table, window.workspace.details.links_toggle,
                                      window.workspace.stop_button, window.search)]
    assert order == sorted(order)


def test_the_list_does_not_move_when_the_rest_comes(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> None:
    for demo in first_rows_then_rest(qtbot, arm=hang_the_listing):  # nothing triggers the rest: built below
        window = demo.session.window
        qtbot.waitExposed(window)
        layout = window.centralWidget().layout()
        assert layout is not None
        layout.activate()
        before = window.table.mapTo(window, QPoint(0, 0))
        demo.session.buildRest()
        layout.activate()
        assert window.hasWorkspace() and window.table.mapTo(window, QPoint(0, 0)) == before


def test_a_session_closed_before_its_rest_gets_none(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> None:
    # Quit, a profile switch or a sign-out in the first moment: the window may outlive the
    # session a little (deleteLater), and its pending build must not revive closed services.
    for demo in first_rows_then_rest(qtbot, arm=hang_the_listing):
        run(qtbot, demo.session.aclose())
        demo.session.buildRest()  # what the first-rows watch would call once its limit passed
        assert demo.session.producer is None and not demo.session.window.hasWorkspace()


def test_the_panel_shows_the_selected_stream_from_its_first_visible_turn(
        qtbot: QtBot, qloop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Session, "buildRestAfterFirstRows", lambda self, **kw: None)  # stepped by hand below
    for demo in first_rows_then_rest(qtbot):
        window = demo.session.window
        table = window.table
        qtbot.waitUntil(lambda t=table: t.selectedAssetId() is not None, timeout=10_000)
        selected = table.selectedAssetId()
        while window.workspaceBuild.step():  # a part per turn, as runInTurns does; a paint may come between
            panels = window.findChildren(StopPanel)
            if panels and panels[0].isVisible():
                assert panels[0].asset_id == selected, "on screen, empty, for a turn"
        assert window.workspace.asset_id == selected


def test_the_rest_coming_does_not_move_the_list(demo: Demo) -> None:
    # Each move or resize of the list lays out and repaints the whole window again (~6 ms a time):
    # the status bar keeps its height when the webhook indicator comes, the list its size and place.
    window, session = demo.session.window, demo.session
    demo.qtbot.waitUntil(lambda: window.list_stack.isListShown(), timeout=10_000)
    bar_height, list_height = window.statusBar().height(), window.list_stack.height()
    demo.qtbot.waitUntil(lambda: session.journal_ui is not None, timeout=10_000)
    assert window.statusBar().height() == bar_height
    assert window.list_stack.height() == list_height


def test_a_session_closed_between_two_parts_closes_what_they_made(qtbot: QtBot, qloop: asyncio.AbstractEventLoop,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # The producer tools come in two parts: the trim jobs' service made in the first must be
    # closed with the session even when it closes (sign-out, a switch) before the second.
    from tpsdesk.services.trim_jobs import TrimJobService

    made: list[TrimJobService] = []
    closed: list[TrimJobService] = []
    original_init, original_aclose = TrimJobService.__init__, TrimJobService.aclose

    def init(self: TrimJobService, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        made.append(self)

    async def aclose(self: TrimJobService) -> None:
        closed.append(self)
        await original_aclose(self)

    monkeypatch.setattr(TrimJobService, "__init__", init)
    monkeypatch.setattr(TrimJobService, "aclose", aclose)
    for demo in first_rows_then_rest(qtbot, arm=hang_the_listing):  # no rows: the build waits for us
        session = demo.session
        while not made:
            assert session._rest_build.step(), "the build ended without making the trim jobs' service"
        assert session.producer is None  # in between the producer tools' two parts
        run(qtbot, session.aclose())
        assert closed == made
