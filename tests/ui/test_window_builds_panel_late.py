"""The selected stream's side is built after the list's first rows are painted, or on first use."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.support.qt import Demo, make_demo, wait_for_list


@pytest.fixture
def fresh(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from make_demo(qtbot)


def test_the_panel_comes_after_the_first_rows_and_shows_the_selected_stream(fresh: Demo) -> None:
    window = fresh.session.window
    assert window._workspace is None  # the window's frame and list come first
    wait_for_list(fresh)
    fresh.qtbot.waitUntil(lambda: window._workspace is not None)
    selected = window.table.selectedAssetId()
    assert selected is not None and window.workspace.asset_id == selected
    assert window.workspace.isVisible()


def test_first_use_builds_it_at_once(fresh: Demo) -> None:
    window = fresh.session.window
    assert window._workspace is None
    panel = window.workspace  # e.g. a shortcut, or a test, before the list arrived
    assert panel is window.workspace and window._workspace is panel
    wait_for_list(fresh)
    fresh.qtbot.waitUntil(lambda: panel.asset_id == window.table.selectedAssetId() is not None)
