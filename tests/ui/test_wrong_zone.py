"""A server whose real zone is not the configured one is detected and can be switched (issue 9, item 6)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, make_demo, select_streaming


@pytest.fixture
def new_york_demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    # The fault: the simulator writes New York times; the client is told Asia/Kolkata (the default).
    yield from make_demo(qtbot, server_tz="America/New_York")


def _new_york_offset() -> str:
    offset = datetime.now(UTC).astimezone(__import__("zoneinfo").ZoneInfo("America/New_York")).utcoffset()
    hours = int(offset.total_seconds() // 3600) if offset else 0
    return f"UTC−{abs(hours):02d}:00"


def test_wrong_zone_is_named_trim_is_off_and_the_switch_fixes_it(new_york_demo: Demo) -> None:
    demo = new_york_demo
    window = demo.session.window
    workspace = window.workspace
    asset_id = select_streaming(demo, min_elapsed=0)
    chosen: list[str] = []
    window.serverZoneChosen.connect(chosen.append)
    # The encoder drops and comes back: the new "On Publish" is stamped with the server's minute.
    demo.sim.set_status(asset_id, "Disconnected")
    window.refresh()
    demo.qtbot.waitUntil(lambda: (a := demo.session.store.asset(asset_id)) is not None
                         and a.status.label == "Disconnected")
    demo.sim.set_status(asset_id, "Streaming")
    window.refresh()
    demo.qtbot.waitUntil(lambda: window.zone_warning.isVisible(), timeout=10_000)
    offset = _new_york_offset()
    assert "Asia/Kolkata (UTC+05:30)" in window.zone_warning.text()
    assert f"seems to use {offset}" in window.zone_warning.text()
    assert "trimming is off" in (workspace.trim.unavailableReason() or "")
    assert window.zone_warning.switch.text() == f"Use {offset}"
    assert workspace.details.elapsed_text() == "⚠ ??:??:??"  # not an absurd 10:35:08
    index = window.table._index_of(asset_id)
    assert index.sibling(index.row(), 2).data() == "—"

    demo.qtbot.mouseClick(window.zone_warning.switch, Qt.MouseButton.LeftButton)
    demo.qtbot.waitUntil(lambda: not window.zone_warning.isVisible())
    assert chosen and chosen[0].startswith("Etc/GMT+")
    assert chosen[0] in window.server_label.text()
    demo.qtbot.waitUntil(lambda: workspace.trim.unavailableReason() in (None, ""))
    assert int(workspace.trim.elapsed()) < 24 * 3600  # no longer hours off
    demo.qtbot.waitUntil(lambda: workspace.details.elapsed_text().count(":") == 2
                         and "?" not in workspace.details.elapsed_text())
