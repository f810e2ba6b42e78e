"""This computer's clock off by minutes: the elapsed time and the trim's live edge follow the server's
clock (measured from HTTP ``Date`` headers), so a trim up to the live edge is one the server accepts."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, confirm, make_demo, select_streaming
from tpsdesk.domain.clock import utc_now
from tpsdesk.domain.timefmt import parse_hms

AHEAD_S = 120


def fast_clock() -> datetime:
    """This computer's clock, two minutes ahead of the server's."""
    return utc_now() + timedelta(seconds=AHEAD_S)


@pytest.fixture
def ahead(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from make_demo(qtbot, clock=fast_clock)


def shown_elapsed(demo: Demo) -> int:
    label = next(w for w in demo.session.window.findChildren(QLabel) if w.accessibleName() == "Elapsed time")
    return parse_hms(label.text().split()[-1])


def test_a_fast_local_clock_changes_neither_the_elapsed_time_nor_the_trims_bound(ahead: Demo) -> None:
    demo, qtbot = ahead, ahead.qtbot
    session = demo.session
    qtbot.waitUntil(lambda: session.server_clock.skew_s is not None and session.server_clock.notable)
    asset_id = select_streaming(demo, min_elapsed=300)
    editor = session.window.workspace.trim
    server_elapsed = demo.sim.world.elapsed_of(asset_id)
    assert server_elapsed is not None
    assert abs(editor.elapsed() - server_elapsed) <= 2  # not 120 s more
    qtbot.waitUntil(lambda: abs(shown_elapsed(demo) - (demo.sim.world.elapsed_of(asset_id) or 0)) <= 2)
    editor.setTrimEnabled(True)
    start, end = 10, editor.elapsed() - 40  # 40 s before the live edge the app shows
    editor.setHandles(start, end)
    session.window.workspace.request_stop()
    confirm(demo)
    qtbot.waitUntil(lambda: len(demo.sim.stop_requests(asset_id)) == 1)
    sent = demo.sim.stop_requests(asset_id)[0].json
    assert sent == {"start_time": start, "end_time": end}
    qtbot.waitUntil(lambda: demo.sim.world.get(asset_id).status != "Streaming")
    assert demo.sim.world.get(asset_id).trim is not None  # the server accepted the bound
