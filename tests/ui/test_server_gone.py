"""A dead server must not look live (issue 9, item 4): the simulator goes away and comes back."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, make_demo, select_streaming
from tpsdesk.domain.timefmt import parse_hms
from tpsdesk.ui.streams.row import Column


class ShiftedClock:
    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


@pytest.fixture
def shifted() -> ShiftedClock:
    return ShiftedClock()


@pytest.fixture
def gone_demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop, shifted: ShiftedClock) -> Iterator[Demo]:
    yield from make_demo(qtbot, clock=shifted)


def _row_elapsed(demo: Demo, asset_id: str) -> str:
    window = demo.session.window
    index = window.table._index_of(asset_id)
    return str(index.sibling(index.row(), Column.ELAPSED).data())


def test_gone_server_banner_frozen_clocks_stop_hint_then_back(gone_demo: Demo, shifted: ShiftedClock) -> None:
    demo = gone_demo
    window = demo.session.window
    workspace = window.workspace
    asset_id = select_streaming(demo, min_elapsed=0)
    assert not window.banner.isVisible()

    demo.run(demo.sim.go_away())
    window.refresh()
    demo.qtbot.waitUntil(window.banner.isVisible, timeout=10_000)
    assert "No answer from the demo server since" in window.banner.text()
    assert "last known" in window.banner.text()
    # The clocks stop and say so: a minute later nothing has ticked.
    row_before, panel_before = _row_elapsed(demo, asset_id), workspace.details.elapsed_text()
    assert panel_before.startswith("last seen ")
    assert window.model.headerData(Column.ELAPSED, Qt.Orientation.Horizontal) == "Last seen"
    shifted.offset = timedelta(minutes=1)
    window._tick()
    assert _row_elapsed(demo, asset_id) == row_before
    assert workspace.details.elapsed_text() == panel_before
    assert "(1 min)" in window.banner.text()
    assert workspace.trim.elapsed() == parse_hms(panel_before.removeprefix("last seen "))  # the live edge too
    # A stop attempted now says what will happen.
    assert workspace.stop_button.isEnabled()
    assert "not answering" in workspace._stop_hint.text()

    demo.run(demo.sim.come_back())
    demo.qtbot.mouseClick(window.banner._retry, Qt.MouseButton.LeftButton)
    demo.qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)
    assert not workspace.details.elapsed_text().startswith("last seen")
    assert "not answering" not in workspace._stop_hint.text()
    window._tick()
    assert window.model.headerData(Column.ELAPSED, Qt.Orientation.Horizontal) == "Elapsed"
    assert _row_elapsed(demo, asset_id) != row_before  # ticking again, a minute further on
